from django.conf import settings

from exchange.core.models import LibraryIdentity


def exchange(request):
    """What every page header and letter uses: the library (its names in the page's
    language through `library.shown_name`, kept in the cache) and the base currency."""
    return {"library": LibraryIdentity.current(), "base_currency": settings.EXCHANGE_BASE_CURRENCY}
