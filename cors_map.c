/* cors_map.c: CORSAllowOriginMap, the origins kept outside the
 * configuration (see cors_map.h).
 *
 * Each map of the server configuration lives in the configuration pool
 * and is copied into every child process, where its state changes: the
 * list of a txt: map is replaced when the file changes, the DBM handle is
 * opened in the process that uses it, the dbd: answers are cached.  Who
 * guards what:
 *
 *   next_check, logged_at   atomics: one thread of the process looks at the
 *                           file once every CORS_MAP_CHECK_SECONDS, one
 *                           error line is logged a second
 *   failed_at               atomic: after the database failed, one thread
 *                           at a time asks it again (cors_dbd_may_ask)
 *   list_lock (read-write)  the txt: list: every lookup reads under it,
 *                           the swap to a new list writes under it (the new
 *                           list is read and validated before, unlocked)
 *   mutex                   txt: the file version and the reload;
 *                           dbm: the handle (APR's DBM handles are not
 *                           thread-safe); dbd: the answer cache
 *
 * A map given in .htaccess lives in the request's pool: it has no locks
 * and never reloads, being read again with the .htaccess file.
 */

#include <string.h>

#include "apr_strings.h"
#include "apr_lib.h"
#include "apr_atomic.h"
#include "apr_file_io.h"
#include "apr_dbm.h"
#include "apr_dbd.h"
#include "apr_optional.h"
#if APR_HAS_THREADS
#include "apr_thread_mutex.h"
#include "apr_thread_rwlock.h"
#endif

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_core.h"
#include "mod_dbd.h"

#include "cors_map.h"
#include "cors_origin.h"

APLOG_USE_MODULE(cors);

/* How often a process looks at a txt: or dbm: file, how long a file must
 * have been left alone before it is read (so that one being written in
 * place is not read half-way), how long a dbd: answer is kept, and how
 * many answers at most. */
#define CORS_MAP_CHECK_SECONDS  5
#define CORS_MAP_SETTLE         apr_time_from_sec(1)
#define CORS_MAP_CACHE_SECONDS  60
#define CORS_MAP_CACHE_MAX      10000
/* How long the one request that asks a database again after a failure is
 * waited for before another may (a frozen server never answers). */
#define CORS_DBD_PROBE_SECONDS  60

/* The largest txt: file read. */
#define CORS_MAP_TXT_MIB        64
#define CORS_MAP_TXT_MAX        ((apr_off_t)CORS_MAP_TXT_MIB * 1024 * 1024)

typedef enum {
    CORS_MAP_TXT,
    CORS_MAP_DBM,
    CORS_MAP_DBD
} cors_map_kind;

/* What tells that a file changed. */
typedef struct {
    apr_time_t mtime;
    apr_off_t size;
    apr_ino_t inode;
    apr_dev_t device;
} cors_file_version;

/* A dbd: answer in the cache. */
typedef struct {
    apr_time_t expires;
    int allowed;
} cors_cached;

struct cors_map {
    cors_map_kind kind;
    const char *name;               /* as configured */
    const char *path;               /* txt:, dbm: the file */
    const char *dbm_type;           /* dbm: APR's name of the type */
    const char *watched;            /* dbm: the file that holds the keys */
    int per_request;                /* given in .htaccess */
    volatile apr_uint32_t next_check;   /* txt:, dbm: when (apr_time_sec)
                                         * the file is next looked at */
    volatile apr_uint32_t logged_at;    /* when the last error was logged */
    volatile apr_uint32_t failed_at;    /* dbd: 0, or after a failure the
                                         * second (apr_time_sec) from which
                                         * the database is asked again */
    cors_file_version seen;         /* txt:, dbm: the version in use (txt:
                                     * or the last one refused) */
#if APR_HAS_THREADS
    apr_thread_rwlock_t *list_lock; /* NULL in .htaccess */
    apr_thread_mutex_t *mutex;      /* NULL in .htaccess */
#endif
    /* txt: the list, in a pool of its own, replaced with it */
    cors_origin_set *list;
    apr_pool_t *list_pool;
    /* dbm: the handle, NULL until a lookup in this process opens it */
    apr_dbm_t *dbm;
    apr_pool_t *dbm_pool;
    /* dbd: the prepared statement's label, mod_dbd's connections, and
     * the answers of this process: origin -> cors_cached */
    const char *query;
    const char *label;
    ap_dbd_t *(*open)(apr_pool_t *, server_rec *);
    void (*close)(server_rec *, ap_dbd_t *);
    apr_hash_t *cache;
    apr_pool_t *cache_pool;
};

/* --- Locks (none in .htaccess) ------------------------------------------- */

static void cors_map_lock(cors_map *m)
{
#if APR_HAS_THREADS
    if (m->mutex) {
        apr_thread_mutex_lock(m->mutex);
    }
#else
    (void)m;
#endif
}

static void cors_map_unlock(cors_map *m)
{
#if APR_HAS_THREADS
    if (m->mutex) {
        apr_thread_mutex_unlock(m->mutex);
    }
#else
    (void)m;
#endif
}

/* 0 when another thread of the process holds the mutex. */
static int cors_map_trylock(cors_map *m)
{
#if APR_HAS_THREADS
    return m->mutex == NULL
           || apr_thread_mutex_trylock(m->mutex) == APR_SUCCESS;
#else
    (void)m;
    return 1;
#endif
}

/* The txt: list of m, in use until cors_list_release(). */
static const cors_origin_set *cors_list_acquire(cors_map *m)
{
#if APR_HAS_THREADS
    if (m->list_lock) {
        apr_thread_rwlock_rdlock(m->list_lock);
    }
#endif
    return m->list;
}

static void cors_list_release(cors_map *m)
{
#if APR_HAS_THREADS
    if (m->list_lock) {
        apr_thread_rwlock_unlock(m->list_lock);
    }
#else
    (void)m;
#endif
}

/* Puts a new list in place, and returns the pool of the old one, which
 * no lookup uses any more. */
static apr_pool_t *cors_list_swap(cors_map *m, cors_origin_set *set,
                                  apr_pool_t *pool)
{
    apr_pool_t *old;

#if APR_HAS_THREADS
    if (m->list_lock) {
        apr_thread_rwlock_wrlock(m->list_lock);
    }
#endif
    old = m->list_pool;
    m->list = set;
    m->list_pool = pool;
#if APR_HAS_THREADS
    if (m->list_lock) {
        apr_thread_rwlock_unlock(m->list_lock);
    }
#endif
    return old;
}

/* A pool of the map's own, for state replaced at run time: unmanaged, so
 * that making one in a request's thread touches no shared pool. */
static apr_pool_t *cors_map_pool(void)
{
    apr_pool_t *p;

    apr_pool_create_unmanaged_ex(&p, NULL, NULL);
    return p;
}

/* --- Files ---------------------------------------------------------------- */

static apr_status_t cors_file_version_get(apr_pool_t *p, const char *path,
                                          cors_file_version *v)
{
    apr_finfo_t fi;
    apr_status_t rv = apr_stat(&fi, path, APR_FINFO_MTIME | APR_FINFO_SIZE
                               | APR_FINFO_INODE | APR_FINFO_DEV, p);

    if (rv != APR_SUCCESS && rv != APR_INCOMPLETE) {
        return rv;
    }
    v->mtime = fi.mtime;
    v->size = fi.size;
    v->inode = fi.inode;
    v->device = fi.device;
    return APR_SUCCESS;
}

static int cors_file_version_eq(const cors_file_version *a,
                                const cors_file_version *b)
{
    return a->mtime == b->mtime && a->size == b->size
           && a->inode == b->inode && a->device == b->device;
}

/* 1 when a file changed less than CORS_MAP_SETTLE ago: perhaps still
 * being written.  (A time further ahead than that is a clock's, not a
 * writer's: such a file is read, not waited for until then.) */
static int cors_file_being_written(const request_rec *r,
                                   const cors_file_version *v)
{
    apr_time_t age = r->request_time - v->mtime;

    return age < CORS_MAP_SETTLE && age > -CORS_MAP_SETTLE;
}

/* 1 for the one request of the process that is to look at the map's file
 * now: at most once every CORS_MAP_CHECK_SECONDS. */
static int cors_map_due(request_rec *r, cors_map *m)
{
    apr_uint32_t now = (apr_uint32_t)apr_time_sec(r->request_time);
    apr_uint32_t next = apr_atomic_read32(&m->next_check);

    return !m->per_request && now >= next
           && apr_atomic_cas32(&m->next_check, now + CORS_MAP_CHECK_SECONDS,
                               next) == next;
}

/* Has the file looked at again a second from now. */
static void cors_map_look_again(request_rec *r, cors_map *m)
{
    apr_atomic_set32(&m->next_check,
                     (apr_uint32_t)apr_time_sec(r->request_time) + 1);
}

/* Logs a map's error for r, at most once a second per process. */
static void cors_map_log_error(request_rec *r, cors_map *m, const char *why)
{
    apr_uint32_t now = (apr_uint32_t)apr_time_sec(apr_time_now());
    apr_uint32_t last = apr_atomic_read32(&m->logged_at);

    if (now != last && apr_atomic_cas32(&m->logged_at, now, last) == last) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "CORSAllowOriginMap %s: %s", m->name, why);
    }
}

/* --- txt: ----------------------------------------------------------------- */

/* Reads and validates the file of a txt: map into a new set in p.
 * Returns NULL, or the reason (naming the file, and the line), also in
 * p. */
static const char *cors_txt_read(apr_pool_t *p, const cors_map *m,
                                 cors_origin_set **out)
{
    apr_pool_t *tmp;
    apr_file_t *f;
    apr_finfo_t fi;
    apr_size_t len = 0;
    cors_list_error err;
    const char *why = NULL;
    char *text;
    apr_status_t rv;

    apr_pool_create(&tmp, p);
    rv = apr_file_open(&f, m->path, APR_FOPEN_READ | APR_FOPEN_BINARY,
                       APR_OS_DEFAULT, tmp);
    if (rv == APR_SUCCESS) {
        rv = apr_file_info_get(&fi, APR_FINFO_SIZE, f);
    }
    if (rv != APR_SUCCESS) {
        why = apr_psprintf(p, "%s can not be read: %pm", m->path, &rv);
    }
    else if (fi.size > CORS_MAP_TXT_MAX) {
        why = apr_psprintf(p, "%s is larger than %d MiB", m->path,
                           CORS_MAP_TXT_MIB);
    }
    else {
        text = apr_palloc(tmp, (apr_size_t)fi.size + 1);
        rv = apr_file_read_full(f, text, (apr_size_t)fi.size, &len);
        if (rv != APR_SUCCESS && rv != APR_EOF) {
            why = apr_psprintf(p, "%s can not be read: %pm", m->path, &rv);
        }
        else if ((why = cors_origin_list_parse(p, text, len, out, &err))) {
            why = apr_psprintf(p, "%s:%d: '%s': %s", m->path, err.line,
                               ap_escape_logitem(tmp, err.value), why);
        }
    }
    apr_pool_destroy(tmp);
    return why;
}

/* Replaces the list when the file changed, has been left alone for
 * CORS_MAP_SETTLE (a file being written in place is not read half-way),
 * did not change while it was read, and is valid: by the one thread of
 * the process whose turn it is (cors_map_due). */
static void cors_txt_refresh(request_rec *r, cors_map *m)
{
    cors_file_version before, after;
    cors_origin_set *set = NULL;
    apr_pool_t *pool;
    const char *why;
    apr_status_t rv;

    if (!cors_map_trylock(m)) {
        return;
    }
    rv = cors_file_version_get(r->pool, m->path, &before);
    if (rv != APR_SUCCESS) {
        cors_map_log_error(r, m, apr_psprintf(r->pool, "%s can not be "
                                              "read: %pm; the last list "
                                              "read stays in force",
                                              m->path, &rv));
        goto done;
    }
    if (cors_file_version_eq(&before, &m->seen)) {
        goto done;
    }
    if (cors_file_being_written(r, &before)) {
        cors_map_look_again(r, m);      /* not yet */
        goto done;
    }
    pool = cors_map_pool();
    why = cors_txt_read(pool, m, &set);
    if (set && (cors_file_version_get(r->pool, m->path, &after)
                != APR_SUCCESS || !cors_file_version_eq(&before, &after))) {
        apr_pool_destroy(pool);
        cors_map_look_again(r, m);      /* changed while it was read */
        goto done;
    }
    m->seen = before;
    if (set == NULL) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "CORSAllowOriginMap %s: "
                      "%s; the last good list stays in force", m->name, why);
        apr_pool_destroy(pool);
        goto done;
    }
    apr_pool_destroy(cors_list_swap(m, set, pool));
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, "CORSAllowOriginMap %s: "
                  "read again, %d origins", m->name, set->count);
done:
    cors_map_unlock(m);
}

static cors_map_answer cors_txt_lookup(request_rec *r, cors_map *m,
                                       const char *origin, apr_size_t len)
{
    int found;

    if (cors_map_due(r, m)) {
        cors_txt_refresh(r, m);
    }
    found = cors_origin_set_allows(cors_list_acquire(m), origin, len)
            == CORS_ORIGIN_MATCH;
    cors_list_release(m);
    return found ? CORS_MAP_YES : CORS_MAP_NO;
}

static const char *cors_txt_make(cmd_parms *cmd, cors_map *m)
{
    apr_pool_t *pool = cors_map_pool();
    const char *why;

    /* (a file that can not be stat'ed can not be read either: the reading
     * says why) */
    cors_file_version_get(cmd->temp_pool, m->path, &m->seen);
    if ((why = cors_txt_read(pool, m, &m->list))) {
        why = apr_pstrdup(cmd->pool, why);
        apr_pool_destroy(pool);
        return why;
    }
    m->list_pool = pool;
    return NULL;
}

/* --- dbm: ----------------------------------------------------------------- */

/* The DBM types, as RewriteMap names them, and as APR does. */
static const char *const cors_dbm_types[][2] = {
    { "sdbm", "SDBM" }, { "gdbm", "GDBM" }, { "ndbm", "NDBM" },
    { "db", "DB" }, { NULL, NULL }
};

static void cors_dbm_close(cors_map *m)
{
    if (m->dbm) {
        apr_dbm_close(m->dbm);
        apr_pool_destroy(m->dbm_pool);
        m->dbm = NULL;
        m->dbm_pool = NULL;
    }
}

/* Opens the DBM file in place of the handle in use, if any, which stays
 * when the file can not be opened (under the mutex). */
static apr_status_t cors_dbm_open(cors_map *m)
{
    apr_pool_t *pool = cors_map_pool();
    apr_dbm_t *dbm;
    apr_status_t rv = apr_dbm_open_ex(&dbm, m->dbm_type, m->path,
                                      APR_DBM_READONLY, APR_OS_DEFAULT,
                                      pool);

    if (rv != APR_SUCCESS) {
        apr_pool_destroy(pool);
        return rv;
    }
    cors_dbm_close(m);
    m->dbm = dbm;
    m->dbm_pool = pool;
    return APR_SUCCESS;
}

/* The version of the file that holds the keys; all zero for none. */
static void cors_dbm_version(request_rec *r, const cors_map *m,
                             cors_file_version *v)
{
    if (cors_file_version_get(r->pool, m->watched, v) != APR_SUCCESS) {
        memset(v, 0, sizeof(*v));
    }
}

/* Why the DBM file could not be opened: APR's DBM drivers return their
 * libraries' own codes, which APR does not name. */
static const char *cors_dbm_why(apr_pool_t *p, const cors_map *m)
{
    apr_finfo_t fi;
    apr_status_t rv = apr_stat(&fi, m->watched, APR_FINFO_TYPE, p);

    if (rv != APR_SUCCESS && rv != APR_INCOMPLETE) {
        return apr_psprintf(p, "%s can not be read: %pm", m->watched, &rv);
    }
    return apr_psprintf(p, "%s can not be opened as a %s DBM file (as "
                        "httxt2dbm -f %s makes)", m->path, m->dbm_type,
                        m->dbm_type);
}

/* A changed file (removed, too), left alone for CORS_MAP_SETTLE, is
 * opened in place of the one in use; one that can not be opened leaves
 * the last good one in use, and is reported once (under the mutex). */
static void cors_dbm_refresh(request_rec *r, cors_map *m)
{
    cors_file_version now;

    cors_dbm_version(r, m, &now);
    if (cors_file_version_eq(&now, &m->seen)) {
        return;
    }
    if (now.mtime && cors_file_being_written(r, &now)) {
        cors_map_look_again(r, m);
        return;
    }
    m->seen = now;
    if (cors_dbm_open(m) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "CORSAllowOriginMap %s: "
                      "%s; the last file opened stays in force", m->name,
                      cors_dbm_why(r->pool, m));
    }
}

static cors_map_answer cors_dbm_lookup(request_rec *r, cors_map *m,
                                       const char *origin, apr_size_t len,
                                       const char **why)
{
    int due = cors_map_due(r, m);
    apr_datum_t key;
    int found;

    cors_map_lock(m);
    if (m->dbm == NULL) {
        cors_dbm_version(r, m, &m->seen);
        cors_dbm_open(m);
    }
    else if (due) {
        cors_dbm_refresh(r, m);
    }
    if (m->dbm == NULL) {
        cors_map_unlock(m);
        *why = cors_dbm_why(r->pool, m);
        return CORS_MAP_ERROR;
    }
    key.dptr = (char *)origin;
    key.dsize = len;
    found = apr_dbm_exists(m->dbm, key);
    cors_map_unlock(m);
    return found ? CORS_MAP_YES : CORS_MAP_NO;
}

/* dbm[=type]:path, type before the ':' (m->path is what follows it). */
static const char *cors_dbm_make(cmd_parms *cmd, cors_map *m,
                                 const char *type)
{
    const char *used1 = NULL, *used2 = NULL;
    apr_status_t rv;

    m->dbm_type = "default";
    if (type) {
        int i;

        for (i = 0; cors_dbm_types[i][0]; i++) {
            if (!strcasecmp(type, cors_dbm_types[i][0])) {
                break;
            }
        }
        if (cors_dbm_types[i][0] == NULL) {
            return "unknown DBM type: the types are sdbm, gdbm, ndbm and db "
                   "(or none, for APR's default)";
        }
        m->dbm_type = cors_dbm_types[i][1];
    }
    rv = apr_dbm_get_usednames_ex(cmd->pool, m->dbm_type, m->path,
                                  &used1, &used2);
    if (rv != APR_SUCCESS) {
        return apr_psprintf(cmd->pool, "this APR has no %s DBM: %pm",
                            m->dbm_type, &rv);
    }
    /* an SDBM is two files: the keys are in the second, path.pag */
    m->watched = used2 ? used2 : used1;
    /* opened to check it; in the server configuration closed again, each
     * process opening it for itself (in .htaccess it serves the request) */
    if (cors_dbm_open(m) != APR_SUCCESS) {
        return cors_dbm_why(cmd->pool, m);
    }
    if (!m->per_request) {
        cors_dbm_close(m);
    }
    return NULL;
}

/* --- dbd: ----------------------------------------------------------------- */

/* A connection can lose the statement mod_dbd prepared on it when it was
 * made: PostgreSQL's, when the driver reconnects it after a server
 * restart; SQLite's, when the schema changes (APR's driver prepares with
 * sqlite3_prepare, which does not prepare again by itself).  After a
 * failed query the statement is prepared anew on the connection, in a
 * pool of its own that replaces the one of the last time (so an outage
 * of many failed queries does not grow the connection's pool).  Returns
 * the new statement, or NULL. */
static apr_dbd_prepared_t *cors_dbd_prepare_again(ap_dbd_t *dbd,
                                                  const cors_map *m)
{
    apr_dbd_prepared_t *stmt = NULL;
    apr_pool_t *pool, *last = NULL;

    apr_pool_create(&pool, dbd->pool);
    if (apr_dbd_prepare(dbd->driver, pool, dbd->handle, m->query, m->label,
                        &stmt) != 0 || stmt == NULL) {
        apr_pool_destroy(pool);
        return NULL;
    }
    apr_hash_set(dbd->prepared, m->label, APR_HASH_KEY_STRING, stmt);
    apr_pool_userdata_get((void **)&last, m->label, dbd->pool);
    if (last) {
        apr_pool_destroy(last);
    }
    apr_pool_userdata_setn(pool, m->label, NULL, dbd->pool);
    return stmt;
}

/* Whether this request may ask the database.  While it answers, every
 * request may; after a failure none may within the second, and then one
 * at a time: the thread that takes the turn (a compare-and-swap) asks it,
 * the others fail at once while it waits, so that a dead database holds
 * up one request a second per process (connect_timeout), not every one.
 * (A turn too far ahead, as a clock set back leaves it, is taken too.) */
static int cors_dbd_may_ask(cors_map *m, apr_uint32_t now)
{
    apr_uint32_t at = apr_atomic_read32(&m->failed_at);

    if (at == 0) {
        return 1;
    }
    if (now < at && at - now <= CORS_DBD_PROBE_SECONDS) {
        return 0;
    }
    return apr_atomic_cas32(&m->failed_at, now + CORS_DBD_PROBE_SECONDS,
                            at) == at;
}

/* Marks m's database as failed: not asked again within the second. */
static cors_map_answer cors_dbd_failed(cors_map *m)
{
    apr_atomic_set32(&m->failed_at,
                     (apr_uint32_t)apr_time_sec(apr_time_now()) + 1);
    return CORS_MAP_ERROR;
}

/* The answer of the process's cache for origin: 1 or 0, -1 for none (or
 * one older than CORS_MAP_CACHE_SECONDS). */
static int cors_dbd_cached(request_rec *r, cors_map *m, const char *origin,
                           apr_size_t len)
{
    const cors_cached *c;
    int allowed;

    cors_map_lock(m);
    c = apr_hash_get(m->cache, origin, (apr_ssize_t)len);
    allowed = c && c->expires > r->request_time ? c->allowed : -1;
    cors_map_unlock(m);
    return allowed;
}

/* Keeps the database's answer for origin; a full cache is emptied first
 * (a bound on memory that a stream of new origins can not push past). */
static void cors_dbd_remember(request_rec *r, cors_map *m,
                              const char *origin, apr_size_t len,
                              int allowed)
{
    cors_cached *c;

    cors_map_lock(m);
    if (apr_hash_count(m->cache) >= CORS_MAP_CACHE_MAX) {
        apr_pool_clear(m->cache_pool);
        m->cache = apr_hash_make(m->cache_pool);
    }
    if ((c = apr_hash_get(m->cache, origin, (apr_ssize_t)len)) == NULL) {
        c = apr_palloc(m->cache_pool, sizeof(*c));
        apr_hash_set(m->cache, apr_pstrmemdup(m->cache_pool, origin, len),
                     (apr_ssize_t)len, c);
    }
    c->allowed = allowed;
    c->expires = r->request_time + apr_time_from_sec(CORS_MAP_CACHE_SECONDS);
    cors_map_unlock(m);
}

/* Asks the database about origin on a connection of mod_dbd's, held for
 * the query only (not for the whole request, which may be a long
 * download): 1 or 0 for its answer, -1 for a failure, with *why. */
static int cors_dbd_ask(request_rec *r, cors_map *m, ap_dbd_t *dbd,
                        const char *origin, const char **why)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_prepared_t *stmt;
    apr_pool_t *p;
    int rv, allowed;

    stmt = apr_hash_get(dbd->prepared, m->label, APR_HASH_KEY_STRING);
    if (stmt == NULL) {
        *why = "the query is not prepared on the database connection";
        return -1;
    }
    apr_pool_create(&p, r->pool);
    rv = apr_dbd_pvselect(dbd->driver, p, dbd->handle, &res, stmt, 1,
                          origin, NULL);
    if (rv != 0) {
        /* the message of this query, before preparing again sets another */
        const char *msg = apr_pstrdup(r->pool, apr_dbd_error(
                                          dbd->driver, dbd->handle, rv));
        if ((stmt = cors_dbd_prepare_again(dbd, m)) != NULL
            && (rv = apr_dbd_pvselect(dbd->driver, p, dbd->handle, &res,
                                      stmt, 1, origin, NULL)) != 0) {
            msg = apr_pstrdup(r->pool, apr_dbd_error(dbd->driver,
                                                     dbd->handle, rv));
        }
        if (rv != 0) {
            *why = apr_pstrcat(r->pool, "the query failed: ",
                               msg ? msg : "(no message)", NULL);
        }
    }
    allowed = rv == 0 ? apr_dbd_num_tuples(dbd->driver, res) > 0 : -1;
    apr_pool_destroy(p);
    return allowed;
}

static cors_map_answer cors_dbd_lookup(request_rec *r, cors_map *m,
                                       const char *origin, apr_size_t len,
                                       const char **why)
{
    ap_dbd_t *dbd;
    int allowed;

    if ((allowed = cors_dbd_cached(r, m, origin, len)) != -1) {
        return allowed ? CORS_MAP_YES : CORS_MAP_NO;
    }
    if (!cors_dbd_may_ask(m, (apr_uint32_t)apr_time_sec(apr_time_now()))) {
        *why = "the database failed a moment ago and is not asked again yet";
        return CORS_MAP_ERROR;
    }
    if ((dbd = m->open(r->pool, r->server)) == NULL) {
        *why = "no connection to the database";
        return cors_dbd_failed(m);
    }
    allowed = cors_dbd_ask(r, m, dbd, origin, why);
    m->close(r->server, dbd);
    if (allowed == -1) {
        return cors_dbd_failed(m);
    }
    if (apr_atomic_read32(&m->failed_at)) {
        apr_atomic_set32(&m->failed_at, 0);
    }
    cors_dbd_remember(r, m, origin, len, allowed);
    return allowed ? CORS_MAP_YES : CORS_MAP_NO;
}

/* The query must have one parameter, the origin: one %s, and no other
 * directive of apr_dbd_prepare than %%. */
static const char *cors_dbd_check_query(const char *q)
{
    int params = 0;

    for (; *q; q++) {
        if (*q != '%') {
            continue;
        }
        if (q[1] == 's') {
            params++;
        }
        else if (q[1] != '%') {
            return "the query's one parameter is the origin, written %s "
                   "(other % directives are not allowed; %% is a '%')";
        }
        q++;
    }
    return params == 1 ? NULL : "the query must have exactly one %s, "
                                "where the origin goes";
}

/* The label of the statement: one per query (the same query in several
 * sections is one statement), and an SQL identifier, as the pgsql driver
 * names its prepared statements by it: "mod_cors_" and the FNV-1a hash of
 * the query. */
static const char *cors_dbd_label(apr_pool_t *p, const char *query)
{
    apr_uint64_t h = APR_UINT64_C(0xcbf29ce484222325);

    for (; *query; query++) {
        h = (h ^ (unsigned char)*query) * APR_UINT64_C(0x100000001b3);
    }
    return apr_psprintf(p, "mod_cors_%016" APR_UINT64_T_HEX_FMT, h);
}

static const char *cors_dbd_make(cmd_parms *cmd, cors_map *m,
                                 const char *query)
{
    APR_OPTIONAL_FN_TYPE(ap_dbd_prepare) *prepare =
        APR_RETRIEVE_OPTIONAL_FN(ap_dbd_prepare);
    const char *why, *key;
    void *done = NULL;

    m->open = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_open);
    m->close = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_close);
    if (prepare == NULL || m->open == NULL || m->close == NULL) {
        return "a dbd: map needs mod_dbd (LoadModule dbd_module, with "
               "DBDriver and DBDParams)";
    }
    if (m->per_request) {
        return "a dbd: map can not be given in .htaccess (mod_dbd prepares "
               "its queries at startup): give it in the server "
               "configuration";
    }
    if ((why = cors_dbd_check_query(query))) {
        return why;
    }
    m->query = query;
    m->label = cors_dbd_label(cmd->pool, query);
    /* once per virtual host: mod_dbd warns about a label given twice */
    key = apr_psprintf(cmd->temp_pool, "%s %pp", m->label, cmd->server);
    apr_pool_userdata_get(&done, key, cmd->pool);
    if (done == NULL) {
        prepare(cmd->server, query, m->label);
        apr_pool_userdata_setn(m, apr_pstrdup(cmd->pool, key), NULL,
                               cmd->pool);
    }
    m->cache_pool = cors_map_pool();
    m->cache = apr_hash_make(m->cache_pool);
    return NULL;
}

/* --- The map -------------------------------------------------------------- */

static apr_status_t cors_map_cleanup(void *data)
{
    cors_map *m = data;

    cors_dbm_close(m);
    if (m->list_pool) {
        apr_pool_destroy(m->list_pool);
        m->list_pool = NULL;
    }
    if (m->cache_pool) {
        apr_pool_destroy(m->cache_pool);
        m->cache_pool = NULL;
    }
    return APR_SUCCESS;
}

const char *cors_map_make(cmd_parms *cmd, const char *arg, cors_map **out)
{
    cors_map *m = apr_pcalloc(cmd->pool, sizeof(*m));
    const char *colon = strchr(arg, ':'), *type = NULL, *why;
    apr_size_t kind_len = colon ? (apr_size_t)(colon - arg) : 0;

    m->name = arg;
    m->per_request = ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_RUN_MPM;
    if (colon && colon[1] == '\0') {
        why = "nothing follows the ':'";
    }
    else if (kind_len == 3 && !strncasecmp(arg, "txt", 3)) {
        m->kind = CORS_MAP_TXT;
        m->path = ap_server_root_relative(cmd->pool, colon + 1);
        why = m->path ? cors_txt_make(cmd, m) : "invalid path";
    }
    else if (kind_len >= 3 && !strncasecmp(arg, "dbm", 3)
             && (kind_len == 3 || arg[3] == '=')) {
        m->kind = CORS_MAP_DBM;
        m->path = ap_server_root_relative(cmd->pool, colon + 1);
        if (kind_len > 4) {
            type = apr_pstrmemdup(cmd->temp_pool, arg + 4, kind_len - 4);
        }
        why = m->path ? cors_dbm_make(cmd, m, type) : "invalid path";
    }
    else if (kind_len == 3 && !strncasecmp(arg, "dbd", 3)) {
        m->kind = CORS_MAP_DBD;
        why = cors_dbd_make(cmd, m, colon + 1);
    }
    else {
        why = "a map is txt:/path, dbm[=type]:/path or dbd:\"SQL query\"";
    }
    if (why) {
        return apr_psprintf(cmd->pool, "CORSAllowOriginMap '%s': %s", arg,
                            why);
    }
    apr_pool_cleanup_register(cmd->pool, m, cors_map_cleanup,
                              apr_pool_cleanup_null);
#if APR_HAS_THREADS
    if (!m->per_request) {
        apr_thread_rwlock_create(&m->list_lock, cmd->pool);
        apr_thread_mutex_create(&m->mutex, APR_THREAD_MUTEX_DEFAULT,
                                cmd->pool);
    }
#endif
    m->next_check = (apr_uint32_t)apr_time_sec(apr_time_now())
                    + CORS_MAP_CHECK_SECONDS;
    *out = m;
    return NULL;
}

const char *cors_map_name(const cors_map *m)
{
    return m->name;
}

const cors_origin_set *cors_map_startup_list(const cors_map *m)
{
    return m->kind == CORS_MAP_TXT ? m->list : NULL;
}

cors_map_answer cors_map_lookup(request_rec *r, cors_map *m,
                                const char *origin, apr_size_t len,
                                const char **why)
{
    cors_map_answer a;

    if (m->kind == CORS_MAP_TXT) {
        return cors_txt_lookup(r, m, origin, len);
    }
    if (len == 4 && !memcmp(origin, "null", 4)) {
        return CORS_MAP_NO;     /* keys are serialised origins */
    }
    a = m->kind == CORS_MAP_DBM ? cors_dbm_lookup(r, m, origin, len, why)
                                : cors_dbd_lookup(r, m, origin, len, why);
    if (a == CORS_MAP_ERROR) {
        cors_map_log_error(r, m, *why);
    }
    return a;
}
