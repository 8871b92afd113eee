"""What the property tests of the forms check, and the values they post.

Each form is posted through its view as the role that uses it, starting from the
values its page holds, with valid values in any script and then a few fields broken
(random text, huge and negative numbers, impossible dates, blanks, very long
strings, control characters, damaged formset counts). The answer is 200 with errors
and an unchanged database, or a redirect to a page that shows (200); never a 500.
Each example runs in a savepoint that is rolled back.
"""

import datetime

from django.utils import timezone
from hypothesis import strategies as st

from tests.strategies import database_state

TODAY = timezone.localdate()


def form_errors(response) -> list:
    """Every error the page's form and formsets show."""
    context = response.context
    forms = [context["form"]] if context.get("form") is not None else []
    formsets = list((context.get("formsets") or {}).values())
    if context.get("formset") is not None:
        formsets.append(context["formset"])
    errors = [form.errors for form in forms if form.errors]
    for formset in formsets:
        errors += [e for e in [*formset.errors, formset.non_form_errors()] if e]
    return errors


def assert_handled(client, url, data):
    """200 with errors and nothing written, or a redirect to a page that shows."""
    before = database_state()
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert form_errors(response)
        assert database_state() == before
    else:
        assert client.get(response["Location"]).status_code == 200
    return response


def dates(start=datetime.date(1990, 1, 1), end=TODAY):
    """Dates as a date input sends them, sometimes empty."""
    return st.one_of(st.just(""), st.dates(start, end).map(datetime.date.isoformat))


def amounts(places: int, top: int = 10**6):
    return st.one_of(st.just(""), st.decimals(min_value=0, max_value=top, places=places).map(str))


def choices(values, blank=True):
    return st.sampled_from(["", *values] if blank else list(values))
