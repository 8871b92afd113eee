"""No lost updates: two people editing one partner; the second save is refused and told."""

import threading

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from exchange.audit.versions import take_version
from exchange.core.roles import ADMINISTRATORS
from partners.models import Partner
from tests.factories import ContactFactory, PartnerFactory
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def edit_url(partner):
    return reverse("partners:edit", args=[partner.code])


@pytest.fixture
def other_admin_client(roles):
    user = User.objects.create_user(
        username="admin2", first_name="Wang", last_name="Fang", is_staff=True
    )
    user.groups.add(Group.objects.get(name=ADMINISTRATORS))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def named_admin(admin_user):
    admin_user.first_name, admin_user.last_name = "Chen", "Jing"
    admin_user.save()
    return admin_user


def test_of_two_sessions_editing_a_partner_the_first_wins_and_the_second_is_told(
    admin_client, other_admin_client, named_admin
):
    partner = PartnerFactory(code="GB-BL", city="London", notes="")
    ContactFactory(partner=partner, name="Ann Smith")
    mine = form_data(admin_client.get(edit_url(partner)).content.decode(), "version")
    theirs = form_data(other_admin_client.get(edit_url(partner)).content.decode(), "version")
    assert mine["version"] == theirs["version"] == "1"

    assert admin_client.post(edit_url(partner), {**mine, "city": "Leeds"}).status_code == 302
    refused = other_admin_client.post(
        edit_url(partner), {**theirs, "city": "York", "notes": "Call first"}
    )

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Chen Jing saved this partner at" in html
    assert "while you were editing it" in html
    # their input is kept in the form, and what the other saved is shown beside it
    assert refused.context["form"]["city"].value() == "York"
    assert refused.context["form"]["notes"].value() == "Call first"
    assert "<del>London</del>" in html and "<ins>Leeds</ins>" in html
    partner.refresh_from_db()
    assert (partner.city, partner.notes, partner.version) == ("Leeds", "", 2)
    assert partner.history.count() == 2


def test_saving_again_after_seeing_the_conflict_is_deliberate_and_goes_through(
    admin_client, other_admin_client
):
    partner = PartnerFactory(city="London")
    mine = form_data(admin_client.get(edit_url(partner)).content.decode(), "version")
    theirs = form_data(other_admin_client.get(edit_url(partner)).content.decode(), "version")
    admin_client.post(edit_url(partner), {**mine, "city": "Leeds"})
    refused = other_admin_client.post(edit_url(partner), {**theirs, "city": "York"})
    again = form_data(refused.content.decode(), "version")
    assert (again["version"], again["city"]) == ("2", "York")
    assert other_admin_client.post(edit_url(partner), again).status_code == 302
    partner.refresh_from_db()
    assert (partner.city, partner.version) == ("York", 3)


def test_a_refused_save_changes_neither_the_partner_nor_its_contacts(
    admin_client, other_admin_client
):
    partner = PartnerFactory(city="London")
    ContactFactory(partner=partner, name="Ann Smith")
    mine = form_data(admin_client.get(edit_url(partner)).content.decode(), "version")
    theirs = form_data(other_admin_client.get(edit_url(partner)).content.decode(), "version")
    admin_client.post(edit_url(partner), mine)
    renamed = {**theirs, "contacts-0-name": "Ann Jones", "city": "York"}
    assert other_admin_client.post(edit_url(partner), renamed).status_code == 200
    assert list(partner.contacts.values_list("name", flat=True)) == ["Ann Smith"]
    assert Partner.objects.get(pk=partner.pk).city == "London"


def test_each_save_moves_the_version_on_by_one():
    partner = PartnerFactory()
    assert take_version(partner, 1) == 2
    assert take_version(partner, 2) == 3
    with pytest.raises(ValidationError, match="while you were editing it"):
        take_version(partner, 2)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a database that runs writers concurrently"
)
def test_two_saves_from_one_version_at_the_same_moment_one_wins():
    partner = PartnerFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def save():
        try:
            with transaction.atomic():
                barrier.wait()
                outcomes.append(take_version(partner, 1))
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [2, "refused"]
    assert Partner.objects.get(pk=partner.pk).version == 2


def test_a_save_in_the_admin_meanwhile_refuses_the_pages_save(admin_client, other_admin_client):
    partner = PartnerFactory(city="London")
    theirs = form_data(other_admin_client.get(edit_url(partner)).content.decode(), "version")
    admin_url = reverse("admin:partners_partner_change", args=[partner.pk])
    in_admin = form_data(admin_client.get(admin_url).content.decode(), "code")
    assert admin_client.post(admin_url, {**in_admin, "city": "Leeds"}).status_code == 302
    refused = other_admin_client.post(edit_url(partner), {**theirs, "city": "York"})
    assert "while you were editing it" in refused.content.decode()
    assert Partner.objects.get(pk=partner.pk).city == "Leeds"
