-- Titles and page rotation as a view transform (issue 17).
-- The title is typed by the user ('' = built from kind + date + facility when shown).
-- Rotation is JSON {"page index": degrees}; the original bytes and their hash never change.
ALTER TABLE documents ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN rotation TEXT NOT NULL DEFAULT '';
