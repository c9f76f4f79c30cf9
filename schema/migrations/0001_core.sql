-- Core tables: settings, documents with their chunked originals, audit log, exports.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL DEFAULT 'other',
    issued        TEXT,
    added         TEXT NOT NULL,
    updated       TEXT,
    original_name TEXT NOT NULL DEFAULT '',
    media_type    TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL UNIQUE,
    page_count    INTEGER NOT NULL DEFAULT 1,
    facility      TEXT NOT NULL DEFAULT '',
    doctor        TEXT NOT NULL DEFAULT '',
    specialty     TEXT NOT NULL DEFAULT '',
    icd10         TEXT NOT NULL DEFAULT '',
    diagnosis     TEXT NOT NULL DEFAULT '',
    wording       TEXT NOT NULL DEFAULT '',
    period_start  TEXT,
    period_end    TEXT,
    tracking      TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    reviewed      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE chunks (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    data        BLOB NOT NULL,
    UNIQUE (document_id, seq)
);

CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

CREATE TABLE exports (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    path         TEXT NOT NULL,
    format       TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    document_ids TEXT NOT NULL
);
