from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult
from simple_history.admin import SimpleHistoryAdmin

from exchange.audit.deletion import ExplainedDeletionAdmin
from exchange.core.models import LibraryIdentity, UserPreference
from exchange.offers.models import (
    OfferLine,
    OfferList,
    PartnerOffer,
    Selection,
    SelectionLine,
    StockItem,
    Want,
)
from exchange.offers.services import stock_save
from exchange.programme.models import OBLIGATION_FIELDS, CulturalAgreement, Obligation
from exchange.programme.services import agreement_save, obligation_save
from exchange.rates.models import ExchangeRate
from exchange.rates.services import rate_delete, rate_save
from exchange.transfer.export_views import export_rates_csv, export_rates_xlsx

admin.site.site_header = _("Exchange-partner manager")
admin.site.site_title = _("Exchange administration")
admin.site.index_title = _("Administration")

# The task queue's own rows are the worker's business; people follow their jobs on the
# application's pages.
admin.site.unregister(DBTaskResult)


class ObligationInline(admin.TabularInline):
    model = Obligation
    extra = 0
    fields = OBLIGATION_FIELDS
    autocomplete_fields = ["partner"]


@admin.register(CulturalAgreement)
class CulturalAgreementAdmin(ExplainedDeletionAdmin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "kind",
        "reference",
        "country_codes",
        "signed_on",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["kind", "valid_to"]
    search_fields = ["title", "title_zh", "reference", "summary", "countries"]
    date_hierarchy = "signed_on"
    ordering = ["-valid_from", "title"]
    inlines = [ObligationInline]

    def save_model(self, request, obj, form, change):
        agreement_save(agreement=obj, user=request.user)

    @admin.display(description=_("countries"))
    def country_codes(self, agreement):
        return ", ".join(country.code for country in agreement.countries)


@admin.register(Obligation)
class ObligationAdmin(ExplainedDeletionAdmin, SimpleHistoryAdmin):
    list_display = ["agreement", "partner", "direction", "measure", "target", "period"]
    list_select_related = ["agreement", "partner"]
    list_filter = ["direction", "measure", "period"]
    search_fields = [
        "agreement__title",
        "agreement__title_zh",
        "agreement__reference",
        "partner__code",
        "description",
        "description_zh",
    ]
    autocomplete_fields = ["agreement", "partner"]

    def save_model(self, request, obj, form, change):
        obligation_save(obligation=obj, user=request.user)


@admin.register(ExchangeRate)
class ExchangeRateAdmin(SimpleHistoryAdmin):
    actions = [export_rates_csv, export_rates_xlsx]
    list_display = ["currency", "valid_from", "rate"]
    list_filter = ["currency"]
    search_fields = ["currency"]
    date_hierarchy = "valid_from"
    ordering = ["currency", "-valid_from"]

    def save_model(self, request, obj, form, change):
        rate_save(rate=obj, user=request.user)

    def delete_model(self, request, obj):
        rate_delete(rate=obj, user=request.user)


@admin.register(LibraryIdentity)
class LibraryIdentityAdmin(admin.ModelAdmin):
    """One row: the list opens it, nothing is added beside it or deleted."""

    fieldsets = [
        (_("Names"), {"fields": [("name", "name_zh"), ("department", "department_zh")]}),
        (
            _("Addresses"),
            {
                "fields": [
                    ("postal_address", "postal_address_zh"),
                    ("shipping_address", "shipping_address_zh"),
                    ("email", "telephone"),
                ]
            },
        ),
        (
            _("Who signs the letters"),
            {
                "fields": [
                    "dispatch_note_signatory",
                    "acknowledgement_signatory",
                    "claim_signatory",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not LibraryIdentity.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if not LibraryIdentity.objects.filter(pk=1).exists():
            LibraryIdentity.default().save()
        return redirect("admin:exchange_libraryidentity_change", 1)


class PreferenceInline(admin.StackedInline):
    model = UserPreference
    can_delete = False
    fields = [("name_zh",), ("title", "title_zh"), "language", "overdue_digest"]
    verbose_name_plural = _("Name and title on letters")


admin.site.unregister(User)


@admin.register(User)
class LibraryUserAdmin(UserAdmin):
    inlines = [PreferenceInline]


# The exchange (exchange.offers): stock and wants kept here too; selections only seen,
# as their steps (reservation, approval, shipping) belong to exchange.offers.services.


@admin.register(StockItem)
class StockItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "isbn", "subject", "copies"]
    search_fields = ["title", "isbn", "issn", "author", "subject"]
    list_filter = ["material_type", "language"]

    def save_model(self, request, obj, form, change):
        stock_save(item=obj, user=request.user)


class OfferLineInline(admin.TabularInline):
    model = OfferLine
    extra = 0
    autocomplete_fields = ["stock_item"]


@admin.register(OfferList)
class OfferListAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "offered_on", "status"]
    list_filter = ["status"]
    search_fields = ["reference", "title", "title_zh"]
    inlines = [OfferLineInline]
    filter_horizontal = ["partners"]


class SelectionLineInline(admin.TabularInline):
    model = SelectionLine
    extra = 0
    can_delete = False
    readonly_fields = ["offer_line", "requested", "copies", "available_then", "status"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Selection)
class SelectionAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "partner", "offer_list", "status", "placed_at"]
    list_filter = ["status", "source"]
    inlines = [SelectionLineInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(PartnerOffer)
class PartnerOfferAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partner", "received_on", "status"]
    list_filter = ["status"]
    autocomplete_fields = ["partner"]


@admin.register(Want)
class WantAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "isbn", "issn", "year", "subject", "country"]
    search_fields = ["title", "isbn", "issn", "author", "subject"]
