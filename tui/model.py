"""Pure view-model helpers (no Textual, no SQL): matrix, filter, paths, strength."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from tui.i18n import _, fmt_date, pick

ELEMENTS = ("history", "current", "dispensary")


@cache
def rules() -> Any:
    from vault.evidence.rules import load_rules

    return load_rules()


def kind_label(kind: str) -> str:
    try:
        k = rules().kind(kind)
    except Exception:  # noqa: BLE001 - rule data problems must not break a label
        return kind
    return pick(k.label_ru, k.label_en)


def element_label(element: str) -> str:
    return {"history": _("History"), "current": _("Current (≤ 6 months)"),
            "dispensary": _("Dispensary")}.get(element, element)


def choice_phrases() -> dict[str, str]:
    return {
        "paper": _("on paper, handed over in person"), "mail": _("by post"),
        "registry": _("electronic register of summonses"),
        "records": _("to check military records"), "medical": _("medical examination"),
        "board": _("medical board"), "dispatch": _("dispatch to service"),
        "ags": _("AGS: alternative civilian service application"),
        "valid-reason": _("valid reason for not attending"), "complaint": _("complaint"),
        "other": _("other"), "sent": _("sent"), "delivered": _("delivered"), "returned": _("returned"),
        "expired": _("storage period expired"), "yes": _("yes"), "no": _("no"),
        "deregister": _("removal from the military register"),
        "register": _("registration with the military register"),
        "none": _("Off: no scenario checks"),
        "amab-female-marker": _("Assigned male at birth, female marker in documents"),
        "afab-male-marker": _("Assigned female at birth, male marker in documents"),
        "f64": _("F64 diagnosis (psychiatrist's certificate)"),
    }


def phrase(value: str) -> str:
    """A stored choice (``registry``, ``valid-reason``) in words of the user's language."""
    return choice_phrases().get(value, value)


# ------------------------------------------------------------------ matrix
@dataclass(frozen=True)
class Cell:
    status: str  # ok | weak | missing
    document_ids: tuple[int, ...]


@dataclass(frozen=True)
class MatrixRow:
    condition_id: int
    title: str
    cells: dict[str, Cell]


def evidence_matrix(report: Any) -> list[MatrixRow]:
    """Per condition, per element: the accepted documents and a status."""
    from vault.evidence.dates import is_fresh

    snap = report.snapshot
    flagged = {d for g in report.gaps if g.severity in ("blocker", "high") for d in g.document_ids}
    out = []
    for cond in snap.conditions:
        cells = {}
        for element in ELEMENTS:
            docs = snap.docs_for(cond, element)
            ids = tuple(d.id for d in docs)
            if not docs:
                status = "missing"
            elif element == "current" and report.board_date and not any(
                    d.effective_date and is_fresh(d.effective_date, report.board_date) for d in docs):
                status = "weak"
            elif set(ids) & flagged:
                status = "weak"
            else:
                status = "ok"
            cells[element] = Cell(status, ids)
        title = f"{cond.icd10} · {_('art.')} {cond.article}{cond.subitem or ''}"
        out.append(MatrixRow(cond.id, title + (" ★" if cond.primary else ""), cells))
    return out


def scenario_cell(report: Any) -> Cell | None:
    """The matrix's scenario column, only when the user turned a scenario on (never inferred)."""
    from vault.evidence.gaps import SCENARIO_CODES

    if report.snapshot.profile.gender_scenario == "none":
        return None
    open_gaps = [g for g in report.gaps if g.code in SCENARIO_CODES]
    if not open_gaps:
        return Cell("ok", ())
    worst = "missing" if any(g.severity in ("blocker", "high") for g in open_gaps) else "weak"
    return Cell(worst, tuple(sorted({d for g in open_gaps for d in g.document_ids})))


STATUS_MARK = {"ok": "✔", "weak": "!", "missing": "✘"}


def cell_text(cell: Cell) -> str:
    ids = " ".join(f"#{i}" for i in cell.document_ids[:6])
    more = "…" if len(cell.document_ids) > 6 else ""
    word = {"ok": _("ok"), "weak": _("weak"), "missing": _("missing")}[cell.status]
    return f"{STATUS_MARK[cell.status]} {word} {ids}{more}".rstrip()


# ------------------------------------------------------------------ filter
@dataclass(frozen=True)
class DocIndex:
    """Rows for the table plus a lower-cased haystack per row, built once per load."""

    rows: list[tuple[int, tuple[str, ...], bool]]
    hay: list[str]
    reviewed: list[bool]

    def filter(self, query: str, *, inbox_only: bool = False) -> list[tuple[int, tuple[str, ...], bool]]:
        terms = query.lower().split()
        rows, hay, rev = self.rows, self.hay, self.reviewed
        if not terms and not inbox_only:
            return rows
        return [rows[i] for i in range(len(rows))
                if (not inbox_only or not rev[i]) and all(t in hay[i] for t in terms)]

    def with_text_hits(self, shown: list[tuple[int, tuple[str, ...], bool]], hits: dict[int, str], *,
                       inbox_only: bool = False) -> list[tuple[int, tuple[str, ...], bool]]:
        """``shown`` plus the documents full-text search found, each with its matching line last."""
        if not hits:
            return shown
        seen = {key for key, _c, _f in shown}
        extra = [r for r, rev in zip(self.rows, self.reviewed, strict=True)
                 if r[0] in hits and r[0] not in seen and not (inbox_only and rev)]
        return [(key, (*cells[:-1], hits[key]) if key in hits else cells, flagged)
                for key, cells, flagged in sorted([*shown, *extra], key=lambda r: r[0])]


def doc_title(d: dict[str, Any], kind: str) -> str:
    """The typed title, else kind + date + facility in the UI's language."""
    from vault.records.titles import default_title

    return d.get("title_typed") or default_title(kind, d.get("issued"), d.get("facility") or "")


def build_index(docs: Sequence[dict[str, Any]], links: Sequence[Any] = ()) -> DocIndex:
    conds: dict[int, set[str]] = {}
    elems: dict[int, set[str]] = {}
    for link in links:
        if link.source == "user":
            conds.setdefault(link.document_id, set()).add(str(link.condition_id))
            elems.setdefault(link.document_id, set()).add(link.element[:4])
    labels: dict[str, str] = {}
    rows, hay, reviewed = [], [], []
    for d in docs:
        kind = labels.get(d["kind"]) or labels.setdefault(d["kind"], kind_label(d["kind"]))
        cells = (str(d["id"]), doc_title(d, kind), fmt_date(d.get("issued")),
                 ",".join(d.get("icd10") or []) + ("" if d["id"] not in conds else
                                                     " →" + ",".join(sorted(conds[d["id"]]))),
                 ",".join(sorted(elems.get(d["id"], ()))), "")
        rows.append((d["id"], cells, not d.get("reviewed")))
        hay.append(" ".join((*cells, kind, d.get("facility") or "", d.get("original_name") or "",
                             d.get("doctor") or "", d.get("diagnosis") or "", d.get("specialty") or "",
                             d.get("notes") or "", d.get("tracking") or "", d["kind"])).lower())
        reviewed.append(bool(d.get("reviewed")))
    return DocIndex(rows, hay, reviewed)


# ------------------------------------------------------------------ paths
def parse_dropped_paths(text: str) -> list[Path]:
    """What a terminal pastes when a file is dropped: quoted, escaped or a file:// URI."""
    text = text.strip().strip("\x00")
    if not text:
        return []
    whole = _one_path(text.strip("'\""))
    if whole.exists():
        return [whole]
    try:
        parts = shlex.split(text)
    except ValueError:
        parts = [text.strip("'\"")]
    return [_one_path(p) for p in parts if p.strip()]


def _one_path(raw: str) -> Path:
    raw = raw.strip()
    if raw.startswith("file://"):
        raw = unquote(urlparse(raw).path)
    return Path(raw).expanduser()


# ------------------------------------------------------------------ strength
def strength(passphrase: str) -> tuple[int, str]:
    """A rough 0-4 score and a hint (length and variety; words count as length)."""
    n = len(passphrase)
    classes = sum(bool(set(passphrase) & s) for s in (
        set("abcdefghijklmnopqrstuvwxyz"), set("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), set("0123456789"),
        set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"), set("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")))
    words = len(passphrase.split())
    score = 0 if n < 8 else 1 if n < 12 else 2 if n < 16 else 3
    if score >= 2 and (words >= 4 or classes >= 3):
        score = min(score + 1, 4)
    hints = [_("too short"), _("weak: use at least four random words"), _("fair: add another word"),
             _("good"), _("strong")]
    return score, hints[score]


# ------------------------------------------------------------------ timeline
def timeline_rows(summonses: Sequence[dict[str, Any]], letters: Sequence[dict[str, Any]],
                  boards: Sequence[dict[str, Any]], docs: Sequence[dict[str, Any]]
                  ) -> list[tuple[str, str, int, tuple[str, ...]]]:
    """(sort date, kind, id, cells) sorted by date; kinds: summons, letter, board, document."""
    out: list[tuple[str, str, int, tuple[str, ...]]] = []
    for s in summonses:
        detail = ", ".join(x for x in (phrase(s.get("purpose") or ""), phrase(s.get("channel") or ""),
                                      _("received") + " " + fmt_date(s["received"]) if s.get("received") else "") if x)
        out.append((s["appear_on"], "summons", s["id"], (fmt_date(s["appear_on"]), _("Summons"), detail)))
    for item in letters:
        detail = ", ".join(x for x in (phrase(item["purpose"]), item.get("tracking") or "",
                                       phrase(item.get("status") or "")) if x)
        out.append((item["sent"], "letter", item["id"], (fmt_date(item["sent"]), _("Letter"), detail)))
    for b in boards:
        out.append((b["on"], "board", b["id"], (fmt_date(b["on"]), _("Board"), b.get("decision") or "")))
    for d in docs:
        if d.get("issued"):
            out.append((d["issued"], "document", d["id"],
                        (fmt_date(d["issued"]), _("Document"), f"#{d['id']} {doc_title(d, kind_label(d['kind']))}")))
    out.sort(key=lambda r: (r[0], r[1], r[2]))
    return out


def days_until(day: date | None, today: date) -> int | None:
    return (day - today).days if day else None
