"""ISO code lists (ISO 639 languages, ISO 4217 currencies) from pycountry and babel.

No hand-kept lists: the codes come from pycountry, their names in the user's
language from babel.
"""

import re
from functools import cache

import pycountry
from babel import Locale
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _babel_locale() -> Locale:
    language = (get_language() or "en").replace("-", "_")
    if language.lower() == "zh_hans":
        language = "zh_Hans"
    try:
        return Locale.parse(language)
    except (ValueError, LookupError):
        return Locale.parse("en")


@cache
def currency_codes() -> frozenset[str]:
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


@cache
def _language_index() -> dict[str, object]:
    """Every ISO 639-1, 639-2 (B and T) and 639-3 code, lower case, to its language."""
    index = {}
    for language in pycountry.languages:
        for attribute in ("alpha_3", "bibliographic", "alpha_2"):
            code = getattr(language, attribute, None)
            if code:
                index[code.lower()] = language
    return index


def is_language(code: str) -> bool:
    return code.lower() in _language_index()


def validate_currency(value: str) -> None:
    if value not in currency_codes():
        raise ValidationError(
            _("“%(value)s” is not an ISO 4217 currency code."), params={"value": value}
        )


def validate_language(value: str) -> None:
    if not is_language(value):
        raise ValidationError(
            _("“%(value)s” is not an ISO 639 language code."), params={"value": value}
        )


# Letters and digits of any script, "_", "-" and ".": what a web address's part may
# hold as it is, and what a download's file name may carry.
SAFE_URL_PART = re.compile(r"[\w.-]+")


def validate_url_part(value: str) -> None:
    """Partner codes and shipment references are part of their page's web address and
    of file names: letters, digits, "-", "_" and "." only, and not "." or ".." (which
    a browser reads as this folder and the one above)."""
    if "/" in value:
        raise ValidationError(
            _("“/” cannot be part of a code or reference: it separates a web address's parts."),
            code="slash",
        )
    if value and (not SAFE_URL_PART.fullmatch(value) or not value.strip(".")):
        raise ValidationError(
            _(
                "A code or reference has only letters, digits, “-”, “_” and “.” (not dots "
                "alone): it is part of a web address."
            ),
            code="unsafe",
        )


def validate_own_address(value: str, view_name: str) -> None:
    """A partner code or shipment reference is the last part of its page's address
    (`view_name`, e.g. "partners:detail"): one that is the address of another page
    ("new", "export", "check-isbn" …) would never open its own page."""
    try:
        match = resolve(reverse(view_name, args=[value]))
    except (NoReverseMatch, Resolver404):
        return  # a "/" or an empty value: validate_url_part's to say
    if match.view_name != view_name:
        raise ValidationError(
            _("“%(value)s” is the address of another page; choose another."),
            code="route",
            params={"value": value},
        )


def currency_name(code: str) -> str:
    locale = _babel_locale()
    return locale.currencies.get(code) or code


def language_name(code: str) -> str:
    if not code:
        return ""
    language = _language_index().get(code.lower())
    short = getattr(language, "alpha_2", None) if language else None
    locale = _babel_locale()
    return locale.languages.get(short or code.lower()) or (language.name if language else code)


def currency_choices() -> list[tuple[str, str]]:
    return list(_currency_choices(get_language()))


def language_choices() -> list[tuple[str, str]]:
    """The ISO 639-1 languages (those with two-letter codes), the ones libraries use."""
    return list(_language_choices(get_language()))


# Worked out once per language (10 ms each time: every form of a shipment asked).
@cache
def _currency_choices(language: str) -> tuple[tuple[str, str], ...]:
    return tuple((code, f"{code} · {currency_name(code)}") for code in sorted(currency_codes()))


@cache
def _language_choices(language: str) -> tuple[tuple[str, str], ...]:
    codes = sorted(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))
    return tuple((code, f"{language_name(code)} ({code})") for code in codes)
