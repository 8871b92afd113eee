"""The matching rules of partners' offers against our wants and what we received
(DOMAIN.md): ISBN-13 with ISBN-10 converted, ISSN, else normalised title and year."""

import pytest

from exchange.offers.matching import Matcher, isbn13, match_keys, normalised_title


def test_an_isbn_10_matches_its_isbn_13():
    assert isbn13("7-101-00304-4") == isbn13("9787101003048") == "9787101003048"
    wanted = Matcher([{"isbn": "9787101003048"}])
    assert wanted.matches(isbn="7101003044", title="Anything")
    assert wanted.matches(isbn="978-7-101-00304-8")
    assert not wanted.matches(isbn="9787101003055")


def test_an_isbn_10_wanted_matches_an_offered_isbn_13():
    assert Matcher([{"isbn": "0-306-40615-2"}]).matches(isbn="9780306406157")


def test_an_issn_matches_with_or_without_its_hyphen():
    wanted = Matcher([{"issn": "0317-8471"}])
    assert wanted.matches(issn="03178471")
    assert not wanted.matches(issn="1050-124X")


def test_an_invalid_identifier_matches_nothing_but_the_title_still_may():
    wanted = Matcher([{"isbn": "9787101003048", "title": "Shiji", "year": 1959}])
    assert not wanted.matches(isbn="9787101003040")  # wrong check digit
    assert wanted.matches(isbn="9787101003040", title="Shiji", year=1959)


@pytest.mark.parametrize(
    ("offered", "wanted"),
    [
        ("Le Monde diplomatique", "le monde diplomatique"),
        ("Çağdaş Türk Edebiyatı", "cagdas turk edebiyati"),
        ("Histoire de l'art: une introduction", "Histoire de l art  une introduction"),
        ("Die Brücke – Zeitschrift", "die brucke zeitschrift"),
        ("  Война и мир ", "ВОЙНА И МИР"),
        ("Łódź i Kraków", "Lodz i krakow"),
        ("Ørsted's Æther", "orsted s aether"),
        ("史记（全十册）", "史记 全十册"),
    ],
)
def test_titles_match_whatever_their_case_punctuation_accents_and_spacing(offered, wanted):
    assert normalised_title(offered) == normalised_title(wanted)
    assert Matcher([{"title": wanted, "year": 2020}]).matches(title=offered, year=2020)


def test_the_same_title_of_another_year_is_another_book():
    wanted = Matcher([{"title": "Annual report", "year": 2024}])
    assert not wanted.matches(title="Annual Report", year=2025)
    assert wanted.matches(title="Annual Report.", year="2024")


def test_a_title_without_a_year_matches_by_identifier_only():
    assert match_keys(title="Annual report") == set()
    assert not Matcher([{"title": "Annual report"}]).matches(title="Annual report")


def test_different_words_are_different_titles():
    assert normalised_title("Art history") != normalised_title("History of art")
