from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from echoapi import views

router = SimpleRouter(use_regex_path=False)
router.register("api/widgets", views.WidgetViewSet, basename="widget")

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("api/paths/<int:number>/<str:name>/<uuid:uid>/<str:color>/", views.PathEchoView.as_view()),
    path("api/query/", views.QueryEchoView.as_view()),
    path("api/headers/", views.HeaderEchoView.as_view()),
    path("api/cookies/", views.CookieEchoView.as_view()),
    path("api/echo/kitchen-sink/", views.KitchenSinkView.as_view()),
    path("api/echo/shape/", views.ShapeEchoView.as_view()),
    path("api/echo/shapes/", views.ShapeListEchoView.as_view()),
    path("api/forms/contact/", views.ContactFormView.as_view()),
    path("api/uploads/", views.UploadView.as_view()),
    path("api/blobs/echo/", views.BlobEchoView.as_view()),
    path("api/blobs/<int:size>/", views.BlobDownloadView.as_view()),
    path("api/text/greeting/", views.GreetingView.as_view()),
    path("api/text/echo/", views.TextEchoView.as_view()),
    path("api/secure/api-key/", views.ApiKeyEchoView.as_view()),
    path("api/secure/whoami/", views.WhoAmIView.as_view()),
    *router.urls,
]
