"""Token authentication classes and their drf-spectacular security schemes."""
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

BEARER_TOKEN = "test-token"
API_KEY = "test-key"


class ServicePrincipal:
    """Stand-in for a user: django.contrib.auth is not installed."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, scheme):
        self.scheme = scheme


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer test-token`."""

    keyword = "Bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Invalid bearer header.")
        token = parts[1].decode("latin-1")
        if token != BEARER_TOKEN:
            raise AuthenticationFailed("Invalid token.")
        return ServicePrincipal("bearer"), token

    def authenticate_header(self, request):
        # Present so DRF answers 401 (with WWW-Authenticate) rather than 403.
        return 'Bearer realm="api"'


class ApiKeyAuthentication(BaseAuthentication):
    """`X-API-Key: test-key`."""

    header = "X-API-Key"

    def authenticate(self, request):
        key = request.headers.get(self.header)
        if key is None:
            return None
        if key != API_KEY:
            raise AuthenticationFailed("Invalid API key.")
        return ServicePrincipal("api_key"), key

    def authenticate_header(self, request):
        return 'ApiKey header="X-API-Key"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "echoapi.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "echoapi.authentication.ApiKeyAuthentication"
    name = "apiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "X-API-Key"}
