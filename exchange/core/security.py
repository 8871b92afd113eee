"""Small pieces of the security settings that need code."""

from django.conf import settings
from django.http import Http404


def client_ip(request) -> str:
    """The client's address for sign-in throttling (django-axes).

    Without proxies, the connection's address. Behind `EXCHANGE_PROXY_COUNT` proxies,
    each appending the address it was called from to X-Forwarded-For, the address the
    outermost one saw: entries further left could be forged by the client.
    """
    count = settings.EXCHANGE_PROXY_COUNT
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


class RefuseNulMiddleware:
    """A NUL character in the address or its query string is a 404: no page has one,
    and PostgreSQL refuses it in a query (which would be a server error). Form fields
    refuse it themselves (Django's ProhibitNullCharactersValidator)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            raise Http404
        return self.get_response(request)
