"""A long step's progress: a bar redrawn in place on a terminal, plain lines elsewhere."""

import io
import re

from django.core.management import call_command

from exchange.core.commands import Progress


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_off_a_terminal_it_writes_a_line_at_each_tenth_and_no_carriage_return():
    out, clock = io.StringIO(), Clock()
    progress = Progress(out, tty=False, clock=clock, quiet=0).start("Shipments", 1000)
    for done in range(1, 1001):
        clock.now += 0.001
        progress(done, 1000)
    progress.finish()
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue()
    assert lines[0].startswith("Shipments: 100 of 1,000 (10%) in 0.1 s")
    assert len(lines) == 10 + 1
    assert lines[-1].startswith("Shipments: 1,000 of 1,000 (100%)") and lines[-1].endswith("done")


def test_off_a_terminal_without_a_total_it_writes_a_line_every_so_many_seconds():
    out, clock = io.StringIO(), Clock()
    progress = Progress(out, tty=False, clock=clock, every=10, quiet=0).start("Rows read")
    for done in range(1, 101):
        clock.now += 1
        progress(done)
    assert out.getvalue().splitlines() == [
        f"Rows read: {n:,} in {n:.1f} s" for n in range(10, 101, 10)
    ]


def test_on_a_terminal_it_redraws_one_line_at_most_five_times_a_second():
    out, clock = io.StringIO(), Clock()
    progress = Progress(out, tty=True, clock=clock).start("Items", 500)
    for done in range(1, 501):
        clock.now += 0.01  # five seconds in all
        progress(done, 500)
    progress.finish()
    text = out.getvalue()
    draws = text.split("\r")[1:]
    assert 20 <= len(draws) <= 1 + 25 + 2
    assert text.count("\n") == 1 and text.endswith("\n")
    assert "[" + "#" * 24 + "] Items: 500 of 500 (100%)" in draws[-1]
    shares = [int(re.search(r"\((\d+)%\)", draw).group(1)) for draw in draws]
    assert shares == sorted(shares) and len(set(shares)) > 20


def test_off_a_terminal_a_quick_step_writes_nothing():
    out, clock = io.StringIO(), Clock()
    progress = Progress(out, tty=False, clock=clock).start("Rows read")
    for done in range(1, 1001):
        clock.now += 0.001
        progress(done)
    progress.finish()
    assert out.getvalue() == ""


def test_the_export_command_gives_its_progress_to_standard_error(db, monkeypatch):
    from exchange.core import commands
    from tests.factories import PartnerFactory

    for _ in range(3):
        PartnerFactory()
    monkeypatch.setattr(
        commands.Progress.__init__,
        "__kwdefaults__",
        {**commands.Progress.__init__.__kwdefaults__, "quiet": 0},
    )
    out, err = io.StringIO(), io.StringIO()
    call_command("export_partners", stdout=out, stderr=err)
    assert out.getvalue().startswith("code,")
    assert err.getvalue().splitlines()[-1].startswith("Partners: 3 of 3 (100%)")
