"""The exchange of publications: the project package and the `exchange` Django app.

One package per capability, each owning its rules (docs/architecture.md is the map;
the allowed imports between them are the contracts of .importlinter, checked by
`make lint`):

- config: settings, the site's addresses, the WSGI and ASGI entry points;
- core: what every capability shares and that knows no app: ISO codes, ISBN and ISSN,
  regions, roles and permissions, the one CSV/XLSX writer, dates, user preferences;
- audit: the record kept: history, conflicts between two editors, deletion, backups;
- rates: exchange rates and the rate in effect;
- balance: the balance of exchange, its sums and the summary the triggers keep exact;
- programme: cultural agreements, their obligations and their fulfilment;
- claims: what staff chase: overdue shipments, silent partners, claims and replies;
- reports: the reports department heads read, their pages and downloads;
- transfer: imports and exports of partners, shipments and rates;
- dashboard: the home page of each role;
- demo, bench: demo data and the benchmark.

`partners` and `shipments` are apps of their own beside this package. The app's
Django modules (`models`, `admin`, `apps`, `migrations`, `management/commands`,
`templatetags`) stay at the top of the package, where Django looks for them; they only
register or call what the packages own.
"""
