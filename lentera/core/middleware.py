from __future__ import annotations

from . import request_context


class RequestContextMiddleware:
    """Records the client IP and channel for the audit log of whatever this request writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = "api" if request.path.startswith("/api/") else "web"
        token = request_context.set_current(
            request_context.RequestContext(
                client_ip=request_context.client_ip_of(request),
                role=getattr(request, "acting_role", None),
                channel=channel,
            )
        )
        try:
            return self.get_response(request)
        finally:
            request_context.reset(token)
