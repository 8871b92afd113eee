"""Forms that help (issue 18): a title already known by its ISBN or ISSN fills the new
item, and a title already sent to the partner is pointed out (never refused)."""

import datetime
import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from shipments.known import known_description, sent_before
from shipments.models import Shipment
from tests.factories import ItemFactory, PartnerFactory, ShipmentFactory, sent
from tests.i18n_helpers import chinese
from tests.shipments.views_helpers import NEW_OUT, edit, outgoing_data

pytestmark = pytest.mark.django_db

KNOWN = reverse("shipments:known_item")
SENT = reverse("shipments:sent_before")
SHIJI_13 = "9787101003130"
SHIJI_10 = "7101003133"  # the same book's ISBN-10


def shiji(shipment, **fields):
    values = {
        "title": "Shiji",
        "author": "Sima Qian",
        "publisher": "Zhonghua Book Company",
        "isbn": SHIJI_13,
        "language": "zh",
        "year": 1959,
        "pages": 3322,
        "material_type": "monograph",
    }
    values.update(fields)
    return ItemFactory(shipment=shipment, **values)


# ---- what we know of a title ----


def test_the_description_is_our_latest_item_with_the_isbn_in_either_form(
    django_assert_num_queries,
):
    shiji(ShipmentFactory(reference="OUT-2020-00001"), title="Shi ji (old record)")
    shiji(ShipmentFactory(reference="OUT-2024-00007"), isbn=SHIJI_10)
    ItemFactory(title="Another book")
    with django_assert_num_queries(1):
        item = known_description(isbn=SHIJI_13)
    assert item == {
        "title": "Shiji",
        "author": "Sima Qian",
        "publisher": "Zhonghua Book Company",
        "isbn": SHIJI_10,
        "issn": "",
        "material_type": "monograph",
        "language": "zh",
        "year": 1959,
        "pages": 3322,
        "source": "OUT-2024-00007",
    }
    assert known_description(isbn=SHIJI_10)["source"] == "OUT-2024-00007"


def test_a_serial_is_known_by_its_issn_and_an_unknown_title_is_none():
    ItemFactory(isbn="", issn="03785955", title="Journal of Chinese Studies")
    assert known_description(issn="03785955")["title"] == "Journal of Chinese Studies"
    assert known_description(isbn="9780306406157") is None
    assert known_description() is None


def test_staff_look_up_a_known_isbn_typed_with_hyphens(staff_client):
    shiji(ShipmentFactory(reference="OUT-2024-00007"))
    answer = staff_client.get(KNOWN, {"isbn": "978-7-101-00313-0"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["found"] is True
    assert (body["item"]["title"], body["item"]["author"]) == ("Shiji", "Sima Qian")
    assert body["item"]["source"] == "OUT-2024-00007"
    assert staff_client.get(KNOWN, {"isbn": "9780306406157"}).json() == {
        "found": False,
        "item": None,
    }


@pytest.mark.parametrize(
    "query, message",
    [
        ({"isbn": "978-7-101-00313-1"}, "is not a valid ISBN: the check digit is wrong"),
        ({"issn": "1234"}, "is not a valid ISSN"),
        ({}, "Give an ISBN or an ISSN."),
        ({"isbn": "  "}, "Give an ISBN or an ISSN."),
    ],
)
def test_a_lookup_of_bad_input_is_a_400_that_says_why(staff_client, query, message):
    answer = staff_client.get(KNOWN, query)
    assert answer.status_code == 400
    assert message in answer.json()["message"]


def test_the_lookups_are_for_staff_only(anon_client, head_client, admin_client):
    query = {"isbn": SHIJI_13, "partner": "GB-BL"}
    PartnerFactory(code="GB-BL")
    for url in (KNOWN, SENT):
        assert anon_client.get(url, query).status_code == 302
        assert head_client.get(url, query).status_code == 403
        assert admin_client.get(url, query).status_code == 200


def test_a_bad_lookup_is_explained_in_chinese(staff_client):
    answer = chinese(staff_client).get(KNOWN, {})
    assert answer.status_code == 400
    assert answer.json()["message"] == "请填写 ISBN 或 ISSN。"


# ---- a title sent to the partner before ----


def world():
    gb = PartnerFactory(code="GB-BL")
    fr = PartnerFactory(code="FR-BNF")
    shiji(sent(gb, datetime.date(2023, 5, 2), reference="OUT-2023-00010"))
    shiji(sent(gb, datetime.date(2025, 3, 2), reference="OUT-2025-00042", status="acknowledged"))
    shiji(sent(fr, datetime.date(2025, 6, 1), reference="OUT-2025-00050"))  # another partner
    shiji(ShipmentFactory(partner=gb, reference="OUT-2026-00001"))  # a draft: not sent
    shiji(ShipmentFactory(partner=gb, reference="OUT-2026-00002", status="cancelled"))
    return gb


def test_the_shipments_that_took_a_title_to_the_partner_latest_first(
    django_assert_num_queries,
):
    gb = world()
    with django_assert_num_queries(1):
        found = sent_before(gb, [(SHIJI_10, "")])
    assert [s.reference for s in found[SHIJI_13]] == ["OUT-2025-00042", "OUT-2023-00010"]


def test_staff_ask_whether_a_title_went_to_the_partner(staff_client):
    world()
    answer = staff_client.get(SENT, {"partner": "gb-bl", "isbn": SHIJI_10})
    assert answer.status_code == 200
    assert answer.json() == {
        "shipments": [
            {
                "reference": "OUT-2025-00042",
                "url": "/shipments/OUT-2025-00042/",
                "date": "2025-03-02",
                "status": "Acknowledged",
            },
            {
                "reference": "OUT-2023-00010",
                "url": "/shipments/OUT-2023-00010/",
                "date": "2023-05-02",
                "status": "Dispatched",
            },
        ]
    }
    # The shipment being edited is left out.
    answer = staff_client.get(
        SENT, {"partner": "GB-BL", "isbn": SHIJI_13, "shipment": "OUT-2025-00042"}
    )
    assert [s["reference"] for s in answer.json()["shipments"]] == ["OUT-2023-00010"]


@pytest.mark.parametrize(
    "query, message",
    [
        ({"isbn": SHIJI_13}, "Give the partner's code."),
        ({"isbn": SHIJI_13, "partner": "NO-SUCH"}, "No partner has the code “NO-SUCH”."),
        ({"partner": "GB-BL"}, "Give an ISBN or an ISSN."),
        ({"partner": "GB-BL", "isbn": "123"}, "is not a valid ISBN"),
    ],
)
def test_a_bad_question_about_a_partner_is_a_400_that_says_why(staff_client, query, message):
    PartnerFactory(code="GB-BL")
    answer = staff_client.get(SENT, query)
    assert answer.status_code == 400
    assert message in answer.json()["message"]


def test_saving_an_item_sent_before_warns_and_saves(staff_client):
    gb = world()
    data = outgoing_data(gb, {"isbn": "978-7-101-00313-0", "title": "Shiji"})
    response = staff_client.post(NEW_OUT, data)
    assert response.status_code == 302
    assert Shipment.objects.filter(partner=gb, status="draft").count() == 2
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert "“Shiji” had already been sent to this partner on 2025-03-02 in OUT-2025-00042." in shown


def test_a_new_title_saves_without_a_warning(staff_client):
    gb = world()
    response = staff_client.post(NEW_OUT, outgoing_data(gb, {"title": "A new book"}))
    assert response.status_code == 302
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]


def test_the_form_shown_again_points_out_the_title_sent_before(staff_client):
    gb = world()
    data = outgoing_data(gb, {"isbn": SHIJI_13, "title": "Shiji"}, parcels="-1")
    response = staff_client.post(NEW_OUT, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Already sent to this partner on 2025-03-02 (Acknowledged):" in page
    assert '<a href="/shipments/OUT-2025-00042/">OUT-2025-00042</a>' in page


def test_the_edit_form_points_out_titles_sent_before_in_chinese(staff_client):
    gb = world()
    draft = Shipment.objects.get(reference="OUT-2026-00001")
    page = chinese(staff_client).get(edit(draft)).content.decode()
    assert "已于 2025-03-02 寄给该交换伙伴（已确认收到）：" in page
    assert '<a href="/shipments/OUT-2023-00010/">OUT-2023-00010</a>' in page
    assert gb.code in page


def test_the_page_gives_the_scripts_their_addresses_and_messages(staff_client):
    page = staff_client.get(NEW_OUT).content.decode()
    assert f'data-known-url="{KNOWN}"' in page
    assert f'data-sent-url="{SENT}"' in page
    assert 'data-msg-sent-before="Already sent to this partner on {1} ({2}):"' in page
    assert 'data-msg-known-source="Filled in from {1}: check it."' in page
    # Incoming shipments are not "sent": no question about them.
    page = staff_client.get(reverse("shipments:create_incoming")).content.decode()
    assert 'data-sent-url=""' in page


def test_a_lookup_answers_json(staff_client):
    answer = staff_client.get(KNOWN, {"isbn": SHIJI_13})
    assert answer["Content-Type"] == "application/json"
    assert json.loads(answer.content) == {"found": False, "item": None}
