"""Path converters for the secrets in our links, so a mangled one is "not found" (404)
before any view or query sees it: PostgreSQL refuses a NUL byte in a string outright."""

from django.urls import register_converter


class TokenConverter:
    """A random token (`secrets.token_urlsafe`) or a signed value (`django.core.signing`)."""

    regex = r"[-A-Za-z0-9_:.]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TokenConverter, "token")
