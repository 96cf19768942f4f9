#ifndef FLARELOG_CSQLITE_SHIM_H
#define FLARELOG_CSQLITE_SHIM_H

#include <sqlite3.h>

// sqlite3_db_config is variadic, and variadic C functions do not import into Swift.
static inline int flarelog_db_config_int(sqlite3 *db, int op, int value) {
    return sqlite3_db_config(db, op, value, (int *)0);
}

#endif
