/* migrate: revisions applied to a live database, and its state read back.
 *
 * The online twin of the bundles (bundle.h): the same range semantics
 * (bundle_resolve_from, with FROM taken from the database's head rows),
 * the same checks and transaction decisions (bundle_check: replay from
 * FROM, statements that cannot run in a transaction, empty downgrades) and
 * the same SQL for sqlc's own tables (version_table.h).  What it adds is
 * the session:
 *
 *   1. connect (pgconn.h: application_name=sqlc, passwords never shown);
 *   2. take sqlc's session advisory lock (version_table.h gives the key),
 *      waiting at most lock_timeout seconds, and hold it until the
 *      connection closes.  The wait is a client-side loop of
 *      pg_try_advisory_lock with short sleeps, not a blocking
 *      pg_advisory_lock: a session blocked inside a statement holds a
 *      snapshot, and CREATE INDEX CONCURRENTLY (or any statement that waits
 *      for older snapshots) in the lock holder would wait for the waiters
 *      while they wait for it: a deadlock.  Between polls a waiter is idle,
 *      outside any transaction;
 *   3. read the head rows *after* the lock is held, so a second migrator
 *      that waited sees the first one's work and finds nothing to do;
 *   4. refuse unknown revisions in the table (MG_INPUT), dirty rows and
 *      applied revisions whose file changed (MG_PROBLEM; the latter unless
 *      ignore_checksums);
 *   5. run each step: statements one by one (so a failure names its
 *      file:line:col), inside BEGIN ... COMMIT together with the head-row
 *      change and the history row; a step that cannot run in a transaction
 *      commits its dirty mark first, runs its statements in autocommit,
 *      then clears the mark and writes the history row.  With
 *      single_transaction one transaction holds every step.
 *
 * Invariants: a head row changes only in the transaction that ran the
 * revision's statements (or, outside a transaction, only once they all
 * succeeded, a dirty mark standing in between); under the lock a revision
 * is run at most once per recorded state, so concurrent runs apply each
 * revision exactly once.
 *
 * Nothing here prints: messages go to err (one line) and diagnostics to
 * diaglists; progress and server notices go to callbacks.  Statuses are
 * numerically the CLI's exit codes: MG_PROBLEM (1) is a failed or refused
 * apply, MG_INPUT (2) a usage, input or connection error. */
#ifndef SQLC_MIGRATE_H
#define SQLC_MIGRATE_H

#include <libpq-fe.h>

#include "bundle.h"
#include "version_table.h"

typedef enum { MG_OK = 0, MG_PROBLEM = 1, MG_INPUT = 2 } mg_status;

/* Seconds a run waits for another run's lock unless told otherwise. */
#define MG_DEFAULT_LOCK_TIMEOUT 60

/* The version table as read from the database. */
typedef struct mg_state {
    bool has_table, has_history;
    strvec rows;      /* every head row's version_id, in byte order */
    strvec dirty;     /* the rows marked dirty */
    strvec unknown;   /* rows naming no revision of the graph */
    revset current;   /* rows naming one, as graph indices */
} mg_state;

typedef enum { MG_EV_START, MG_EV_DONE, MG_EV_FAILED } mg_event_kind;

/* One step's progress, for the caller to show. */
typedef struct mg_event {
    mg_event_kind kind;
    const revision *rev;
    bool down;
    const char *notx;   /* why it runs outside a transaction, or NULL */
    size_t index, total; /* 0-based position among the steps */
    double seconds;     /* DONE and FAILED: how long the step took */
} mg_event;

typedef struct migrator {
    PGconn *conn;
    const revgraph *g;
    vtable vt;
    const char *tool_version;
    mg_state st;
    bool locked;
    /* Optional: server notices (NOTICE, WARNING, ...) as one line each;
     * dropped when NULL.  Progress of mg_apply's steps. */
    void (*notice)(void *arg, const char *severity, const char *msg);
    void (*progress)(void *arg, const mg_event *ev);
    void *arg;
} migrator;

/* Connects.  MG_INPUT with the redacted one-line error on failure. */
int mg_open(migrator *m, const revgraph *g, const char *dsn, const char *vt_schema,
            const char *vt_table, const char *tool_version, strbuf *err);
void mg_close(migrator *m);

/* Takes the advisory lock (unless this session holds it already), waiting
 * at most timeout_s seconds (0: no limit).  MG_PROBLEM when it is still
 * held by another session then. */
int mg_lock(migrator *m, int timeout_s, strbuf *err);
/* Reads the head rows into m->st. */
int mg_read_state(migrator *m, strbuf *err);
/* MG_INPUT when a row names an unknown revision; MG_PROBLEM when a row is
 * dirty (allow_dirty skips that); else MG_OK.  err says what to do. */
int mg_state_usable(const migrator *m, bool allow_dirty, strbuf *err);

/* An applied revision whose file is not what was applied. */
typedef struct mg_mismatch {
    int ix;
    char recorded[17], now[17];
} mg_mismatch;

/* Compares the newest history row of every revision applied at the
 * current rows with its file's checksum.  Returns the mismatches (in
 * graph order) in *out and *n, and in *unrecorded how many applied revisions
 * have no history row (applied by hand or before the history existed). */
int mg_mismatches(migrator *m, mg_mismatch **out, size_t *n, size_t *unrecorded, strbuf *err);
/* "ID (applied A, file now B), ..." for messages. */
void mg_describe_mismatches(const revgraph *g, const mg_mismatch *mm, size_t n, strbuf *out);

typedef struct mg_apply_opts {
    const char *target;      /* TARGET as written: one term */
    bundle_dir dir;          /* BUNDLE_UPGRADE or BUNDLE_DOWNGRADE */
    int lock_timeout;        /* seconds; 0 waits forever */
    bool single_transaction;
    bool ignore_checksums;
    bool allow_empty_downgrade;
    bool strict;             /* unsupported statements are replay errors */
} mg_apply_opts;

typedef struct mg_result {
    bool nothing;            /* the database was already at the target */
    size_t nsteps, ndone;    /* steps planned; steps committed */
    strvec start_rows;       /* where the database was, and is now */
    strvec end_rows;
    bool dirty;              /* a step outside a transaction failed */
    double seconds;
    diaglist server;         /* a failing statement: the server's error at
                              * its file:line:col, then detail/hint notes */
} mg_result;

/* The whole online upgrade or downgrade: lock, read, check, run.  Replay
 * and transaction diagnostics (warnings included) go to dl. */
int mg_apply(migrator *m, const mg_apply_opts *o, mg_result *res, diaglist *dl, strbuf *err);

/* Sets the head rows to those of the union of specs (each one term; "base"
 * is empty) without running any revision, creating the tables when
 * needed, with one 'stamp' history row per revision whose applied state
 * changes, whose dirty mark is cleared, or whose file no longer matches
 * its recorded checksum (stamping accepts the file as it is now).  purge
 * deletes the rows without reading them first (unknown revisions
 * allowed). */
int mg_stamp(migrator *m, char *const *specs, size_t nspecs, bool purge, int lock_timeout,
             mg_result *res, strbuf *err);

void mg_result_release(mg_result *res);

#endif
