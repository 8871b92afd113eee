"""The benchmark behind `manage.py bench`: how fast the reports answer as the history
grows, in PostgreSQL (the figures and the design they measure: docs/benchmarks.md).

It generates, with COPY, `--scale` × (2,000 partners, 200,000 shipments, 2,000,000 items)
over 30 years with monthly rates in eight currencies, rebuilds the balance summary,
then measures each figure as the median of `--runs` rounds (every figure once a round,
so that they all meet the same load), in a process whose start-up objects are frozen
out of the garbage collector's way as the WSGI entry point does:
- the baseline: one hand-written SQL GROUP BY partner, direction over the counted items
  joined to their shipments, for last year and for all time (reading the raw data once);
- the all-partners balance CSV for last year and all time (exchange.balance.export
  .balance_report, in-process, as the web export and `balance_report` call it);
- the balance page for last year and all time (its first page, by code, and all time
  sorted by value balance, which completes every row), the per-partner report page of the
  busiest partner, the partner list, the shipment list with a filter and the dashboard,
  through Django's test client signed in as a department head, DEBUG off;
- an import of 100,000 shipment rows (scripts/bench_import.py's rows), run as
  `manage.py import_shipments` in a process of its own, with the summary triggers, and
  once with them disabled to show what they cost.
It checks that the summary equals its recomputation from the raw rows and that the CSVs
are byte for byte those of the raw computation, prints a table (times, ratios to the
baseline, queries) and writes it into docs/benchmarks.md with the machine it ran on,
next to the figures of the other scales already there.

The package owns all of it; the management command only reads the options. Modules:
- `run`: one whole run, in order, and the report it makes;
- `database`: the benchmark's database (created, emptied), COPY, the summary triggers
  switched off (also `create_database` for scripts/bench_import.py and load_test.py);
- `history`: the generated history (partners, rates, shipments, items) and its size;
- `measures`: the timed measures (baseline SQL, CSVs, pages) and the rounds they run in;
- `imports`: the timing of `import_shipments` in a process of its own;
- `checks`: the summary and the CSVs against the raw rows;
- `machine`: the machine the figures were measured on;
- `doc`: the figures rendered as Markdown and written into docs/benchmarks.md.
`run` imports the others; `history` and `imports` import `database`; no other imports
between them.
"""
