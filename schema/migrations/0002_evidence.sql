-- Evidence model: conditions, document links per element, summonses, letters, board dates.
CREATE TABLE conditions (
    id         INTEGER PRIMARY KEY,
    icd10      TEXT NOT NULL,
    article    INTEGER NOT NULL,
    subitem    TEXT,
    is_primary INTEGER NOT NULL DEFAULT 0,
    notes      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE links (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    condition_id INTEGER NOT NULL REFERENCES conditions(id) ON DELETE CASCADE,
    element      TEXT NOT NULL CHECK (element IN ('history', 'current', 'dispensary')),
    source       TEXT NOT NULL DEFAULT 'user' CHECK (source IN ('user', 'suggestion')),
    created      TEXT NOT NULL,
    PRIMARY KEY (document_id, condition_id, element)
);

CREATE TABLE summonses (
    id        INTEGER PRIMARY KEY,
    appear_on TEXT NOT NULL,
    purpose   TEXT CHECK (purpose IN ('records', 'medical', 'board', 'dispatch')),
    channel   TEXT CHECK (channel IN ('paper', 'mail', 'registry')),
    placed    TEXT,
    received  TEXT,
    attended  INTEGER,
    notes     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE summons_documents (
    summons_id  INTEGER NOT NULL REFERENCES summonses(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (summons_id, document_id)
);

CREATE TABLE letters (
    id                  INTEGER PRIMARY KEY,
    purpose             TEXT NOT NULL CHECK (purpose IN ('ags', 'medical', 'valid-reason', 'complaint', 'other')),
    sent                TEXT NOT NULL,
    tracking            TEXT NOT NULL DEFAULT '',
    receipt_document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    notice_document_id  INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    document_id         INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    delivered           TEXT,
    status              TEXT NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'delivered', 'returned', 'expired')),
    text                TEXT NOT NULL DEFAULT '',
    ags_period          TEXT,
    related_summons_id  INTEGER REFERENCES summonses(id) ON DELETE SET NULL,
    notes               TEXT NOT NULL DEFAULT ''
);

CREATE TABLE board_dates (
    id       INTEGER PRIMARY KEY,
    on_date  TEXT NOT NULL,
    decision TEXT,
    category TEXT
);
