"""Small pieces of the security settings that need code."""

from django.conf import settings


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
