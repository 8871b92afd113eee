"""The exchange stock's pages: the list (filtered, sorted, with the copies available),
a title's form (with "Fill in from our records"), the import and the export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import CreateView, FormView, UpdateView
from django_filters.views import FilterView

from exchange.core.codes import currency_choices, language_choices
from exchange.core.identifiers import clean_isbn
from exchange.core.permissions import RoleRequiredMixin
from exchange.core.tables import table_content
from exchange.core.views import FilteredListMixin, ServiceFormMixin, file_response
from exchange.offers import files, services
from exchange.offers.models import StockItem
from exchange.offers.stock_forms import StockFilter, StockItemForm, UploadForm, filled_in
from exchange.transfer.export_views import requested_format
from exchange.transfer.exports import export_filename
from shipments.known import known_description


class StockListView(RoleRequiredMixin, FilteredListMixin, FilterView):
    permission_required = "exchange.view_stockitem"
    filterset_class = StockFilter
    template_name = "offers/stock_list.html"
    default_sort = "title"

    def get_queryset(self):
        return StockItem.objects.with_available()


class StockFormMixin(ServiceFormMixin):
    model = StockItem
    form_class = StockItemForm
    template_name = "offers/stock_form.html"
    success_url = reverse_lazy("offers:stock_list")

    def save_with(self, item, user):
        return services.stock_save(item=item, user=user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            language_choices=language_choices(), currency_choices=currency_choices(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        if "fill" not in request.POST:
            return super().post(request, *args, **kwargs)
        self.object = self.get_object() if self.kwargs.get("pk") else None
        return self.render_to_response(self.get_context_data(form=self.filled_form()))

    def filled_form(self):
        """The form again, unsaved, with the description of our latest item of the typed
        ISBN in the fields left empty (a title typed is kept, so nothing is filled)."""
        data = self.request.POST
        values = filled_in(data, {})
        try:
            isbn = clean_isbn(data.get("isbn", ""))
        except ValidationError as error:
            messages.error(self.request, error.messages[0])
            isbn = ""
        else:
            if not isbn:
                messages.error(self.request, _("Type the ISBN first."))
        if isbn and values["title"].strip():
            messages.info(
                self.request,
                _("The title is already filled in: empty it to fill in the description."),
            )
        elif isbn:
            known = known_description(isbn=isbn)
            if known is None:
                messages.warning(
                    self.request,
                    _("Our records have no title with ISBN %(isbn)s: describe it by hand.")
                    % {"isbn": isbn},
                )
            else:
                values = {**filled_in(data, known), "isbn": isbn}
                messages.success(
                    self.request,
                    _("Filled in from shipment %(reference)s: check the description and save.")
                    % {"reference": known["source"]},
                )
        kwargs = self.get_form_kwargs()
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        kwargs["initial"] = values
        return self.get_form_class()(**kwargs)


class StockCreateView(RoleRequiredMixin, StockFormMixin, CreateView):
    permission_required = "exchange.add_stockitem"
    success_message = gettext_lazy("“%(title)s” was added to the exchange stock.")


class StockUpdateView(RoleRequiredMixin, StockFormMixin, UpdateView):
    permission_required = "exchange.change_stockitem"
    success_message = gettext_lazy("“%(title)s” was saved.")

    def get_queryset(self):
        return StockItem.objects.with_available()


class ImportPageMixin(RoleRequiredMixin):
    """An import of one file, all or nothing: every problem shown, nothing written
    unless there is none; "Check only" reads it and writes nothing."""

    form_class = UploadForm
    template_name = "offers/stock_import.html"
    title = ""
    columns: tuple = ()
    optional: tuple = ()
    list_url = ""

    def run(self, upload, *, dry_run: bool, encoding: str):
        raise NotImplementedError

    def done_message(self, count: int) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title,
            columns=self.columns,
            optional=self.optional,
            list_url=reverse(self.list_url),
            **kwargs,
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        dry_run = form.cleaned_data["dry_run"]
        result = self.run(upload, dry_run=dry_run, encoding=form.cleaned_data["encoding"])
        if result.problems:
            return self.render_to_response(self.get_context_data(form=form, result=result))
        if dry_run:
            messages.info(
                self.request,
                ngettext(
                    "The file is fine: %(n)d row would be imported. Nothing was written.",
                    "The file is fine: %(n)d rows would be imported. Nothing was written.",
                    result.items,
                )
                % {"n": result.items},
            )
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(self.request, self.done_message(result.items))
        return redirect(self.list_url)


class StockImportView(ImportPageMixin, FormView):
    permission_required = "exchange.add_stockitem"
    title = gettext_lazy("Import exchange stock")
    columns = files.STOCK_COLUMNS
    optional = files.STOCK_OPTIONAL
    list_url = "offers:stock_list"

    def run(self, upload, *, dry_run, encoding):
        return files.import_stock(
            upload, upload.name, user=self.request.user, dry_run=dry_run, encoding=encoding
        )

    def done_message(self, count):
        return ngettext(
            "%(n)d title was added to the exchange stock.",
            "%(n)d titles were added to the exchange stock.",
            count,
        ) % {"n": count}


class StockExportView(RoleRequiredMixin, View):
    """The stock list's titles (same filters and order) in the import's columns."""

    permission_required = "exchange.view_stockitem"

    def get(self, request):
        fmt = requested_format(request)
        items = StockFilter(request.GET, queryset=StockItem.objects.with_available()).qs
        rows = (files.stock_values(item) for item in items.iterator(chunk_size=1000))
        content = table_content(files.stock_columns(), rows, fmt, title=_("Exchange stock"))
        return file_response(content, fmt, export_filename("exchange-stock", fmt))
