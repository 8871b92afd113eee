from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from simple_history.admin import SimpleHistoryAdmin

from exchange.audit.deletion import ExplainedDeletionAdmin
from partners.models import Address, Contact, Partner
from partners.services import partner_parts_save, partner_save


class AddressInline(admin.StackedInline):
    model = Address
    extra = 0
    fields = [("kind", "recipient"), "lines", ("city", "postcode", "country")]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["name", "role", "role_zh", "email", "phone", "language"]


@admin.register(Partner)
class PartnerAdmin(ExplainedDeletionAdmin, SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "name_zh",
        "name_original",
        "kind",
        "country",
        "city",
        "status",
        "exchange_basis",
        "exchange_since",
        "shipment_count",
    ]
    list_display_links = ["code", "name"]
    list_filter = [("country", CountryFilter), "kind", "status", "exchange_basis"]
    search_fields = ["code", "name", "name_zh", "name_original", "city", "city_zh"]
    ordering = ["code"]
    list_per_page = 50
    inlines = [AddressInline, ContactInline]
    readonly_fields = ["created_at", "updated_at", "version"]
    fieldsets = [
        (None, {"fields": ["code", ("name", "name_zh", "name_original"), ("kind", "status")]}),
        (_("Where"), {"fields": [("country", "city", "city_zh"), "website", "email"]}),
        (_("Exchange"), {"fields": [("exchange_since", "exchange_basis"), "notes"]}),
        (_("Record"), {"fields": [("created_at", "updated_at", "version")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_shipment_count=Count("shipments"))

    def save_model(self, request, obj, form, change):
        # Moves the version on: a page's edit form opened before this save is then
        # refused, not let undo it.
        partner_save(partner=obj, version=obj.version if change else None, user=request.user)

    def save_formset(self, request, form, formset, change):
        partner_parts_save(formset=formset)

    @admin.display(description=_("shipments"), ordering="_shipment_count")
    def shipment_count(self, partner):
        return partner._shipment_count


@admin.register(Address)
class AddressAdmin(SimpleHistoryAdmin):
    list_display = ["partner", "kind", "city", "country"]
    list_select_related = ["partner"]
    list_filter = ["kind", ("country", CountryFilter)]
    search_fields = ["partner__code", "partner__name", "lines", "city"]
    autocomplete_fields = ["partner"]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partner", "role", "email", "phone", "language"]
    list_select_related = ["partner"]
    search_fields = ["name", "email", "partner__code", "partner__name", "partner__name_original"]
    autocomplete_fields = ["partner"]
