"""Records kept in two forms, English (or romanised) and Chinese: which one a page shows.

Imports nothing of the project and reads no setting, so that settings (through
`country_names`) and every model may use it.
"""

from django.utils.translation import get_language


def in_chinese() -> bool:
    """Whether the page (or letter) being made is in Chinese."""
    return (get_language() or "").startswith("zh")


def in_language(english: str, chinese: str) -> str:
    """The form of a bilingual record in the language of the page, else the other."""
    return (chinese or english) if in_chinese() else (english or chinese)
