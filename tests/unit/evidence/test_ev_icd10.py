from __future__ import annotations

import pytest

from vault.errors import InvalidInput
from vault.evidence import icd10


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("J45.0", "J45.0"),
        ("j45", "J45"),
        ("М21.4", "M21.4"),
        ("Н52.1", "H52.1"),
        (" F64.0 ", "F64.0"),
        ("Т90.52", "T90.52"),
        ("ВЗ4", None),
    ],
)
def test_normalise_and_validate(raw: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(InvalidInput):
            icd10.parse(raw)
    else:
        assert icd10.parse(raw) == expected


@pytest.mark.parametrize("bad", ["U07.1", "J4", "J45.", "J45.123", "45.0", "JJ45", "J45,0", ""])
def test_malformed_rejected(bad: str) -> None:
    assert not icd10.is_valid(bad)
    with pytest.raises(InvalidInput):
        icd10.parse(bad)


def test_parse_list() -> None:
    assert icd10.parse_list("J45.0, J30.1; М21.4  J45.0") == ("J45.0", "J30.1", "M21.4")
    assert icd10.parse_list("") == ()
    with pytest.raises(InvalidInput, match="J4X"):
        icd10.parse_list("J45.0, J4X")


def test_ranges_and_blocks() -> None:
    assert icd10.expand_range("J45-J46") == ("J45", "J46")
    assert icd10.expand_range("M21.4") == ("M21.4",)
    assert icd10.block("j45.01") == "J45"
    assert icd10.matches_prefix("М21.40", ("M21.4",))
    for bad in ("J46-J45", "J45-K46", "J4-J5"):
        with pytest.raises(InvalidInput):
            icd10.expand_range(bad)
