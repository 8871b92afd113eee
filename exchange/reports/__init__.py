"""The balance-of-exchange reports that department heads read.

Each report is a module that builds a `Table` (exchange.reports.tables); the views
show it, print it and export it through the one writer (exchange.core.tables).

- `balance_table`: every partner that matches the filters, with the imbalance flags;
- `partner_years_table`: one partner year by year from its first counted year, with the
  running cumulative balance (a line in the chart) and this year marked as partial;
- `summary_table`: by country, UN M49 region or sub-region, or institution kind, with
  the number of partners, active partners and partners exchanging in the period;
- `trends_table`: the whole exchange per year;
- `cost_table`: what the exchange costs per partner or country, next to what came in;
- `most_unbalanced`: the partners most out of balance, for the dashboard.

Every figure comes from `exchange.balance` (the rules of docs/domain.md) as database
aggregation, a fixed number of queries whatever the number of partners, shipments and
items; Python only merges and sorts aggregated rows.

Decisions where the contract is silent (docs/domain.md):
- A totals row (and a summary group) is summed exactly and rounded once, like any
  other sum, so it agrees with the same figures in the other reports; it may differ by
  a cent from adding up the rounded rows above it.
- The cumulative balance of a year is the balance of the span from the first year to
  that year (rounded sent − rounded received over the span).
- Costs are `postage_cost + other_cost` of outgoing shipments dispatched in the period,
  including those later lost or returned (the postage was paid), dated by their
  dispatch date. Costs recorded on incoming shipments are not counted.
- The measures shown are the reader's choice (`?measures=`); none chosen is the
  partner's basis measure on its own report, the basis filtered on elsewhere (items
  without one). Pages and XLSX show those; the CSVs keep every column (docs/domain.md).
- Flags compare the measure of the partner's exchange basis (piece → items, page →
  pages, value → value; items when unset) and leave gift (one-way) exchanges alone.
"""
