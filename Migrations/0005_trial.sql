-- flarelog schema v5: N-of-1 trials (docs/analysis.md, "Single-patient trials").
-- A trial is a plan: `blocks` blocks of two periods of `period_days` days each, one with the intervention (A)
-- and one without it or with another intervention (B), the order inside each block drawn from `seed`
-- (SplitMix64) and kept in `arms` as it was drawn ("ABBA…", two letters a block), so a later change of the
-- generator can never change a stored plan. The first `washout_days` of every period are not analysed.
-- A trial runs from `start_day` for 2 × blocks × period_days days; `trial stop` ends it early and sets both
-- stopped columns. Items are referenced by id, so a renamed item keeps its trials.
CREATE TABLE trial (
    id              INTEGER PRIMARY KEY,
    uid             TEXT    NOT NULL UNIQUE,
    intervention_id INTEGER NOT NULL REFERENCES item (id),
    comparison_id   INTEGER REFERENCES item (id) CHECK (comparison_id IS NOT intervention_id),
    outcome_id      INTEGER NOT NULL REFERENCES item (id),
    period_days     INTEGER NOT NULL CHECK (period_days BETWEEN 1 AND 90),
    washout_days    INTEGER NOT NULL CHECK (washout_days >= 0 AND washout_days < period_days),
    blocks          INTEGER NOT NULL CHECK (blocks BETWEEN 2 AND 20),
    seed            INTEGER NOT NULL CHECK (seed >= 0),
    arms            TEXT    NOT NULL CHECK (length(arms) = 2 * blocks AND arms NOT GLOB '*[^AB]*'),
    start_day       TEXT    NOT NULL CHECK (start_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    created_at      TEXT    NOT NULL,
    stopped_at      TEXT,
    stopped_day     TEXT    CHECK (stopped_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    CHECK ((stopped_at IS NULL) = (stopped_day IS NULL))
) STRICT;
