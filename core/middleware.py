from django.conf import settings

from core.views import request_too_large


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is larger than any form or upload Fairbid takes,
    before anything reads the body (413), so a huge upload never holds a worker.

    Django reads at most the declared Content-Length, so the declaration is what counts. It
    runs after authentication, so the refusal is written in the person's language, but before
    CSRF checks and views, which read the body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.REQUEST_MAX_BYTES:
            return request_too_large(request)
        return self.get_response(request)
