"""The selection pages: the list, recording a partner's selection on its behalf (with
its balance with us beside), a selection with its approvals and what shipping it would
do to the balance, and its actions (approve, decline, ship, withdraw a line)."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from exchange.balance.sums import partner_balances
from exchange.balance.totals import Period
from exchange.core.permissions import RoleRequiredMixin
from exchange.core.views import FilteredListMixin
from exchange.offers import services
from exchange.offers.list_forms import DeclineForm, SelectionFilter, SelectionForm
from exchange.offers.list_views import copies_left
from exchange.offers.models import OfferList, Selection, SelectionLine
from partners.models import Partner

VIEW = "exchange.view_selection"
ADD = "exchange.add_selection"
CHANGE = services.STAFF_PERMISSION
HEAD = services.HEAD_PERMISSION


class SelectionListView(RoleRequiredMixin, FilteredListMixin, FilterView):
    permission_required = VIEW
    filterset_class = SelectionFilter
    template_name = "offers/selection_list.html"
    default_sort = "-placed"

    def get_queryset(self):
        reserved = Q(lines__status=SelectionLine.Status.RESERVED)
        return Selection.objects.select_related("partner", "offer_list").annotate(
            line_count=Count("lines"),
            reserved_lines=Count("lines", filter=reserved),
            reserved_copies=Sum("lines__copies", filter=reserved),
        )


def balances(partner: Partner) -> list[tuple[str, object]]:
    """The partner's balance with us, all time and this year: (label, Balance)."""
    year = timezone.localdate().year
    partners = Partner.objects.filter(pk=partner.pk)
    return [
        (_("All time"), partner_balances(partners, Period())[0]),
        (str(year), partner_balances(partners, Period.year(year))[0]),
    ]


class SelectionCreateView(RoleRequiredMixin, FormView):
    """Staff record a partner's selection from a letter, an e-mail or a reply form; the
    partner's balance shows once it is chosen (`?partner=CODE`)."""

    permission_required = ADD
    form_class = SelectionForm
    template_name = "offers/selection_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.offer_list = get_object_or_404(OfferList, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        lines = list(self.offer_list.lines.select_related("stock_item"))
        return {**super().get_form_kwargs(), "lines": lines}

    def get_initial(self):
        code = self.request.GET.get("partner", "").replace("\x00", "").strip()
        return {"partner": code} if code else {}

    def chosen_partner(self, form) -> Partner | None:
        code = form["partner"].value()
        if not code:
            return None
        return form.fields["partner"].queryset.filter(code=code).first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(offer_list=self.offer_list, **kwargs)
        partner = self.chosen_partner(context["form"])
        context["partner"] = partner
        context["balance_periods"] = balances(partner) if partner else []
        form = context["form"]
        _taken, left = copies_left(form.lines)
        context["rows"] = [(line, field, left[line.pk]) for line, field in form.line_fields()]
        return context

    def form_valid(self, form):
        asked = [services.Asked(line, copies) for line, copies in form.asked()]
        try:
            selection = services.place_selection(
                offer_list=self.offer_list,
                partner=form.cleaned_data["partner"],
                asked=asked,
                source=form.cleaned_data["source"],
                note=form.cleaned_data["note"],
                user=self.request.user,
            )
        except services.OfferError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        lines = list(selection.lines.select_related("offer_line__stock_item"))
        reserved = [line for line in lines if line.status == SelectionLine.Status.RESERVED]
        refused = [line for line in lines if line.status == SelectionLine.Status.REFUSED]
        message = _("%(reserved)s lines reserved, %(refused)s refused.") % {
            "reserved": len(reserved),
            "refused": len(refused),
        }
        if refused:
            details = "; ".join(
                _("entry %(number)s: %(asked)s asked, %(available)s available")
                % {
                    "number": line.offer_line.number,
                    "asked": line.requested,
                    "available": line.available_then,
                }
                for line in refused
            )
            message = f"{message} {details}."
            messages.warning(self.request, message)
        else:
            messages.success(self.request, message)
        return HttpResponseRedirect(selection.get_absolute_url())


@dataclass(frozen=True)
class Effect:
    """A measure of the balance now and after shipping the selection."""

    label: str
    now: object
    after: object


def balance_effect(selection: Selection, lines, value: Decimal | None) -> list[Effect]:
    """What shipping the reserved copies would add to what we sent the partner."""
    reserved = [line for line in lines if line.status == SelectionLine.Status.RESERVED]
    items = sum(line.copies for line in reserved)
    pages = sum(line.copies * line.offer_line.stock_item.pages for line in reserved)
    now = partner_balances(Partner.objects.filter(pk=selection.partner_id), Period())[0]
    value_after = None if value is None else now.value_balance + value
    return [
        Effect(_("Items"), now.items_balance, now.items_balance + items),
        Effect(_("Pages"), now.pages_balance, now.pages_balance + pages),
        Effect(
            _("Value (%(currency)s)") % {"currency": settings.EXCHANGE_BASE_CURRENCY},
            now.value_balance,
            value_after,
        ),
    ]


class SelectionDetailView(RoleRequiredMixin, DetailView):
    permission_required = VIEW
    template_name = "offers/selection_detail.html"
    context_object_name = "selection"

    def get_queryset(self):
        return Selection.objects.select_related(
            "partner", "offer_list", "placed_by", "approved_by", "head_approved_by", "shipment"
        )

    def get_context_data(self, **kwargs):
        selection = self.object
        user = self.request.user
        lines = list(selection.lines.select_related("offer_line__stock_item"))
        value = services.selection_value(selection)
        head_needed = services.needs_head(selection)
        requested = selection.status == Selection.Status.REQUESTED
        staff_may_approve = user.has_perm(CHANGE) and selection.approved_by_id is None
        head_may_approve = (
            head_needed and user.has_perm(HEAD) and selection.head_approved_by_id is None
        )
        not_done = selection.status in (Selection.Status.REQUESTED, Selection.Status.APPROVED)
        return super().get_context_data(
            lines=lines,
            value=value,
            head_needed=head_needed,
            threshold=settings.EXCHANGE_APPROVAL_THRESHOLD,
            effect=balance_effect(selection, lines, value),
            may_approve=requested and (staff_may_approve or head_may_approve),
            may_decline=not_done and user.has_perm(CHANGE),
            may_ship=selection.status == Selection.Status.APPROVED and user.has_perm(CHANGE),
            may_withdraw=requested and user.has_perm(CHANGE),
            decline_form=DeclineForm(),
            **kwargs,
        )


class SelectionActionView(RoleRequiredMixin, View):
    """approve, decline or ship (POST). Staff may do all three; a department head only
    approve. The service is the real check: a refusal is a message, a missing right 403."""

    http_method_names = ["post"]
    actions = ("approve", "decline", "ship")

    def has_permission(self):
        user = self.request.user
        if self.kwargs["action"] == "approve":
            return user.has_perm(CHANGE) or user.has_perm(HEAD)
        return user.has_perm(CHANGE)

    def dispatch(self, request, *args, **kwargs):
        if kwargs["action"] not in self.actions:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk, action):
        selection = get_object_or_404(Selection, pk=pk)
        try:
            done = getattr(self, action)(selection)
        except services.OfferError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
        return HttpResponseRedirect(selection.get_absolute_url())

    def approve(self, selection) -> str:
        selection = services.approve(selection=selection, user=self.request.user)
        if selection.status == Selection.Status.APPROVED:
            return _("The selection is approved.")
        return _("Your approval is recorded; the selection awaits another approval.")

    def decline(self, selection) -> str:
        form = DeclineForm(self.request.POST)
        if not form.is_valid():
            raise services.OfferError(form.errors["reason"])
        services.decline(
            selection=selection, user=self.request.user, note=form.cleaned_data["reason"]
        )
        return _("The selection is declined; its copies are free again.")

    def ship(self, selection) -> str:
        shipment = services.ship(selection=selection, user=self.request.user)
        return _("The draft shipment %(reference)s was made from the selection.") % {
            "reference": shipment.reference
        }


class WithdrawLineView(RoleRequiredMixin, View):
    """Withdraw a reserved line for the partner, until the selection is approved."""

    permission_required = CHANGE
    http_method_names = ["post"]

    def post(self, request, pk):
        line = get_object_or_404(SelectionLine.objects.select_related("selection"), pk=pk)
        try:
            services.withdraw_line(line=line, user=request.user)
        except services.OfferError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The line was withdrawn; its copies are free again."))
        return HttpResponseRedirect(line.selection.get_absolute_url())
