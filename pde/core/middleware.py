"""Keeps the current request reachable for the audit log (actor and IP)."""

from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

_current_request: ContextVar[HttpRequest | None] = ContextVar("pde_request", default=None)


def current_request() -> HttpRequest | None:
    return _current_request.get()


def client_ip(request: HttpRequest) -> str | None:
    """The client's address; behind a proxy, the first X-Forwarded-For hop."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request.client_ip = client_ip(request)
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
