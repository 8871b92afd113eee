"""Security: every URL × every role × GET and POST; CSRF; sign-in throttling, sessions,
passwords and redirects; the Content-Security-Policy and the other security headers."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from exchange.core.security import client_ip
from exchange.jobs.models import Job
from exchange.offers.models import PartnerOffer, PartnerOfferLine, Want
from exchange.offers.services import Asked, place_selection
from exchange.transfer.models import PendingImport
from tests.factories import (
    AgreementFactory,
    ClaimFactory,
    ItemFactory,
    ObligationFactory,
    PartnerFactory,
    RateFactory,
    ShipmentFactory,
    StockItemFactory,
    offer_list_with,
    received,
    sent,
)

pytestmark = pytest.mark.django_db
ROLES = ("anonymous", "staff", "head", "admin")
CLIENT_FIXTURES = {
    "anonymous": "anon_client",
    "staff": "staff_client",
    "head": "head_client",
    "admin": "admin_client",
}
# Not the application's own pages: Django's admin (its own permission checks) and the
# language switch (open to all, like Django's).
SKIPPED_PREFIXES = ("admin/", "i18n/", settings.STATIC_URL)


# ---- the URL configuration, walked ----


def url_patterns(patterns=None, prefix="", namespace=""):
    """(route, name, kwarg names) of every URL pattern, recursively."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from url_patterns(pattern.url_patterns, route, inner)
        else:
            assert isinstance(pattern, URLPattern)
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            kwargs = re.findall(r"<(?:\w+:)?(\w+)>", route)
            yield route, name, tuple(kwarg for kwarg in kwargs if kwarg not in pattern.default_args)


PATTERNS = sorted(set(url_patterns()))

# ---- what each role gets: (GET, POST) × (anonymous, staff, head, admin) ----
# An empty POST: 200 is a form shown again with its errors, 302 a done action or the
# sign-in page, 403 a role without the permission, 405 a page that takes no POST.
SIGN_IN = 302
READ_BY_ALL = ((SIGN_IN, 200, 200, 200), (SIGN_IN, 405, 405, 405))
ADMIN_FORM = ((SIGN_IN, 403, 403, 200), (SIGN_IN, 403, 403, 200))
STAFF_FORM = ((SIGN_IN, 200, 403, 200), (SIGN_IN, 200, 403, 200))
STAFF_JSON = ((SIGN_IN, 400, 403, 400), (SIGN_IN, 405, 403, 405))
STAFF_ACTION = ((SIGN_IN, 405, 403, 405), (SIGN_IN, 302, 403, 302))

EXPECTED = {
    "dashboard": READ_BY_ALL,
    "login": ((200, 200, 200, 200), (200, 200, 200, 200)),
    "logout": ((405, 405, 405, 405), (302, 302, 302, 302)),
    "favicon": ((302, 302, 302, 302), (405, 405, 405, 405)),
    # one's own settings; an empty POST saves "no digest" and comes back
    "my_settings": ((SIGN_IN, 200, 200, 200), (SIGN_IN, 302, 302, 302)),
    # for the load balancer: no sign-in, GET only
    "healthz": ((200, 200, 200, 200), (405, 405, 405, 405)),
    # partners
    "partners:list": READ_BY_ALL,
    "partners:lookup": READ_BY_ALL,
    "partners:export": READ_BY_ALL,
    "partners:create": ADMIN_FORM,
    "partners:detail": READ_BY_ALL,
    "partners:edit": ADMIN_FORM,
    # the partner has shipments: the page says why it stays
    "partners:delete": ADMIN_FORM,
    # shipments
    "shipments:list": READ_BY_ALL,
    "shipments:export": READ_BY_ALL,
    "shipments:create_outgoing": STAFF_FORM,
    "shipments:create_incoming": STAFF_FORM,
    "shipments:check_isbn": READ_BY_ALL,
    # the shipment form's questions (JSON), staff only: asked nothing, a 400 saying what
    "shipments:known_item": STAFF_JSON,
    "shipments:sent_before": STAFF_JSON,
    "shipments:partner_obligations": STAFF_JSON,
    "shipments:detail": READ_BY_ALL,
    "shipments:edit": STAFF_FORM,
    "shipments:step": STAFF_FORM,
    # the draft is deleted (302) after its confirmation page (200)
    "shipments:delete": ((SIGN_IN, 200, 403, 200), (SIGN_IN, 302, 403, 302)),
    "shipments:dispatch_note": READ_BY_ALL,
    "shipments:acknowledgement": READ_BY_ALL,
    # imports: staff import shipments, administrators everything; heads nothing
    "exchange:imports": ((SIGN_IN, 200, 403, 200), (SIGN_IN, 405, 403, 405)),
    "exchange:import_partners": ADMIN_FORM,
    "exchange:import_rates": ADMIN_FORM,
    "exchange:import_shipments": STAFF_FORM,
    "exchange:import_template": ((SIGN_IN, 200, 403, 200), (SIGN_IN, 405, 403, 405)),
    "exchange:import_preview": ((SIGN_IN, 200, 403, 200), (SIGN_IN, 405, 403, 405)),
    "exchange:import_confirm": ((SIGN_IN, 405, 403, 405), (SIGN_IN, 302, 403, 302)),
    "exchange:import_cancel": ((SIGN_IN, 405, 403, 405), (SIGN_IN, 302, 403, 302)),
    "exchange:export_rates": READ_BY_ALL,
    # reports: every role reads them (view_reports is a view permission)
    "exchange:reports": READ_BY_ALL,
    "exchange:report_balance": READ_BY_ALL,
    # without ?code=, back to the reports with a message
    "exchange:report_partner_lookup": ((SIGN_IN, 302, 302, 302), (SIGN_IN, 405, 405, 405)),
    "exchange:report_partner": READ_BY_ALL,
    "exchange:report_summary": READ_BY_ALL,
    "exchange:report_trends": READ_BY_ALL,
    "exchange:report_costs": READ_BY_ALL,
    # agreements and obligations: read by all, changed by administrators
    "exchange:agreement_list": READ_BY_ALL,
    "exchange:agreement_create": ADMIN_FORM,
    "exchange:agreement_detail": READ_BY_ALL,
    "exchange:agreement_edit": ADMIN_FORM,
    "exchange:obligation_create": ADMIN_FORM,
    "exchange:obligation_list": READ_BY_ALL,
    "exchange:obligation_edit": ADMIN_FORM,
    # claims: staff record them
    "exchange:claims": READ_BY_ALL,
    "exchange:to_confirm": READ_BY_ALL,
    "exchange:claim_list": READ_BY_ALL,
    "exchange:claim_create": STAFF_FORM,
    "exchange:claim_edit": STAFF_FORM,
    "exchange:claim_letter": READ_BY_ALL,
    # exchange rates: read by all who may view them, changed by administrators
    "rates:list": READ_BY_ALL,
    "rates:currency": READ_BY_ALL,
    "rates:create": ADMIN_FORM,
    "rates:edit": ADMIN_FORM,
    # the rate is deleted (302) after its confirmation page (200)
    "rates:delete": ((SIGN_IN, 403, 403, 200), (SIGN_IN, 403, 403, 302)),
    # without ?claims=, no letters: 404
    "exchange:claim_letters": ((SIGN_IN, 404, 404, 404), (SIGN_IN, 405, 405, 405)),
    # POST only; an empty POST goes back to the list with "Choose an action."
    "exchange:bulk": ((SIGN_IN, 405, 405, 405), (SIGN_IN, 302, 302, 302)),
    # the search across partners, shipments and agreements
    "search:results": READ_BY_ALL,
    # jobs: each user's own (the one here is another user's), administrators' all
    "jobs:list": READ_BY_ALL,
    # an empty POST: back to the page (no action chosen)
    "maintenance": ((SIGN_IN, 403, 403, 200), (SIGN_IN, 403, 403, 302)),
    "jobs:detail": ((SIGN_IN, 404, 404, 200), (SIGN_IN, 405, 405, 405)),
    "jobs:status": ((SIGN_IN, 404, 404, 200), (SIGN_IN, 405, 405, 405)),
    # finished without a file: nothing to download
    "jobs:download": ((SIGN_IN, 404, 404, 404), (SIGN_IN, 405, 405, 405)),
    "jobs:cancel": ((SIGN_IN, 405, 405, 405), (SIGN_IN, 404, 404, 302)),
    # the exchange (issue 21): staff keep the stock, lists, selections, partners' offers
    # and wants; heads read them all and approve above the threshold (not this one)
    "offers:home": READ_BY_ALL,
    "offers:stock_list": READ_BY_ALL,
    "offers:stock_create": STAFF_FORM,
    "offers:stock_edit": STAFF_FORM,
    "offers:stock_import": STAFF_FORM,
    "offers:stock_export": READ_BY_ALL,
    "offers:list_list": READ_BY_ALL,
    "offers:list_create": STAFF_FORM,
    "offers:list_detail": READ_BY_ALL,
    "offers:list_edit": STAFF_FORM,
    "offers:list_titles": STAFF_FORM,
    "offers:list_print": READ_BY_ALL,
    "offers:list_export": READ_BY_ALL,
    # POST only: the open list closed, back to its page
    "offers:list_step": STAFF_ACTION,
    "offers:selection_list": READ_BY_ALL,
    "offers:selection_create": STAFF_FORM,
    "offers:selection_detail": READ_BY_ALL,
    # heads may approve (above the threshold): GET is 405 for them too
    "offers:selection_action": ((SIGN_IN, 405, 405, 405), (SIGN_IN, 302, 403, 302)),
    "offers:selection_withdraw": STAFF_ACTION,
    "offers:partner_offers": READ_BY_ALL,
    "offers:partner_offer_upload": STAFF_FORM,
    # the page, and its marks saved by staff (POST)
    "offers:partner_offer_detail": ((SIGN_IN, 200, 200, 200), (SIGN_IN, 302, 403, 302)),
    "offers:partner_offer_request": STAFF_ACTION,
    "offers:partner_offer_letter": READ_BY_ALL,
    "offers:want_list": READ_BY_ALL,
    "offers:want_create": STAFF_FORM,
    "offers:want_edit": STAFF_FORM,
    "offers:want_import": STAFF_FORM,
    "offers:want_export": READ_BY_ALL,
    "offers:wants_on_offer": READ_BY_ALL,
}


JOB_PAGES = ("detail", "status", "download", "cancel")

# ---- the objects the URLs name ----


@pytest.fixture
def objects(db):
    partner = PartnerFactory(code="GB-BL", country="GB")
    draft = ShipmentFactory(reference="OUT-2026-00001", partner=partner, status="draft")
    ItemFactory(shipment=draft)
    dispatched = sent(partner, datetime.date(2025, 3, 1), reference="OUT-2025-00001")
    ItemFactory(shipment=dispatched)
    incoming = received(partner, datetime.date(2025, 4, 1), reference="IN-2025-00001")
    agreement = AgreementFactory(countries=["GB"])
    obligation = ObligationFactory(agreement=agreement)
    claim = ClaimFactory(partner=partner, shipment=dispatched)
    rate = RateFactory(currency="USD")
    owner = User.objects.create_user(username="job-owner")
    job = Job.objects.create(owner=owner, kind="export", label="x", function="x", state="done")
    stock = StockItemFactory(copies=3)
    offer_list = offer_list_with(stock)
    selection = place_selection(
        offer_list=offer_list,
        partner=partner,
        asked=[Asked(offer_list.lines.get(), 1)],
        source="letter",
    )
    partner_offer = PartnerOffer.objects.create(
        partner=partner, title="Offer", received_on=datetime.date(2026, 4, 1)
    )
    PartnerOfferLine.objects.create(offer=partner_offer, number=1, title="A title", year=2020)
    return {
        "stock": stock,
        "offer_list": offer_list,
        "selection": selection,
        "selection_line": selection.lines.get(),
        "partner_offer": partner_offer,
        "want": Want.objects.create(title="Wanted", year=2020),
        "job": job,
        "rate": rate,
        "partner": partner,
        "draft": draft,
        "incoming": incoming,
        "agreement": agreement,
        "obligation": obligation,
        "claim": claim,
    }


def url_kwargs(name: str, kwarg_names, objects, pending) -> dict:
    """Real values for a URL's kwargs: by URL where it matters, else by kwarg name."""
    by_url = {
        "shipments:acknowledgement": {"reference": objects["incoming"].reference},
        "exchange:obligation_create": {"pk": objects["agreement"].pk},
        "exchange:obligation_edit": {"pk": objects["obligation"].pk},
        "exchange:agreement_detail": {"pk": objects["agreement"].pk},
        "exchange:agreement_edit": {"pk": objects["agreement"].pk},
        "exchange:claim_edit": {"pk": objects["claim"].pk},
        "exchange:claim_letter": {"pk": objects["claim"].pk},
        "exchange:import_preview": {"pk": pending.pk},
        "exchange:import_confirm": {"pk": pending.pk},
        "exchange:import_cancel": {"pk": pending.pk},
        "exchange:report_costs": {"by": "partner"},
        **{f"jobs:{name}": {"pk": objects["job"].pk} for name in JOB_PAGES},
        "rates:edit": {"pk": objects["rate"].pk},
        "rates:delete": {"pk": objects["rate"].pk},
        **offers_kwargs(objects),
    }.get(name, {})
    by_name = {
        "code": objects["partner"].code,
        "reference": objects["draft"].reference,
        "step": "pack",
        "fmt": "csv",
        "by": "country",
        "kind": "shipments",
        "currency": "USD",
    }
    kwargs = {}
    for kwarg in kwarg_names:
        assert kwarg in by_url or kwarg in by_name, (
            f"{name}: no value for the URL kwarg {kwarg!r}; add one to url_kwargs()"
        )
        kwargs[kwarg] = by_url.get(kwarg, by_name.get(kwarg))
    return kwargs


def offers_kwargs(objects) -> dict:
    """The exchange's pages (issue 21): each with its object; an open list is closed,
    a requested selection approved."""
    offer_list, selection = objects["offer_list"].pk, objects["selection"].pk
    partner_offer = objects["partner_offer"].pk
    by_list = ("list_detail", "list_edit", "list_titles", "list_print", "selection_create")
    return {
        "offers:stock_edit": {"pk": objects["stock"].pk},
        "offers:want_edit": {"pk": objects["want"].pk},
        **{f"offers:{name}": {"pk": offer_list} for name in by_list},
        "offers:list_step": {"pk": offer_list, "to": "closed"},
        "offers:list_export": {"pk": offer_list, "fmt": "csv"},
        "offers:selection_detail": {"pk": selection},
        "offers:selection_action": {"pk": selection, "action": "approve"},
        "offers:selection_withdraw": {"pk": objects["selection_line"].pk},
        **{
            f"offers:{name}": {"pk": partner_offer}
            for name in ("partner_offer_detail", "partner_offer_request", "partner_offer_letter")
        },
    }


def pending_import(user) -> PendingImport:
    """A shipments file uploaded by the user (previews are their uploader's only)."""
    owner = user or User.objects.create_user(username="uploader")
    content = b"reference,direction,partner_code,status,title,quantity\n"
    return PendingImport.objects.create(
        kind="shipments", file_name="s.csv", content=content, user=owner
    )


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("route", "name", "kwarg_names"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_every_url_answers_each_role_as_expected(
    request, objects, route, name, kwarg_names, role, method
):
    assert name in EXPECTED, f"{route} ({name}) has no expectation in EXPECTED: add one"
    client = request.getfixturevalue(CLIENT_FIXTURES[role])
    user = User.objects.filter(username=role).first()
    url = reverse(name, kwargs=url_kwargs(name, kwarg_names, objects, pending_import(user)))
    response = client.get(url) if method == "GET" else client.post(url)
    expected = EXPECTED[name][method == "POST"][ROLES.index(role)]
    assert response.status_code == expected, f"{method} {url} as {role}"
    if expected == SIGN_IN and role == "anonymous" and name not in ("logout", "favicon", "healthz"):
        assert response["Location"].startswith(reverse("login") + "?next=")


def test_every_expectation_is_of_a_url_that_exists():
    assert set(EXPECTED) == {name for _route, name, _kwargs in PATTERNS}


# ---- CSRF everywhere ----


@pytest.mark.parametrize(("route", "name", "kwarg_names"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_every_url_refuses_a_post_without_the_csrf_token(
    objects, admin_user, route, name, kwarg_names
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    url = reverse(name, kwargs=url_kwargs(name, kwarg_names, objects, pending_import(admin_user)))
    response = client.post(url)
    assert response.status_code == 403
    assert b"CSRF" in response.content


def test_every_form_of_the_application_carries_the_csrf_token():
    root = Path(settings.BASE_DIR) / "templates"
    forms = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)
    for path in root.rglob("*.html"):
        for body in forms.findall(path.read_text()):
            assert "{% csrf_token %}" in body, f"{path}: a POST form without {{% csrf_token %}}"


# ---- signing in: throttling, redirects, sessions, passwords ----


def sign_in(client, password, **extra):
    return client.post(reverse("login"), {"username": "staff", "password": password, **extra})


def test_five_failed_sign_ins_lock_the_user_name_out_even_with_the_right_password(staff_user):
    client = Client()
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()
    assert sign_in(client, "x-secret-pass-9").status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_sign_in_forgets_earlier_failures(staff_user):
    client = Client()
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, "x-secret-pass-9").status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200


def test_behind_proxies_the_client_is_the_address_the_outermost_proxy_saw(settings, rf):
    forged = "6.6.6.6, 203.0.113.7, 10.0.0.2"  # the client wrote the first entry itself
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forged, REMOTE_ADDR="127.0.0.1")
    settings.EXCHANGE_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"
    settings.EXCHANGE_PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.7"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example", "//evil.example", "https://evil.example/partners/", "/\\evil.example"],
)
def test_signing_in_never_redirects_to_another_site(staff_user, target):
    response = sign_in(Client(), "x-secret-pass-9", next=target)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_signing_in_goes_on_to_the_page_asked_for_on_this_site(staff_user):
    response = sign_in(Client(), "x-secret-pass-9", next="/partners/?q=GB")
    assert response["Location"] == "/partners/?q=GB"


def test_signing_out_never_redirects_to_another_site(staff_client):
    response = staff_client.post(reverse("logout") + "?next=https://evil.example")
    assert response.status_code == 302
    assert "evil" not in response["Location"]


def test_a_session_ends_with_the_browser_and_after_a_working_day(staff_user):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    client = Client()
    sign_in(client, "x-secret-pass-9")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # gone when the browser closes
    assert cookie["httponly"]
    session = Session.objects.get()
    lasts = session.expire_date - timezone.now()
    assert datetime.timedelta(hours=7) < lasts <= datetime.timedelta(hours=8)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.parametrize("password", ["short", "abcd12345", "password123", "12345678901"])
def test_weak_passwords_are_refused(staff_user, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=staff_user)


def test_a_long_uncommon_password_is_accepted(staff_user):
    validate_password("quiet-harbour-lantern-71", user=staff_user)


# ---- Content-Security-Policy and the other headers ----


def test_pages_carry_a_content_security_policy_without_inline_scripts(staff_client):
    response = staff_client.get(reverse("dashboard"))
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]


def test_pages_carry_the_other_security_headers(anon_client):
    response = anon_client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_sends_http_to_https_and_asks_browsers_to_stay_there(anon_client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = anon_client.get(reverse("login"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"
    secure = anon_client.get(reverse("login"), secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")


# No inline script, event handler or style attribute: the policy would block them.
INLINE = {
    "an inline <script>": re.compile(
        r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", re.I
    ),
    "an on… event handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "a style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "a <style> element": re.compile(r"<style\b", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
}


def template_files():
    roots = [Path(settings.BASE_DIR) / "templates"]
    roots += [
        Path(settings.BASE_DIR) / app / "templates" for app in ("exchange", "partners", "shipments")
    ]
    return [path for root in roots if root.is_dir() for path in sorted(root.rglob("*.html"))]


def test_the_templates_are_scanned():
    names = {path.name for path in template_files()}
    assert {"base.html", "partner_detail.html", "shipment_form.html"} <= names


@pytest.mark.parametrize("path", template_files(), ids=lambda path: path.name)
def test_no_template_has_inline_script_or_style(path):
    text = path.read_text()
    for what, pattern in INLINE.items():
        found = pattern.search(text)
        assert not found, f"{path}: {what}: {text[found.start() : found.start() + 80]!r}"
