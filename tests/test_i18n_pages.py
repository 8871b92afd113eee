"""Every page, form error and message in Chinese, as each role: no English interface text."""

import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from exchange.core.codes import currency_choices, currency_codes, language_choices
from exchange.core.countries import countries
from exchange.offers.files import OFFER_OPTIONAL, STOCK_COLUMNS, STOCK_OPTIONAL, WANT_COLUMNS
from exchange.rates.models import RATE_COLUMNS, ExchangeRate
from partners.models import PARTNER_COLUMNS
from shipments.columns import SHIPMENT_IMPORT_COLUMNS
from shipments.steps import STEPS
from tests.i18n_helpers import ZH, chinese
from tests.i18n_scan import english_in, english_phrases, visible_text, words_of


@pytest.fixture
def world(i18n_world):
    """The records in Chinese, Russian, Arabic and romanised forms (tests/conftest.py),
    the exchange's among them."""
    _exchange(i18n_world)
    return i18n_world


def _steps(w):
    """Every step on a shipment it applies to."""
    pages = []
    for step in STEPS.values():
        for shipment in w["shipments"].values():
            if shipment.direction == step.direction and shipment.status in step.sources:
                pages.append({"reference": shipment.reference, "step": step.name})
                break
    return pages


# The pages of each URL name, with the arguments to open them (a list: one page each).
PAGES = {
    "dashboard": lambda w: [{}],
    "my_settings": lambda w: [{}],
    "login": lambda w: [{}],
    "partners:list": lambda w: [{}],
    "partners:create": lambda w: [{}],
    "partners:detail": lambda w: [{"code": "RU-NLR"}, {"code": "KZ-NAB"}],
    "partners:edit": lambda w: [{"code": "RU-NLR"}],
    "partners:delete": lambda w: [{"code": "RU-NLR"}, {"code": "KZ-NAB"}],
    "shipments:list": lambda w: [{}],
    "shipments:create_outgoing": lambda w: [{}],
    "shipments:create_incoming": lambda w: [{}],
    "shipments:detail": lambda w: [{"reference": s.reference} for s in w["shipments"].values()],
    "shipments:edit": lambda w: [
        {"reference": w["shipments"][key].reference} for key in ("draft", "received")
    ],
    "shipments:step": _steps,
    "shipments:delete": lambda w: [
        {"reference": "OUT-2026-00001"},
        {"reference": "OUT-2026-00003"},
    ],
    "shipments:dispatch_note": lambda w: [
        {"reference": "OUT-2026-00003"},
        {"reference": "OUT-2026-00004"},
    ],
    "shipments:acknowledgement": lambda w: [{"reference": "IN-2026-00001"}],
    "exchange:imports": lambda w: [{}],
    "exchange:import_partners": lambda w: [{}],
    "exchange:import_rates": lambda w: [{}],
    "exchange:import_shipments": lambda w: [{}],
    "exchange:import_preview": lambda w: [{"pk": w["pending"].pk}, {"pk": w["problems"].pk}],
    "exchange:reports": lambda w: [{}],
    "exchange:report_balance": lambda w: [{}, {"fmt": "print"}],
    # a name of several partners: the list to choose from
    "exchange:report_partner_lookup": lambda w: [{}, {"query": "code=a"}],
    "exchange:report_partner": lambda w: [{"code": "RU-NLR"}, {"code": "RU-NLR", "fmt": "print"}],
    "exchange:report_summary": lambda w: [
        {"by": by, **fmt}
        for by in ("country", "region", "subregion", "kind")
        for fmt in ({}, {"fmt": "print"})
    ],
    "exchange:report_trends": lambda w: [{}, {"fmt": "print"}],
    "exchange:report_costs": lambda w: [
        {"by": by, **fmt} for by in ("partner", "country") for fmt in ({}, {"fmt": "print"})
    ],
    "exchange:agreement_list": lambda w: [{}],
    "exchange:agreement_create": lambda w: [{}],
    "exchange:agreement_detail": lambda w: [{"pk": w["agreement"].pk}],
    "exchange:agreement_edit": lambda w: [{"pk": w["agreement"].pk}],
    "exchange:obligation_create": lambda w: [{"pk": w["agreement"].pk}],
    "exchange:obligation_list": lambda w: [{}, {"fmt": "print"}],
    "exchange:obligation_edit": lambda w: [{"pk": w["obligation"].pk}],
    "exchange:claims": lambda w: [{}],
    "exchange:to_confirm": lambda w: [{}],
    "exchange:claim_list": lambda w: [{}],
    "exchange:claim_create": lambda w: [{}, {"query": "shipment=IN-2026-00002"}],
    "exchange:claim_edit": lambda w: [{"pk": w["claim"].pk}],
    "exchange:claim_letter": lambda w: [{"pk": w["claim"].pk}, {"pk": w["answered"].pk}],
    "rates:list": lambda w: [{}],
    "rates:currency": lambda w: [{"currency": "USD"}],
    "rates:create": lambda w: [{}],
    "rates:edit": lambda w: [{"pk": ExchangeRate.objects.get(currency="USD").pk}],
    "rates:delete": lambda w: [{"pk": ExchangeRate.objects.get(currency="USD").pk}],
    "exchange:claim_letters": lambda w: [{"query": f"claims={w['claim'].pk}"}],
    "search:results": lambda w: [
        {},
        {"query": "q=RU"},
        {"query": "q=2026"},
        {"query": "q=%E4%BF%84%E7%BD%97%E6%96%AF"},  # 俄罗斯: a country in Chinese
        {"query": "q=a"},  # more than the first results: "all N in the list"
        {"query": "q=%D0%90%D1%82%D0%BB%D0%B0%D0%BD%D1%82%D0%B8%D0%B4%D0%B0"},  # nothing found
    ],
}


def _jobs(w):
    """A running job, a failed one and a finished one with its file, of the staff user."""
    from django.contrib.auth.models import User

    from exchange.jobs.files import store_file
    from exchange.jobs.models import Job

    owner = User.objects.get(username="staff")
    running = Job.objects.create(
        owner=owner,
        kind="export",
        label="寄送清单",
        function="x",
        state="running",
        rows_done=5,
        rows_total=10,
    )
    failed = Job.objects.create(
        owner=owner,
        kind="export",
        label="合作机构清单",
        function="x",
        state="failed",
        error="磁盘已满",
    )
    done = Job.objects.create(
        owner=owner,
        kind="export",
        label="合作机构清单",
        function="x",
        state="done",
        file_name="partners.csv",
        file_format="csv",
        file_size=3,
        rows_done=1,
        rows_total=1,
    )
    store_file(done, b"a,b")
    return [{"pk": job.pk} for job in (running, failed, done)]


def _exchange(w) -> dict:
    """The exchange's records (issue 21), made once per world: a stock title in
    Chinese, an open list with its Chinese title, RU-NLR's selection from it, SG-NUS's
    offer with a Russian title, a want."""
    if "exchange" in w:
        return w["exchange"]
    from exchange.offers import services
    from exchange.offers.models import OfferList, PartnerOffer, PartnerOfferLine, Want
    from partners.models import Partner
    from tests.factories import StockItemFactory

    stock = StockItemFactory(title="中国古代史研究", author="王明", subject="历史", copies=4)
    offer_list = OfferList.objects.create(
        reference="OL-2026-01",
        title="Publications offered, spring 2026",
        title_zh="2026年春季交换书目",
        offered_on=timezone.localdate(),
        to_all_active=True,
    )
    services.offer_list_add_titles(offer_list=offer_list, copies={stock.pk: 2})
    services.offer_list_step(offer_list=offer_list, to="open")
    selection = services.place_selection(
        offer_list=offer_list,
        partner=Partner.objects.get(code="RU-NLR"),
        asked=[services.Asked(offer_list.lines.get(), 1)],
        source="letter",
    )
    offer = PartnerOffer.objects.create(
        partner=Partner.objects.get(code="SG-NUS"),
        title="Дублеты 2026",
        received_on=timezone.localdate(),
    )
    PartnerOfferLine.objects.create(offer=offer, number=1, title="Война и мир", year=2020)
    want = Want.objects.create(title="Война и мир", year=2020, subject="文学")
    w["exchange"] = {
        "stock": stock.pk,
        "list": offer_list.pk,
        "selection": selection.pk,
        "offer": offer.pk,
        "want": want.pk,
    }
    return w["exchange"]


for _name in (
    "home",
    "stock_list",
    "stock_create",
    "stock_import",
    "list_list",
    "list_create",
    "selection_list",
    "partner_offers",
    "partner_offer_upload",
    "want_list",
    "want_create",
    "want_import",
    "wants_on_offer",
):
    PAGES[f"offers:{_name}"] = lambda w: [{}]
for _name, _key in (
    ("stock_edit", "stock"),
    ("list_detail", "list"),
    ("list_edit", "list"),
    ("list_titles", "list"),
    ("list_print", "list"),
    ("selection_create", "list"),
    ("selection_detail", "selection"),
    ("partner_offer_detail", "offer"),
    ("partner_offer_letter", "offer"),
    ("want_edit", "want"),
):
    PAGES[f"offers:{_name}"] = lambda w, key=_key: [{"pk": _exchange(w)[key]}]
PAGES["offers:selection_create"] = lambda w: [
    {"pk": _exchange(w)["list"]},
    {"pk": _exchange(w)["list"], "query": "partner=RU-NLR"},
]
PAGES["jobs:list"] = lambda w: [{}]
PAGES["maintenance"] = lambda w: [{}]
PAGES["jobs:detail"] = _jobs

# Named URLs that are no page to read: files, JSON, POST-only actions, the admin.
NOT_PAGES = {
    "logout",
    "favicon",
    # JSON or text for the load balancer: part names, ok or failing
    "healthz",
    "set_language",
    "partners:export",
    "shipments:export",
    "shipments:check_isbn",
    "shipments:known_item",
    "shipments:sent_before",
    "shipments:partner_obligations",
    "partners:lookup",
    "exchange:import_template",
    "exchange:import_confirm",
    "exchange:import_cancel",
    "exchange:export_rates",
    "jobs:status",
    "jobs:download",
    "jobs:cancel",
    # POST only: its pages (confirmation, result, letters) are walked in
    # tests/exchange/bulk/test_i18n.py
    "exchange:bulk",
    # the exchange's files and its POST-only steps
    "offers:stock_export",
    "offers:want_export",
    "offers:list_export",
    "offers:list_step",
    "offers:selection_action",
    "offers:selection_withdraw",
    "offers:partner_offer_request",
}


def named_urls(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_page_of_the_url_conf_is_in_the_chinese_walk():
    unknown = named_urls() - PAGES.keys() - NOT_PAGES
    assert not unknown, f"add these to PAGES (or NOT_PAGES) in tests/test_i18n_pages.py: {unknown}"


def page_urls(w) -> list[str]:
    urls = []
    for name, arguments in PAGES.items():
        for kwargs in arguments(w):
            kwargs = dict(kwargs)
            query = kwargs.pop("query", "")
            urls.append(reverse(name, kwargs=kwargs) + (f"?{query}" if query else ""))
    return urls


def allowed_words(w) -> set[str]:
    """Every Latin word of the records: data, not interface."""
    from django.apps import apps
    from django.contrib.auth.models import User

    words = words_of(settings.EXCHANGE_LIBRARY_NAME, settings.EXCHANGE_BASE_CURRENCY, *w["files"])
    # ISO codes next to names (ru, USD, RU), the names CLDR keeps in Latin letters
    # (欧元 (WIR)), and the columns of the import files, named as they are typed.
    words |= words_of(*(code for code, _name in language_choices()), *currency_codes())
    words |= words_of(*(code for code, _name in countries))
    with translation.override(ZH):
        words |= words_of(*(name for _code, name in currency_choices()))
    words |= words_of(*PARTNER_COLUMNS, *RATE_COLUMNS, *SHIPMENT_IMPORT_COLUMNS)
    words |= words_of(*STOCK_COLUMNS, *STOCK_OPTIONAL, *OFFER_OPTIONAL, *WANT_COLUMNS)
    # Units and encodings, written so in Chinese too (Django's filesizeformat: "50.0 MB").
    words |= {"mb", "kb", "gb", "utf", "gb18030"}
    for model in [
        *apps.get_app_config("partners").get_models(),
        *apps.get_app_config("shipments").get_models(),
        *apps.get_app_config("exchange").get_models(),
        User,
    ]:
        for field in model._meta.concrete_fields:
            if field.get_internal_type() in {"CharField", "TextField", "EmailField", "URLField"}:
                words |= words_of(*model.objects.values_list(field.attname, flat=True))
            words |= words_of(*(value for value, _label in field.flatchoices or ()))
    return words


def scan(client, url, phrases, allowed) -> list[str]:
    response = client.get(url)
    if response.status_code in (301, 302):
        return []
    assert response.status_code in (200, 403, 404), (url, response.status_code)
    assert response["Content-Type"].startswith("text/html"), url
    html = response.content.decode()
    assert re.search(r'<html lang="zh-hans"[ >]', html), url
    assert 'class="language-switcher"' in html, f"no language switcher on {url}"
    return [f"{url}: {problem}" for problem in english_in(visible_text(html), phrases, allowed)]


@pytest.mark.parametrize("role", ["anonymous", "staff", "head", "admin"])
def test_every_page_in_chinese_shows_no_english_interface_text(clients, world, role):
    client = chinese(clients[role])
    phrases, allowed = english_phrases(), allowed_words(world)
    urls = page_urls(world) if role != "anonymous" else [reverse("login")]
    urls.append("/no-such-page/")
    problems = [problem for url in urls for problem in scan(client, url, phrases, allowed)]
    assert not problems, "\n".join(problems)


def test_the_admin_in_chinese_shows_no_english_interface_text(admin_client, admin_user, world):
    """Every list, add form and change form of our models (Django's own words are
    Django's catalog's; ours, and those it lacks, are ours)."""
    client = chinese(admin_client)
    phrases, allowed = english_phrases(), allowed_words(world)
    request = RequestFactory().get("/")
    request.user = admin_user
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in {"exchange", "partners", "shipments", "axes"}:
            continue
        if model._meta.label == "axes.AccessLog":
            continue  # its records are named in English by django-axes's code, untranslatable
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{prefix}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{prefix}_add"))
        first = model.objects.order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"{prefix}_change", args=[first.pk]))
    problems = [problem for url in urls for problem in scan(client, url, phrases, allowed)]
    assert not problems, "\n".join(problems)


FORMS = {
    "partners:create": {
        f"{prefix}-{name}": "0"
        for prefix in ("addresses", "contacts")
        for name in ("TOTAL_FORMS", "INITIAL_FORMS")
    },
    "shipments:create_outgoing": {"items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0"},
    "exchange:agreement_create": {},
    "exchange:claim_create": {},
    "rates:create": {},
}


@pytest.mark.parametrize("name", FORMS)
def test_form_errors_in_chinese_are_chinese(admin_client, world, name):
    client = chinese(admin_client)
    response = client.post(reverse(name), FORMS[name])
    assert response.status_code == 200
    chunks = visible_text(response.content.decode())
    assert "这个字段是必填项。" in chunks
    assert not english_in(chunks, english_phrases(), allowed_words(world))


def test_messages_after_an_action_are_chinese(staff_client, world):
    client = chinese(staff_client)
    shipment = world["shipments"]["draft"]
    response = client.post(
        reverse("shipments:step", args=[shipment.reference, "pack"]),
        {"pack-on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "OUT-2026-00001 的状态现为“已打包”。" in response.content.decode()


def test_the_sign_in_lockout_page_is_in_chinese(world):
    client = chinese(Client())
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = client.post(reverse("login"), {"username": "staff", "password": "wrong"})
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "登录已锁定" in html and "使用此用户名登录已失败 5 次。" in html
    problems = english_in(visible_text(html), english_phrases(), allowed_words(world))
    assert not problems


def test_the_isbn_check_answers_in_chinese(staff_client, db):
    answer = chinese(staff_client).get(reverse("shipments:check_isbn"), {"isbn": "9787101003131"})
    assert answer.json()["message"] == "“9787101003131”不是有效的 ISBN：校验位错误"
