"""Table-driven tests for committee.bangla: file numbers and memo numbers."""

import pytest

from committee.bangla import (
    FileNumberError,
    format_memo_number,
    parse_file_number,
    parse_memo_number,
)

# --------------------------------------------------------------------------- file & memo numbers

MAGURA_FILE = "56.04.5500.000.06.001.20"
FILE_22 = "56.04.5500.000.000.06.0001.25"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০", MAGURA_FILE),
        (MAGURA_FILE, MAGURA_FILE),
        ("56.০৪.55০০.000.০৬.001.২০", MAGURA_FILE),
        ("  ৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০ \n", MAGURA_FILE),
        ("৫৬.০৪.৫৫০০.০০০.০০০.০৬.০০০১.২৫", FILE_22),
        (FILE_22, FILE_22),
    ],
)
def test_parse_file_number(text, expected):
    assert parse_file_number(text) == expected


INVALID_FILE_NUMBERS = [
    "",
    "   ",
    None,
    56045500,
    "56.04.5500.000.06.001",  # 6 segments
    "56.04.5500.000.06.001.20.9",  # memo number, not a file number
    "56.04.5500.000.06.01.20",  # segment too short
    "56.04.5500.000.006.001.20",  # 22-digit layout in the 18-digit slot
    "560.4.5500.000.06.001.20",
    "56.04.5500.000.000.06.001.25",  # 22-digit layout, file serial 3 digits
    "56.04.5500.000.06.001.2O",  # letter O
    "56.04.5500.000.06.001.2 ",  # inner space
    "56 04 5500 000 06 001 20",
    "56-04-5500-000-06-001-20",
    "56.04.5500.000.06.001.20.",
    ".56.04.5500.000.06.001.20",
    "56.04.5500.000.06.00١.20",  # Arabic-Indic digit
    "৫৬.০৪.৫৫০০.০০০.০৬.০০১",
]


@pytest.mark.parametrize("text", INVALID_FILE_NUMBERS)
def test_parse_file_number_invalid(text):
    with pytest.raises(FileNumberError, match="নথি নম্বর"):
        parse_file_number(text)


def test_file_number_error_is_value_error():
    assert issubclass(FileNumberError, ValueError)


@pytest.mark.parametrize(
    ("file_number", "serial", "expected"),
    [
        ("৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০", 9, "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯"),
        (MAGURA_FILE, 9, "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯"),
        (MAGURA_FILE, 630, "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৬৩০"),
        (" 56.০৪.5500.000.06.001.20 ", 12, "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.১২"),
        (FILE_22, 1, "৫৬.০৪.৫৫০০.০০০.০০০.০৬.০০০১.২৫.১"),
    ],
)
def test_format_memo_number(file_number, serial, expected):
    assert format_memo_number(file_number, serial) == expected


@pytest.mark.parametrize(
    ("file_number", "serial"),
    [
        ("56.04.5500.000.06.001", 9),
        (MAGURA_FILE, 0),
        (MAGURA_FILE, -3),
        (MAGURA_FILE, True),
        (MAGURA_FILE, 2.5),
        (MAGURA_FILE, None),
    ],
)
def test_format_memo_number_invalid(file_number, serial):
    with pytest.raises(FileNumberError):
        format_memo_number(file_number, serial)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯", (MAGURA_FILE, 9)),
        ("56.04.5500.000.06.001.20.9", (MAGURA_FILE, 9)),
        ("৫৬.০৪.5500.০০০.06.০০১.20.৯", (MAGURA_FILE, 9)),
        ("৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০-৬৩০", (MAGURA_FILE, 630)),
        (" ৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০ - ৬৩০ ", (MAGURA_FILE, 630)),
        ("৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০–৬৩০", (MAGURA_FILE, 630)),  # en dash from Word
        ("৫৬.০৪.৫৫০০.০০০.০০০.০৬.০০০১.২৫.৬৩০", (FILE_22, 630)),
        ("56.04.5500.000.000.06.0001.25-1", (FILE_22, 1)),
        ("56.04.5500.000.06.001.20.009", (MAGURA_FILE, 9)),
    ],
)
def test_parse_memo_number(text, expected):
    assert parse_memo_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "৯",
        "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০",  # file number without a serial
        "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.",
        "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০-",
        "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.০",  # serial 0
        "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.ক",
        "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০/৯",
        "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯.১",
        "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০--৯",
        "৫৬.০৪.৫৫০০.০০০.০৬.০১.২০.৯",
        "56.04.5500.000.000.06.0001.25",  # 22-digit file number without a serial
        "স্মারক নম্বর: ৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯",
    ],
)
def test_parse_memo_number_invalid(text):
    with pytest.raises(FileNumberError):
        parse_memo_number(text)


@pytest.mark.parametrize("serial", [1, 9, 630, 12345])
@pytest.mark.parametrize("file_number", [MAGURA_FILE, FILE_22])
def test_memo_number_round_trip(file_number, serial):
    memo = format_memo_number(file_number, serial)
    assert not any(c in "0123456789" for c in memo)  # printed in Bangla digits only
    assert parse_memo_number(memo) == (file_number, serial)
