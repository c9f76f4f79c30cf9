from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vault.errors import InvalidInput
from vault.evidence.rules import Rules
from vault.evidence.tracking import (
    DEFAULT_FORMATS,
    complete_domestic,
    complete_s10,
    is_valid_tracking,
    parse_tracking,
)

digits13 = st.text("0123456789", min_size=13, max_size=13)
letters2 = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)
digits8 = st.text("0123456789", min_size=8, max_size=8)


def test_known_examples() -> None:
    assert parse_tracking("60300095123458").format_id == "domestic"
    assert parse_tracking("RA123456785RU").format_id == "s10"
    assert not is_valid_tracking("RA123456789RU")  # the brief's example fails
    assert parse_tracking(" 603000 9512 3458 ").value == "60300095123458"
    assert parse_tracking("rа123456785ru").value == "RA123456785RU"  # Cyrillic а


@pytest.mark.parametrize(
    "bad", ["", "123", "6030009512345", "603000951234580", "R1123456785RU", "RA12345678RU"]
)
def test_malformed(bad: str) -> None:
    with pytest.raises(InvalidInput):
        parse_tracking(bad)


@given(digits13)
def test_domestic_generated_valid_and_single_digit_change_rejected(body: str) -> None:
    number = complete_domestic(body)
    assert is_valid_tracking(number)
    for i in range(14):
        for d in "0123456789":
            if d != number[i]:
                assert not is_valid_tracking(number[:i] + d + number[i + 1 :])


@given(letters2, digits8, letters2)
def test_s10_generated_valid_and_single_digit_change_rejected(prefix: str, serial: str, country: str) -> None:
    number = complete_s10(prefix, serial, country)
    assert is_valid_tracking(number)
    for i in range(2, 11):
        for d in "0123456789":
            if d == number[i]:
                continue
            changed = number[:i] + d + number[i + 1 :]
            if i == 10:
                assert not is_valid_tracking(changed)
                continue
            # Every weight is coprime with 11, so the remainder always moves; the only
            # blind spot of S10 itself is remainders 0 and 6, which both give check digit 5.
            collides = complete_s10(prefix, changed[2:10], country) == changed
            assert is_valid_tracking(changed) == collides
            if collides:
                assert number[10] == "5"


def test_rule_file_matches_defaults(rules: Rules) -> None:
    assert rules.tracking == DEFAULT_FORMATS
