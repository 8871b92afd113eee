import pytest
from django.core.exceptions import ValidationError

from exchange.core.identifiers import clean_isbn, clean_issn, format_isbn, isbn_forms


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("978-7-101-00313-0", "9787101003130"),
        ("9787101003130", "9787101003130"),
        ("0-306-40615-2", "0306406152"),
        ("  030640615-2 ", "0306406152"),
        ("080442957X", "080442957X"),
        ("030640615\n2", "0306406152"),  # a line break in a spreadsheet cell
        ("978\t7-101-00313-0", "9787101003130"),
        ("12345678\n9", "0123456789"),  # crashed stdnum's digit check (a fuzzed import)
    ],
)
def test_valid_isbns_are_stored_compact(given, stored):
    assert clean_isbn(given) == stored


@pytest.mark.parametrize(
    "wrong", ["978-7-101-00313-6", "0-306-40615-3", "12345", "ISBN", "978710100313\n6"]
)
def test_isbns_with_a_wrong_check_digit_or_length_are_refused(wrong):
    with pytest.raises(ValidationError):
        clean_isbn(wrong)


def test_a_wrong_check_digit_is_named_in_the_message():
    with pytest.raises(ValidationError) as error:
        clean_isbn("978-7-101-00313-6")
    assert "check digit" in str(error.value)


@pytest.mark.parametrize(
    ("given", "stored"),
    [("0378-5955", "03785955"), ("2434-561X", "2434561X"), ("0378-595\n5", "03785955")],
)
def test_valid_issns_are_stored_compact(given, stored):
    assert clean_issn(given) == stored


def test_an_issn_with_a_wrong_check_digit_is_refused():
    with pytest.raises(ValidationError, match="check digit"):
        clean_issn("0378-5956")


def test_isbns_are_shown_with_hyphens():
    assert format_isbn("9787101003130") == "978-7-101-00313-0"


def test_empty_identifiers_are_allowed():
    assert clean_isbn("") == "" and clean_issn(" ") == ""


def test_an_isbn_is_found_under_both_its_forms_the_isbn_13_first():
    assert isbn_forms("7101003133") == ["9787101003130", "7101003133"]
    assert isbn_forms("9787101003130") == ["9787101003130", "7101003133"]
    # A 979 ISBN has no ISBN-10; nothing is nothing; a malformed one is only itself.
    assert isbn_forms("9791234567896") == ["9791234567896"]
    assert isbn_forms("") == []
    assert isbn_forms("12-X") == ["12-X"]
