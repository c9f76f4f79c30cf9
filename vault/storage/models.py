"""ORM models over the migrated schema (schema/migrations is the source of truth).

A test compares these mappings with the tables the migrations create, so the
two cannot drift apart silently.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DocumentRow(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(Text, default="other")
    issued: Mapped[str | None] = mapped_column(Text)
    added: Mapped[str] = mapped_column(Text)
    updated: Mapped[str | None] = mapped_column(Text)
    original_name: Mapped[str] = mapped_column(Text, default="")
    media_type: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(Text, unique=True)
    page_count: Mapped[int] = mapped_column(Integer, default=1)
    facility: Mapped[str] = mapped_column(Text, default="")
    doctor: Mapped[str] = mapped_column(Text, default="")
    specialty: Mapped[str] = mapped_column(Text, default="")
    icd10: Mapped[str] = mapped_column(Text, default="")
    diagnosis: Mapped[str] = mapped_column(Text, default="")
    wording: Mapped[str] = mapped_column(Text, default="")
    period_start: Mapped[str | None] = mapped_column(Text)
    period_end: Mapped[str | None] = mapped_column(Text)
    tracking: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    reviewed: Mapped[int] = mapped_column(Integer, default=0)
    form_no: Mapped[str] = mapped_column(Text, default="")
    patient_name: Mapped[str] = mapped_column(Text, default="")
    patient_dob: Mapped[str | None] = mapped_column(Text)
    has_stamp: Mapped[int | None] = mapped_column(Integer)
    has_signature: Mapped[int | None] = mapped_column(Integer)
    electronic: Mapped[int | None] = mapped_column(Integer)
    e_signature: Mapped[int | None] = mapped_column(Integer)
    ocr_confidence: Mapped[str] = mapped_column(Text, default="")
    pages_expected: Mapped[int | None] = mapped_column(Integer)
    original_held: Mapped[int | None] = mapped_column(Integer)
    handed_in: Mapped[str | None] = mapped_column(Text)
    findings: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    rotation: Mapped[str] = mapped_column(Text, default="")


class ChunkRow(Base):
    __tablename__ = "chunks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class AuditRow(Base):
    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String)
    hash: Mapped[str] = mapped_column(String)


class ExportRow(Base):
    __tablename__ = "exports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(Text)
    path: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(Text)
    document_ids: Mapped[str] = mapped_column(Text)


class ConditionRow(Base):
    __tablename__ = "conditions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    icd10: Mapped[str] = mapped_column(Text)
    article: Mapped[int] = mapped_column(Integer)
    subitem: Mapped[str | None] = mapped_column(Text)
    is_primary: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")


class LinkRow(Base):
    __tablename__ = "links"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             primary_key=True)
    condition_id: Mapped[int] = mapped_column(ForeignKey("conditions.id", ondelete="CASCADE"),
                                              primary_key=True)
    element: Mapped[str] = mapped_column(Text, primary_key=True)
    source: Mapped[str] = mapped_column(Text, default="user")
    created: Mapped[str] = mapped_column(Text)


class SummonsRow(Base):
    __tablename__ = "summonses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    appear_on: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(Text)
    placed: Mapped[str | None] = mapped_column(Text)
    received: Mapped[str | None] = mapped_column(Text)
    attended: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    cabinet: Mapped[int | None] = mapped_column(Integer)
    address: Mapped[str] = mapped_column(Text, default="")
    issuer: Mapped[str] = mapped_column(Text, default="")
    signed: Mapped[int | None] = mapped_column(Integer)
    sealed: Mapped[int | None] = mapped_column(Integer)
    extract_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    followup: Mapped[str] = mapped_column(Text, default="")


class SummonsDocumentRow(Base):
    __tablename__ = "summons_documents"
    summons_id: Mapped[int] = mapped_column(ForeignKey("summonses.id", ondelete="CASCADE"),
                                            primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             primary_key=True)


class LetterRow(Base):
    __tablename__ = "letters"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purpose: Mapped[str] = mapped_column(Text)
    sent: Mapped[str] = mapped_column(Text)
    tracking: Mapped[str] = mapped_column(Text, default="")
    receipt_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    notice_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    delivered: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, default="sent")
    text: Mapped[str] = mapped_column(Text, default="")
    ags_period: Mapped[str | None] = mapped_column(Text)
    related_summons_id: Mapped[int | None] = mapped_column(ForeignKey("summonses.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    valued: Mapped[int | None] = mapped_column(Integer)
    contents_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    answered: Mapped[str | None] = mapped_column(Text)
    hearing: Mapped[str | None] = mapped_column(Text)
    refused: Mapped[str | None] = mapped_column(Text)
    attachments: Mapped[str] = mapped_column(Text, default="")


class LetterDocumentRow(Base):
    __tablename__ = "letter_documents"
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             primary_key=True)


class BoardDateRow(Base):
    __tablename__ = "board_dates"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    on_date: Mapped[str] = mapped_column(Text)
    decision: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(Text)
    decided: Mapped[str | None] = mapped_column(Text)
    referred: Mapped[int | None] = mapped_column(Integer)


class DocumentTextRow(Base):
    __tablename__ = "document_text"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    updated: Mapped[str] = mapped_column(Text)
