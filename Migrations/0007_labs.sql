-- flarelog schema v7: lab results, quantities with a unit measured on a moment (`flarelog lab crp 4.2 mg/L`).
-- A lab result belongs to no item and never enters the analysis; ASDAS-CRP reads the latest `crp` of the
-- 14 days up to an assessment's day (docs/assessments.md). `name` is compared in any ASCII case, like item
-- names; `unit` is kept as typed.
CREATE TABLE lab_result (
    id             INTEGER PRIMARY KEY,
    uid            TEXT    NOT NULL UNIQUE,
    name           TEXT    NOT NULL COLLATE NOCASE CHECK (length(name) > 0),
    value          REAL    NOT NULL,
    unit           TEXT    NOT NULL CHECK (length(unit) > 0),
    occurred_at    TEXT    NOT NULL,
    utc_offset_min INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1440 AND 1440),
    local_day      TEXT    NOT NULL CHECK (local_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    created_at     TEXT    NOT NULL
) STRICT;

-- `lab list --name` and ASDAS's CRP look-up read one name in time order.
CREATE INDEX lab_result_name_occurred ON lab_result (name, occurred_at);
