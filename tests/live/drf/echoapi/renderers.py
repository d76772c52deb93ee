"""Renderers and parsers for the non-JSON media types."""
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer


class PlainTextRenderer(BaseRenderer):
    media_type = "text/plain"
    format = "txt"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return str(data).encode(self.charset)


class OctetStreamRenderer(BaseRenderer):
    media_type = "application/octet-stream"
    format = "bin"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, (bytes, bytearray)):
            return bytes(data)
        return str(data).encode("utf-8")


class OctetStreamParser(BaseParser):
    """Raw request body as bytes."""

    media_type = "application/octet-stream"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read() if stream is not None else b""


class PlainTextParser(BaseParser):
    """Request body as a str (charset from Content-Type, default UTF-8)."""

    media_type = "text/plain"

    def parse(self, stream, media_type=None, parser_context=None):
        charset = "utf-8"
        for part in (media_type or "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip('"')
        return stream.read().decode(charset) if stream is not None else ""
