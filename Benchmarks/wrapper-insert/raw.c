/* Inserts N entry-like rows in one transaction with the raw SQLite C API: the yardstick for main.swift.
 * Usage: wrapper-insert-c DB N   -> prints rows per wall-clock second and per CPU second */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define CHECK(expr)                                                                          \
    do {                                                                                     \
        if ((expr) != SQLITE_OK) {                                                           \
            fprintf(stderr, "%s failed: %s\n", #expr, sqlite3_errmsg(db));                   \
            exit(1);                                                                         \
        }                                                                                    \
    } while (0)

static const char *schema =
    "CREATE TABLE entry ("
    " id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, item_id INTEGER NOT NULL, occurred_at TEXT NOT NULL,"
    " utc_offset_min INTEGER NOT NULL, local_day TEXT NOT NULL, value REAL NOT NULL, note TEXT,"
    " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT) STRICT;";

/* The timed part: one transaction, the statement prepared once and reused for every row. */
static __attribute__((noinline)) void insert_all(sqlite3 *db, sqlite3_stmt *insert, long count, char (*uids)[37],
                                                 char (*minutes)[25], char (*days)[11], const char *stamp) {
    CHECK(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL));
    for (long row = 0; row < count; row++) {
        sqlite3_reset(insert);
        sqlite3_clear_bindings(insert);
        CHECK(sqlite3_bind_text(insert, 1, uids[row], 36, SQLITE_STATIC));
        CHECK(sqlite3_bind_int64(insert, 2, row % 40 + 1));
        CHECK(sqlite3_bind_text(insert, 3, minutes[row % 1440], 24, SQLITE_STATIC));
        CHECK(sqlite3_bind_int64(insert, 4, -300));
        CHECK(sqlite3_bind_text(insert, 5, days[row % 1000], 10, SQLITE_STATIC));
        CHECK(sqlite3_bind_double(insert, 6, (double)(row % 11)));
        CHECK(sqlite3_bind_text(insert, 7, stamp, 24, SQLITE_STATIC));
        CHECK(sqlite3_bind_text(insert, 8, stamp, 24, SQLITE_STATIC));
        if (sqlite3_step(insert) != SQLITE_DONE) {
            fprintf(stderr, "insert failed: %s\n", sqlite3_errmsg(db));
            exit(1);
        }
    }
    CHECK(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL));
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "/tmp/wrapper-insert-c.db";
    long count = argc > 2 ? atol(argv[2]) : 1000000;
    char name[4096];

    /* Inputs are made before the clock starts, identically in main.swift. */
    char(*uids)[37] = malloc((size_t)count * 37);
    static char minutes[1440][25], days[1000][11];
    for (long i = 0; i < count; i++) snprintf(uids[i], 37, "00000000-0000-4000-8000-%012ld", i % 1000000000000L);
    for (int m = 0; m < 1440; m++) snprintf(minutes[m], 25, "2026-06-10T%02d:%02d:00.000Z", m / 60, m % 60);
    for (int d = 0; d < 1000; d++) snprintf(days[d], 11, "2026-%02d-%02d", d / 28 % 12 + 1, d % 28 + 1);
    const char *stamp = "2026-11-25T07:30:00.000Z";

    const char *suffixes[] = {"", "-wal", "-shm"};
    for (int s = 0; s < 3; s++) {
        snprintf(name, sizeof name, "%s%s", path, suffixes[s]);
        unlink(name);
    }
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL)) {
        fprintf(stderr, "cannot open %s\n", path);
        return 1;
    }
    CHECK(sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", NULL, NULL, NULL));
    CHECK(sqlite3_exec(db, schema, NULL, NULL, NULL));
    sqlite3_stmt *insert;
    CHECK(sqlite3_prepare_v3(db,
                             "INSERT INTO entry (uid, item_id, occurred_at, utc_offset_min, local_day, value, "
                             "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             -1, SQLITE_PREPARE_PERSISTENT, &insert, NULL));

    /* Wall time, and the CPU time of this process (which other processes on a shared machine do not inflate). */
    struct timespec start, end, cpu_start, cpu_end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_start);
    insert_all(db, insert, count, uids, minutes, days, stamp);
    clock_gettime(CLOCK_MONOTONIC, &end);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    double cpu = (double)(cpu_end.tv_sec - cpu_start.tv_sec) + (double)(cpu_end.tv_nsec - cpu_start.tv_nsec) / 1e9;
    sqlite3_finalize(insert);
    sqlite3_close(db);
    printf("%.0f %.0f\n", (double)count / seconds, (double)count / cpu);
    free(uids);
    return 0;
}
