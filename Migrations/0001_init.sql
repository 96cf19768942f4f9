-- flarelog schema v1. Column names are a published interface (see README.md, "Schema").
-- Timestamps are UTC ISO 8601 with milliseconds and Z; days are local YYYY-MM-DD.

PRAGMA application_id = 1179405391; -- 0x464C4C4F 'FLLO', identifies a flarelog file

CREATE TABLE item (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('symptom', 'trigger', 'intervention')),
    name        TEXT    NOT NULL CHECK (length(trim(name)) > 0 AND name = trim(name)),
    value_type  TEXT    NOT NULL CHECK (value_type IN ('scale', 'quantity', 'boolean')),
    unit        TEXT,
    min         REAL,
    max         REAL,
    aggregate   TEXT    NOT NULL CHECK (aggregate IN ('max', 'mean', 'sum', 'any')),
    builtin     INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    created_at  TEXT    NOT NULL,
    archived_at TEXT,
    CHECK ((value_type = 'boolean') = (aggregate = 'any')),
    CHECK (min IS NULL OR max IS NULL OR min <= max)
) STRICT;

-- Names are unique per kind regardless of (ASCII) case.
CREATE UNIQUE INDEX item_kind_name ON item (kind, name COLLATE NOCASE);

CREATE TABLE entry (
    id             INTEGER PRIMARY KEY,
    uid            TEXT    NOT NULL UNIQUE,
    item_id        INTEGER NOT NULL REFERENCES item (id),
    occurred_at    TEXT    NOT NULL,
    utc_offset_min INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1440 AND 1440),
    local_day      TEXT    NOT NULL CHECK (local_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    value          REAL    NOT NULL,
    note           TEXT,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    deleted_at     TEXT
) STRICT;

-- Covering index of the analysis: one pass gives the daily values of every item.
CREATE INDEX entry_item_day_value ON entry (item_id, local_day, value) WHERE deleted_at IS NULL;
-- `list` walks entries newest first.
CREATE INDEX entry_occurred ON entry (occurred_at);

CREATE TABLE entry_region (
    entry_id INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
    region   TEXT    NOT NULL CHECK (length(region) > 0),
    PRIMARY KEY (entry_id, region)
) STRICT, WITHOUT ROWID;

CREATE TABLE flare (
    id                 INTEGER PRIMARY KEY,
    uid                TEXT    NOT NULL UNIQUE,
    started_at         TEXT    NOT NULL,
    ended_at           TEXT,
    start_day          TEXT    NOT NULL CHECK (start_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    end_day            TEXT CHECK (end_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    utc_offset_min     INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1440 AND 1440),
    end_utc_offset_min INTEGER CHECK (end_utc_offset_min BETWEEN -1440 AND 1440),
    note               TEXT,
    created_at         TEXT    NOT NULL,
    deleted_at         TEXT,
    CHECK ((ended_at IS NULL) = (end_day IS NULL) AND (ended_at IS NULL) = (end_utc_offset_min IS NULL)),
    CHECK (end_day IS NULL OR end_day >= start_day),
    CHECK (ended_at IS NULL OR ended_at >= started_at)
) STRICT;

-- At most one open (live, unended) flare episode.
CREATE UNIQUE INDEX flare_single_open ON flare (ended_at IS NULL) WHERE ended_at IS NULL AND deleted_at IS NULL;

CREATE TABLE setting (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Read-only convenience view for people who query the file with sqlite3 or Datasette:
-- live entries with their item's kind, name and unit, regions comma-separated.
CREATE VIEW entry_view AS
SELECT e.id,
       e.uid,
       i.kind,
       i.name AS item,
       e.value,
       i.unit,
       e.occurred_at,
       e.utc_offset_min,
       e.local_day,
       e.note,
       (SELECT group_concat(r.region, ',') FROM entry_region r WHERE r.entry_id = e.id) AS regions,
       e.created_at,
       e.updated_at
FROM entry e
JOIN item i ON i.id = e.item_id
WHERE e.deleted_at IS NULL;
