from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, ProtectedError, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from exchange.balance import Period, partner_balances
from exchange.codes import language_choices
from exchange.deletion import partner_refusal
from exchange.history import changes_since, history_admin_url, partner_history
from exchange.models import CulturalAgreement, Obligation
from exchange.permissions import RoleRequiredMixin
from partners.filters import PartnerFilter
from partners.forms import AddressFormSet, ContactFormSet, PartnerForm
from partners.models import Partner

# How many of a partner's shipments its page lists; the rest are a link away.
RECENT_SHIPMENTS = 20


class FilteredListMixin:
    """A FilterView that always filters (so the default sort applies) and ignores
    invalid filters instead of emptying the list; their errors show on the form."""

    strict = False
    paginate_by = 50
    default_sort = ""

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["default_sort"] = self.default_sort
        return context


class PartnerListView(RoleRequiredMixin, FilteredListMixin, FilterView):
    permission_required = "partners.view_partner"
    filterset_class = PartnerFilter
    template_name = "partners/partner_list.html"
    default_sort = "code"

    def get_queryset(self):
        return Partner.objects.all()


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
        return context

    def form_valid(self, form):
        formsets = self.get_formsets()
        if not all(formset.is_valid() for formset in formsets.values()):
            return self.render_to_response(self.get_context_data(form=form, formsets=formsets))
        try:
            with transaction.atomic():
                partner = form.save(commit=False)
                if partner.pk:
                    partner.version = take_version(partner, form.cleaned_data["version"])
                partner._history_user = self.request.user
                partner.save()
                for formset in formsets.values():
                    formset.instance = partner
                    formset.save()
        except ValidationError as error:
            return self.refused(form, formsets, error)
        self.object = partner
        messages.success(self.request, self.success_message % {"partner": partner.code})
        return HttpResponseRedirect(partner.get_absolute_url())

    def refused(self, form, formsets, error):
        """Someone saved the partner meanwhile: show what they changed, keep the input."""
        self.object = self.get_object()
        form.add_error(None, error)
        seen = form.cleaned_data["version"]
        # Saving again, having seen their changes, is deliberate: it starts from theirs.
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = self.object.version
        context = self.get_context_data(
            form=form, formsets=formsets, conflict=changes_since(self.object, seen)
        )
        return self.render_to_response(context)

    def form_invalid(self, form):
        formsets = self.get_formsets()
        for formset in formsets.values():
            formset.is_valid()
        return self.render_to_response(self.get_context_data(form=form, formsets=formsets))


def take_version(partner: Partner, seen: int) -> int:
    """Move the partner on from the version the user saw, or refuse: someone saved it
    since. The conditional UPDATE locks the row, so of two saves from one version the
    second finds nothing to update, on any database."""
    if Partner.objects.filter(pk=partner.pk, version=seen).update(version=seen + 1):
        return seen + 1
    latest = changes_since(partner, seen).events
    who = latest[0].who if latest else _("Someone else")
    at = timezone.localtime(latest[0].at if latest else partner.updated_at)
    raise ValidationError(
        _(
            "%(who)s saved this partner at %(at)s, while you were editing it. Nothing was "
            "saved: check your changes against theirs and save again."
        )
        % {"who": who, "at": at.strftime("%Y-%m-%d %H:%M")},
        code="conflict",
    )


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
        kwargs.setdefault("refusal", partner_refusal(self.object))
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            with transaction.atomic():
                # Locked, so no shipment can be recorded for it between check and delete.
                partner = Partner.objects.select_for_update().get(pk=self.object.pk)
                refusal = partner_refusal(partner)
                if not refusal:
                    partner._history_user = request.user
                    partner.delete()
        except ProtectedError:
            refusal = partner_refusal(self.object) or _(
                "%(partner)s cannot be deleted: other records refer to it."
            ) % {"partner": self.object.code}
        if refusal:
            return self.render_to_response(self.get_context_data(refusal=refusal))
        messages.success(request, _("Partner %(partner)s deleted.") % {"partner": partner.code})
        return HttpResponseRedirect(reverse("partners:list"))
