"""A shipment's columns in the import and export files (docs/domain.md), one row per item,
and the fields of an item that staff fill in."""

# A shipment's columns in the import and export files (docs/domain.md), one row per item:
# the shipment's columns, then the item's, in their order.
SHIPMENT_COLUMNS = (
    "reference",
    "direction",
    "partner_code",
    "status",
    "dispatched_on",
    "received_on",
    "method",
)


ITEM_COLUMNS = (
    "title",
    "author",
    "isbn",
    "issn",
    "material_type",
    "language",
    "year",
    "quantity",
    "pages",
    "unit_value",
    "currency",
)


SHIPMENT_IMPORT_COLUMNS = SHIPMENT_COLUMNS + ITEM_COLUMNS


# The fields staff fill in for an item: the file's columns and the publisher.
ITEM_FIELDS = (*ITEM_COLUMNS, "publisher")
