"""The exchange rates in the application: every currency with the rate in effect today,
each currency's history with its chart, and adding, changing and deleting a rate
through `rate_save` and `rate_delete` (the balance summary follows in the same
transaction). Everyone who may view rates sees the pages; only those who may add,
change or delete rates (administrators) get the forms."""

from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView

from exchange.core.codes import currency_choices, currency_codes, currency_name
from exchange.core.permissions import RoleRequiredMixin
from exchange.core.views import ServiceFormMixin
from exchange.rates.charts import RateChart, rate_chart
from exchange.rates.forms import RateForm
from exchange.rates.models import ExchangeRate
from exchange.rates.services import rate_delete, rate_save


@dataclass
class CurrencyRates:
    currency: str
    name: str
    rates: list  # the latest valid-from first
    current: ExchangeRate | None  # in effect today
    upcoming: list  # valid from a later day
    chart: RateChart | None


def currency_rates(currency: str, rates: list, today) -> CurrencyRates:
    """One currency's rates (the latest first) and what the pages show of them."""
    current = next((rate for rate in rates if rate.valid_from <= today), None)
    return CurrencyRates(
        currency=currency,
        name=currency_name(currency),
        rates=rates,
        current=current,
        upcoming=[rate for rate in rates if rate.valid_from > today],
        chart=rate_chart(rates, today),
    )


class RateListView(RoleRequiredMixin, TemplateView):
    permission_required = "exchange.view_exchangerate"
    template_name = "exchange/rates/rate_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        # One query: every rate, by currency, the latest first (the model's order).
        rates = ExchangeRate.objects.order_by("currency", "-valid_from")
        currencies = [
            currency_rates(currency, list(group), today)
            for currency, group in groupby(rates, key=lambda rate: rate.currency)
        ]
        return super().get_context_data(
            currencies=currencies,
            today=today,
            base_currency=settings.EXCHANGE_BASE_CURRENCY,
            **kwargs,
        )


class CurrencyRatesView(RoleRequiredMixin, TemplateView):
    permission_required = "exchange.view_exchangerate"
    template_name = "exchange/rates/currency_rates.html"

    def get_context_data(self, **kwargs):
        currency = self.kwargs["currency"].upper()
        if currency not in currency_codes() or currency == settings.EXCHANGE_BASE_CURRENCY:
            raise Http404
        today = timezone.localdate()
        rates = list(ExchangeRate.objects.filter(currency=currency).order_by("-valid_from"))
        return super().get_context_data(
            rates=currency_rates(currency, rates, today), today=today, **kwargs
        )


class RateFormMixin(ServiceFormMixin):
    model = ExchangeRate
    form_class = RateForm
    template_name = "exchange/rates/rate_form.html"

    def save_with(self, rate, user):
        return rate_save(rate=rate, user=user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(currency_choices=currency_choices(), **kwargs)

    def get_success_url(self):
        return reverse("rates:currency", args=[self.object.currency])

    def get_success_message(self, cleaned_data) -> str:
        rate = self.object
        return self.success_message % {
            "currency": rate.currency,
            "rate": f"{rate.rate.normalize():f}",
            "date": rate.valid_from.isoformat(),
        }


class RateCreateView(RoleRequiredMixin, RateFormMixin, CreateView):
    permission_required = "exchange.add_exchangerate"
    success_message = gettext_lazy("%(currency)s: rate %(rate)s from %(date)s added.")

    def get_initial(self):
        currency = self.request.GET.get("currency", "").upper()
        initial = {"valid_from": timezone.localdate()}
        if currency in currency_codes():
            initial["currency"] = currency
        return initial


class RateUpdateView(RoleRequiredMixin, RateFormMixin, UpdateView):
    permission_required = "exchange.change_exchangerate"
    success_message = gettext_lazy("%(currency)s: rate %(rate)s from %(date)s saved.")


class RateDeleteView(RoleRequiredMixin, DetailView):
    """GET: what deleting the rate means; POST: delete it."""

    permission_required = "exchange.delete_exchangerate"
    model = ExchangeRate
    context_object_name = "rate"
    template_name = "exchange/rates/rate_confirm_delete.html"

    def post(self, request, *args, **kwargs):
        rate = self.get_object()
        try:
            rate_delete(rate=rate, user=request.user)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
            return HttpResponseRedirect(reverse("rates:currency", args=[rate.currency]))
        messages.success(
            request,
            _("%(currency)s: the rate from %(date)s was deleted.")
            % {"currency": rate.currency, "date": rate.valid_from.isoformat()},
        )
        return HttpResponseRedirect(reverse("rates:currency", args=[rate.currency]))
