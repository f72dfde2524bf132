from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """A signed-in user's stored language wins over the browser's and the cookie's.

    Runs after LocaleMiddleware (which chose from the cookie or Accept-Language) and after
    authentication, so the language follows the account from the moment of logging in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user and user.is_authenticated else ""
        if language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
