"""The bulk action's pages in Chinese (POST only, so not in the page walk of
tests/test_i18n_pages.py): the confirmation, the result, the letters, the errors."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from tests.i18n_helpers import chinese
from tests.i18n_scan import english_in, english_phrases, visible_text
from tests.test_i18n_pages import allowed_words

URL = reverse("exchange:bulk")


def tokens(world, *keys):
    return [f"{world['shipments'][k].pk}:{world['shipments'][k].version}" for k in keys]


def english_left(response, world) -> list[str]:
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans"' in html
    return english_in(visible_text(html), english_phrases(), allowed_words(world))


@pytest.mark.parametrize("action", ["acknowledge", "confirm", "claim"])
def test_the_confirmation_and_the_result_are_chinese(staff_client, i18n_world, action):
    client = chinese(staff_client)
    data = {"action": action, "selected": tokens(i18n_world, "dispatched", "received", "draft")}
    assert not english_left(client.post(URL, data), i18n_world)
    today = timezone.localdate().isoformat()
    result = client.post(URL, {**data, "confirmed": "1", "on": today})
    assert not english_left(result, i18n_world)
    assert "已完成" in result.content.decode()


def test_all_matching_and_the_letters_are_chinese(staff_client, i18n_world):
    client = chinese(staff_client)
    confirm = client.post(URL, {"action": "acknowledge", "all": "1", "direction": "outgoing"})
    assert not english_left(confirm, i18n_world)
    assert "符合列表筛选条件的全部" in confirm.content.decode()
    letters = client.post(
        URL, {"action": "letters", "selected": tokens(i18n_world, *i18n_world["shipments"])}
    )
    assert not english_left(letters, i18n_world)
    assert "IN-2026-00002 的状态为“待收”：尚无可打印的信函。" in letters.content.decode()


def test_the_reason_a_selection_is_refused_is_chinese(staff_client, i18n_world):
    response = chinese(staff_client).post(URL, {"action": "acknowledge"})
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["请至少选择一个批次。"]


def test_the_claim_letters_page_is_chinese(staff_client, i18n_world):
    client = chinese(staff_client)
    url = reverse("exchange:claim_letters") + f"?claims={i18n_world['claim'].pk}"
    assert not english_left(client.get(url), i18n_world)
