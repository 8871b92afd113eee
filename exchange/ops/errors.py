"""The application's own error pages, in the user's language.

404 and 403 are Django's own views with our templates (`404.html`, `403.html`), which
the language middleware has already put in the user's language. The others are here:
- the server error (`500.html`) is rendered without the request's context (no
  session, no user, no database: what failed may be the database), in the language of
  the language cookie, which the switcher sets and the middleware keeps in step with
  the signed-in user's choice;
- a form refused for its CSRF token (`403_csrf.html`) explains what happened and
  what to do, instead of Django's technical page.
"""

from django.conf import settings
from django.http import HttpResponseForbidden, HttpResponseServerError
from django.template import TemplateDoesNotExist, loader
from django.utils import translation

from exchange.core.preferences import supported


def cookie_language(request) -> str:
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if supported(language) else settings.LANGUAGE_CODE


def server_error(request, template_name: str = "500.html"):
    language = cookie_language(request)
    with translation.override(language):
        try:
            page = loader.get_template(template_name).render({"language": language})
        except TemplateDoesNotExist:
            page = "<h1>Server Error (500)</h1>"
    return HttpResponseServerError(page)


def csrf_failure(request, reason: str = "", template_name: str = "403_csrf.html"):
    """settings.CSRF_FAILURE_VIEW; `reason` is Django's, for the log, not for the page."""
    page = loader.get_template(template_name).render({}, request)
    return HttpResponseForbidden(page)
