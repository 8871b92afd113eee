"""The exchange's home page and the offer list pages: list, create and edit, the entries
and who asked for what, adding titles from the stock, the steps, print and export."""

from collections import defaultdict

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView
from django_filters.views import FilterView

from exchange.core.identifiers import format_isbn, format_issn
from exchange.core.models import LibraryIdentity
from exchange.core.permissions import RoleRequiredMixin
from exchange.core.tables import FORMATS, INT, Column, table_content
from exchange.core.views import FilteredListMixin, ServiceFormMixin, file_response
from exchange.offers import services
from exchange.offers.list_forms import OfferListFilter, OfferListForm, StockChoiceFilter
from exchange.offers.models import (
    OfferLine,
    OfferList,
    PartnerOffer,
    Selection,
    SelectionLine,
    StockItem,
)
from partners.models import Kind


class OffersHomeView(RoleRequiredMixin, TemplateView):
    """The exchange's pages, with what waits on each."""

    permission_required = "exchange.view_offerlist"
    template_name = "offers/home.html"

    def get_context_data(self, **kwargs):
        selections = Selection.objects.aggregate(
            to_approve=Count("pk", filter=Q(status=Selection.Status.REQUESTED)),
            to_ship=Count("pk", filter=Q(status=Selection.Status.APPROVED)),
        )
        return super().get_context_data(
            open_lists=OfferList.objects.filter(status=OfferList.Status.OPEN).count(),
            partner_offers=PartnerOffer.objects.filter(status=PartnerOffer.Status.OPEN).count(),
            **selections,
            **kwargs,
        )


# Lists ------------------------------------------------------------------------------


class OfferListListView(RoleRequiredMixin, FilteredListMixin, FilterView):
    permission_required = "exchange.view_offerlist"
    filterset_class = OfferListFilter
    template_name = "offers/list_list.html"
    default_sort = "-date"

    def get_queryset(self):
        return OfferList.objects.annotate(
            title_count=Count("lines", distinct=True),
            selection_count=Count("selections", distinct=True),
        )


class OfferListFormMixin(ServiceFormMixin):
    model = OfferList
    form_class = OfferListForm
    template_name = "offers/list_form.html"

    def form_valid(self, form):
        self.partners = form.cleaned_data["partners"]
        return super().form_valid(form)

    def save_with(self, offer_list, user):
        return services.offer_list_save(offer_list=offer_list, partners=self.partners, user=user)


class OfferListCreateView(RoleRequiredMixin, OfferListFormMixin, CreateView):
    permission_required = "exchange.add_offerlist"
    success_message = gettext_lazy("The offer list %(reference)s was added: now add its titles.")

    def get_initial(self):
        return {"offered_on": timezone.localdate()}

    def get_success_url(self):
        return reverse("offers:list_titles", args=[self.object.pk])


class OfferListUpdateView(RoleRequiredMixin, OfferListFormMixin, UpdateView):
    permission_required = "exchange.change_offerlist"
    success_message = gettext_lazy("The offer list %(reference)s was saved.")


def audience(offer_list: OfferList) -> list[str]:
    """Whom the list is addressed to, in words (partners prefetched)."""
    words = []
    if offer_list.to_all_active:
        words.append(_("All active partners"))
    partners = [partner.code for partner in offer_list.partners.all()]
    if partners:
        words.append(_("Partners: %(codes)s") % {"codes": ", ".join(partners)})
    if offer_list.countries:
        names = ", ".join(str(country.name) for country in offer_list.countries)
        words.append(_("Partners in: %(countries)s") % {"countries": names})
    if offer_list.kind_codes:
        labels = dict(Kind.choices)
        kinds = ", ".join(str(labels.get(code, code)) for code in offer_list.kind_codes)
        words.append(_("Partners of the kinds: %(kinds)s") % {"kinds": kinds})
    return words


def copies_left(lines) -> tuple[dict[int, int], dict[int, int]]:
    """Per offer line: the copies taken (reserved or shipped), and those a partner can
    still get, of the list's offer and of the stock (two queries)."""
    taken = services.taken_by_line([line.pk for line in lines])
    available = dict(
        StockItem.objects.with_available()
        .filter(pk__in=[line.stock_item_id for line in lines])
        .values_list("pk", "available")
    )
    left = {
        line.pk: max(
            0, min(line.copies - taken.get(line.pk, 0), available.get(line.stock_item_id, 0))
        )
        for line in lines
    }
    return taken, left


class OfferListDetailView(RoleRequiredMixin, DetailView):
    """A list's entries with the copies taken, its audience and steps, and who asked
    for what."""

    permission_required = "exchange.view_offerlist"
    template_name = "offers/list_detail.html"
    context_object_name = "offer_list"

    def get_queryset(self):
        return OfferList.objects.prefetch_related("partners")

    def get_context_data(self, **kwargs):
        offer_list = self.object
        lines = list(
            offer_list.lines.select_related("stock_item").prefetch_related(
                Prefetch(
                    "selection_lines",
                    queryset=SelectionLine.objects.select_related("selection__partner").order_by(
                        "selection__placed_at", "pk"
                    ),
                )
            )
        )
        taken, left = copies_left(lines)
        rows = [
            {
                "line": line,
                "taken": taken.get(line.pk, 0),
                "left": left[line.pk],
                "asked": list(line.selection_lines.all()),
            }
            for line in lines
        ]
        selections = list(
            offer_list.selections.select_related("partner").annotate(
                reserved=Count("lines", filter=Q(lines__status=SelectionLine.Status.RESERVED)),
                refused=Count("lines", filter=Q(lines__status=SelectionLine.Status.REFUSED)),
                shipped=Count("lines", filter=Q(lines__status=SelectionLine.Status.SHIPPED)),
            )
        )
        by_partner = defaultdict(list)
        for selection in selections:
            by_partner[selection.partner].append(selection)
        partners = sorted(by_partner.items(), key=lambda pair: pair[0].code)
        return super().get_context_data(
            rows=rows,
            audience=audience(offer_list),
            partners=partners,
            **kwargs,
        )


class OfferListStepView(RoleRequiredMixin, View):
    """Open or close a list (POST); a refused step says why."""

    permission_required = "exchange.change_offerlist"
    http_method_names = ["post"]

    def post(self, request, pk, to):
        offer_list = get_object_or_404(OfferList, pk=pk)
        if to not in (OfferList.Status.OPEN, OfferList.Status.CLOSED):
            raise Http404
        try:
            offer_list = services.offer_list_step(offer_list=offer_list, to=to, user=request.user)
        except services.OfferError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The list %(reference)s is now %(status)s.")
                % {
                    "reference": offer_list.reference,
                    "status": offer_list.get_status_display().lower(),
                },
            )
        return HttpResponseRedirect(offer_list.get_absolute_url())


class OfferListTitlesView(RoleRequiredMixin, FilterView):
    """Add titles from the stock: the stock filtered, a checkbox and the copies to offer
    per title (all available unless changed)."""

    permission_required = "exchange.change_offerlist"
    filterset_class = StockChoiceFilter
    template_name = "offers/list_titles.html"
    paginate_by = 50
    strict = False

    def dispatch(self, request, *args, **kwargs):
        self.offer_list = get_object_or_404(OfferList, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET
        return kwargs

    def get_queryset(self):
        return (
            StockItem.objects.with_available()
            .exclude(offer_lines__offer_list=self.offer_list)
            .order_by("title", "pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            offer_list=self.offer_list, errors=getattr(self, "errors", []), **kwargs
        )

    def post(self, request, *args, **kwargs):
        chosen, self.errors = self.chosen(request.POST)
        if not self.errors and not chosen:
            self.errors = [_("Tick the titles to add.")]
        if not self.errors:
            try:
                lines = services.offer_list_add_titles(
                    offer_list=self.offer_list, copies=chosen, user=request.user
                )
            except services.OfferError as error:
                self.errors = error.messages
            else:
                messages.success(
                    request,
                    _("%(count)s titles were added to the list.") % {"count": len(lines)},
                )
                return HttpResponseRedirect(self.offer_list.get_absolute_url())
        return self.get(request, *args, **kwargs)

    def chosen(self, data) -> tuple[dict[int, int], list[str]]:
        """{stock id: copies} of the ticked titles, and what is wrong with them."""
        ids = list(dict.fromkeys(int(v) for v in data.getlist("title") if v.isdigit()))
        items = StockItem.objects.with_available().in_bulk(ids)
        chosen, errors = {}, []
        for stock_id in ids:
            item = items.get(stock_id)
            if item is None:
                errors.append(_("A title ticked is no longer in the stock."))
                continue
            text = data.get(f"copies_{stock_id}", "").strip()
            copies = int(text) if text.isdigit() else item.available
            if copies < 1 or copies > item.available:
                errors.append(
                    _("“%(title)s”: offer between 1 and %(available)s copies.")
                    % {"title": item.title, "available": item.available}
                    if item.available > 0
                    else _("“%(title)s”: no copy is available.") % {"title": item.title}
                )
                continue
            chosen[stock_id] = copies
        return chosen, errors


class ListLinesMixin:
    def get_queryset(self):
        return OfferList.objects.prefetch_related(
            Prefetch("lines", queryset=OfferLine.objects.select_related("stock_item"))
        )


class OfferListPrintView(RoleRequiredMixin, ListLinesMixin, DetailView):
    """The list as exchange offices send it, with a blank reply column."""

    permission_required = "exchange.view_offerlist"
    template_name = "offers/list_print.html"
    context_object_name = "offer_list"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            letter_library=LibraryIdentity.current(), letter_today=timezone.localdate(), **kwargs
        )


EXPORT_COLUMNS = [
    Column("number", kind=INT),
    Column("title"),
    Column("author"),
    Column("publisher"),
    Column("year", kind=INT),
    Column("isbn"),
    Column("issn"),
    Column("language"),
    Column("material_type"),
    Column("pages", kind=INT),
    Column("copies_offered", kind=INT),
    Column("copies_wanted", kind=INT),
]


def export_rows(offer_list: OfferList):
    for line in offer_list.lines.all():
        item = line.stock_item
        yield (
            line.number,
            item.title,
            item.author,
            item.publisher,
            item.year,
            format_isbn(item.isbn) if item.isbn else "",
            format_issn(item.issn) if item.issn else "",
            item.language,
            item.material_type,
            item.pages,
            line.copies,
            None,
        )


class OfferListExportView(RoleRequiredMixin, ListLinesMixin, DetailView):
    """The list's entries as CSV or XLSX, with an empty `copies_wanted` column for the
    partner's reply."""

    permission_required = "exchange.view_offerlist"

    def get(self, request, *args, fmt, **kwargs):
        if fmt not in FORMATS:
            raise Http404
        offer_list = self.get_object()
        content = table_content(
            EXPORT_COLUMNS, export_rows(offer_list), fmt, title=offer_list.reference
        )
        return file_response(content, fmt, f"offer_list_{offer_list.reference}.{fmt}")
