-- flarelog schema v4: notes, and full-text search over notes and entry notes.
-- A note is free text on a moment (a journal line, a gratitude, an imported row that holds no value).
-- It belongs to no item and never enters the analysis. `source` is where an imported note came from
-- ("bearable.csv:12"); NULL for a note typed with `flarelog note`.
CREATE TABLE note (
    id             INTEGER PRIMARY KEY,
    uid            TEXT    NOT NULL UNIQUE,
    occurred_at    TEXT    NOT NULL,
    utc_offset_min INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1440 AND 1440),
    local_day      TEXT    NOT NULL CHECK (local_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    text           TEXT    NOT NULL CHECK (length(trim(text)) > 0),
    source         TEXT,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    deleted_at     TEXT
) STRICT;

CREATE INDEX note_occurred ON note (occurred_at);

-- FTS5 indexes of the text, without a copy of it (external content): `flarelog search` matches here and
-- reads the rows from `note` and `entry`. Triggers keep them in step with every insert, update and delete.
CREATE VIRTUAL TABLE note_search USING fts5 (text, content = 'note', content_rowid = 'id');
CREATE VIRTUAL TABLE entry_note_search USING fts5 (note, content = 'entry', content_rowid = 'id');
INSERT INTO entry_note_search (rowid, note) SELECT id, note FROM entry WHERE note IS NOT NULL;

CREATE TRIGGER note_search_insert AFTER INSERT ON note BEGIN
    INSERT INTO note_search (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER note_search_delete AFTER DELETE ON note BEGIN
    INSERT INTO note_search (note_search, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER note_search_update AFTER UPDATE OF text ON note BEGIN
    INSERT INTO note_search (note_search, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO note_search (rowid, text) VALUES (new.id, new.text);
END;

-- Most entries have no note: the WHEN clauses keep the triggers off the common row.
CREATE TRIGGER entry_note_search_insert AFTER INSERT ON entry WHEN new.note IS NOT NULL BEGIN
    INSERT INTO entry_note_search (rowid, note) VALUES (new.id, new.note);
END;
CREATE TRIGGER entry_note_search_delete AFTER DELETE ON entry WHEN old.note IS NOT NULL BEGIN
    INSERT INTO entry_note_search (entry_note_search, rowid, note) VALUES ('delete', old.id, old.note);
END;
CREATE TRIGGER entry_note_search_update_old AFTER UPDATE OF note ON entry WHEN old.note IS NOT NULL BEGIN
    INSERT INTO entry_note_search (entry_note_search, rowid, note) VALUES ('delete', old.id, old.note);
END;
CREATE TRIGGER entry_note_search_update_new AFTER UPDATE OF note ON entry WHEN new.note IS NOT NULL BEGIN
    INSERT INTO entry_note_search (rowid, note) VALUES (new.id, new.note);
END;
