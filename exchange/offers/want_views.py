"""Our wants' pages: the list, a want's form, the import and the export, and the lines
of partners' open offers that are titles we want."""

from django.contrib.messages.views import SuccessMessageMixin
from django.core.paginator import Paginator
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import CreateView, FormView, TemplateView, UpdateView
from django_filters.views import FilterView

from exchange.core.permissions import RoleRequiredMixin
from exchange.core.tables import table_content
from exchange.core.views import FilteredListMixin, file_response
from exchange.offers import files
from exchange.offers.models import Want
from exchange.offers.queries import wanted_on_offer
from exchange.offers.stock_forms import WantFilter, WantForm
from exchange.offers.stock_views import ImportPageMixin
from exchange.transfer.export_views import requested_format
from exchange.transfer.exports import export_filename


class WantListView(RoleRequiredMixin, FilteredListMixin, FilterView):
    permission_required = "exchange.view_want"
    filterset_class = WantFilter
    template_name = "offers/want_list.html"
    default_sort = "title"

    def get_queryset(self):
        return Want.objects.all()


class WantFormMixin(SuccessMessageMixin):
    """A want is one row, saved by its form (the model's check validated with it); its
    history records the user through simple_history's request middleware."""

    model = Want
    form_class = WantForm
    template_name = "offers/want_form.html"
    success_url = reverse_lazy("offers:want_list")

    def get_success_message(self, cleaned_data) -> str:
        return self.success_message % {"want": str(self.object)}


class WantCreateView(RoleRequiredMixin, WantFormMixin, CreateView):
    permission_required = "exchange.add_want"
    success_message = gettext_lazy("“%(want)s” was added to the wants.")


class WantUpdateView(RoleRequiredMixin, WantFormMixin, UpdateView):
    permission_required = "exchange.change_want"
    success_message = gettext_lazy("“%(want)s” was saved.")


class WantImportView(ImportPageMixin, FormView):
    permission_required = "exchange.add_want"
    title = gettext_lazy("Import wants")
    columns = files.WANT_COLUMNS
    list_url = "offers:want_list"
    template_name = "offers/want_import.html"

    def run(self, upload, *, dry_run, encoding):
        return files.import_wants(
            upload, upload.name, user=self.request.user, dry_run=dry_run, encoding=encoding
        )

    def done_message(self, count):
        return ngettext("%(n)d want was imported.", "%(n)d wants were imported.", count) % {
            "n": count
        }


class WantExportView(RoleRequiredMixin, View):
    """The want list (same filters and order) in the import's columns."""

    permission_required = "exchange.view_want"

    def get(self, request):
        fmt = requested_format(request)
        wants = WantFilter(request.GET, queryset=Want.objects.all()).qs
        rows = (files.want_values(want) for want in wants.iterator(chunk_size=1000))
        content = table_content(files.want_columns(), rows, fmt, title=_("Wants"))
        return file_response(content, fmt, export_filename("wants", fmt))


class WantsOnOfferView(RoleRequiredMixin, TemplateView):
    """The titles we want that partners offer us now (their offers still open)."""

    permission_required = ("exchange.view_want", "exchange.view_partneroffer")
    template_name = "offers/wants_on_offer.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        page = Paginator(wanted_on_offer(), self.paginate_by).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            rows=page.object_list,
            **kwargs,
        )
