"""The exchange-rates pages: every currency with its rate in effect and its history,
adding, changing and deleting a rate (administrators; staff and heads read), and plain
messages for bad input, in the application and in the admin."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from exchange.balance.sums import partner_balances
from exchange.balance.totals import Period
from exchange.rates.models import ExchangeRate
from partners.models import Partner
from tests.factories import ItemFactory, PartnerFactory, RateFactory, sent
from tests.html_forms import form_data
from tests.i18n_helpers import chinese

pytestmark = pytest.mark.django_db
LIST = reverse("rates:list")
CREATE = reverse("rates:create")
TODAY = timezone.localdate()


@pytest.fixture
def usd():
    """Two past rates of USD and one to come; the middle one is in effect today."""
    return [
        RateFactory(currency="USD", valid_from=datetime.date(2020, 1, 1), rate=Decimal("7.1")),
        RateFactory(
            currency="USD", valid_from=TODAY - datetime.timedelta(days=10), rate=Decimal("6.9")
        ),
        RateFactory(
            currency="USD", valid_from=TODAY + datetime.timedelta(days=30), rate=Decimal("7.25")
        ),
    ]


# ---- access, as each role ----


@pytest.mark.parametrize(
    "role, status", [("anonymous", 302), ("staff", 200), ("head", 200), ("admin", 200)]
)
def test_everyone_who_may_view_rates_reads_the_pages(clients, usd, role, status):
    for url in (LIST, reverse("rates:currency", args=["USD"])):
        response = clients[role].get(url)
        assert response.status_code == status
        if role == "anonymous":
            assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role, status", [("anonymous", 302), ("staff", 403), ("head", 403)])
def test_only_administrators_open_the_forms(clients, usd, role, status):
    for url in (
        CREATE,
        reverse("rates:edit", args=[usd[0].pk]),
        reverse("rates:delete", args=[usd[0].pk]),
    ):
        assert clients[role].get(url).status_code == status


@pytest.mark.parametrize("role", ["staff", "head"])
def test_others_cannot_add_change_or_delete_a_rate(clients, usd, role):
    client = clients[role]
    assert (
        client.post(
            CREATE, {"currency": "EUR", "valid_from": "2024-01-01", "rate": "7.8"}
        ).status_code
        == 403
    )
    edit = reverse("rates:edit", args=[usd[0].pk])
    assert (
        client.post(edit, {"currency": "USD", "valid_from": "2020-01-01", "rate": "1"}).status_code
        == 403
    )
    assert client.post(reverse("rates:delete", args=[usd[0].pk])).status_code == 403
    assert ExchangeRate.objects.count() == 3
    assert ExchangeRate.objects.get(pk=usd[0].pk).rate == Decimal("7.1")


@pytest.mark.parametrize("role, forms", [("staff", False), ("head", False), ("admin", True)])
def test_the_forms_and_the_menu_entry_show_only_for_administrators(clients, usd, role, forms):
    page = clients[role].get(reverse("rates:currency", args=["USD"])).content.decode()
    assert (CREATE in page) is forms
    assert (reverse("rates:edit", args=[usd[0].pk]) in page) is forms
    assert (reverse("rates:delete", args=[usd[0].pk]) in page) is forms
    menu = clients[role].get(reverse("dashboard")).content.decode()
    assert (f'href="{LIST}"' in menu) is forms


def test_an_unknown_or_base_currency_is_not_found(admin_client):
    assert admin_client.get(reverse("rates:currency", args=["XYZ"])).status_code == 404
    assert admin_client.get(reverse("rates:currency", args=["CNY"])).status_code == 404


# ---- what the pages show ----


def test_the_list_shows_the_rate_in_effect_today_and_the_next_change(staff_client, usd):
    RateFactory(currency="EUR", valid_from=TODAY + datetime.timedelta(days=1), rate=Decimal("7.8"))
    response = staff_client.get(LIST)
    rows = {row.currency: row for row in response.context["currencies"]}
    assert list(rows) == ["EUR", "USD"]
    assert rows["USD"].current == usd[1]
    assert rows["USD"].upcoming == [usd[2]]
    assert rows["EUR"].current is None  # none in effect yet
    page = response.content.decode()
    assert "6.9<" in page and "7.25<" in page
    assert "US Dollar" in page
    assert page.count("<svg") == 2


def test_a_currency_page_lists_its_history_and_draws_it(staff_client, usd):
    response = staff_client.get(reverse("rates:currency", args=["usd"]))
    rates = response.context["rates"]
    assert rates.rates == [usd[2], usd[1], usd[0]]
    assert rates.chart.first == datetime.date(2020, 1, 1)
    assert (rates.chart.lowest, rates.chart.highest) == (Decimal("6.9"), Decimal("7.25"))
    page = response.content.decode()
    assert "<polyline" in page
    assert "In effect today: 1 USD = 6.9 CNY" in page


def test_the_chart_is_a_step_line_until_today():
    from exchange.rates.charts import rate_chart

    rates = [
        ExchangeRate(currency="USD", valid_from=datetime.date(2020, 1, 1), rate=Decimal("1")),
        ExchangeRate(currency="USD", valid_from=datetime.date(2021, 1, 1), rate=Decimal("2")),
    ]
    chart = rate_chart(rates, datetime.date(2022, 1, 1))
    points = [tuple(map(float, p.split(","))) for p in chart.points.split()]
    # Level at 1, a vertical step up at 2021, level at 2 to the end.
    assert len(points) == 4
    assert points[0][1] == points[1][1] > points[2][1] == points[3][1]
    assert points[1][0] == points[2][0]
    assert rate_chart([], datetime.date(2022, 1, 1)) is None


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_runs_a_fixed_number_of_queries(staff_client, django_assert_num_queries, count):
    for n in range(count):
        RateFactory(currency=["USD", "EUR", "JPY"][n % 3], valid_from=datetime.date(2000 + n, 1, 1))
    staff_client.get(LIST)  # the session and permissions cached as on a second page
    # The session, the user, their permissions and groups, the rates (all currencies
    # in one).
    with django_assert_num_queries(4):
        assert staff_client.get(LIST).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_a_currency_page_runs_a_fixed_number_of_queries(
    admin_client, django_assert_num_queries, count
):
    for n in range(count):
        RateFactory(currency="USD", valid_from=datetime.date(2000 + n, 1, 1))
    url = reverse("rates:currency", args=["USD"])
    admin_client.get(url)
    # The session, the user, their permissions and groups, the currency's rates.
    with django_assert_num_queries(4):
        assert admin_client.get(url).status_code == 200


# ---- adding, changing, deleting ----


def test_an_administrator_adds_a_rate_in_lower_case_and_it_is_upper_cased(admin_client, admin_user):
    response = admin_client.post(
        CREATE, {"currency": " usd ", "valid_from": "2024-01-01", "rate": "7.123456"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("rates:currency", args=["USD"])
    rate = ExchangeRate.objects.get()
    assert (rate.currency, rate.rate) == ("USD", Decimal("7.123456"))
    assert rate.history.get().history_user == admin_user
    page = admin_client.get(response["Location"]).content.decode()
    assert "USD: rate 7.123456 from 2024-01-01 added." in page


@pytest.mark.parametrize("rate", ["-1", "0", "0.000000"])
def test_a_rate_of_zero_or_less_is_a_plain_error_and_nothing_is_written(admin_client, rate):
    response = admin_client.post(
        CREATE, {"currency": "USD", "valid_from": "2024-01-01", "rate": rate}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["rate"] == [
        "The rate must be more than 0: it is how many units of the base currency (CNY) one "
        "unit of this currency is worth."
    ]
    assert "rate_positive" not in response.content.decode()
    assert not ExchangeRate.objects.exists()


@pytest.mark.parametrize(
    "currency, message",
    [
        ("XYZ", "“XYZ” is not an ISO 4217 currency code."),
        ("cny", "CNY is the base currency; its rate is always 1."),
    ],
)
def test_a_code_that_is_no_currency_or_the_base_is_refused(admin_client, currency, message):
    response = admin_client.post(
        CREATE, {"currency": currency, "valid_from": "2024-01-01", "rate": "2"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["currency"] == [message]
    assert not ExchangeRate.objects.exists()


def test_a_second_rate_on_the_same_day_is_a_plain_error(admin_client, usd):
    response = admin_client.post(
        CREATE, {"currency": "usd", "valid_from": "2020-01-01", "rate": "2"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "USD already has a rate from 2020-01-01: change that rate, or choose another date."
    ]
    assert ExchangeRate.objects.count() == 3


def test_changing_a_rate_changes_the_value_of_the_shipments_it_applies_to(admin_client, usd):
    partner = PartnerFactory()
    ItemFactory(
        shipment=sent(partner, datetime.date(2021, 6, 1)), unit_value=Decimal(10), currency="USD"
    )
    partners = Partner.objects.filter(pk=partner.pk)
    (before,) = partner_balances(partners, Period())
    assert before.sent.value_rounded == Decimal("71.00")
    edit = reverse("rates:edit", args=[usd[0].pk])
    data = form_data(admin_client.get(edit).content.decode())
    data["rate"] = "7.5"
    assert admin_client.post(edit, data).status_code == 302
    (after,) = partner_balances(partners, Period())
    assert after.sent.value_rounded == Decimal("75.00")


def test_deleting_a_rate_asks_first_then_deletes_it(admin_client, usd):
    url = reverse("rates:delete", args=[usd[2].pk])
    page = admin_client.get(url).content.decode()
    assert "Delete the rate" in page and "7.25 from" in page
    response = admin_client.post(url)
    assert response["Location"] == reverse("rates:currency", args=["USD"])
    assert not ExchangeRate.objects.filter(pk=usd[2].pk).exists()
    assert ExchangeRate.history.filter(history_type="-").count() == 1


# ---- in Chinese ----


def test_the_pages_and_errors_are_in_chinese(admin_client, usd):
    client = chinese(admin_client)
    page = client.get(LIST).content.decode()
    assert "汇率" in page and "美元" in page
    response = client.post(CREATE, {"currency": "usd", "valid_from": "2024-01-01", "rate": "-2"})
    errors = response.context["form"].errors["rate"]
    assert "rate_positive" not in response.content.decode()
    assert "必须大于 0" in errors[0]


# ---- the Django admin's form ----


def admin_add(client, **values):
    url = reverse("admin:exchange_exchangerate_add")
    data = form_data(client.get(url).content.decode(), "currency")
    data.update(values)
    return client.post(url, data)


def test_the_admin_upper_cases_the_code(admin_client):
    response = admin_add(admin_client, currency="usd", valid_from="2024-01-01", rate="7")
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert ExchangeRate.objects.get().currency == "USD"


def test_the_admin_refuses_a_negative_rate_in_plain_words(admin_client):
    response = admin_add(admin_client, currency="USD", valid_from="2024-01-01", rate="-1")
    assert response.status_code == 200
    page = response.content.decode()
    assert "rate_positive" not in page
    assert "The rate must be more than 0" in page
    assert not ExchangeRate.objects.exists()
