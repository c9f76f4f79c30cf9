"""The gap report for one vault and one day: snapshot -> gaps -> readable text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vault.core import Vault
    from vault.evidence.gap import Gap
    from vault.evidence.rules import Rules
    from vault.evidence.snapshot import Snapshot


@dataclass(frozen=True)
class Report:
    today: date
    board_date: date | None
    gaps: tuple[Gap, ...]
    snapshot: Snapshot

    @property
    def days_left(self) -> int | None:
        return (self.board_date - self.today).days if self.board_date else None


def compute_report(vault: Vault, today: date, rules: Rules | None = None) -> Report:
    """``rules``: a running app passes the rules it loaded once; parsing the TOML
    files again costs more than reading 1,000 documents from SQLCipher."""
    from vault.evidence.gaps import compute_gaps
    from vault.evidence.rules import load_rules
    from vault.records.snapshots import board_date_for, read_snapshot

    snap = read_snapshot(vault)
    board = board_date_for(snap, today)
    return Report(today, board, tuple(compute_gaps(snap, board, today, rules or load_rules())), snap)


_HEAD = {
    "en": {
        "board": "Board date: {d} ({n} days left)",
        "noboard": "No board date set.",
        "none": "No gaps found.",
        "fix": "fix",
        "due": "due",
        "source": "source",
        "blocker": "BLOCKER",
        "high": "HIGH",
        "medium": "MEDIUM",
        "low": "LOW",
        "info": "INFO",
        "note": "Spravka gives no legal advice: each item names the guidance it follows.",
    },
    "ru": {
        "board": "Дата комиссии: {d} (осталось дней: {n})",
        "noboard": "Дата комиссии не задана.",
        "none": "Пробелов не найдено.",
        "fix": "что сделать",
        "due": "срок",
        "source": "источник",
        "blocker": "КРИТИЧНО",
        "high": "ВЫСОКИЙ",
        "medium": "СРЕДНИЙ",
        "low": "НИЗКИЙ",
        "info": "ИНФО",
        "note": "Spravka не даёт юридических советов: у каждого пункта указан источник.",
    },
}


def render_text(report: Report, lang: str) -> str:
    t = _HEAD[lang]
    lines = [
        t["board"].format(d=report.board_date, n=report.days_left) if report.board_date else t["noboard"],
        "",
    ]
    if not report.gaps:
        lines.append(t["none"])
    current = None
    for gap in report.gaps:
        if gap.severity != current:
            current = gap.severity
            lines.append(f"== {t[gap.severity]} ==")
        message = gap.message_ru if lang == "ru" else gap.message_en
        fix = gap.fix_ru if lang == "ru" else gap.fix_en
        due = f" [{t['due']}: {gap.due}]" if gap.due else ""
        lines.append(f"{gap.code}: {message}{due}")
        lines.append(f"    {t['fix']}: {fix}  ({t['source']}: {gap.source})")
    lines += ["", t["note"]]
    return "\n".join(lines)
