from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView
from django_filters.views import FilterView

from exchange.claims import queries as claims
from exchange.claims.filters import ClaimFilter, WorklistFilter
from exchange.claims.forms import ClaimForm, ClaimReplyForm
from exchange.claims.models import Claim
from exchange.claims.services import claim_record, claim_reply
from exchange.claims.wording import suggested_subject
from exchange.core.letters import letter_context, letter_language
from exchange.core.models import LetterKind
from exchange.core.permissions import RoleRequiredMixin
from exchange.core.views import FilteredListMixin, ServiceFormMixin
from partners.models import Contact, Partner
from shipments.models import Shipment


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


class ToConfirmView(RoleRequiredMixin, FilteredListMixin, FilterView):
    """Outgoing shipments never acknowledged, the most recently dispatched first, with
    the shipment list's filters (a partner, a country, a period)."""

    permission_required = "shipments.view_claim"
    filterset_class = WorklistFilter
    template_name = "exchange/claim_to_confirm.html"
    context_object_name = "shipments"

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


class ClaimCreateView(RoleRequiredMixin, ServiceFormMixin, CreateView):
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

    def save_with(self, claim, user):
        claim = claim_record(claim=claim, user=user)
        messages.success(
            self.request,
            _("The claim to %(partner)s was recorded.") % {"partner": claim.partner.code},
        )
        return claim

    def get_success_url(self):
        return reverse("exchange:claim_edit", args=[self.object.pk])


class ClaimUpdateView(RoleRequiredMixin, ServiceFormMixin, UpdateView):
    """A recorded claim, where staff record the partner's reply."""

    permission_required = "shipments.change_claim"
    form_class = ClaimReplyForm
    template_name = "exchange/claim_form_reply.html"
    success_message = gettext_lazy("The reply was recorded.")

    def get_queryset(self):
        return Claim.objects.select_related("partner", "shipment", "created_by")

    def save_with(self, claim, user):
        return claim_reply(claim=claim, user=user)

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
            **letter_context(self.request, contact, LetterKind.CLAIM, self.object.created_by),
            **kwargs,
        )
