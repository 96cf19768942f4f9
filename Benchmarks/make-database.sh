#!/usr/bin/env bash
# Creates a flarelog database with N entries (default 1,000,000) over 30 items and 10 years
# (3,650 days, ~274 entries a day), for the benchmarks. Usage: make-database.sh FLARELOG_BINARY DB [N]
set -euo pipefail
flarelog=$1
db=$2
n=${3:-1000000}
rm -f "$db" "$db-wal" "$db-shm"
"$flarelog" --db "$db" init >/dev/null
per_day=$(( (n + 3649) / 3650 ))
sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
-- 30 items: 8 symptoms, 9 triggers (6 yes/no), 13 interventions (4 yes/no).
CREATE TEMP TABLE chosen AS
SELECT id, kind, value_type, row_number() OVER (ORDER BY id) - 1 AS k
FROM item
WHERE (kind = 'symptom' AND id IN (SELECT id FROM item WHERE kind = 'symptom' ORDER BY id LIMIT 8))
   OR kind = 'trigger'
   OR (kind = 'intervention' AND id IN (SELECT id FROM item WHERE kind = 'intervention' ORDER BY id LIMIT 13));
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $n - 1)
INSERT INTO entry (uid, item_id, occurred_at, utc_offset_min, local_day, value, created_at, updated_at)
SELECT printf('bench-%08d', i), c.id,
       strftime('%Y-%m-%dT%H:%M:00.000Z', '2016-01-01', '+' || (i / $per_day) || ' days',
                '+' || ((i % $per_day) * 1380 / $per_day) || ' minutes'),
       0, date('2016-01-01', '+' || (i / $per_day) || ' days'),
       CASE
           WHEN c.value_type = 'boolean' THEN abs(random()) % 2
           -- Symptoms mostly 0-6, higher every few days, so there are flare and non-flare days.
           WHEN c.kind = 'symptom' THEN abs(random()) % 7 + CASE WHEN (i / $per_day) % 5 = 0 THEN 4 ELSE 0 END
           ELSE abs(random()) % 11
       END,
       '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
FROM n JOIN chosen c ON c.k = i % 30;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
