"""The shipment list's order, newest first by `shipment_date()`, as an index: without
it every page of the list sorted all the shipments (200 ms for 200,000), and its date
filters read every shipment of a status. PostgreSQL only: SQLite cannot index the
NULLS LAST order the list sorts in, so the index is not in the model's Meta."""

from django.db import migrations, models
from django.db.models.functions import Coalesce, TruncDate


def shipment_date_index() -> models.Index:
    # As `shipments.querysets.shipment_date()` (a migration keeps its own copy).
    step_date = models.Case(
        models.When(direction="outgoing", then=models.F("dispatched_on")),
        models.When(direction="incoming", then=models.F("received_on")),
        output_field=models.DateField(),
    )
    date = Coalesce(step_date, TruncDate("created_at"), output_field=models.DateField())
    return models.Index(
        date.desc(nulls_last=True),
        models.F("created_at").desc(),
        models.F("id").desc(),
        name="shipment_date_idx",
    )


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("shipments", "Shipment"), shipment_date_index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("shipments", "Shipment"), shipment_date_index())


class Migration(migrations.Migration):
    dependencies = [("shipments", "0002_index_counted_on_first")]

    operations = [migrations.RunPython(add_index, remove_index)]
