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


def _chinese_first(english: str, chinese: str) -> str:
    return chinese or english


def _english_first(english: str, chinese: str) -> str:
    return english or chinese


def in_language_now():
    """`in_language` for the current language, decided once: for a table's rows."""
    return _chinese_first if in_chinese() else _english_first
