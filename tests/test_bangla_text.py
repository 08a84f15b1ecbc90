"""Table-driven tests for committee.bangla: digits, text keys, number labels."""

import pytest

from committee.bangla import (
    match_key,
    normalize_text,
    number_label,
    to_ascii_digits,
    to_bangla_digits,
)

# --------------------------------------------------------------------------- digits


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "০"),
        (1234567890, "১২৩৪৫৬৭৮৯০"),
        ("12/03/2022", "১২/০৩/২০২২"),
        ("abc 7", "abc ৭"),
        (None, ""),
        ("", ""),
        ("৫৬", "৫৬"),
    ],
)
def test_to_bangla_digits(value, expected):
    assert to_bangla_digits(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("০১২৩৪৫৬৭৮৯", "0123456789"),
        ("৫৬.০৪.55০০", "56.04.5500"),
        ("সভা নং ১২", "সভা নং 12"),
        ("", ""),
    ],
)
def test_to_ascii_digits(text, expected):
    assert to_ascii_digits(text) == expected


# --------------------------------------------------------------------------- text

YA_ONE = "নারা\u09dfণগঞ্জ"  # য় as one code point (U+09DF)
YA_TWO = "নারা\u09af\u09bcণগঞ্জ"  # য + nukta, as typed on many keyboards


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  জেলা   প্রশাসক\n", "জেলা প্রশাসক"),
        ("a\u00a0\tb", "a b"),
        ("", ""),
        (YA_ONE, YA_TWO),  # NFC decomposes the composition exclusion U+09DF
        (YA_TWO, YA_TWO),
        ("\u09dc\u09dd", "\u09a1\u09bc\u09a2\u09bc"),  # ড় ঢ় likewise
    ],
)
def test_normalize_text(text, expected):
    assert normalize_text(text) == expected


def test_both_typings_of_narayanganj_normalize_equal():
    assert YA_ONE != YA_TWO
    assert normalize_text(YA_ONE) == normalize_text(YA_TWO)
    assert match_key(YA_ONE) == match_key(YA_TWO)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("সহঃ প্রোগ্রামার", "সহকারী প্রোগ্রামার"),
        ("সহ: প্রোগ্রামার", "সহকারী প্রোগ্রামার"),
        ("জেলা প্রশাসক।", "জেলা প্রশাসক"),
        ("জেলা প্রশাসক :", "জেলা প্রশাসক"),
        ("প্রোগ্রামার,মাগুরা", "প্রোগ্রামার, মাগুরা"),
        ("প্রোগ্রামার ,  মাগুরা.", "প্রোগ্রামার, মাগুরা"),
        ("সভার নোটিশ/ কার্যবিবরণী", "সভার নোটিশ / কার্যবিবরণী"),
        ("খ্রি:", "খ্রিঃ"),
        ("ডা: রহমান", "ডাঃ রহমান"),
        ("ICT Division", "ict division"),
        ("জেলা\u200c শিক্ষা\u200d অফিসার", "জেলা শিক্ষা অফিসার"),
        (" উপজেলা  নির্বাহী অফিসার (সকল); ", "উপজেলা নির্বাহী অফিসার (সকল)"),
    ],
)
def test_match_key_equal(a, b):
    assert match_key(a) == match_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("সহকারী প্রোগ্রামার", "প্রোগ্রামার"),
        ("জেলা শিক্ষা অফিসার", "উপজেলা শিক্ষা অফিসার"),
        ("প্রসহঃ", "প্রসহকারী"),  # সহঃ is expanded only at a word start
    ],
)
def test_match_key_different(a, b):
    assert match_key(a) != match_key(b)


def test_match_key_examples():
    assert match_key("সহঃ প্রোগ্রামার, মাগুরা।") == "সহকারী প্রোগ্রামার, মাগুরা"
    assert match_key("") == ""


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize(
    ("parts", "expected"),
    [((2, 1), "২.১"), ((3,), "৩"), ((3, 1, 1), "৩.১.১"), ((10, 12), "১০.১২"), ((), "")],
)
def test_number_label(parts, expected):
    assert number_label(*parts) == expected
