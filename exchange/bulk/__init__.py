"""Acting on many shipments at once, from the shipment list and the claims lists
(to confirm, overdue): the selection (rows chosen, or every shipment matching the
list's filters, counted again when the action runs), the confirmation, the result
(what was done, what was refused and why). The actions are the owners' services:
`shipments.bulk` (acknowledging), `exchange.claims.bulk` (claims and their letters),
`shipments.letters` (dispatch notes, acknowledgements), `exchange.transfer.exports`."""
