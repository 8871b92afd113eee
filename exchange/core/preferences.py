"""The language of the interface: chosen with the switcher on every page, remembered
per user, applied on every request.

Which language a page is in, first match wins:
1. the signed-in user's choice (UserPreference, copied into the session at sign-in,
   so a page costs no extra query);
2. the language cookie (set by the switcher, also before signing in);
3. settings.LANGUAGE_CODE.
The browser's Accept-Language is deliberately not used: the default is the library's
setting, whatever language the workstation's browser is in.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation
from django.views import i18n

from exchange.core.models import UserPreference

SESSION_KEY = "exchange_language"
# The user's name in Chinese, for the page header in Chinese (read at sign-in too).
NAME_KEY = "exchange_name_zh"


def supported(language: str | None) -> bool:
    return language in {code for code, _name in settings.LANGUAGES}


def chosen_language(request) -> str:
    if request.user.is_authenticated:
        remembered = request.session.get(SESSION_KEY)
        if supported(remembered):
            return remembered
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if supported(cookie):
        return cookie
    return settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    """After LocaleMiddleware and AuthenticationMiddleware: activates the chosen
    language, and keeps the language cookie in step with the signed-in user's choice
    (so the sign-in page after signing out is still in their language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        remembered = request.session.get(SESSION_KEY) if request.user.is_authenticated else None
        if supported(remembered) and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != (
            remembered
        ):
            set_language_cookie(response, remembered)
        return response


def set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@receiver(user_logged_in, dispatch_uid="exchange.core.preferences.remember_language")
def remember_language(sender, request, user, **kwargs):
    """At sign-in, the user's choice and Chinese name go into the session for the
    requests to come."""
    if request is None:
        return
    found = UserPreference.objects.filter(user=user).values_list("language", "name_zh").first()
    language, name_zh = found or ("", "")
    if supported(language):
        request.session[SESSION_KEY] = language
    else:
        request.session.pop(SESSION_KEY, None)
    request.session[NAME_KEY] = name_zh


def set_language(request):
    """Django's set_language (cookie and redirect to `next`), and for a signed-in user
    the choice is also kept on their account."""
    response = i18n.set_language(request)
    language = request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER) if request.method == "POST" else None
    if supported(language) and request.user.is_authenticated:
        UserPreference.objects.update_or_create(user=request.user, defaults={"language": language})
        request.session[SESSION_KEY] = language
    return response
