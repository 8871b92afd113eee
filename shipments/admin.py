from django.contrib import admin
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from simple_history.admin import SimpleHistoryAdmin

from exchange.audit.deletion import ExplainedDeletionAdmin
from shipments.columns import ITEM_FIELDS
from shipments.items import ShipmentItem
from shipments.models import Shipment
from shipments.steps import ShipmentEvent


class CountedYearFilter(admin.SimpleListFilter):
    title = _("year counted")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            Shipment.objects.counted()
            .annotate(y=ExtractYear("counted_on"))
            .values_list("y", flat=True)
            .distinct()
            .order_by("-y")
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(counted_on__year=int(self.value()))
        return queryset


class PartnerCountryFilter(CountryFilter):
    title = _("partner's country")


class ShipmentItemInline(admin.TabularInline):
    model = ShipmentItem
    extra = 0
    fields = ITEM_FIELDS


class ShipmentEventInline(admin.TabularInline):
    model = ShipmentEvent
    extra = 0
    fields = ["status", "on", "at", "user", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Shipment)
class ShipmentAdmin(ExplainedDeletionAdmin, SimpleHistoryAdmin):
    list_display = [
        "reference",
        "direction",
        "partner",
        "status",
        "dispatched_on",
        "received_on",
        "method",
        "item_total",
        "title_total",
    ]
    list_select_related = ["partner"]
    list_filter = [
        "direction",
        "status",
        "method",
        CountedYearFilter,
        ("partner__country", PartnerCountryFilter),
        "partner__kind",
    ]
    search_fields = [
        "reference",
        "partner__code",
        "partner__name",
        "partner__name_original",
        "tracking_number",
        "=items__isbn",
        "items__title",
    ]
    autocomplete_fields = ["partner", "obligation"]
    date_hierarchy = "counted_on"
    ordering = ["-created_at"]
    list_per_page = 50
    show_full_result_count = False
    inlines = [ShipmentItemInline, ShipmentEventInline]
    readonly_fields = ["counted_on", "totals", "created_by", "created_at", "updated_at", "version"]
    fieldsets = [
        (None, {"fields": [("reference", "direction", "partner"), ("status", "obligation")]}),
        (
            _("Dates"),
            {
                "fields": [
                    ("expected_on", "packed_on", "dispatched_on", "delivered_on"),
                    ("received_on", "acknowledged_on", "cancelled_on", "lost_on", "returned_on"),
                    "counted_on",
                ]
            },
        ),
        (
            _("Dispatch"),
            {
                "fields": [
                    ("method", "tracking_number"),
                    ("parcels", "weight_kg", "postage_cost", "other_cost"),
                ]
            },
        ),
        (_("Totals"), {"fields": ["totals"]}),
        (_("Record"), {"fields": ["notes", ("created_by", "created_at", "updated_at", "version")]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_items=Sum("items__quantity"), _titles=Count("items"))
        )

    def save_model(self, request, obj, form, change):
        if change:
            # A page's edit form opened before this save is then refused, not let undo it.
            obj.version += 1
        super().save_model(request, obj, form, change)

    @admin.display(description=_("items"), ordering="_items")
    def item_total(self, shipment):
        return shipment._items or 0

    @admin.display(description=_("titles"), ordering="_titles")
    def title_total(self, shipment):
        return shipment._titles

    @admin.display(description=_("totals"))
    def totals(self, shipment):
        from shipments.totals import shipment_totals

        totals = shipment_totals(shipment)
        values = ", ".join(f"{amount} {code}" for code, amount in totals["values"].items())
        return _("%(items)s items, %(titles)s titles, %(pages)s pages; value %(values)s") % {
            "items": totals["items"],
            "titles": totals["titles"],
            "pages": totals["pages"],
            "values": values or "0",
        }


@admin.register(ShipmentItem)
class ShipmentItemAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "shipment",
        "isbn",
        "material_type",
        "language",
        "quantity",
        "pages",
        "unit_value",
        "currency",
    ]
    list_select_related = ["shipment"]
    list_filter = ["material_type", "currency"]
    search_fields = ["title", "author", "=isbn", "=issn", "shipment__reference"]
    raw_id_fields = ["shipment"]
    show_full_result_count = False
