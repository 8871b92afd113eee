"""`manage.py bench`: PostgreSQL only, a database of its own, figures into the doc."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from exchange.bench import doc as bench
from exchange.bench import sweep
from tests.test_i18n_pages import named_urls

POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql", reason="runs in PostgreSQL")


def _report(scale: float, csv_seconds: float) -> dict:
    results = [
        {
            "key": "baseline_all",
            "label": "Baseline SQL, all time",
            "baseline": None,
            "s": 1.0,
            "queries": 1,
        },
        {
            "key": "csv_all",
            "label": "Balance CSV, all time",
            "baseline": "baseline_all",
            "s": csv_seconds,
            "queries": 3,
        },
        {"key": "import", "label": "Import", "baseline": None, "s": 30.0, "queries": None},
    ]
    return {
        "scale": scale,
        "runs": 5,
        "when": "2026-11-26 12:00",
        "year": 2025,
        "data": {
            "partners": 20,
            "shipments": 2000,
            "items": 20000,
            "rates": 96,
            "summary_rows": 500,
            "span": "1997-01-01 – 2026-11-25",
        },
        "setup": {"generate_s": 1.0, "rebuild_summary_s": 0.5},
        "machine": {
            "cpu": "CPU",
            "cores": 2,
            "memory": "4 GiB",
            "postgresql": "15",
            "python": "3.11",
            "django": "5.2",
            "load": "0.1, 0.1, 0.1",
        },
        "results": results,
        "checks": {
            "summary_equals_recomputation": True,
            "csv_year_identical_to_raw": True,
            "csv_all_identical_to_raw": True,
            "check_s": 0.1,
        },
    }


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal of SQLite")
def test_the_benchmark_refuses_sqlite(db):
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench", "--scale", "0.001")


@POSTGRESQL
def test_the_benchmark_refuses_a_database_not_named_for_it(db):
    with pytest.raises(CommandError, match="bench"):
        call_command("bench", "--scale", "0.001")


def test_the_doc_keeps_its_text_and_the_figures_of_every_scale(tmp_path, monkeypatch):
    doc = tmp_path / "benchmarks.md"
    doc.write_text(f"# Benchmarks\n\nWhy.\n\n{bench.BEGIN}\nold\n{bench.END}\n\nAfter.\n")
    monkeypatch.setattr(bench, "DOC", doc)
    bench.write_doc(_report(0.1, 0.2))
    bench.write_doc(_report(1, 0.05))
    bench.write_doc(_report(1, 0.04))  # a new run of a scale replaces its figures
    text = doc.read_text()
    assert text.startswith("# Benchmarks\n\nWhy.\n\n")
    assert text.endswith("\n\nAfter.\n")
    assert "old" not in text
    assert text.count("### Scale 0.1 ") == 1 and text.count("### Scale 1 ") == 1
    assert "| Balance CSV, all time | 200.0 ms | 40.0 ms | 0.2× |" in text
    assert "| Balance CSV, all time | 40.0 ms | 0.040 | 3 |" in text
    assert "| Import | 30.0 s |  |  |" in text


@POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_a_tiny_run_generates_measures_and_checks_the_summary():
    out = io.StringIO()
    call_command(
        "bench",
        "--scale",
        "0.002",
        "--runs",
        "1",
        "--import-rows",
        "0",
        "--yes",
        "--no-doc",
        stdout=out,
    )
    text = out.getvalue()
    assert "Generated 400 shipments" in text
    assert "| Balance CSV, all time |" in text
    assert "its table worked out beforehand (the page alone) |" in text
    assert "the summary equals its recomputation from the raw rows: yes" in text
    assert "| Shipment list as CSV, every shipment: the export's start (its first rows" in text
    assert "Every request of the application (" in text
    assert "all under 5 s: yes" in text
    assert re.search(r"\n  \d+ requests; the slowest: .+, \d+\.\d\d s\n", text)
    assert "Shipment list as XLSX, every shipment, by the command (" in text
    assert "peak memory" in text


def test_every_url_of_the_application_is_timed_or_said_why_not():
    sample = sweep.Sample(
        partner="P-1",
        outgoing="OUT-1",
        incoming="IN-1",
        draft="OUT-2",
        agreement=1,
        obligation=1,
        claim=1,
        rate=1,
        currency="USD",
        job=1,
        pending=1,
    )
    timed = {
        name
        for _method, name, *_rest in sweep.requests(sample, {"shipments": None, "partners": None})
    }
    assert "dashboard" in timed
    assert not timed & sweep.NOT_TIMED.keys()
    missing = named_urls() - timed - sweep.NOT_TIMED.keys()
    assert not missing, f"time these in exchange/bench/sweep.py (or say why not): {missing}"


def test_the_doc_shows_the_slowest_requests_and_the_rule(tmp_path):
    report = _report(1, 0.05)
    report["requests"] = [
        {"label": f"Page {n}", "method": "GET", "url": f"/p{n}/", "s": 3.0 - n / 10, "queries": n}
        for n in range(25)
    ]
    report["checks"]["requests"] = {
        "requests": 25,
        "slowest_s": 3.0,
        "slowest": "Page 0",
        "all_under_limit": True,
    }
    text = bench.render_scale(report)
    assert "(25: each list, report" in text and "the slowest Page 0, 3,000.0 ms" in text
    assert "all under 5 s: yes" in text
    assert "| Page 0 (`GET /p0/`) | 3,000.0 ms | 0 |" in text
    assert "| Page 19 (`GET /p19/`) |" in text and "Page 20 " not in text
    assert "| … 5 more, each faster | | |" in text
