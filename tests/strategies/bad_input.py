"""Hypothesis strategies for bad input: what people paste, type and export by mistake.

`nasty()` is any one bad cell or form value: random text, text in one of the world's
scripts, huge and negative numbers, impossible dates, blanks, control characters and
very long strings. `post_data()` breaks a few fields of an otherwise valid form.
`database_state()` is every row of the three apps, to show a refusal changed nothing.
"""

import datetime
import os
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Fast enough for `make test` on both databases. The db fixtures are function-scoped,
# so each example runs in a savepoint that is rolled back (see `rolled_back`).
# Developers' runs explore new examples each time; CI (CI=true) runs the same ones, so
# that a submission is not failed by chance.
FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Blocks of code points: Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Devanagari,
# Bengali, Tamil, Thai, Lao, Tibetan, Georgian, Hangul Jamo, Ethiopic, Cherokee,
# Canadian syllabics, Mongolian, Khmer, general punctuation (zero-width and
# direction marks), combining marks, CJK, Hiragana, Katakana, Hangul, CJK extension B,
# emoji, private use, and the last code points of Unicode.
SCRIPTS = (
    (0x0020, 0x024F),
    (0x0300, 0x036F),
    (0x0370, 0x03FF),
    (0x0400, 0x04FF),
    (0x0530, 0x058F),
    (0x0590, 0x05FF),
    (0x0600, 0x06FF),
    (0x0900, 0x097F),
    (0x0980, 0x09FF),
    (0x0B80, 0x0BFF),
    (0x0E00, 0x0E7F),
    (0x0E80, 0x0EFF),
    (0x0F00, 0x0FFF),
    (0x10A0, 0x10FF),
    (0x1100, 0x11FF),
    (0x1200, 0x137F),
    (0x13A0, 0x13FF),
    (0x1400, 0x167F),
    (0x1800, 0x18AF),
    (0x1780, 0x17FF),
    (0x2000, 0x206F),
    (0x3040, 0x30FF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3),
    (0xE000, 0xF8FF),
    (0xFE00, 0xFFFD),
    (0x20000, 0x2A6DF),
    (0x1F300, 0x1FAFF),
    (0x10FFF0, 0x10FFFD),
)


def script_text(min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    """Text in one script (or mark block) at a time, as a name in that script would be."""
    return st.sampled_from(SCRIPTS).flatmap(
        lambda block: st.text(
            st.characters(
                min_codepoint=block[0], max_codepoint=block[1], exclude_categories=["Cs"]
            ),
            min_size=min_size,
            max_size=max_size,
        )
    )


def any_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Any Unicode text that can be sent as UTF-8 (no lone surrogates)."""
    return st.one_of(st.text(max_size=max_size), script_text(max_size=max_size))


def clean_text(min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """Text a form accepts: any script, no NUL, not only blanks."""
    return st.one_of(
        st.text(
            st.characters(exclude_categories=["Cs", "Cc"]), min_size=min_size, max_size=max_size
        ),
        script_text(min_size=min_size, max_size=max_size),
    ).filter(lambda text: text.strip() or not min_size)


def numbers() -> st.SearchStrategy[str]:
    """Huge, negative, fractional, exponent and not-a-number numbers, as text."""
    return st.one_of(
        st.integers(min_value=-(10**40), max_value=10**40).map(str),
        st.integers(min_value=-3, max_value=3).map(lambda n: str(2**31 + n)),
        st.integers(min_value=-3, max_value=3).map(lambda n: str(2**63 + n)),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.floats().map(repr),
        st.sampled_from(
            [
                "-0",
                "-1",
                "0.001",
                "1e309",
                "-1e309",
                "1E-400",
                "1_000",
                "1,000.50",
                "1.000,50",
                "12.345",
                "١٢٣",  # Arabic-Indic digits
                "１２３",  # full-width digits
                "NaN",
                "Infinity",
                "-Infinity",
                "0x1F",
                "9" * 40,
                "99999999999.99",
                "9999999999999999.999999",
            ]
        ),
    )


def dates() -> st.SearchStrategy[str]:
    """Impossible, ancient, far-future and oddly written dates."""
    return st.one_of(
        st.builds(
            "{:04d}-{:02d}-{:02d}".format,
            st.integers(0, 10000),
            st.integers(0, 13),
            st.integers(0, 32),
        ),
        st.dates().map(datetime.date.isoformat),
        st.sampled_from(
            [
                "2025-02-30",
                "2023-02-29",
                "2024-02-29",
                "2025-13-01",
                "2025-00-10",
                "0000-01-01",
                "0001-01-01",
                "9999-12-31",
                "10000-01-01",
                "-2025-01-01",
                "2025-1-1",
                "31/12/2025",
                "12/31/2025",
                "2025/12/31",
                "20251231",
                "2025-12-31T10:00:00",
                "2025-12-31 25:61",
                "١٤٤٦-٠١-٠١",
                "２０２５-０１-０１",
            ]
        ),
    )


def long_text() -> st.SearchStrategy[str]:
    return st.builds(
        lambda char, n: char * n,
        st.sampled_from(["x", "Ω", "書", "🙂", "e\u0301", " ", "\u200b"]),
        st.sampled_from([33, 65, 129, 256, 501, 1001, 5000, 70000]),
    )


def blanks() -> st.SearchStrategy[str]:
    return st.sampled_from(["", " ", "   ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u200b"])


def controls() -> st.SearchStrategy[str]:
    return st.sampled_from(
        ["\x00", "a\x00b", "\x07", "\x1b[31m", "\x7f", "\ufeff", "\ufffe", "\u202eevil", "'; --"]
    )


@st.composite
def sprinkled(draw, value: str) -> str:
    """The value with a control or invisible character slipped in somewhere."""
    char = draw(st.sampled_from(["\x00", "\x01", "\x1f", "\x7f", "\ufeff", "\u202e", "\r"]))
    at = draw(st.integers(0, len(value)))
    return value[:at] + char + value[at:]


def nasty() -> st.SearchStrategy[str]:
    """One bad value for any field or cell."""
    return st.one_of(any_text(), numbers(), dates(), blanks(), long_text(), controls())


@st.composite
def post_data(draw, valid: st.SearchStrategy[dict], initial: dict | None = None):
    """A form's POST: the page's values, valid values over them, then a few fields
    replaced by bad values or left out, and now and then a control character slipped
    into one.

    `valid` gives a dict of acceptable values by field name; `initial` is what the
    page's form holds already (see `page_data`).
    """
    data = {**(initial or {}), **draw(valid)}
    names = sorted(data)
    broken = draw(st.sets(st.sampled_from(names), max_size=3)) if names else set()
    for name in sorted(broken):
        if draw(st.integers(0, 5)) == 0:
            del data[name]
        else:
            data[name] = draw(nasty())
    text_fields = sorted(name for name, value in data.items() if isinstance(value, str))
    if text_fields and draw(st.integers(0, 3)) == 0:
        name = draw(st.sampled_from(text_fields))
        data[name] = draw(sprinkled(data[name]))
    return data


def merged(*strategies: st.SearchStrategy[dict]) -> st.SearchStrategy[dict]:
    """One dict from several strategies of dicts."""
    return st.tuples(*strategies).map(lambda dicts: {k: v for d in dicts for k, v in d.items()})


@st.composite
def formset_rows(draw, prefix: str, fields: dict, *, start: int = 0, most: int = 2):
    """`0..most` new rows of a formset after its `start` existing ones, with its count."""
    count = draw(st.integers(0, most))
    data = {f"{prefix}-TOTAL_FORMS": str(start + count)}
    for index in range(start, start + count):
        for name, strategy in fields.items():
            data[f"{prefix}-{index}-{name}"] = draw(strategy)
    return data


def page_data(response) -> dict:
    """The POST a browser would send back unchanged from the page's form and formsets."""
    context = response.context
    forms = [context["form"]]
    formsets = list((context.get("formsets") or {}).values())
    if context.get("formset") is not None:
        formsets.append(context["formset"])
    for formset in formsets:
        forms += [formset.management_form, *formset.forms]
    data = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif isinstance(value, datetime.date):
                data[bound.html_name] = value.isoformat()
            else:
                data[bound.html_name] = str(value)
    return data


APP_LABELS = ("exchange", "partners", "shipments")


def database_state() -> dict:
    """Every row of the exchange, partners and shipments models, history included."""
    tables = set(connection.introspection.table_names())
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in APP_LABELS and model._meta.db_table in tables:
            state[model._meta.label] = list(model._base_manager.order_by("pk").values())
    return state


@contextmanager
def rolled_back():
    """Run one example in a savepoint and undo whatever it wrote."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
