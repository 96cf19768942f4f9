-- flarelog schema v3: the direction of a rating.
-- A symptom is worse when higher (pain 8 is a bad day); a rating such as mood or energy is better when
-- higher (mood 8 is a good day). The analysis turns a better-when-higher rating into badness
-- (max + min - value), so it needs both bounds: only a bounded scale may be better when higher.
-- Existing items keep their meaning: every one of them is worse when higher, as the analysis read them so far.
ALTER TABLE item ADD COLUMN direction TEXT NOT NULL DEFAULT 'worse-when-higher'
    CHECK (direction = 'worse-when-higher'
        OR (direction = 'better-when-higher' AND value_type = 'scale' AND min IS NOT NULL AND max IS NOT NULL));

-- Built-in ratings, 0-10 like the built-in symptoms, recorded as symptoms with the other direction
-- (docs/analysis.md, "The score and its direction"). A database that already has its own item of that
-- name keeps it unchanged.
INSERT OR IGNORE INTO item (kind, name, value_type, unit, min, max, aggregate, builtin, created_at, direction) VALUES
    ('symptom', 'mood', 'scale', NULL, 0.0, 10.0, 'mean', 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'better-when-higher'),
    ('symptom', 'energy', 'scale', NULL, 0.0, 10.0, 'mean', 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'better-when-higher');
