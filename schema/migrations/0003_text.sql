-- Extracted text (PDF text layer, OCR or typed) and its full-text index.
CREATE TABLE document_text (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    source      TEXT NOT NULL CHECK (source IN ('pdf', 'ocr', 'user')),
    text        TEXT NOT NULL,
    updated     TEXT NOT NULL
);

-- Contentless index over case-folded, ё->е normalised text; rowid = document id.
CREATE VIRTUAL TABLE text_index USING fts5(
    body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER document_text_gone AFTER DELETE ON documents
BEGIN DELETE FROM text_index WHERE rowid = old.id; END;
