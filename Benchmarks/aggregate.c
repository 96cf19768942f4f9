/* The floor for `flarelog correlate`: only the GROUP BY that gives every item's daily values,
   through the raw SQLite API, rows read and summed so nothing is optimised away.
   Build: cc -O2 aggregate.c -lsqlite3 -o aggregate; run: ./aggregate DB */
#include <sqlite3.h>
#include <stdio.h>

int main(int argc, char **argv) {
    sqlite3 *db;
    sqlite3_stmt *statement;
    if (argc != 2 || sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) return 2;
    const char *sql = "SELECT item_id, local_day, max(value), sum(value), count(*) FROM entry "
                      "WHERE deleted_at IS NULL GROUP BY item_id, local_day";
    if (sqlite3_prepare_v2(db, sql, -1, &statement, NULL) != SQLITE_OK) return 3;
    double checksum = 0;
    long rows = 0;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        checksum += sqlite3_column_int64(statement, 0) + sqlite3_column_double(statement, 2) +
                    sqlite3_column_double(statement, 3) + sqlite3_column_int64(statement, 4);
        checksum += sqlite3_column_bytes(statement, 1);
        rows++;
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    printf("%ld rows, checksum %.1f\n", rows, checksum);
    return 0;
}
