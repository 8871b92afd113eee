"""One search across the records staff look up: partners (by the partners' own search),
shipments (reference, tracking number, an item's title, ISBN or ISSN) and agreements
(title in either language, reference), each group counted with its first results and
a link to all of them in its list, which searches the same way. The box in the header
of every page leads here."""
