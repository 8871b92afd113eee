from django.conf import settings


def exchange(request):
    """The names every page header and letter uses."""
    return {
        "library_name": settings.EXCHANGE_LIBRARY_NAME,
        "library_name_original": settings.EXCHANGE_LIBRARY_NAME_ORIGINAL,
        "base_currency": settings.EXCHANGE_BASE_CURRENCY,
    }
