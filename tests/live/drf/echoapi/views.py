"""Echo endpoints. Every operation answers with what it received."""
import hashlib
from decimal import Decimal

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from .authentication import ApiKeyAuthentication, BearerTokenAuthentication
from .renderers import OctetStreamParser, OctetStreamRenderer, PlainTextParser, PlainTextRenderer
from .serializers import (
    SHAPE_SERIALIZERS,
    CircleSerializer,
    ContactFormSerializer,
    CookieEchoSerializer,
    ErrorSerializer,
    HeaderEchoSerializer,
    KitchenSinkSerializer,
    PathEchoSerializer,
    QueryEchoResponseSerializer,
    QueryEchoSerializer,
    RectangleSerializer,
    TriangleSerializer,
    UploadResultSerializer,
    UploadSerializer,
    WhoAmISerializer,
    WidgetPatchEchoSerializer,
    WidgetSerializer,
)

VALIDATION_ERROR = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="DRF validation error: field name (or non_field_errors) -> list of messages, nested for nested serializers.",
)
UNAUTHORIZED = OpenApiResponse(ErrorSerializer, description="Missing or wrong credentials.")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No widget with this id (ids >= 1000).")
MAX_BLOB = 1 << 20


def _ser_name(ser):
    return ser.__name__.removesuffix("Serializer")


SHAPE = PolymorphicProxySerializer(
    component_name="Shape",
    serializers={"circle": CircleSerializer, "rectangle": RectangleSerializer, "triangle": TriangleSerializer},
    resource_type_field_name="shape_type",
)
SHAPES = PolymorphicProxySerializer(
    component_name="Shape",
    serializers={"circle": CircleSerializer, "rectangle": RectangleSerializer, "triangle": TriangleSerializer},
    resource_type_field_name="shape_type",
    many=True,
)


# ---------------------------------------------------------------- parameters


class PathEchoView(APIView):
    @extend_schema(
        operation_id="echo_path_params",
        summary="Echo int, str, uuid and choice path parameters",
        parameters=[OpenApiParameter("color", str, OpenApiParameter.PATH, enum=["red", "green", "blue"])],
        responses={200: PathEchoSerializer, 400: VALIDATION_ERROR},
    )
    def get(self, request, number, name, uid, color):
        serializer = PathEchoSerializer(data={"number": number, "name": name, "uid": uid, "color": color})
        serializer.is_valid(raise_exception=True)
        return Response(PathEchoSerializer(serializer.validated_data).data)


class QueryEchoView(APIView):
    @extend_schema(
        operation_id="echo_query_params",
        summary="Echo query parameters of every type",
        parameters=[
            QueryEchoSerializer,
            OpenApiParameter(
                "ids",
                int,
                many=True,
                style="form",
                explode=False,
                description="Comma-separated integers (style=form, explode=false): ?ids=1,2,3",
            ),
        ],
        responses={200: QueryEchoResponseSerializer, 400: VALIDATION_ERROR},
    )
    def get(self, request):
        params = request.query_params
        fields = QueryEchoSerializer().fields
        data = {}
        for name, field in fields.items():
            if name in params:
                data[name] = params.getlist(name) if isinstance(field, serializers.ListField) else params[name]
        serializer = QueryEchoSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        echo = dict(serializer.validated_data)
        if "ids" in params:
            raw = params["ids"]
            try:
                echo["ids"] = [int(part) for part in raw.split(",")] if raw else []
            except ValueError:
                raise ValidationError({"ids": ["Expected comma-separated integers."]})
        return Response(QueryEchoResponseSerializer(echo).data)


class HeaderEchoView(APIView):
    HEADERS = {
        "X-Request-ID": "request_id",
        "X-Client-Version": "client_version",
        "X-Retry-Count": "retry_count",
        "X-Debug": "debug",
    }

    @extend_schema(
        operation_id="echo_headers",
        summary="Echo header parameters",
        parameters=[
            OpenApiParameter("X-Request-ID", OpenApiTypes.UUID, OpenApiParameter.HEADER, required=True),
            OpenApiParameter("X-Client-Version", str, OpenApiParameter.HEADER),
            OpenApiParameter("X-Retry-Count", int, OpenApiParameter.HEADER),
            OpenApiParameter("X-Debug", bool, OpenApiParameter.HEADER, description="true/false"),
        ],
        responses={200: HeaderEchoSerializer, 400: VALIDATION_ERROR},
    )
    def get(self, request):
        data = {key: request.headers[h] for h, key in self.HEADERS.items() if h in request.headers}
        serializer = HeaderEchoSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        return Response(HeaderEchoSerializer(serializer.validated_data).data)


class CookieEchoView(APIView):
    @extend_schema(
        operation_id="echo_cookies",
        summary="Echo cookie parameters",
        parameters=[
            OpenApiParameter("session_id", str, OpenApiParameter.COOKIE, required=True),
            OpenApiParameter("theme", str, OpenApiParameter.COOKIE, enum=["light", "dark"]),
            OpenApiParameter("visits", int, OpenApiParameter.COOKIE),
        ],
        responses={200: CookieEchoSerializer, 400: VALIDATION_ERROR},
    )
    def get(self, request):
        data = {k: request.COOKIES[k] for k in ("session_id", "theme", "visits") if k in request.COOKIES}
        serializer = CookieEchoSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        return Response(CookieEchoSerializer(serializer.validated_data).data)


# ---------------------------------------------------------------- JSON bodies

KITCHEN_SINK_EXAMPLE = {
    "name": "sink",
    "count": 3,
    "big_number": 9007199254740993,
    "ratio": 0.5,
    "active": True,
    "price": "1234.50",
    "birthday": "1990-05-17",
    "created_at": "2024-02-29T12:34:56.789000Z",
    "uid": "0b6c7d34-5a8e-4f3e-9d8e-6b2f1c3a4d5e",
    "status": "active",
    "priority": "high",
    "tags": ["a", "b"],
    "scores": [1, -2],
    "attributes": {"color": "red"},
    "counters": {"x": 1},
    "metadata": {"any": ["json", 1, None]},
    "address": {"street": "1 Main St", "city": "Springfield"},
    "contacts": [{"kind": "email", "value": "a@example.com"}],
    "alt_address": None,
    "destination": {"kind": "phone", "value": "+84 123"},
    "nickname": "sinky",
    "note": None,
    "maybe_count": None,
    "secret": "hunter2",
}
KITCHEN_SINK_ECHO = {k: v for k, v in KITCHEN_SINK_EXAMPLE.items() if k != "secret"} | {"secret_length": 7}


class KitchenSinkView(APIView):
    @extend_schema(
        operation_id="echo_kitchen_sink",
        summary="Echo a body with every serializer field kind",
        description=(
            "Write-only `secret` is not echoed; read-only `secret_length` is its length. "
            "Datetimes come back in UTC with a `Z` suffix (offsets are converted, naive input is taken as UTC). "
            "Omitted optional nullable fields (priority, alt_address, maybe_count) come back as null."
        ),
        request=KitchenSinkSerializer,
        responses={200: KitchenSinkSerializer, 400: VALIDATION_ERROR},
        examples=[
            OpenApiExample("full", value=KITCHEN_SINK_EXAMPLE, request_only=True),
            OpenApiExample("full", value=KITCHEN_SINK_ECHO, response_only=True),
        ],
    )
    def post(self, request):
        serializer = KitchenSinkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        echo = dict(serializer.validated_data)
        echo["secret_length"] = len(echo["secret"])
        return Response(KitchenSinkSerializer(echo).data)


def _validate_shape(data):
    if not isinstance(data, dict):
        raise ValidationError({"non_field_errors": ["Expected an object."]})
    serializer_class = SHAPE_SERIALIZERS.get(data.get("shape_type"))
    if serializer_class is None:
        raise ValidationError({"shape_type": [f"Must be one of {sorted(SHAPE_SERIALIZERS)}."]})
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.data


class ShapeEchoView(APIView):
    @extend_schema(
        operation_id="echo_shape",
        summary="Echo one shape (oneOf with a shape_type discriminator)",
        request=SHAPE,
        responses={200: SHAPE, 400: VALIDATION_ERROR},
    )
    def post(self, request):
        return Response(_validate_shape(request.data))


class ShapeListEchoView(APIView):
    @extend_schema(
        operation_id="echo_shapes",
        summary="Echo a list of shapes",
        request=SHAPES,
        responses={200: SHAPES, 400: VALIDATION_ERROR},
    )
    def post(self, request):
        if not isinstance(request.data, list):
            raise ValidationError({"non_field_errors": ["Expected a list."]})
        return Response([_validate_shape(item) for item in request.data])


# ---------------------------------------------------------------- widgets


class WidgetPagination(LimitOffsetPagination):
    default_limit = 10
    max_limit = 100


def base_widget(widget_id):
    return {
        "id": widget_id,
        "name": f"widget-{widget_id}",
        "status": "active",
        "price": Decimal("9.99"),
        "tags": ["base"],
        "description": "base description",
    }


def _not_found(widget_id):
    return Response(
        {"detail": f"Widget {widget_id} not found.", "code": "not_found"}, status=status.HTTP_404_NOT_FOUND
    )


CREATED_ID = 101
MISSING_FROM = 1000


@extend_schema_view(
    list=extend_schema(
        operation_id="list_widgets",
        summary="List synthetic widgets 1..total, paginated by limit/offset",
        parameters=[OpenApiParameter("total", int, description="How many widgets exist (default 3, max 100).")],
        responses={200: WidgetSerializer(many=True), 401: UNAUTHORIZED},
    ),
    create=extend_schema(
        operation_id="create_widget",
        summary="Create a widget: 201 with Location; name 'conflict' gives an undeclared 409",
        request=WidgetSerializer,
        responses={201: WidgetSerializer, 400: VALIDATION_ERROR, 401: UNAUTHORIZED},
        parameters=[
            OpenApiParameter(
                "Location",
                str,
                OpenApiParameter.HEADER,
                required=True,
                response=[201],
                description="Absolute URL of the new widget.",
            )
        ],
    ),
    retrieve=extend_schema(
        operation_id="get_widget",
        summary="Synthetic widget {id}; ids >= 1000 give a declared 404",
        responses={200: WidgetSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND},
    ),
    update=extend_schema(
        operation_id="replace_widget",
        summary="Full update (PUT): echoes the body with the path id",
        request=WidgetSerializer,
        responses={200: WidgetSerializer, 400: VALIDATION_ERROR, 401: UNAUTHORIZED, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        operation_id="patch_widget",
        summary="Partial update; the echo tells omitted fields from fields sent as null",
        request=WidgetSerializer,
        responses={200: WidgetPatchEchoSerializer, 400: VALIDATION_ERROR, 401: UNAUTHORIZED, 404: NOT_FOUND},
    ),
    destroy=extend_schema(
        operation_id="delete_widget",
        summary="Delete: 204 with no body",
        responses={204: None, 401: UNAUTHORIZED, 404: NOT_FOUND},
    ),
)
class WidgetViewSet(viewsets.GenericViewSet):
    """Widgets: a router-registered ViewSet behind bearer authentication. Nothing is stored."""

    serializer_class = WidgetSerializer
    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [IsAuthenticated]
    pagination_class = WidgetPagination
    lookup_value_converter = "int"

    def list(self, request):
        try:
            total = int(request.query_params.get("total", 3))
        except ValueError:
            raise ValidationError({"total": ["A valid integer is required."]})
        if not 0 <= total <= 100:
            raise ValidationError({"total": ["Must be between 0 and 100."]})
        page = self.paginate_queryset([base_widget(i) for i in range(1, total + 1)])
        return self.get_paginated_response(WidgetSerializer(page, many=True).data)

    def create(self, request):
        serializer = WidgetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data["name"] == "conflict":
            return Response(
                {"detail": 'A widget named "conflict" already exists.', "code": "conflict"},
                status=status.HTTP_409_CONFLICT,
            )
        widget = {"id": CREATED_ID, **serializer.validated_data}
        location = reverse("widget-detail", kwargs={"pk": CREATED_ID}, request=request)
        return Response(WidgetSerializer(widget).data, status=status.HTTP_201_CREATED, headers={"Location": location})

    def retrieve(self, request, pk):
        if pk >= MISSING_FROM:
            return _not_found(pk)
        return Response(WidgetSerializer(base_widget(pk)).data)

    def update(self, request, pk):
        if pk >= MISSING_FROM:
            return _not_found(pk)
        serializer = WidgetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(WidgetSerializer({"id": pk, **serializer.validated_data}).data)

    def partial_update(self, request, pk):
        if pk >= MISSING_FROM:
            return _not_found(pk)
        serializer = WidgetSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = serializer.validated_data
        widget = base_widget(pk) | dict(changes)
        echo = {
            "provided": list(changes),
            "nulled": [name for name, value in changes.items() if value is None],
            "widget": widget,
        }
        return Response(WidgetPatchEchoSerializer(echo).data)

    def destroy(self, request, pk):
        if pk >= MISSING_FROM:
            return _not_found(pk)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        operation_id="archive_widget",
        summary="Custom @action: the widget with status archived",
        request=None,
        responses={200: WidgetSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def archive(self, request, pk):
        if pk >= MISSING_FROM:
            return _not_found(pk)
        return Response(WidgetSerializer(base_widget(pk) | {"status": "archived"}).data)


# ---------------------------------------------------------------- security


class ApiKeyEchoView(APIView):
    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="whoami_api_key",
        summary="Requires X-API-Key: test-key",
        responses={200: WhoAmISerializer, 401: UNAUTHORIZED},
    )
    def get(self, request):
        return Response(WhoAmISerializer({"scheme": request.user.scheme, "credential": request.auth}).data)


class WhoAmIView(APIView):
    authentication_classes = [BearerTokenAuthentication, ApiKeyAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="whoami",
        summary="Accepts either bearer token or API key",
        responses={200: WhoAmISerializer, 401: UNAUTHORIZED},
    )
    def get(self, request):
        return Response(WhoAmISerializer({"scheme": request.user.scheme, "credential": request.auth}).data)


# ---------------------------------------------------------------- forms, files, binary, text


class ContactFormView(APIView):
    parser_classes = [FormParser]

    @extend_schema(
        operation_id="submit_contact_form",
        summary="application/x-www-form-urlencoded body, echoed as JSON",
        description="`interests` repeats the key; a missing `subscribe` reads as false (HTML checkbox semantics).",
        request=ContactFormSerializer,
        responses={200: ContactFormSerializer, 400: VALIDATION_ERROR},
    )
    def post(self, request):
        serializer = ContactFormSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(ContactFormSerializer(serializer.validated_data).data)


class UploadView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="upload_file",
        summary="multipart/form-data upload; echoes filename, content type, size and sha256",
        request=UploadSerializer,
        responses={200: UploadResultSerializer, 400: VALIDATION_ERROR},
    )
    def post(self, request):
        serializer = UploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        result = {
            "filename": upload.name,
            "content_type": upload.content_type,
            "size": upload.size,
            "sha256": digest.hexdigest(),
        }
        if "description" in serializer.validated_data:
            result["description"] = serializer.validated_data["description"]
        if "attachments" in serializer.validated_data:
            result["attachments"] = [
                {
                    "filename": attachment.name,
                    "size": attachment.size,
                    "sha256": hashlib.sha256(attachment.read()).hexdigest(),
                }
                for attachment in serializer.validated_data["attachments"]
            ]
        return Response(UploadResultSerializer(result).data)


def blob_bytes(size):
    return bytes(i % 256 for i in range(size))


class BlobDownloadView(APIView):
    renderer_classes = [OctetStreamRenderer]

    @extend_schema(
        operation_id="download_blob",
        summary="size bytes 00 01 02 .. ff 00 01 .. as application/octet-stream (size <= 1 MiB)",
        parameters=[
            OpenApiParameter(
                "Content-Disposition", str, OpenApiParameter.HEADER, response=[200], description="attachment; filename=..."
            )
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, size):
        if size > MAX_BLOB:
            return HttpResponse(b'{"detail":"size too large"}', status=400, content_type="application/json")
        response = HttpResponse(blob_bytes(size), content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="blob-{size}.bin"'
        return response


class BlobEchoView(APIView):
    parser_classes = [OctetStreamParser]
    renderer_classes = [OctetStreamRenderer]

    @extend_schema(
        operation_id="echo_blob",
        summary="application/octet-stream body echoed byte for byte",
        request={"application/octet-stream": OpenApiTypes.BINARY},
        parameters=[
            OpenApiParameter(
                "X-Body-SHA256", str, OpenApiParameter.HEADER, response=[200], description="hex sha256 of the body"
            )
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def post(self, request):
        body = request.data if isinstance(request.data, bytes) else b""
        response = HttpResponse(body, content_type="application/octet-stream")
        response["X-Body-SHA256"] = hashlib.sha256(body).hexdigest()
        return response


class GreetingView(APIView):
    renderer_classes = [PlainTextRenderer]

    @extend_schema(
        operation_id="get_greeting",
        summary="text/plain response: Hello, {name}!",
        parameters=[OpenApiParameter("name", str, required=True)],
        responses={(200, "text/plain"): OpenApiTypes.STR},
    )
    def get(self, request):
        name = request.query_params.get("name")
        if not name:
            return HttpResponse("name is required", status=400, content_type="text/plain; charset=utf-8")
        return Response(f"Hello, {name}!", content_type="text/plain; charset=utf-8")


class TextEchoView(APIView):
    parser_classes = [PlainTextParser]
    renderer_classes = [PlainTextRenderer]

    @extend_schema(
        operation_id="echo_text",
        summary="text/plain body echoed as text/plain",
        request={"text/plain": OpenApiTypes.STR},
        responses={(200, "text/plain"): OpenApiTypes.STR},
    )
    def post(self, request):
        text = request.data if isinstance(request.data, str) else ""
        return Response(text, content_type="text/plain; charset=utf-8")
