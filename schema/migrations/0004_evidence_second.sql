-- Evidence, second release (issue 16): inputs for every DOMAIN.md §C check.

-- Documents: form number, patient identity (DOC-06), stamp and signature (DOC-02/03),
-- e-signature (DOC-08), OCR confidence per page and expected pages (DOC-09),
-- originals held (DOC-12), handed in against a stamp (MED-14), typed numeric findings (WRD-03).
ALTER TABLE documents ADD COLUMN form_no TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN patient_name TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN patient_dob TEXT;
ALTER TABLE documents ADD COLUMN has_stamp INTEGER;
ALTER TABLE documents ADD COLUMN has_signature INTEGER;
ALTER TABLE documents ADD COLUMN electronic INTEGER;
ALTER TABLE documents ADD COLUMN e_signature INTEGER;
ALTER TABLE documents ADD COLUMN ocr_confidence TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN pages_expected INTEGER;
ALTER TABLE documents ADD COLUMN original_held INTEGER;
ALTER TABLE documents ADD COLUMN handed_in TEXT;
ALTER TABLE documents ADD COLUMN findings TEXT NOT NULL DEFAULT '';

-- Summonses: Gosuslugi cabinet (NA-11), required details (NA-09), what the user did
-- after the valid reason ended (NA-06).
ALTER TABLE summonses ADD COLUMN cabinet INTEGER;
ALTER TABLE summonses ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE summonses ADD COLUMN issuer TEXT NOT NULL DEFAULT '';
ALTER TABLE summonses ADD COLUMN signed INTEGER;
ALTER TABLE summonses ADD COLUMN sealed INTEGER;
ALTER TABLE summonses ADD COLUMN extract_document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL;
ALTER TABLE summonses ADD COLUMN followup TEXT NOT NULL DEFAULT '';

-- Board decisions: decision date (NA-12, MED-16) and referral (MED-15).
ALTER TABLE board_dates ADD COLUMN decided TEXT;
ALTER TABLE board_dates ADD COLUMN referred INTEGER;

-- Letters: two new purposes (COR-10, COR-11) need a new CHECK, so the table is
-- rebuilt (nothing references it). New: valued letter and its list of contents
-- (COR-04), answer date (COR-07), AGS hearing and refusal (AGS-05/06), attachments (AGS-04).
CREATE TABLE letters_new (
    id                   INTEGER PRIMARY KEY,
    purpose              TEXT NOT NULL CHECK (purpose IN ('ags', 'medical', 'valid-reason', 'complaint', 'other',
                                                          'deregister', 'register')),
    sent                 TEXT NOT NULL,
    tracking             TEXT NOT NULL DEFAULT '',
    receipt_document_id  INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    notice_document_id   INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    document_id          INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    delivered            TEXT,
    status               TEXT NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'delivered', 'returned', 'expired')),
    text                 TEXT NOT NULL DEFAULT '',
    ags_period           TEXT,
    related_summons_id   INTEGER REFERENCES summonses(id) ON DELETE SET NULL,
    notes                TEXT NOT NULL DEFAULT '',
    valued               INTEGER,
    contents_document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    answered             TEXT,
    hearing              TEXT,
    refused              TEXT,
    attachments          TEXT NOT NULL DEFAULT ''
);
INSERT INTO letters_new (id, purpose, sent, tracking, receipt_document_id, notice_document_id, document_id,
                         delivered, status, text, ags_period, related_summons_id, notes)
    SELECT id, purpose, sent, tracking, receipt_document_id, notice_document_id, document_id,
           delivered, status, text, ags_period, related_summons_id, notes FROM letters;
DROP TABLE letters;
ALTER TABLE letters_new RENAME TO letters;

-- Which documents a letter enclosed (MED-14: copies reached the voyenkomat).
CREATE TABLE letter_documents (
    letter_id   INTEGER NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (letter_id, document_id)
);
