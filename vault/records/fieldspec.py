"""What kind of value each record field takes, read off the core's own validators.

The TUI draws its forms from this, so a field added to ``SUMMONS_FIELDS``,
``LETTER_FIELDS``, ``CONDITION_FIELDS`` or ``PROFILE_FIELDS`` appears in the
forms without UI code: dates get a date field, choices a picker, references a
document picker.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from vault.records import conditions as c

# The profile declares its fields as names (``vault.records.profile.PROFILE_FIELDS``);
# their kinds are stated here. A name not listed is a text field.
PROFILE_KINDS = {"birth_date": "date", "marker_changed_on": "date", "gender_scenario": "choice",
                 "file_lacks_records": "yesno", "student": "yesno"}
REFERENCES = {"receipt": "document", "notice": "document", "document": "document", "summons": "summons",
              "extract": "document", "contents": "document"}


@dataclass(frozen=True)
class FieldInfo:
    name: str
    kind: str  # text | date | choice | yesno | number | document | summons
    choices: tuple[str, ...] = ()


def describe(fields: Mapping[str, Callable[[str, str], Any]]) -> list[FieldInfo]:
    out = []
    for name, check in fields.items():
        choices = tuple(getattr(check, "choices", ()))
        if name in REFERENCES:
            kind = REFERENCES[name]
        elif choices:
            kind = "choice"
        elif check is c._date:
            kind = "date"
        elif check is c._yesno:
            kind = "yesno"
        elif check is c._int_or_none:
            kind = "number"
        else:
            kind = "text"
        out.append(FieldInfo(name, kind, choices))
    return out


def describe_profile() -> list[FieldInfo]:
    from vault.evidence.snapshot import GENDER_SCENARIOS
    from vault.records.profile import PROFILE_FIELDS

    choices = {"gender_scenario": tuple(GENDER_SCENARIOS)}
    return [FieldInfo(name, PROFILE_KINDS.get(name, "text"), choices.get(name, ())) for name in PROFILE_FIELDS]
