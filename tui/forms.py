"""Form specs drawn from the core's field declarations, with labels and choice phrases in words.

A field the core adds shows up here by itself: its kind comes from
``vault.records.fieldspec`` and its label from :func:`field_label` (a catalog
entry when one exists, else the field name in words).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from tui.i18n import _, fmt_date
from tui.model import kind_label, phrase
from tui.widgets.form import FieldSpec


def field_labels() -> dict[str, str]:
    return {
        "appear_on": _("Appear on"), "received": _("Received on"), "placed": _("Placed in the register on"),
        "channel": _("How it was served"), "purpose": _("Purpose"), "attended": _("Attended"),
        "notes": _("Notes"), "sent": _("Sent on"), "tracking": _("Tracking number"),
        "receipt": _("Postal receipt (scan)"), "notice": _("Delivery notice (scan)"),
        "document": _("Copy of the letter (scan)"), "delivered": _("Delivered on"), "status": _("Status"),
        "text": _("Text of the letter"), "ags_period": _("AGS dispatch period"),
        "summons": _("In reply to summons"), "name": _("Full name"), "birth_date": _("Date of birth"),
        "icd10": _("ICD-10 code"), "article": _("Article of the Schedule of Diseases"),
        "subitem": _("Sub-item"), "primary": _("Primary condition"), "covering": _("Covering documents"),
        "on": _("Board date"),
        "cabinet": _("Also placed in the personal online cabinet"), "address": _("Address to appear at"),
        "issuer": _("Issued by (enlistment office)"), "signed": _("Signed"), "sealed": _("Sealed"),
        "extract": _("Extract from the register (scan)"), "followup": _("What happened next"),
        "valued": _("Valued letter with a list of contents"), "contents": _("List of contents, form 107 (scan)"),
        "answered": _("Answer received on"), "hearing": _("AGS hearing on"), "refused": _("AGS refused on"),
        "attachments": _("Enclosed with the AGS application (autobiography, reference, witnesses)"),
        "encloses": _("Documents sent with it (numbers, comma-separated)"),
        "gender_scenario": _("Scenario"), "marker_changed_on": _("Date the documents were changed"),
        "file_lacks_records": _("My medical file at the office lacks records"), "student": _("Student"),
    }


def field_label(name: str) -> str:
    return field_labels().get(name) or _(name.replace("_", " ").capitalize())


def doc_choice(doc: Mapping[str, Any]) -> str:
    date = fmt_date(doc.get("issued"))
    return f"#{doc['id']} {kind_label(doc['kind'])}" + (f" · {date}" if date else "")


def specs_from_core(fields: Mapping[str, Callable[[str, str], Any]] | None, *, required: Sequence[str] = (),
                    docs: Sequence[Mapping[str, Any]] = (), summonses: Sequence[Mapping[str, Any]] = (),
                    skip: Sequence[str] = ()) -> list[FieldSpec]:
    """Specs for the core's field declarations (``None``: the profile's)."""
    from vault.records.fieldspec import describe, describe_profile

    out = []
    for info in describe(fields) if fields is not None else describe_profile():
        if info.name in skip:
            continue
        label, req = field_label(info.name), info.name in required
        if info.kind == "choice":
            out.append(FieldSpec(info.name, label, "choice", tuple((phrase(c), c) for c in info.choices), req))
        elif info.kind == "yesno":
            out.append(FieldSpec(info.name, label, "choice", ((_("yes"), "yes"), (_("no"), "no")), req))
        elif info.kind == "document":
            out.append(FieldSpec(info.name, label, "choice",
                                 tuple((doc_choice(d), str(d["id"])) for d in docs), req))
        elif info.kind == "summons":
            out.append(FieldSpec(info.name, label, "choice", tuple(
                (f"#{s['id']} {fmt_date(s['appear_on'])}", str(s["id"])) for s in summonses), req))
        else:
            out.append(FieldSpec(info.name, label, info.kind if info.kind in ("date", "number") else "text",
                                 required=req))
    return out


def ags_explained() -> str:
    return _("AGS is alternative civilian service: the application must reach the enlistment "
             "office at least six months before the dispatch period it targets.")
