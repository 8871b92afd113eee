"""How names sort in the page's language: English by the letters, Chinese by pinyin
(a Chinese reader looks for 尼泊尔 under N, not by its characters' code points)."""

from pypinyin import Style, lazy_pinyin

from exchange.core.bilingual import in_chinese


def pinyin_key(name: str) -> tuple:
    """Syllables with their tones (zhong1guo2), then the name itself for ties; letters
    and digits stay as they are, so mixed names sort among the others."""
    return (lazy_pinyin(name.casefold(), style=Style.TONE3), name)


def pinyin_text(name: str) -> str:
    """A name as text that sorts by pinyin in any database ("zhong1 guo2 ..."): kept
    beside names the lists sort in Chinese."""
    return " ".join(lazy_pinyin(name.casefold(), style=Style.TONE3))


def name_key(name: str) -> tuple:
    return pinyin_key(name) if in_chinese() else (name.casefold(), name)
