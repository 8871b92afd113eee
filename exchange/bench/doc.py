"""The figures as Markdown: one scale's table (times, ratios to the baseline, queries,
checks), how each figure grows across the scales measured, and docs/benchmarks.md's
generated part rewritten with them.

Every scale's report is kept in the doc as JSON in an HTML comment, so that a run of one
scale rewrites the growth table with the figures of the others.
"""

import json
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DOC = ROOT / "docs" / "benchmarks.md"
# The generated part of the doc lies between these; the text around it is the authors'.
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
DATA = re.compile(r"<!-- bench-data (.*?) -->", re.S)


def render_scale(report: dict) -> str:
    """One scale's section: what was measured on what, the table, the checks."""
    lines = [*scale_header(report), "", f"Median of {report['runs']} runs.", ""]
    lines += results_table(report)
    lines += ["", checks_line(report), ""]
    lines += requests_table(report)
    return "\n".join(lines)


def scale_header(report: dict) -> list[str]:
    data, machine = report["data"], report["machine"]
    lines = [
        f"### Scale {report['scale']:g} ({report['when']})",
        "",
        f"{data['partners']:,} partners, {data['shipments']:,} shipments, {data['items']:,}"
        f" items, {data['rates']:,} rates ({data['span']}); {data['summary_rows']:,} summary"
        " rows.",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory']};"
        f" PostgreSQL {machine['postgresql']}, Python {machine['python']}, Django"
        f" {machine['django']}; load average {machine['load']}.",
    ]
    if report.get("setup"):  # none when --reuse kept the data
        lines.append(
            f"Generated (COPY) in {report['setup']['generate_s']} s; `rebuild_summary` in"
            f" {report['setup']['rebuild_summary_s']} s."
        )
    return lines


def results_table(report: dict) -> list[str]:
    rows = _by_key(report)
    lines = ["| Measure | Time | × baseline | Queries |", "|---|---:|---:|---:|"]
    for row in report["results"]:
        ratio = ""
        if row["baseline"]:
            ratio = f"{row['s'] / rows[row['baseline']]['s']:.3f}"
        queries = "" if row["queries"] is None else str(row["queries"])
        lines.append(f"| {row['label']} | {_duration(row['s'])} | {ratio} | {queries} |")
    return lines


# The slowest requests shown in the doc (the terminal shows them all).
SLOWEST_SHOWN = 20


def requests_table(report: dict, shown: int = SLOWEST_SHOWN) -> list[str]:
    """Every request's time, slowest first: the first `shown` of them, and the rule."""
    rows, check = report.get("requests"), report["checks"].get("requests")
    if not rows:  # a report of an earlier run, before every request was timed
        return []
    lines = [
        f"Every request of the application ({check['requests']}: each list, report, print"
        " view, form, letter, export start and import start): the slowest"
        f" {check['slowest']}, {_duration(check['slowest_s'])}; all under 5 s:"
        f" {_yes(check['all_under_limit'])}.",
        "",
        "| Request | Time | Queries |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| {row['label']} (`{row['method']} {row['url']}`) | {_duration(row['s'])}"
        f" | {row['queries']} |"
        for row in rows[:shown]
    ]
    if len(rows) > shown:
        lines.append(f"| … {len(rows) - shown} more, each faster | | |")
    lines.append("")
    return lines


def checks_line(report: dict) -> str:
    checks = report["checks"]
    csvs = checks["csv_year_identical_to_raw"] and checks["csv_all_identical_to_raw"]
    return (
        "Checks: the summary equals its recomputation from the raw rows:"
        f" {_yes(checks['summary_equals_recomputation'])}; the CSV of {report['year']} and"
        f" of all time are byte for byte those of the raw computation: {_yes(csvs)}."
    )


def _by_key(report: dict) -> dict:
    return {row["key"]: row for row in report["results"]}


def _duration(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds >= 10 else f"{seconds * 1000:,.1f} ms"


def _yes(value: bool) -> str:
    return "yes" if value else "**NO**"


def render_growth(reports: list[dict]) -> str:
    """Each figure at every scale measured, and how it grew from the smallest."""
    reports = sorted(reports, key=lambda report: report["scale"])
    if len(reports) < 2:
        return ""
    small, large = reports[0], reports[-1]
    head = " | ".join(f"scale {r['scale']:g}" for r in reports)
    lines = [
        f"| Measure | {head} | growth ({large['scale'] / small['scale']:g}× the data) |",
        "|---|" + "---:|" * (len(reports) + 1),
    ]
    for row in small["results"]:
        cells, found = [], []
        for report in reports:
            match = _by_key(report).get(row["key"])
            found.append(match)
            cells.append(_duration(match["s"]) if match else "")
        growth = f"{found[-1]['s'] / found[0]['s']:.1f}×" if found[0] and found[-1] else ""
        lines.append(f"| {row['label']} | {' | '.join(cells)} | {growth} |")
    return "\n".join(lines) + "\n"


def write_doc(report: dict) -> None:
    """Replace the generated part of docs/benchmarks.md (between the markers), keeping
    the figures of the other scales, and the text around it."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text:
        text += f"\n{BEGIN}\n{END}\n"
    before, rest = text.split(BEGIN, 1)
    generated, after = rest.split(END, 1)
    reports = [json.loads(found) for found in DATA.findall(generated)]
    reports = [r for r in reports if r["scale"] != report["scale"]] + [report]
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(before + BEGIN + render_figures(reports) + END + after, encoding="utf-8")


def render_figures(reports: list[dict]) -> str:
    """The generated part: the growth table, then each scale, smallest first, with its
    report as data for the next run."""
    reports = sorted(reports, key=lambda r: r["scale"])
    parts = ["", "## Figures", ""]
    growth = render_growth(reports)
    if growth:
        parts += ["### How each figure grows with the history", "", growth]
    for found in reports:
        parts += [render_scale(found), f"<!-- bench-data {json.dumps(found, default=str)} -->", ""]
    return "\n".join(parts)
