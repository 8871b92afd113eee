from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from exchange.audit.history import history_admin_url
from exchange.audit.versions import refused_changes
from exchange.balance.sums import partner_balances
from exchange.balance.totals import Period
from exchange.core.codes import language_choices
from exchange.core.permissions import RoleRequiredMixin
from exchange.core.views import FilteredListMixin
from exchange.programme.models import CulturalAgreement, Obligation
from partners.fields import partner_label
from partners.filters import PartnerFilter
from partners.forms import AddressFormSet, ContactFormSet, PartnerForm
from partners.history import partner_history
from partners.models import Partner
from partners.services import partner_delete, partner_save
from partners.similar import look_alike_message, partner_look_alikes

# How many of a partner's shipments its page lists; the rest are a link away.
RECENT_SHIPMENTS = 20
# How many partners the autocomplete lists: the text typed narrows the rest.
LOOKUP_LIMIT = 10


class PartnerListView(RoleRequiredMixin, FilteredListMixin, FilterView):
    permission_required = "partners.view_partner"
    filterset_class = PartnerFilter
    template_name = "partners/partner_list.html"
    default_sort = "code"

    def get_queryset(self):
        return Partner.objects.all()


class PartnerLookupView(RoleRequiredMixin, View):
    """The autocomplete's JSON: the partners the text finds, best first, at most
    `LOOKUP_LIMIT` (partners.fields)."""

    permission_required = "partners.view_partner"

    def get(self, request):
        text = request.GET.get("q", "")
        partners = Partner.objects.search(text).best_first(text) if text.strip() else []
        results = [
            {
                "code": partner.code,
                "value": partner_label(partner),
                "name": partner.display_name,
                "place": ", ".join(
                    part for part in (partner.shown_city, str(partner.country.name)) if part
                ),
                "ended": partner.is_ended,
            }
            for partner in partners[:LOOKUP_LIMIT]
        ]
        return JsonResponse({"results": results})


class PartnerDetailView(RoleRequiredMixin, DetailView):
    permission_required = "partners.view_partner"
    slug_field = "code"
    slug_url_kwarg = "code"
    queryset = Partner.objects.prefetch_related("addresses", "contacts")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = self.object
        today = timezone.localdate()
        this_partner = Partner.objects.filter(pk=partner.pk)
        context.update(
            today=today,
            balance_periods=[
                (str(today.year), partner_balances(this_partner, Period.year(today.year))[0]),
                (_("All time"), partner_balances(this_partner, Period())[0]),
            ],
            agreements=self.agreements(partner),
            shipments=(
                partner.shipments.for_list()
                .with_date()
                .order_by("-shipment_date", "-created_at", "-pk")[:RECENT_SHIPMENTS]
            ),
            shipment_count=partner.shipments.count(),
            history=partner_history(partner),
            history_admin_url=history_admin_url(self.request.user, partner),
        )
        return context

    @staticmethod
    def agreements(partner):
        """Agreements with its country, or with an obligation naming it; with the
        obligations that concern it (naming it, or naming no partner)."""
        concerning = Obligation.objects.filter(
            Q(partner=partner) | Q(partner__isnull=True)
        ).order_by("direction", "id")
        return (
            CulturalAgreement.objects.filter(
                Q(countries__contains=partner.country.code) | Q(obligations__partner=partner)
            )
            .distinct()
            .prefetch_related(
                Prefetch("obligations", queryset=concerning, to_attr="partner_obligations")
            )
        )


# The button of a new partner's form that adds it although it looks like another.
ADD_ALL_THE_SAME = "add_all_the_same"


class PartnerFormMixin:
    """The partner form with its addresses and contacts, saved together."""

    model = Partner
    form_class = PartnerForm
    template_name = "partners/partner_form.html"

    def get_formsets(self):
        data = self.request.POST if self.request.method == "POST" else None
        instance = self.object or Partner()
        return {
            "addresses": AddressFormSet(data, instance=instance, prefix="addresses"),
            "contacts": ContactFormSet(data, instance=instance, prefix="contacts"),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("formsets", self.get_formsets())
        context["language_choices"] = language_choices()
        if self.object and "look_alikes" not in context:
            context["look_alikes"] = partner_look_alikes(self.object)
        return context

    def form_valid(self, form):
        formsets = self.get_formsets()
        if not all(formset.is_valid() for formset in formsets.values()):
            return self.render_to_response(self.get_context_data(form=form, formsets=formsets))
        alike = self.unconfirmed_look_alikes(form)
        if alike:
            context = self.get_context_data(form=form, formsets=formsets, look_alikes=alike)
            return self.render_to_response({**context, "confirm_look_alikes": True})
        try:
            partner = partner_save(
                partner=form.save(commit=False),
                formsets=formsets.values(),
                version=form.cleaned_data.get("version"),
                user=self.request.user,
            )
        except ValidationError as error:
            return self.refused(form, formsets, error)
        self.object = partner
        messages.success(self.request, self.success_message % {"partner": partner.code})
        alike = partner_look_alikes(partner)
        if alike:
            messages.warning(self.request, look_alike_message(partner.code, alike))
        return HttpResponseRedirect(partner.get_absolute_url())

    def unconfirmed_look_alikes(self, form) -> list[Partner]:
        """A new partner that looks like one of its country is not added until the user,
        warned, adds it all the same (the same institution twice is hard to undo)."""
        if self.object is not None or self.request.POST.get(ADD_ALL_THE_SAME):
            return []
        return partner_look_alikes(form.instance)

    def refused(self, form, formsets, error):
        """Someone saved the partner meanwhile: show what they changed, keep the input."""
        self.object = self.get_object()
        form.add_error(None, error)
        conflict = refused_changes(form, self.object)
        context = self.get_context_data(form=form, formsets=formsets, conflict=conflict)
        return self.render_to_response(context)

    def form_invalid(self, form):
        formsets = self.get_formsets()
        for formset in formsets.values():
            formset.is_valid()
        return self.render_to_response(self.get_context_data(form=form, formsets=formsets))


class PartnerCreateView(RoleRequiredMixin, PartnerFormMixin, CreateView):
    permission_required = "partners.add_partner"
    success_message = _("Partner %(partner)s added.")


class PartnerUpdateView(RoleRequiredMixin, PartnerFormMixin, UpdateView):
    permission_required = "partners.change_partner"
    slug_field = "code"
    slug_url_kwarg = "code"
    success_message = _("Changes to %(partner)s saved.")


class PartnerDeleteView(RoleRequiredMixin, DetailView):
    """GET: confirm deleting a partner with no shipments, claims or obligations, or say
    why it cannot be deleted and offer to end the partnership; POST: delete it."""

    permission_required = "partners.delete_partner"
    slug_field = "code"
    slug_url_kwarg = "code"
    model = Partner
    template_name = "partners/partner_confirm_delete.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("refusal", self.object.deletion_refusal())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            partner_delete(partner=self.object, user=request.user)
        except ValidationError as refusal:
            return self.render_to_response(self.get_context_data(refusal=refusal.messages[0]))
        messages.success(request, _("Partner %(partner)s deleted.") % {"partner": self.object.code})
        return HttpResponseRedirect(reverse("partners:list"))
