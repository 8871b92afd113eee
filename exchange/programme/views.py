from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView
from django_filters.views import FilterView

from exchange.audit.history import history_admin_url
from exchange.core.permissions import RoleRequiredMixin
from exchange.core.tables import FORMATS
from exchange.core.views import ServiceFormMixin, file_response
from exchange.programme.exports import obligations_file
from exchange.programme.filters import AgreementFilter
from exchange.programme.forms import AgreementForm, ObligationForm, ObligationListForm
from exchange.programme.fulfilment import agreement_years, fulfilments, fulfilments_in_year
from exchange.programme.fulfilment import obligations_in_year as obligations_of_year
from exchange.programme.history import agreement_history
from exchange.programme.models import CulturalAgreement, Obligation
from exchange.programme.services import agreement_save, obligation_save
from partners.models import Partner


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


def _described(form, choices: dict) -> list[tuple[str, str]]:
    """(label, shown value) of the obligation list's state and direction in use."""
    described = []
    for name in ("state", "direction"):
        if choices.get(name):
            field = form.fields[name]
            described.append((str(field.label), str(dict(field.choices)[choices[name]])))
    return described


def _chosen_year(request, years: list[int]) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return years[0]
    return year if year in years else years[0]


class AgreementFormMixin(ServiceFormMixin):
    def save_with(self, agreement, user):
        return agreement_save(agreement=agreement, user=user)


class AgreementCreateView(RoleRequiredMixin, AgreementFormMixin, CreateView):
    permission_required = "exchange.add_culturalagreement"
    model = CulturalAgreement
    form_class = AgreementForm
    template_name = "exchange/agreement_form.html"
    success_message = gettext_lazy("The agreement “%(title)s” was added.")


class AgreementUpdateView(RoleRequiredMixin, AgreementFormMixin, UpdateView):
    permission_required = "exchange.change_culturalagreement"
    model = CulturalAgreement
    form_class = AgreementForm
    template_name = "exchange/agreement_form.html"
    success_message = gettext_lazy("The agreement “%(title)s” was saved.")


class ObligationFormMixin(ServiceFormMixin):
    model = Obligation
    form_class = ObligationForm
    template_name = "exchange/obligation_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "agreement": self.agreement}

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreement=self.agreement, **kwargs)

    def save_with(self, obligation, user):
        return obligation_save(obligation=obligation, user=user)

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
    """Every obligation of a year with its fulfilment: what a ministry asks about. With
    `fmt`, the same list printed (`print`) or as a file (`csv`, `xlsx`)."""

    permission_required = "exchange.view_obligation"
    template_name = "exchange/obligation_list.html"

    def get(self, request, *args, fmt: str = "", **kwargs):
        self.fmt = fmt
        context = self.get_context_data(**kwargs)
        if fmt in FORMATS:
            title = _("Obligations in %(year)s") % {"year": context["year"]}
            content = obligations_file(
                context["rows"], fmt, title=title, about=self.about(context, title)
            )
            return file_response(content, fmt, f"obligations_{context['year']}.{fmt}")
        return self.render_to_response(context)

    def about(self, context, title) -> list[tuple[str, str]]:
        lines = [(_("Report"), title), (_("Year"), str(context["year"]))]
        lines += context["described"]
        lines.append((_("Made on"), timezone.localtime().strftime("%Y-%m-%d %H:%M")))
        return lines

    def format_url(self, fmt: str) -> str:
        url = reverse("exchange:obligation_list", kwargs={"fmt": fmt} if fmt else {})
        query = self.request.GET.urlencode()
        return f"{url}?{query}" if query else url

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
        return super().get_context_data(
            form=form,
            described=_described(form, choices),
            year=year,
            rows=rows,
            today=today,
            printing=self.fmt == "print",
            page_url=self.format_url(""),
            print_url=self.format_url("print"),
            csv_url=self.format_url("csv"),
            xlsx_url=self.format_url("xlsx"),
            generated_at=timezone.localtime(),
            **kwargs,
        )
