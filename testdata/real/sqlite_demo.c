/* sqlite_demo: links Debian's libsqlite3.a. Creates an in-memory database, fills a table and
 * prints the result of aggregate queries. cc link: sqlite_demo.o libsqlite3.a -lm (glibc >= 2.34
 * has dlopen/pthreads in libc; older ones also need -ldl -lpthread). */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static int print_row(void *tag, int ncol, char **vals, char **names) {
    printf("%s:", (const char *)tag);
    for (int i = 0; i < ncol; i++)
        printf(" %s=%s", names[i], vals[i] ? vals[i] : "NULL");
    printf("\n");
    return 0;
}

static int check(sqlite3 *db, int rc, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        printf("error in %s: %s\n", what, sqlite3_errmsg(db));
        return 1;
    }
    return 0;
}

int main(void) {
    sqlite3 *db;
    char *err = NULL;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
        printf("cannot open database\n");
        return 1;
    }
    printf("sqlite major version: %c\n", sqlite3_libversion()[0]);

    int rc = sqlite3_exec(db,
                          "CREATE TABLE fruit(id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                          " color TEXT, price REAL, qty INTEGER);"
                          "CREATE INDEX fruit_color ON fruit(color);",
                          NULL, NULL, &err);
    if (rc != SQLITE_OK) {
        printf("create failed: %s\n", err);
        return 1;
    }

    static const struct {
        const char *name, *color;
        double price;
        int qty;
    } rows[] = {
        {"apple", "red", 0.5, 120},  {"banana", "yellow", 0.25, 300}, {"cherry", "red", 4.0, 15},
        {"lemon", "yellow", 0.75, 40}, {"lime", "green", 0.6, 55},     {"kiwi", "green", 0.9, 70},
        {"plum", "purple", 1.2, 33},   {"grape", "purple", 2.5, 80},   {"mango", "orange", 1.75, 12},
    };
    sqlite3_stmt *ins;
    if (check(db, sqlite3_prepare_v2(db, "INSERT INTO fruit(name, color, price, qty) VALUES (?, ?, ?, ?)",
                                     -1, &ins, NULL), "prepare insert"))
        return 1;
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        sqlite3_bind_text(ins, 1, rows[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, rows[i].color, -1, SQLITE_STATIC);
        sqlite3_bind_double(ins, 3, rows[i].price);
        sqlite3_bind_int(ins, 4, rows[i].qty);
        if (check(db, sqlite3_step(ins), "insert"))
            return 1;
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    printf("inserted %d rows, last rowid %lld\n", (int)(sizeof rows / sizeof rows[0]),
           (long long)sqlite3_last_insert_rowid(db));

    rc = sqlite3_exec(db,
                      "SELECT color, count(*) AS n, sum(qty) AS total_qty,"
                      " printf('%.2f', sum(price * qty)) AS value, group_concat(name, '+') AS names"
                      " FROM (SELECT * FROM fruit ORDER BY name)"
                      " GROUP BY color ORDER BY sum(price * qty) DESC",
                      print_row, "group", &err);
    if (rc != SQLITE_OK) {
        printf("query failed: %s\n", err);
        return 1;
    }

    sqlite3_stmt *q;
    if (check(db, sqlite3_prepare_v2(db,
                                     "SELECT name, upper(name), length(name), price FROM fruit"
                                     " WHERE price > ?1 ORDER BY price DESC LIMIT 3",
                                     -1, &q, NULL), "prepare select"))
        return 1;
    sqlite3_bind_double(q, 1, 0.7);
    while (sqlite3_step(q) == SQLITE_ROW)
        printf("pricey: %s %s %d %.3f\n", (const char *)sqlite3_column_text(q, 0),
               (const char *)sqlite3_column_text(q, 1), sqlite3_column_int(q, 2),
               sqlite3_column_double(q, 3));
    sqlite3_finalize(q);

    rc = sqlite3_exec(db,
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)"
                      " SELECT count(*) AS count, sum(i) AS sum, avg(i) AS avg,"
                      " printf('%.4f', sqrt(sum(i * i) * 1.0 / count(*))) AS rms FROM n",
                      print_row, "series", &err);
    if (rc != SQLITE_OK) {
        printf("series failed: %s\n", err);
        sqlite3_free(err);
    }

    rc = sqlite3_exec(db, "SELECT * FROM no_such_table", NULL, NULL, &err);
    printf("expected error: rc=%d msg=%s\n", rc, err ? err : "(none)");
    sqlite3_free(err);

    printf("changes: %d, close: %d\n", sqlite3_total_changes(db), sqlite3_close(db));
    return 0;
}
