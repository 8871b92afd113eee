"""Partners' offers: a partner's list uploaded, each line marked "wanted" or "already
received" by the matching rules, the lines we want marked, then requested in a letter
and one expected incoming shipment (DOMAIN.md, "Offers, selections and wants")."""

import django_filters
from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from exchange.core.letters import letter_context
from exchange.core.models import LetterKind
from exchange.core.permissions import RoleRequiredMixin
from exchange.core.views import FilteredListMixin
from exchange.offers import partner_offers, services
from exchange.offers.files import OFFER_COLUMNS, OFFER_OPTIONAL, import_partner_offer
from exchange.offers.matching import line_marks
from exchange.offers.models import PartnerOffer, PartnerOfferLine, Want
from exchange.transfer.limits import Limits
from exchange.transfer.models import ENCODING_CHOICES
from exchange.transfer.reading import file_format
from partners.fields import PartnerChoiceField
from partners.filters import SortFilter
from partners.models import Contact

# The list ----------------------------------------------------------------------------


class PartnerOfferFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Search"), method="search")
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=PartnerOffer.Status.choices,
        empty_label=gettext_lazy("Any status"),
    )
    sort = SortFilter(
        keys={
            "received": "received_on",
            "partner": "partner__code",
            "title": "title",
            "lines": "line_count",
        },
        default="-received",
        tiebreak=("-pk",),
    )

    class Meta:
        model = PartnerOffer
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(partner__code__icontains=value)
            | Q(partner__name__icontains=value)
            | Q(partner__name_zh__icontains=value)
        )


class PartnerOfferListView(RoleRequiredMixin, FilteredListMixin, FilterView):
    permission_required = "exchange.view_partneroffer"
    filterset_class = PartnerOfferFilter
    template_name = "offers/partner_offer_list.html"
    default_sort = "-received"

    def get_queryset(self):
        return PartnerOffer.objects.select_related("partner", "shipment").annotate(
            line_count=Count("lines"),
            marked_count=Count("lines", filter=Q(lines__marked=True)),
        )


# Upload ------------------------------------------------------------------------------


class PartnerOfferForm(forms.ModelForm):
    partner = PartnerChoiceField(label=gettext_lazy("Partner"))
    file = forms.FileField(
        label=gettext_lazy("The partner's list"),
        help_text=gettext_lazy("CSV or Excel workbook (.xlsx) in the shipment-item columns."),
    )
    encoding = forms.ChoiceField(
        label=gettext_lazy("Encoding of a CSV file"),
        choices=ENCODING_CHOICES,
        initial="utf-8",
        required=False,
    )

    class Meta:
        model = PartnerOffer
        fields = ["partner", "title", "received_on", "note"]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"})}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not file_format(upload.name):
            raise forms.ValidationError(_("Choose a .csv or an .xlsx file."))
        limit = Limits.from_settings().max_bytes
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.") % {"size": limit // (1024 * 1024)}
            )
        return upload


class PartnerOfferUploadView(RoleRequiredMixin, FormView):
    """The offer and its lines, all or nothing: a file with any problem leaves no offer."""

    permission_required = "exchange.add_partneroffer"
    form_class = PartnerOfferForm
    template_name = "offers/partner_offer_upload.html"

    def get_initial(self):
        return {"received_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=OFFER_COLUMNS, optional=OFFER_OPTIONAL, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            offer = form.save(commit=False)
            offer.uploaded_by = self.request.user
            offer._history_user = self.request.user
            offer.save()
            result = import_partner_offer(
                upload,
                upload.name,
                offer=offer,
                user=self.request.user,
                encoding=form.cleaned_data.get("encoding") or "utf-8",
            )
            if result.problems:
                transaction.set_rollback(True)
        if result.problems:
            return self.render_to_response(
                self.get_context_data(form=form, problems=[str(p) for p in result.problems])
            )
        messages.success(
            self.request,
            _("%(count)d titles offered by %(partner)s: mark those we want.")
            % {"count": result.items, "partner": offer.partner.code},
        )
        return HttpResponseRedirect(offer.get_absolute_url())


# One offer ---------------------------------------------------------------------------


class PartnerOfferDetailView(RoleRequiredMixin, DetailView):
    """The lines with their marks; marking them (POST) is staff's."""

    permission_required = "exchange.view_partneroffer"
    template_name = "offers/partner_offer_detail.html"
    context_object_name = "offer"
    queryset = PartnerOffer.objects.select_related("partner", "shipment", "uploaded_by")

    def get_context_data(self, **kwargs):
        lines = list(self.object.lines.order_by("number"))
        marks = line_marks(lines, Want.objects.all())
        rows = [(line, *marks[line.pk]) for line in lines]
        return super().get_context_data(
            rows=rows,
            wanted_count=sum(1 for _line, wanted, _received in rows if wanted),
            received_count=sum(1 for _line, _wanted, received in rows if received),
            marked_count=sum(1 for line in lines if line.marked),
            can_mark=(
                self.request.user.has_perm("exchange.change_partneroffer")
                and not self.object.shipment_id
            ),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("exchange.change_partneroffer"):
            return self.handle_no_permission()
        self.object = offer = self.get_object()
        try:
            count = partner_offers.mark_lines(
                offer=offer, marked_ids=_ticked(request), user=request.user
            )
        except services.OfferError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(count)d titles marked as wanted.") % {"count": count})
        return HttpResponseRedirect(offer.get_absolute_url())


def _ticked(request) -> list[int]:
    return [int(pk) for pk in request.POST.getlist("marked") if pk.isdigit()]


class PartnerOfferRequestView(RoleRequiredMixin, View):
    """The marked lines requested: one expected incoming shipment, then the letter."""

    permission_required = "exchange.change_partneroffer"
    http_method_names = ["post"]

    def post(self, request, pk):
        offer = get_object_or_404(PartnerOffer, pk=pk)
        try:
            with transaction.atomic():
                if "request" in request.POST:  # from the offer's page: its boxes as ticked
                    partner_offers.mark_lines(
                        offer=offer, marked_ids=_ticked(request), user=request.user
                    )
                shipment = partner_offers.request_marked(offer=offer, user=request.user)
        except services.OfferError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(offer.get_absolute_url())
        messages.success(
            request,
            _("Shipment %(reference)s is expected from %(partner)s: print the letter and send it.")
            % {"reference": shipment.reference, "partner": offer.partner.code},
        )
        return HttpResponseRedirect(reverse("offers:partner_offer_letter", args=[offer.pk]))


class PartnerOfferLetterView(RoleRequiredMixin, DetailView):
    """The request letter: the titles we would like from the partner's offer."""

    permission_required = "exchange.view_partneroffer"
    template_name = "offers/partner_offer_letter.html"
    context_object_name = "offer"

    def get_queryset(self):
        return PartnerOffer.objects.select_related("partner", "shipment").prefetch_related(
            "partner__addresses",
            Prefetch("partner__contacts", queryset=Contact.objects.order_by("id")),
            Prefetch("lines", queryset=PartnerOfferLine.objects.filter(marked=True)),
        )

    def get_context_data(self, **kwargs):
        partner = self.object.partner
        contact = partner.main_contact()
        return super().get_context_data(
            address=partner.shipping_address(),
            contact=contact,
            lines=sorted(self.object.lines.all(), key=lambda line: line.number),
            **letter_context(self.request, contact, LetterKind.CLAIM),
            **kwargs,
        )
