from django.conf import settings
from django.contrib import messages
from django.contrib.messages.views import SuccessMessageMixin
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView
from django_filters.views import FilterView

from exchange import claims, dashboard
from exchange.filters import AgreementFilter, ClaimFilter
from exchange.forms import (
    AgreementForm,
    ClaimForm,
    ClaimReplyForm,
    ObligationForm,
    ObligationListForm,
)
from exchange.fulfilment import agreement_years, fulfilments, fulfilments_in_year
from exchange.fulfilment import obligations_in_year as obligations_of_year
from exchange.history import agreement_history, history_admin_url
from exchange.models import CulturalAgreement, Obligation
from exchange.permissions import RoleRequiredMixin
from exchange.preferences import letter_context, letter_language
from partners.models import Contact, Partner
from shipments.models import Claim, Shipment


class DashboardView(RoleRequiredMixin, TemplateView):
    """The home page: one section per role the user holds."""

    permission_required = ()
    template_name = "exchange/dashboard.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            today=today, sections=dashboard.sections_for(self.request.user, today), **kwargs
        )


# Agreements ------------------------------------------------------------------------


class AgreementListView(RoleRequiredMixin, FilterView):
    permission_required = "exchange.view_culturalagreement"
    filterset_class = AgreementFilter
    template_name = "exchange/agreement_list.html"
    paginate_by = 50

    def get_queryset(self):
        return CulturalAgreement.objects.annotate(obligation_count=Count("obligations")).order_by(
            "-valid_from", "title", "pk"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class AgreementDetailView(RoleRequiredMixin, DetailView):
    """An agreement, its partners, and its obligations' fulfilment year by year."""

    permission_required = "exchange.view_culturalagreement"
    model = CulturalAgreement
    context_object_name = "agreement"
    template_name = "exchange/agreement_detail.html"

    def get_context_data(self, **kwargs):
        agreement = self.object
        today = timezone.localdate()
        years = agreement_years(agreement, today)
        year = _chosen_year(self.request, years)
        obligations = list(
            agreement.obligations.select_related("agreement", "partner").order_by("id")
        )
        found = fulfilments(obligations, years, today)
        rows = [
            {
                "obligation": obligation,
                "fulfilment": found.get((obligation.pk, year)),
                "history": [found[(obligation.pk, y)] for y in years],
            }
            for obligation in obligations
        ]
        codes = [country.code for country in agreement.countries]
        partners = Partner.objects.filter(country__in=codes).order_by("country", "code")
        return super().get_context_data(
            today=today,
            years=years,
            year=year,
            rows=rows,
            partners=partners,
            history=agreement_history(agreement),
            history_admin_url=history_admin_url(self.request.user, agreement),
            **kwargs,
        )


def _chosen_year(request, years: list[int]) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return years[0]
    return year if year in years else years[0]


class AgreementCreateView(RoleRequiredMixin, SuccessMessageMixin, CreateView):
    permission_required = "exchange.add_culturalagreement"
    model = CulturalAgreement
    form_class = AgreementForm
    template_name = "exchange/agreement_form.html"
    success_message = gettext_lazy("The agreement “%(title)s” was added.")


class AgreementUpdateView(RoleRequiredMixin, SuccessMessageMixin, UpdateView):
    permission_required = "exchange.change_culturalagreement"
    model = CulturalAgreement
    form_class = AgreementForm
    template_name = "exchange/agreement_form.html"
    success_message = gettext_lazy("The agreement “%(title)s” was saved.")


# Obligations -----------------------------------------------------------------------


class ObligationFormMixin(SuccessMessageMixin):
    model = Obligation
    form_class = ObligationForm
    template_name = "exchange/obligation_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "agreement": self.agreement}

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreement=self.agreement, **kwargs)

    def get_success_url(self):
        return f"{self.agreement.get_absolute_url()}#obligation-{self.object.pk}"


class ObligationCreateView(RoleRequiredMixin, ObligationFormMixin, CreateView):
    permission_required = "exchange.add_obligation"
    success_message = gettext_lazy("The obligation was added.")

    def dispatch(self, request, *args, **kwargs):
        self.agreement = get_object_or_404(CulturalAgreement, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class ObligationUpdateView(RoleRequiredMixin, ObligationFormMixin, UpdateView):
    permission_required = "exchange.change_obligation"
    success_message = gettext_lazy("The obligation was saved.")

    def get_queryset(self):
        return Obligation.objects.select_related("agreement", "partner")

    def get_object(self, queryset=None):
        obligation = super().get_object(queryset)
        self.agreement = obligation.agreement
        return obligation


class ObligationListView(RoleRequiredMixin, TemplateView):
    """Every obligation of a year with its fulfilment: what a ministry asks about."""

    permission_required = "exchange.view_obligation"
    template_name = "exchange/obligation_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        years = list(range(today.year, today.year - 10, -1))
        form = ObligationListForm(self.request.GET or None, years=years)
        choices = form.cleaned_data if form.is_valid() else {}
        year = choices.get("year") or today.year
        state, direction = choices.get("state"), choices.get("direction")
        obligations = obligations_of_year(year)
        if direction:
            obligations = obligations.filter(direction=direction)
        rows = fulfilments_in_year(obligations, year, today)
        if state:
            rows = [row for row in rows if row.state == state]
        return super().get_context_data(form=form, year=year, rows=rows, today=today, **kwargs)


# Claims ----------------------------------------------------------------------------


class ToClaimView(RoleRequiredMixin, TemplateView):
    permission_required = "shipments.view_claim"
    template_name = "exchange/claim_to_claim.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            overdue=list(claims.overdue_incoming(today)),
            silent=list(claims.silent_partners(today)),
            months=settings.EXCHANGE_CLAIM_AFTER_MONTHS,
            window_start=claims.claim_window_start(today),
            **kwargs,
        )


class ToConfirmView(RoleRequiredMixin, ListView):
    """Outgoing shipments never acknowledged, the most recently dispatched first."""

    permission_required = "shipments.view_claim"
    template_name = "exchange/claim_to_confirm.html"
    context_object_name = "shipments"
    paginate_by = 50

    def get_queryset(self):
        self.today = timezone.localdate()
        return claims.to_confirm(self.today)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            days=settings.EXCHANGE_CONFIRM_AFTER_DAYS,
            cutoff=claims.confirm_cutoff(self.today),
            **kwargs,
        )


class ClaimListView(RoleRequiredMixin, FilterView):
    permission_required = "shipments.view_claim"
    filterset_class = ClaimFilter
    template_name = "exchange/claim_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Claim.objects.select_related("partner", "shipment", "created_by").order_by(
            "-claimed_on", "-id"
        )


class ClaimCreateView(RoleRequiredMixin, CreateView):
    """Record a claim; the to-claim lists link here with the partner and shipment."""

    permission_required = "shipments.add_claim"
    model = Claim
    form_class = ClaimForm
    template_name = "exchange/claim_form.html"

    def get_initial(self):
        initial = super().get_initial()
        # PostgreSQL refuses a NUL in a query; these only prefill the form, so drop it.
        reference = self.request.GET.get("shipment", "").replace("\x00", "")
        code = self.request.GET.get("partner", "").replace("\x00", "")
        shipment = Shipment.objects.select_related("partner").filter(reference=reference).first()
        partner = shipment.partner if shipment else None
        if partner is None and code:
            partner = Partner.objects.filter(code=code).first()
        if partner:
            initial["partner"] = partner
        if shipment:
            initial["shipment"] = shipment
        # The subject is the body of the letter: in the language the letter will be in.
        self.letter_language = letter_language(partner.main_contact() if partner else None)
        with translation.override(self.letter_language):
            initial["subject"] = suggested_subject(partner, shipment)
        return initial

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["subject"].widget.attrs["lang"] = self.letter_language
        return form

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("The claim to %(partner)s was recorded.") % {"partner": self.object.partner.code},
        )
        return response

    def get_success_url(self):
        return reverse("exchange:claim_edit", args=[self.object.pk])


def suggested_subject(partner, shipment) -> str:
    """A first wording of the claim, for staff to adjust."""
    if shipment and shipment.direction == "incoming":
        expected = shipment.expected_on.isoformat() if shipment.expected_on else ""
        return _(
            "The shipment %(reference)s, expected on %(date)s, has not reached us. "
            "Could you tell us when and how it was sent?"
        ) % {"reference": shipment.reference, "date": expected}
    if shipment:
        dispatched = shipment.dispatched_on.isoformat() if shipment.dispatched_on else ""
        return _(
            "We sent you the shipment %(reference)s on %(date)s and have had no "
            "acknowledgement of its receipt. Could you confirm that it arrived?"
        ) % {"reference": shipment.reference, "date": dispatched}
    if partner:
        return _(
            "We have received no publications from you for some time, while our own "
            "shipments continue. Could you let us know when we may expect your next shipment?"
        )
    return ""


class ClaimUpdateView(RoleRequiredMixin, SuccessMessageMixin, UpdateView):
    """A recorded claim, where staff record the partner's reply."""

    permission_required = "shipments.change_claim"
    form_class = ClaimReplyForm
    template_name = "exchange/claim_form_reply.html"
    success_message = gettext_lazy("The reply was recorded.")

    def get_queryset(self):
        return Claim.objects.select_related("partner", "shipment", "created_by")

    def get_success_url(self):
        return reverse("exchange:claim_list")


class ClaimLetterView(RoleRequiredMixin, DetailView):
    """The printable claim letter, addressed from the partner's records."""

    permission_required = "shipments.view_claim"
    template_name = "exchange/claim_letter.html"
    context_object_name = "claim"

    def get_queryset(self):
        return Claim.objects.select_related("partner", "shipment", "created_by").prefetch_related(
            "partner__addresses",
            Prefetch("partner__contacts", queryset=Contact.objects.order_by("id")),
        )

    def get_context_data(self, **kwargs):
        partner = self.object.partner
        contact = partner.main_contact()
        return super().get_context_data(
            address=partner.shipping_address(),
            contact=contact,
            **letter_context(contact),
            **kwargs,
        )
