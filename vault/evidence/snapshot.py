"""Plain, frozen values the gap engine reads.

The lead fills a :class:`Snapshot` from the encrypted database; everything in
``vault.evidence`` works on this copy only, so the engine stays pure, easy to
test with hand-built cases and safe to run in a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Literal

Element = Literal["history", "current", "dispensary"]
LinkSource = Literal["user", "suggestion"]
SummonsPurpose = Literal["records", "medical", "board", "dispatch"]
SummonsChannel = Literal["paper", "mail", "registry"]
LetterPurpose = Literal["ags", "medical", "valid-reason", "complaint", "other", "deregister", "register"]
GenderScenario = Literal["none", "amab-female-marker", "afab-male-marker", "f64"]
GENDER_SCENARIOS: tuple[GenderScenario, ...] = ("none", "amab-female-marker", "afab-male-marker", "f64")
LetterStatus = Literal["sent", "delivered", "returned", "expired"]

ELEMENTS: tuple[Element, ...] = ("history", "current", "dispensary")
DOCUMENT_KINDS: tuple[str, ...] = (
    "child_record",
    "outpatient_record",
    "record_extract",
    "discharge_summary",
    "specialist_conclusion",
    "exam_result",
    "dispensary_certificate",
    "ambulance_certificate",
    "sick_leave",
    "medical_certificate",
    "postal_receipt",
    "delivery_notice",
    "contents_list",
    "summons",
    "outgoing_letter",
    "office_reply",
    "board_decision",
    "health_conclusion",
    "other",
)


def effective_date_of(issued: date | None, period_start: date | None, period_end: date | None) -> date | None:
    """:attr:`Document.effective_date`'s rule, for a reader that fills it in as it builds."""
    return issued or period_end or period_start


def oldest_first(doc: Document) -> tuple[date, int]:
    """Sort key: by effective date (undated first), then id."""
    return doc.effective_date or date.min, doc.id


@dataclass(frozen=True)
class Document:
    """One stored document with the fields the user (or OCR) extracted."""

    id: int
    kind: str
    issued: date | None
    added: datetime
    page_count: int = 1
    sha256: str = ""
    facility: str = ""
    doctor: str = ""
    specialty: str = ""
    icd10: tuple[str, ...] = ()
    diagnosis: str = ""
    wording: str = ""
    period_start: date | None = None
    period_end: date | None = None
    tracking: str = ""
    notes: str = ""
    text: str = ""
    original_name: str = ""
    form_no: str = ""
    patient_name: str = ""
    patient_dob: date | None = None
    has_stamp: bool | None = None
    has_signature: bool | None = None
    electronic: bool | None = None
    e_signature: bool | None = None
    ocr_confidence: tuple[int, ...] = ()
    pages_expected: int | None = None
    original_held: bool | None = None
    handed_in: date | None = None
    findings: str = ""

    @cached_property  # read ~6 times per document per gap report; kept in the instance dict
    def effective_date(self) -> date | None:
        """The date that places the document in time: issued, else its period."""
        return effective_date_of(self.issued, self.period_start, self.period_end)

    @property
    def all_text(self) -> str:
        """Everything a wording check may read: diagnosis, key wording and OCR text."""
        return "\n".join(t for t in (self.diagnosis, self.wording, self.text) if t)

    @property
    def every_text(self) -> str:
        """All typed and read text, notes included (privacy checks read everything)."""
        return "\n".join(t for t in (self.all_text, self.notes) if t)


@dataclass(frozen=True)
class Condition:
    """A diagnosis the user argues, mapped to a Schedule article and sub-item."""

    id: int
    icd10: str
    article: int
    subitem: str | None = None
    primary: bool = False
    notes: str = ""


@dataclass(frozen=True)
class Link:
    """Document → condition for one evidence element; only ``user`` links count."""

    document_id: int
    condition_id: int
    element: Element
    source: LinkSource = "user"


@dataclass(frozen=True)
class Summons:
    """A summons: when it was placed/received and whether the user appeared."""

    id: int
    appear_on: date
    purpose: SummonsPurpose | None = None
    channel: SummonsChannel | None = None
    placed: date | None = None
    received: date | None = None
    attended: bool | None = None
    covering_document_ids: tuple[int, ...] = ()
    notes: str = ""
    cabinet: bool | None = None
    address: str = ""
    issuer: str = ""
    signed: bool | None = None
    sealed: bool | None = None
    extract_document_id: int | None = None
    followup: str = ""


@dataclass(frozen=True)
class Letter:
    """An outgoing letter to the voyenkomat and its postal proof."""

    id: int
    purpose: LetterPurpose
    sent: date
    tracking: str = ""
    receipt_document_id: int | None = None
    notice_document_id: int | None = None
    delivered: date | None = None
    status: LetterStatus = "sent"
    text: str = ""
    document_id: int | None = None
    ags_period: str | None = None
    related_summons_id: int | None = None
    notes: str = ""
    enclosed_document_ids: tuple[int, ...] = ()
    attachments: tuple[str, ...] = ()
    valued: bool | None = None
    contents_document_id: int | None = None
    answered: date | None = None
    hearing: date | None = None
    refused: date | None = None


@dataclass(frozen=True)
class BoardDate:
    id: int
    on: date
    decision: str | None = None
    category: str | None = None
    decided: date | None = None
    referred: bool | None = None

    @property
    def decision_date(self) -> date:
        """The day the decision was taken: recorded, else the board date itself."""
        return self.decided or self.on


@dataclass(frozen=True)
class Profile:
    """Identity for DOC-06 and the opt-in scenario. The scenario is only ever what
    the user typed: it is never inferred from documents."""

    name: str = ""
    birth_date: date | None = None
    gender_scenario: GenderScenario = "none"
    marker_changed_on: date | None = None
    file_lacks_records: bool | None = None
    student: bool | None = None


@dataclass(frozen=True)
class Settings:
    """User-tunable thresholds (product defaults, not law)."""

    history_min_months: int = 12
    stale_warning_days: int = 30
    observation_max_gap_months: int = 6
    ags_target_period: str | None = None
    schedule_edition: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """Everything the engine needs, read once from the vault."""

    documents: tuple[Document, ...] = ()
    conditions: tuple[Condition, ...] = ()
    links: tuple[Link, ...] = ()
    summonses: tuple[Summons, ...] = ()
    letters: tuple[Letter, ...] = ()
    board_dates: tuple[BoardDate, ...] = ()
    profile: Profile = field(default_factory=Profile)
    settings: Settings = field(default_factory=Settings)

    def primary_condition(self) -> Condition | None:
        """The condition marked primary (lowest id if several)."""
        primaries = [c for c in self.conditions if c.primary]
        return min(primaries, key=lambda c: c.id) if primaries else None

    def document(self, document_id: int) -> Document | None:
        return next((d for d in self.documents if d.id == document_id), None)

    def accepted_links(self) -> tuple[Link, ...]:
        """Links the user accepted; suggestions do not count for gaps."""
        return tuple(link for link in self.links if link.source == "user")

    def docs_for(self, condition: Condition, element: Element) -> tuple[Document, ...]:
        """Documents the user linked to ``condition`` as ``element``, oldest first."""
        ids = {
            link.document_id
            for link in self.accepted_links()
            if link.condition_id == condition.id and link.element == element
        }
        docs = [d for d in self.documents if d.id in ids]
        return tuple(sorted(docs, key=oldest_first))

    def next_board_date(self, today: date) -> date | None:
        """The earliest board date on or after ``today``."""
        upcoming = [b.on for b in self.board_dates if b.on >= today]
        return min(upcoming) if upcoming else None
