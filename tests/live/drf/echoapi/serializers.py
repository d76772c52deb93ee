"""Serializers: the request/response shapes that drf-spectacular turns into components."""
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

STATUS_CHOICES = [("draft", "Draft"), ("active", "Active"), ("archived", "Archived")]
PRIORITY_CHOICES = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
COLOR_CHOICES = [("red", "Red"), ("green", "Green"), ("blue", "Blue")]
CONTACT_KIND_CHOICES = [("email", "Email"), ("phone", "Phone")]
THEME_CHOICES = [("light", "Light"), ("dark", "Dark")]


# ---------------------------------------------------------------- errors


class ErrorSerializer(serializers.Serializer):
    """Body of declared 401/404 errors (DRF's `{"detail": ...}` plus a code)."""

    detail = serializers.CharField()
    code = serializers.CharField(required=False)


# ---------------------------------------------------------------- parameters


class PathEchoSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    uid = serializers.UUIDField()
    color = serializers.ChoiceField(choices=COLOR_CHOICES)


class QueryEchoSerializer(serializers.Serializer):
    """Query parameters; also the shape of the echo."""

    i = serializers.IntegerField(help_text="Required integer.")
    f = serializers.FloatField(required=False)
    b = serializers.BooleanField(required=False)
    s = serializers.CharField(required=False)
    d = serializers.DateField(required=False)
    dt = serializers.DateTimeField(required=False)
    u = serializers.UUIDField(required=False)
    dec = serializers.DecimalField(max_digits=10, decimal_places=3, required=False)
    color = serializers.ChoiceField(choices=COLOR_CHOICES, required=False)
    tags = serializers.ListField(child=serializers.CharField(), required=False)
    opt = serializers.IntegerField(required=False, min_value=0)


class QueryEchoResponseSerializer(QueryEchoSerializer):
    ids = serializers.ListField(child=serializers.IntegerField(), required=False)


class HeaderEchoSerializer(serializers.Serializer):
    request_id = serializers.UUIDField()
    client_version = serializers.CharField(required=False)
    retry_count = serializers.IntegerField(required=False)
    debug = serializers.BooleanField(required=False)


class CookieEchoSerializer(serializers.Serializer):
    session_id = serializers.CharField()
    theme = serializers.ChoiceField(choices=THEME_CHOICES, required=False)
    visits = serializers.IntegerField(required=False)


# ---------------------------------------------------------------- kitchen sink


class AddressSerializer(serializers.Serializer):
    street = serializers.CharField()
    city = serializers.CharField()
    zip_code = serializers.CharField(required=False)


class ContactSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CONTACT_KIND_CHOICES)
    value = serializers.CharField()


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="Destination",
        serializers=[AddressSerializer, ContactSerializer],
        resource_type_field_name=None,
    )
)
class DestinationField(serializers.Field):
    """An address or a contact, told apart by which serializer validates (no discriminator)."""

    alternatives = (AddressSerializer, ContactSerializer)

    def to_internal_value(self, data):
        errors = {}
        for alternative in self.alternatives:
            serializer = alternative(data=data)
            if serializer.is_valid():
                return alternative, serializer.validated_data
            errors[alternative.__name__.removesuffix("Serializer")] = serializer.errors
        raise serializers.ValidationError(errors)

    def to_representation(self, value):
        alternative, data = value
        return alternative(data).data


class KitchenSinkSerializer(serializers.Serializer):
    """Every body construct at once; the echo is this serializer's representation."""

    name = serializers.CharField(max_length=100)
    count = serializers.IntegerField()
    big_number = serializers.IntegerField(min_value=INT64_MIN, max_value=INT64_MAX)
    ratio = serializers.FloatField()
    active = serializers.BooleanField()
    price = serializers.DecimalField(max_digits=12, decimal_places=2)
    birthday = serializers.DateField()
    created_at = serializers.DateTimeField()
    uid = serializers.UUIDField()
    status = serializers.ChoiceField(choices=STATUS_CHOICES)
    priority = serializers.ChoiceField(
        choices=PRIORITY_CHOICES, required=False, allow_blank=True, allow_null=True
    )
    tags = serializers.ListField(child=serializers.CharField())
    scores = serializers.ListField(child=serializers.IntegerField(), required=False)
    attributes = serializers.DictField(child=serializers.CharField())
    counters = serializers.DictField(child=serializers.IntegerField(), required=False)
    metadata = serializers.JSONField(required=False)
    address = AddressSerializer()
    contacts = ContactSerializer(many=True)
    alt_address = AddressSerializer(required=False, allow_null=True)
    destination = DestinationField()
    nickname = serializers.CharField(required=False)
    note = serializers.CharField(allow_null=True)
    maybe_count = serializers.IntegerField(required=False, allow_null=True)
    secret = serializers.CharField(write_only=True)
    secret_length = serializers.IntegerField(read_only=True)


# ---------------------------------------------------------------- polymorphism


class CircleSerializer(serializers.Serializer):
    shape_type = serializers.CharField()
    radius = serializers.FloatField()


class RectangleSerializer(serializers.Serializer):
    shape_type = serializers.CharField()
    width = serializers.FloatField()
    height = serializers.FloatField()


class TriangleSerializer(serializers.Serializer):
    shape_type = serializers.CharField()
    points = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2),
        min_length=3,
        max_length=3,
    )


SHAPE_SERIALIZERS = {
    "circle": CircleSerializer,
    "rectangle": RectangleSerializer,
    "triangle": TriangleSerializer,
}


# ---------------------------------------------------------------- widgets (ViewSet)


class WidgetSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=64)
    status = serializers.ChoiceField(choices=STATUS_CHOICES)
    price = serializers.DecimalField(max_digits=8, decimal_places=2)
    tags = serializers.ListField(child=serializers.CharField(), required=False)
    description = serializers.CharField(required=False, allow_null=True)


class WidgetPatchEchoSerializer(serializers.Serializer):
    """What a PATCH saw: field names sent, names sent as null, and the merged widget."""

    provided = serializers.ListField(child=serializers.CharField())
    nulled = serializers.ListField(child=serializers.CharField())
    widget = WidgetSerializer()


# ---------------------------------------------------------------- forms and files


class ContactFormSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()
    age = serializers.IntegerField()
    subscribe = serializers.BooleanField()
    interests = serializers.ListField(child=serializers.CharField(), required=False)


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    description = serializers.CharField(required=False)
    attachments = serializers.ListField(child=serializers.FileField(), required=False)


class AttachmentSerializer(serializers.Serializer):
    filename = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class UploadResultSerializer(serializers.Serializer):
    filename = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    description = serializers.CharField(required=False)
    attachments = AttachmentSerializer(many=True, required=False)


class WhoAmISerializer(serializers.Serializer):
    scheme = serializers.ChoiceField(choices=[("bearer", "Bearer"), ("api_key", "API key")])
    credential = serializers.CharField()
