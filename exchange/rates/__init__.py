"""Exchange rates: the rate of each currency from a day on, and the rule of the rate in
effect (the latest valid-from on or before a day), written once for the ORM, for SQL and
for the checks that refuse a valued item without a rate; the rates' pages (every
currency with its rate in effect, its history and chart; administrators add, change and
delete rates through `rate_save` and `rate_delete`)."""
