-- flarelog schema v6: clinical assessments (ACR 2016 fibromyalgia criteria, FIQR, BASDAI, ASDAS-CRP).
-- One row per completed questionnaire: the person's answers as a JSON object, the total score the
-- instrument's version computes from them (docs/assessments.md), and when it was answered. Subscores,
-- bands and whether the ACR 2016 criteria are met are computed again from the answers when read.
CREATE TABLE assessment (
    id             INTEGER PRIMARY KEY,
    uid            TEXT    NOT NULL UNIQUE,
    instrument     TEXT    NOT NULL CHECK (instrument IN ('acr2016', 'fiqr', 'basdai', 'asdas-crp')),
    version        TEXT    NOT NULL CHECK (length(version) > 0),
    occurred_at    TEXT    NOT NULL,
    utc_offset_min INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1440 AND 1440),
    local_day      TEXT    NOT NULL CHECK (local_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    answers        TEXT    NOT NULL CHECK (json_valid(answers) AND json_type(answers) = 'object'),
    score          REAL    NOT NULL,
    created_at     TEXT    NOT NULL
) STRICT;

-- `assess list --instrument` and the report's trends read one instrument in time order.
CREATE INDEX assessment_instrument_occurred ON assessment (instrument, occurred_at);
