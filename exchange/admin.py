from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from exchange.audit.deletion import ExplainedDeletionAdmin
from exchange.programme.models import CulturalAgreement, Obligation
from exchange.programme.services import agreement_save, obligation_save
from exchange.rates.models import ExchangeRate
from exchange.rates.services import rate_delete, rate_save
from exchange.transfer.export_views import export_rates_csv, export_rates_xlsx

admin.site.site_header = _("Exchange-partner manager")
admin.site.site_title = _("Exchange administration")
admin.site.index_title = _("Administration")


class ObligationInline(admin.TabularInline):
    model = Obligation
    extra = 0
    fields = ["partner", "direction", "measure", "target", "period", "description"]
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
    search_fields = ["title", "reference", "summary", "countries"]
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
    search_fields = ["agreement__title", "agreement__reference", "partner__code", "description"]
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
