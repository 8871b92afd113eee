"""Simulated users for scripts/load_test.py (run it, not this file, to get the checks).

Acquisitions staff enter outgoing shipments through the real form (with its CSRF
token and an item formset), then pack and dispatch them; department heads read the
balance report, a partner's report and the dashboard. Every answer that is not the
expected one is a failure; every shipment the server confirmed (its redirect) is
written to LOAD_RESULTS at the end, so the runner can count them in the database.

Environment: LOAD_PASSWORD (the password of the load-staff-N and load-head-N users),
LOAD_PARTNERS (active partner codes, comma-separated), LOAD_TODAY (the server's date,
for the steps), LOAD_RESULTS (the JSON file to write).
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, events, task
from stdnum import ean

PASSWORD = os.environ.get("LOAD_PASSWORD", "")
PARTNERS = [code for code in os.environ.get("LOAD_PARTNERS", "").split(",") if code]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CREATED = re.compile(r"/shipments/(OUT-\d{4}-\d{5})/")
# What the server confirmed, per shipment: its reference, items and the steps done.
CONFIRMED: list[dict] = []
_staff_numbers = itertools.count(1)
_head_numbers = itertools.count(1)


def csrf_token(response) -> str:
    found = CSRF.search(response.text)
    if not found:
        raise ValueError("no CSRF token on the page")
    return found.group(1)


def isbn(number: int) -> str:
    body = f"978{number:09d}"
    return body + ean.calc_check_digit(body)


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    prefix = ""

    def sign_in(self, username: str) -> None:
        page = self.client.get("/accounts/login/", name="sign-in page")
        response = self.client.post(
            "/accounts/login/",
            {
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": csrf_token(page),
                "next": "/",
            },
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        )
        with response:
            if response.status_code != 302:
                response.failure(f"sign-in of {username} answered {response.status_code}")


class Staff(SignedIn):
    """Enters an outgoing shipment with items, packs it and dispatches it."""

    weight = 1

    def on_start(self):
        self.sign_in(f"load-staff-{next(_staff_numbers)}")

    @task
    def enter_pack_and_dispatch(self):
        form = self.client.get("/shipments/new/outgoing/", name="new shipment form")
        if form.status_code != 200:
            return
        items = random.randint(1, 5)
        data = {
            "csrfmiddlewaretoken": csrf_token(form),
            "partner": random.choice(PARTNERS),
            "obligation": "",
            "method": "surface",
            "parcels": "1",
            "weight_kg": "",
            "postage_cost": "",
            "other_cost": "",
            "notes": "Load test",
            "items-TOTAL_FORMS": str(items),
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "500",
        }
        for index in range(items):
            row = {
                "isbn": isbn(random.randint(0, 10**8)),
                "title": f"Load test title {random.randint(1, 10**6)}",
                "author": "Anonymous",
                "publisher": "",
                "material_type": "monograph",
                "language": "zh",
                "year": "2025",
                "quantity": str(random.randint(1, 5)),
                "pages": str(random.randint(50, 800)),
                "unit_value": random.choice(["", "25.00", "118.50"]),
                "currency": "CNY",
                "issn": "",
            }
            data.update({f"items-{index}-{name}": value for name, value in row.items()})
        with self.client.post(
            "/shipments/new/outgoing/",
            data,
            name="create shipment",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            created = CREATED.fullmatch(response.headers.get("Location", ""))
            if response.status_code != 302 or not created:
                response.failure(f"create answered {response.status_code}, not the new page")
                return
        location = created.group(0)
        reference = created.group(1)
        shipment = {"reference": reference, "items": items, "packed": False, "dispatched": False}
        CONFIRMED.append(shipment)
        detail = self.client.get(location, name="shipment page")
        if detail.status_code != 200:
            return
        token = csrf_token(detail)
        # The server's day (Asia/Shanghai by default), which the runner works out.
        today = os.environ["LOAD_TODAY"]
        shipment["packed"] = self.step(reference, "pack", {"pack-on": today}, token)
        if shipment["packed"]:
            fields = {"dispatch-on": today, "dispatch-method": "air"}
            fields["dispatch-tracking_number"] = f"RR{random.randint(10**8, 10**9)}CN"
            shipment["dispatched"] = self.step(reference, "dispatch", fields, token)

    def step(self, reference: str, name: str, fields: dict, token: str) -> bool:
        with self.client.post(
            f"/shipments/{reference}/step/{name}/",
            {"csrfmiddlewaretoken": token, f"{name}-note": "", **fields},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{name} answered {response.status_code}, not a redirect")
                return False
        return True


class Head(SignedIn):
    """Reads the reports and the dashboard; changes nothing."""

    weight = 1

    def on_start(self):
        self.sign_in(f"load-head-{next(_head_numbers)}")

    @task(3)
    def balance_report(self):
        self.client.get("/programme/reports/balance/", name="balance report")

    @task(3)
    def partner_report(self):
        code = random.choice(PARTNERS)
        self.client.get(f"/programme/reports/partner/{code}/", name="partner report")

    @task(2)
    def dashboard(self):
        self.client.get("/", name="dashboard")


@events.quitting.add_listener
def write_results(environment, **kwargs):
    """Once every user has stopped: the confirmed shipments and each page's figures."""
    path = os.environ.get("LOAD_RESULTS")
    if not path:
        return
    stats = environment.runner.stats
    pages = [
        {
            "page": entry.name,
            "method": entry.method,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
            "max": entry.max_response_time,
        }
        for entry in sorted(stats.entries.values(), key=lambda entry: entry.name)
    ]
    total = stats.total
    pages.append(
        {
            "page": "all pages",
            "method": "",
            "requests": total.num_requests,
            "failures": total.num_failures,
            "p50": total.get_response_time_percentile(0.5),
            "p95": total.get_response_time_percentile(0.95),
            "max": total.max_response_time,
        }
    )
    failures = [
        f"{error.occurrences}× {error.method} {error.name}: {error.error}"
        for error in stats.errors.values()
    ]
    with open(path, "w", encoding="utf-8") as file:
        json.dump({"confirmed": CONFIRMED, "pages": pages, "failures": failures}, file)
