"""Chooses the language of each request.

Pages are Persian unless the person chose English (the switcher's cookie, or the signed-in
user's stored preference); a browser's Accept-Language alone does not turn a Persian site
English. The API honours ``Accept-Language`` (Persian by default), as clients expect.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def _supported(value: str | None) -> str | None:
    if not value:
        return None
    code = value.split("-")[0].lower()
    return code if code in SUPPORTED else None


class KhoosheLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self.language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response

    @staticmethod
    def language_for(request) -> str:
        if request.path.startswith("/api/") and "HTTP_ACCEPT_LANGUAGE" in request.META:
            for part in request.META["HTTP_ACCEPT_LANGUAGE"].split(","):
                chosen = _supported(part.split(";")[0].strip())
                if chosen:
                    return chosen
            return settings.LANGUAGE_CODE
        chosen = _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        if chosen:
            return chosen
        session = getattr(request, "session", None)
        if session is not None:
            chosen = _supported(session.get("khooshe_language"))
        return chosen or settings.LANGUAGE_CODE
