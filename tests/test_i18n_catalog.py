"""The Chinese catalog: every entry translated, well formed, compiled and up to date."""

import gettext
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo

from tests.i18n_scan import PO_FILE, catalog

ROOT = Path(__file__).resolve().parents[1]
MO_FILE = PO_FILE.with_suffix(".mo")


def test_every_entry_of_the_chinese_catalog_is_translated_and_none_is_fuzzy():
    untranslated = []
    for message in catalog():
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(s.strip() for s in strings):
            untranslated.append(message.id)
    assert not untranslated, f"{len(untranslated)} entries to translate: {untranslated[:20]}"
    assert not catalog().fuzzy, "the header is still marked fuzzy"


def test_the_catalog_has_no_format_errors():
    problems = [(message.id, errors) for message, errors in catalog().check()]
    assert not problems


def test_the_catalog_compiles_and_the_committed_mo_is_up_to_date():
    """Django reads the .mo: it must say what the .po says (`make messages` compiles)."""
    compiled = io.BytesIO()
    write_mo(compiled, catalog())
    assert compiled.getvalue()
    with MO_FILE.open("rb") as mo:
        committed = gettext.GNUTranslations(mo)._catalog
    expected = gettext.GNUTranslations(io.BytesIO(compiled.getvalue()))._catalog
    stale = {key for key in expected.keys() | committed.keys() if key != ""}
    stale = {key for key in stale if expected.get(key) != committed.get(key)}
    assert not stale, f"{len(stale)} entries differ; run `make messages`: {sorted(stale)[:10]}"


def test_gnu_msgfmt_accepts_the_catalog():
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.fail("GNU gettext is missing: `make test` installs it (apt-get install gettext)")
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(PO_FILE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr


def test_makemessages_finds_no_string_that_is_not_in_the_catalog(tmp_path):
    """Run makemessages on a copy of the sources: a string marked for translation
    but not yet in the catalog (or changed) shows up as an empty entry there."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is missing: `make test` installs it (apt-get install gettext)")
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "node_modules",
            "staticfiles",
            "e2e-screenshots",
            "*.pyc",
            "__pycache__",
            "*.sqlite3",
            ".ruff_cache",
            ".hypothesis",
        ),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans"],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    with (copy / PO_FILE.relative_to(ROOT)).open("rb") as po:
        from babel.messages.pofile import read_po

        regenerated = read_po(po, locale="zh_Hans")
    ours = {(m.id, m.context) for m in catalog() if m.id}
    theirs = {(m.id, m.context) for m in regenerated if m.id}
    new = sorted(str(key) for key in theirs - ours)
    gone = sorted(str(key) for key in ours - theirs)
    assert not new, f"not in the catalog yet, run `make messages` and translate: {new[:20]}"
    assert not gone, f"no longer in the sources, run `make messages`: {gone[:20]}"
