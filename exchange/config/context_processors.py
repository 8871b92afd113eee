from django.conf import settings
from django.utils.translation import get_language


def exchange(request):
    """The names every page header and letter uses.

    `library_display_name` is the library's name in the language of the page: the
    original-script name in any language but English.
    """
    english = settings.EXCHANGE_LIBRARY_NAME
    original = settings.EXCHANGE_LIBRARY_NAME_ORIGINAL
    in_english = (get_language() or settings.LANGUAGE_CODE).startswith("en")
    return {
        "library_name": english,
        "library_name_original": original,
        "library_display_name": english if in_english or not original else original,
        "base_currency": settings.EXCHANGE_BASE_CURRENCY,
    }
