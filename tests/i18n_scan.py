"""Reading a page as a Chinese user sees it: the visible text, and the English left in it.

`visible_text(html)` keeps what a user reads or hears: text, and the attributes a
browser shows or reads out (title, aria-label, placeholder, alt, the labels scripts
show). It leaves out scripts and styles, `<code>` (file column names, typed as they
are), and any element marked as being in another language (`lang="en"`: the
switcher's "English", a letter written in English).

`english_in(text, ...)` returns what looks untranslated: the English msgids of the
catalog found as whole phrases, and any other Latin-letter word that is not data
(names, codes, addresses come from the test's records and are allowed).
"""

import re
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po

PO_FILE = Path(__file__).resolve().parents[1] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr", "param"}
SKIPPED = {"script", "style", "code"}
SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrx]")
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+")
COMMAND_OPTION = re.compile(r"--[a-z][a-z-]*")
IDENTIFIER = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
# Written the same in Chinese text: abbreviations and units.
ABBREVIATIONS = {"isbn", "issn", "csv", "xlsx", "utf", "iso", "kg", "yyyy", "mm", "dd", "id"}
ABBREVIATIONS |= {"excel", "unesco", "pdf", "url", "un", "ip", "sha"}
# HTTP's own words (the login log's GET and POST data, the Accept header).
ABBREVIATIONS |= {"http", "accept", "get", "post"}
# Names of products, the same in every language.
ABBREVIATIONS |= {"django", "axes"}
# Keys of the keyboard, named as they are printed on them.
ABBREVIATIONS |= {"ctrl", "mac", "control", "command"}


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.stack: list[bool] = []  # per open element: is its content skipped?

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = self._skipping() or tag in SKIPPED
        language = (attrs.get("lang") or "").lower()
        if language and not language.startswith("zh"):
            skip = True
        if not skip:
            for name, value in attrs.items():
                shown = (
                    name in SHOWN_ATTRIBUTES
                    or name.startswith("data-msg")
                    or (name.startswith("data-") and name.endswith("-label"))
                )
                if shown and value:
                    self.chunks.append(value)
            if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
                self.chunks.append(attrs["value"])
        if tag not in VOID:
            self.stack.append(skip)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._skipping() and data.strip():
            self.chunks.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return parser.chunks


def catalog():
    with PO_FILE.open("rb") as po:
        return read_po(po, locale="zh_Hans")


def english_phrases() -> list[tuple[str, re.Pattern]]:
    """The msgids a Chinese page must not show: their literal parts of 4 letters and
    more, as whole phrases. Entries translated as themselves (ISBN, CSV) are names."""
    phrases = set()
    for message in catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if set(ids) & set(strings):
            continue
        for msgid in ids:
            for part in PLACEHOLDER.split(re.sub(r"<[^>]+>", " ", msgid)):
                part = part.strip(" ,.:;()“”'\"–-")
                if sum(char.isalpha() for char in part) >= 4:
                    phrases.add(part)
    return [
        (phrase, re.compile(r"(?<![A-Za-z_])" + re.escape(phrase) + r"(?![A-Za-z_])"))
        for phrase in sorted(phrases, key=len, reverse=True)
    ]


def words_of(*values) -> set[str]:
    words = set()
    for value in values:
        words.update(word.lower() for word in LATIN_WORD.findall(str(value or "")))
    return words


def english_in(chunks: list[str], phrases, allowed: set[str]) -> list[str]:
    found = []
    for chunk in chunks:
        # Identifiers are typed as they are: file columns (unit_value), options (--replace).
        chunk = COMMAND_OPTION.sub(" ", chunk)
        if not LATIN_WORD.search(chunk):
            continue
        for phrase, pattern in phrases:
            if phrase.lower() not in allowed and pattern.search(chunk):
                found.append(f"msgid “{phrase}” in “{chunk[:120]}”")
                break
        else:
            stray = [
                word
                for word in LATIN_WORD.findall(IDENTIFIER.sub(" ", chunk))
                if len(word) > 1 and word.lower() not in allowed | ABBREVIATIONS
            ]
            if stray:
                found.append(f"English {stray} in “{chunk[:120]}”")
    return found
