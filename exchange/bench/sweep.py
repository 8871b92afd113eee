"""Every request of the application, timed at the benchmark's scale: each list, report,
print view, form, letter, export start and import start, as a user allowed to make it.
The rule it checks (issue 19): no request takes more than `LIMIT` seconds.

`REQUESTS` names each URL of the URL conf with the requests that open it; `NOT_TIMED`
says why the others are not (a test keeps the two covering the URL conf). A request
that starts a job (an export past `JOBS_SYNC_ROWS`, a long import) is timed until its
answer, the redirect to the job's page: the job runs in the worker, not in a request.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from exchange.bench.imports import load_bench_import
from exchange.bench.measures import make_measure, timed_rounds
from exchange.claims.models import Claim
from exchange.core.roles import HEADS, STAFF, ensure_roles
from exchange.jobs.models import Job
from exchange.programme.models import CulturalAgreement, Obligation
from exchange.rates.models import ExchangeRate
from exchange.transfer.exports import export_partners
from exchange.transfer.models import PendingImport
from exchange.transfer.pending import pending_create
from partners.models import Partner
from shipments.models import Shipment

LIMIT = 5.0  # seconds: no request may take longer
# Requested signed out; every other as an administrator (who may open every page), and
# the dashboard as each role too (it differs by role).
ANONYMOUS = {"login", "healthz"}

# Named URLs not timed, and why.
EXCHANGE_RECORD_PAGES = (
    "stock_edit list_detail list_edit list_titles list_print list_export list_step"
    " selection_create selection_detail selection_action selection_withdraw"
    " partner_offer_detail partner_offer_request partner_offer_letter want_edit"
).split()
NOT_TIMED = {
    "logout": "a POST that ends the session",
    "set_language": "a POST that sets a cookie",
    "favicon": "a static file",
    "exchange:import_confirm": "writes: the import runs as a job",
    "exchange:import_cancel": "deletes the upload",
    "jobs:cancel": "a POST that marks a job",
    "jobs:download": "sends a stored file",
    **{
        f"offers:{name}": "no exchange records in the benchmark's history yet"
        for name in EXCHANGE_RECORD_PAGES
    },
}


@dataclass
class Sample:
    """The records the requests open: the busiest partner's, and one of each kind."""

    partner: str
    outgoing: str  # a dispatched outgoing shipment (its dispatch note)
    incoming: str  # a received incoming one (its acknowledgement)
    draft: str  # an outgoing draft (its edit form and its step "pack")
    agreement: int
    obligation: int
    claim: int
    rate: int
    currency: str
    job: int
    pending: int


def _get(name, label, url="", **kwargs):
    return ("GET", name, label, url or reverse(name, kwargs=kwargs or None), None)


def _post(name, label, data, **kwargs):
    return ("POST", name, label, reverse(name, kwargs=kwargs or None), data)


def requests(s: Sample, files: dict) -> list[tuple]:
    """(method, url name, label, path, POST data) of every request timed."""
    year = timezone.localdate().year - 1
    balance, shipments = reverse("exchange:report_balance"), reverse("shipments:list")
    partners = reverse("partners:list")
    return [
        _get("login", "Sign-in page (anonymous)"),
        _get("healthz", "Health check (the database: no worker runs beside the benchmark)"),
        _get("dashboard", "Dashboard"),
        _get("my_settings", "My settings"),
        _get("search:results", "Search “Japan”", reverse("search:results") + "?q=Japan"),
        _get("search:results", "Search “日本”", reverse("search:results") + "?q=日本"),
        _get("partners:list", "Partner list"),
        _get("partners:list", "Partner list, search “Japan”", partners + "?q=Japan"),
        _get("partners:list", "Partner list, by country", partners + "?sort=country"),
        _get(
            "partners:lookup",
            "Partner look-up (the forms' choice of partner)",
            reverse("partners:lookup") + "?q=Nat",
        ),
        _get("partners:create", "New partner form"),
        _get("partners:detail", "Partner page (the busiest)", code=s.partner),
        _get("partners:edit", "Partner form (the busiest)", code=s.partner),
        _get("partners:delete", "Partner deletion page (the busiest)", code=s.partner),
        _get("partners:export", "Partners as CSV", reverse("partners:export") + "?format=csv"),
        _get("partners:export", "Partners as XLSX", reverse("partners:export") + "?format=xlsx"),
        _get("shipments:list", "Shipment list"),
        _get("shipments:list", "Shipment list, last page", shipments + "?page=last"),
        _get(
            "shipments:list",
            "Shipment list, received last year, by partner",
            shipments + f"?direction=incoming&status=received&date_from={year}-01-01"
            f"&date_to={year}-12-31&sort=partner",
        ),
        _get("shipments:list", "Shipment list, search", shipments + f"?q={s.partner}"),
        _get("shipments:list", "Shipment list with its totals", shipments + "?totals=1"),
        _get("shipments:create_outgoing", "New outgoing shipment form"),
        _get("shipments:create_incoming", "New incoming shipment form"),
        _get("shipments:detail", "Shipment page", reference=s.outgoing),
        _get("shipments:edit", "Shipment form with its items", reference=s.draft),
        _get("shipments:step", "Step “pack”", reference=s.draft, step="pack"),
        _get("shipments:delete", "Shipment deletion page", reference=s.draft),
        _get("shipments:dispatch_note", "Dispatch note", reference=s.outgoing),
        _get("shipments:acknowledgement", "Acknowledgement letter", reference=s.incoming),
        _get(
            "shipments:check_isbn",
            "ISBN check (item form)",
            reverse("shipments:check_isbn") + "?isbn=9787101003048",
        ),
        _get(
            "shipments:known_item",
            "Known item by ISBN (item form)",
            reverse("shipments:known_item") + "?isbn=9787101003048",
        ),
        _get(
            "shipments:sent_before",
            "Sent before to this partner (item form)",
            reverse("shipments:sent_before") + f"?isbn=9787101003048&partner={s.partner}",
        ),
        _get(
            "shipments:partner_obligations",
            "A partner's obligations (shipment form)",
            reverse("shipments:partner_obligations") + f"?partner={s.partner}&direction=outgoing",
        ),
        _get(
            "shipments:export",
            "Shipments as CSV, every shipment (starts a job)",
            reverse("shipments:export") + "?format=csv",
        ),
        _get(
            "shipments:export",
            "Shipments as XLSX, every shipment (starts a job)",
            reverse("shipments:export") + "?format=xlsx",
        ),
        _get(
            "shipments:export",
            "Shipments as XLSX, one partner's",
            reverse("shipments:export") + f"?format=xlsx&partner={s.partner}",
        ),
        _get("rates:list", "Exchange rates"),
        _get("rates:currency", "One currency's rates", currency=s.currency),
        _get("rates:create", "New rate form"),
        _get("rates:edit", "Rate form", pk=s.rate),
        _get("rates:delete", "Rate deletion page", pk=s.rate),
        _get(
            "exchange:export_rates",
            "Rates as CSV",
            reverse("exchange:export_rates") + "?format=csv",
        ),
        _get("exchange:imports", "Imports"),
        _get("exchange:import_partners", "Partner import form"),
        _get("exchange:import_rates", "Rate import form"),
        _get("exchange:import_shipments", "Shipment import form"),
        _get("exchange:import_template", "Shipment import template", kind="shipments", fmt="xlsx"),
        _get("exchange:import_preview", "Import preview (10,000 rows)", pk=s.pending),
        _post(
            "exchange:import_shipments",
            "Shipment import start (10,000 rows, CSV)",
            {"file": files["shipments"], "encoding": "utf-8"},
        ),
        _post(
            "exchange:import_partners",
            "Partner import start (every partner, CSV)",
            {"file": files["partners"], "encoding": "utf-8"},
        ),
        _get("exchange:agreement_list", "Agreements"),
        _get("exchange:agreement_create", "New agreement form"),
        _get("exchange:agreement_detail", "Agreement page", pk=s.agreement),
        _get("exchange:agreement_edit", "Agreement form", pk=s.agreement),
        _get("exchange:obligation_create", "New obligation form", pk=s.agreement),
        _get("exchange:obligation_list", "Obligations and their fulfilment"),
        _get("exchange:obligation_list", "Obligations, print", fmt="print"),
        _get("exchange:obligation_list", "Obligations as XLSX", fmt="xlsx"),
        _get("exchange:obligation_edit", "Obligation form", pk=s.obligation),
        _get("exchange:claims", "Overdue (claims)"),
        _get("exchange:to_confirm", "Receipts to acknowledge"),
        _get("exchange:claim_list", "Recorded claims"),
        _get("exchange:claim_create", "New claim form"),
        _get("exchange:claim_edit", "Claim form", pk=s.claim),
        _get("exchange:claim_letter", "Claim letter", pk=s.claim),
        _get(
            "exchange:claim_letters",
            "Claim letters",
            reverse("exchange:claim_letters") + f"?claims={s.claim}",
        ),
        _post(
            "exchange:bulk",
            "Bulk acknowledgement of a partner's receipts: the confirmation",
            {"action": "confirm", "scope": "to_confirm", "all": "1", "partner": s.partner},
        ),
        _get("exchange:reports", "Reports"),
        _get("exchange:report_balance", "Balance, this year (the default)"),
        _get("exchange:report_balance", "Balance, last year", balance + "?period=last_year"),
        _get("exchange:report_balance", "Balance, all time", balance + "?period=all"),
        _get(
            "exchange:report_balance",
            "Balance, all time, by value balance",
            balance + "?period=all&sort=-value_balance",
        ),
        _get(
            "exchange:report_balance",
            "Balance, last year, print",
            reverse("exchange:report_balance", kwargs={"fmt": "print"}) + "?period=last_year",
        ),
        _get(
            "exchange:report_balance",
            "Balance, all time, CSV",
            reverse("exchange:report_balance", kwargs={"fmt": "csv"}) + "?period=all",
        ),
        _get(
            "exchange:report_balance",
            "Balance, all time, XLSX",
            reverse("exchange:report_balance", kwargs={"fmt": "xlsx"}) + "?period=all",
        ),
        _get("exchange:report_partner_lookup", "Partner report: choose a partner"),
        _get("exchange:report_partner", "Partner report (the busiest)", code=s.partner),
        _get(
            "exchange:report_partner",
            "Partner report, print",
            code=s.partner,
            fmt="print",
        ),
        _get("exchange:report_partner", "Partner report, XLSX", code=s.partner, fmt="xlsx"),
        *[
            _get("exchange:report_summary", f"Summary by {by}, all time", "", by=by)
            for by in ("country", "region", "subregion", "kind")
        ],
        _get("exchange:report_summary", "Summary by country, print", by="country", fmt="print"),
        _get("exchange:report_summary", "Summary by country, XLSX", by="country", fmt="xlsx"),
        _get("exchange:report_trends", "Trends"),
        _get("exchange:report_trends", "Trends, XLSX", fmt="xlsx"),
        _get("exchange:report_costs", "Costs by partner", by="partner"),
        _get("exchange:report_costs", "Costs by country, XLSX", by="country", fmt="xlsx"),
        _get("jobs:list", "Jobs"),
        _get("jobs:detail", "A job's page", pk=s.job),
        _get("jobs:status", "A job's progress (polled)", pk=s.job),
        _get("maintenance", "Maintenance"),
        *exchange_requests(),
    ]


def exchange_requests() -> list[tuple]:
    """The exchange's lists and forms (issue 21): the benchmark's history has no stock,
    offer list or selection yet, so their records' own pages are not timed."""
    return [
        _get("offers:home", "The exchange"),
        _get("offers:stock_list", "Exchange stock"),
        _get("offers:stock_create", "New stock title form"),
        _get("offers:stock_import", "Stock import form"),
        _get("offers:stock_export", "Stock as CSV"),
        _get("offers:list_list", "Offer lists"),
        _get("offers:list_create", "New offer list form"),
        _get("offers:selection_list", "Selections"),
        _get("offers:partner_offers", "Partners' offers"),
        _get("offers:partner_offer_upload", "Partner offer upload form"),
        _get("offers:want_list", "Wants"),
        _get("offers:want_create", "New want form"),
        _get("offers:want_import", "Want import form"),
        _get("offers:want_export", "Wants as CSV"),
        _get("offers:wants_on_offer", "Wanted titles on offer"),
    ]


def time_requests(runs: int, write, progress=None) -> tuple[list[dict], dict]:
    """Each request's median over `runs` rounds, slowest first, and whether all kept
    under LIMIT."""
    admin = _user("bench-admin", superuser=True)
    client, anonymous, uploader = Client(), Client(), Client()
    client.force_login(admin)
    # Uploads by another administrator: each upload purges its user's oldest waiting
    # ones, the sample's preview among them.
    uploader.force_login(_user("bench-uploader", superuser=True))
    files = upload_files()
    sample = make_sample(admin, files)
    measures = []
    for number, (method, name, label, url, data) in enumerate(requests(sample, files)):
        by = anonymous if name in ANONYMOUS else uploader if method == "POST" else client
        fn = _requester(by, method, url, data)
        measure = make_measure(f"request_{number}", label, None, fn)
        measure.update(name=name, url=url, method=method)
        measures.append(measure)
    for role in (STAFF, HEADS):
        role_client = Client()
        role_client.force_login(_user(f"bench-{role.lower()}", group=role))
        fn = _requester(role_client, "GET", reverse("dashboard"), None)
        measure = make_measure(f"request_dashboard_{role}", f"Dashboard ({role})", None, fn)
        measure.update(name="dashboard", url=reverse("dashboard"), method="GET")
        measures.append(measure)
    try:
        with override_settings(HEALTH_CHECKS=[]):
            results = timed_rounds(measures, runs, lambda line: None, progress)
    finally:
        clean_up(sample)
    for result, measure in zip(results, measures, strict=True):
        result.update(name=measure["name"], url=measure["url"], method=measure["method"])
    results.sort(key=lambda row: row["s"], reverse=True)
    slowest = results[0]
    check = {"requests": len(results), "slowest_s": slowest["s"], "slowest": slowest["label"]}
    check["all_under_limit"] = slowest["s"] <= LIMIT
    write(f"  {len(results)} requests; the slowest: {slowest['label']}, {slowest['s']:.2f} s")
    return results, check


def _requester(client: Client, method: str, url: str, data):
    def fn():
        if method == "POST":
            for value in (data or {}).values():
                if hasattr(value, "seek"):
                    value.seek(0)
            response = client.post(url, data)
        else:
            response = client.get(url)
        if response.status_code not in (200, 302):
            raise CommandError(f"{method} {url} answered {response.status_code}")
        # The whole answer, a download's every byte included.
        if response.streaming:
            return b"".join(response.streaming_content)
        return response.content

    return fn


def _user(username: str, *, superuser=False, group=None) -> User:
    ensure_roles()
    user, _created = User.objects.get_or_create(
        username=username, defaults={"is_superuser": superuser, "is_staff": superuser}
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_sample(admin: User, files: dict) -> Sample:
    """The busiest partner's records, and an agreement, obligation, claim, job and
    pending import made for the sweep (the generated history has none)."""
    partner = Partner.objects.get(pk=1)  # the largest weight in the generated history
    theirs = Shipment.objects.filter(partner=partner).order_by("-pk")

    def reference(direction, status):
        found = theirs.filter(direction=direction, status=status).first()
        if found is None:
            found = Shipment.objects.filter(direction=direction, status=status).first()
        if found is None:
            raise CommandError(f"No {status} {direction} shipment to time its pages.")
        return found.reference

    agreement = CulturalAgreement.objects.create(
        title="Benchmark agreement", countries=[partner.country]
    )
    obligation = Obligation.objects.create(
        agreement=agreement, direction="outgoing", measure="items", target=Decimal(100)
    )
    incoming = reference("incoming", "received")
    claim = Claim.objects.create(
        partner=partner,
        shipment=Shipment.objects.get(reference=incoming),
        subject="Benchmark claim",
    )
    rate = ExchangeRate.objects.order_by("-valid_from").first()
    job = Job.objects.create(
        owner=admin, kind="export", label="Benchmark", function="x", rows_total=1000
    )
    upload = SimpleUploadedFile("shipments.csv", files["shipments"].read())
    pending = pending_create(kind="shipments", upload=upload, user=admin, encoding="utf-8")
    return Sample(
        partner=partner.code,
        outgoing=reference("outgoing", "dispatched"),
        incoming=incoming,
        draft=reference("outgoing", "draft"),
        agreement=agreement.pk,
        obligation=obligation.pk,
        claim=claim.pk,
        rate=rate.pk,
        currency=rate.currency,
        job=job.pk,
        pending=pending.pk,
    )


def upload_files() -> dict:
    """The files the import starts send: 10,000 shipment rows (the import benchmark's),
    and every partner as the partner export writes them."""
    rows = list(load_bench_import().generate_rows(10_000))
    text = io.StringIO()
    writer = csv.DictWriter(text, list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    shipments = text.getvalue().encode("utf-8")
    partners = export_partners(Partner.objects.all())
    return {
        "shipments": SimpleUploadedFile("shipments.csv", shipments, "text/csv"),
        "partners": SimpleUploadedFile("partners.csv", partners, "text/csv"),
    }


def clean_up(sample: Sample) -> None:
    """What the sweep wrote: its records, uploads and the jobs the export and import
    starts queued (no worker runs them here)."""
    Job.objects.all().delete()  # the benchmark's database is its own
    PendingImport.objects.all().delete()
    Claim.objects.filter(pk=sample.claim).delete()
    Obligation.objects.filter(pk=sample.obligation).delete()
    CulturalAgreement.objects.filter(pk=sample.agreement).delete()
