"""The balance of exchange (docs/domain.md): which shipments count, the measures sent and
received and their balance, their rounding; the sums in the database, the summary kept
exact by triggers, and the balance CSV. Every page, export, command and the dashboard
get their numbers from here.

Modules, lowest first: totals (the figures and rounding), sql (the summary's SQL),
triggers (installing it, frozen into migrations), summary (which questions the
summary answers), sums (the sums), unrated (values left without a rate), rebuild (the
summary from the raw rows), export (the balance CSV and XLSX).
"""
