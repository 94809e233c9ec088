/* cors_request.c: one decision per request of httpd (cors_decide: the
 * request's CORS headers and its origin sources handed to cors_judge),
 * the response headers written from it (cors_write_headers) and its log
 * line (cors_log_decision).
 */

#include <string.h>
#include <strings.h>

#include "apr_strings.h"
#include "apr_atomic.h"

#include "httpd.h"
#include "http_log.h"
#include "http_protocol.h"

#include "cors_request.h"

APLOG_USE_MODULE(cors);

static const char *const cors_header_names[CORS_H_COUNT] = {
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Credentials",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers",
    "Access-Control-Max-Age",
    "Access-Control-Allow-Private-Network",
    "Access-Control-Expose-Headers",
    "Timing-Allow-Origin"
};

/* --- The decision ---------------------------------------------------------- */

/* What the origin sources that need httpd are asked with. */
typedef struct {
    request_rec *r;
    const cors_origins *o;
} cors_more_ctx;

/* The origin sources that need httpd, for cors_judge: the
 * CORSAllowOriginMatch patterns, then the maps, the dearest.  A map that
 * fails refuses the origin (fail closed) unless a later one allows it;
 * *why is the reason of the last that failed. */
static cors_map_answer cors_more(void *ctx, const char *origin,
                                 apr_size_t len, const char **why)
{
    const cors_more_ctx *m = ctx;
    cors_map_answer answer = CORS_MAP_NO;
    const char *failed = NULL;
    int i;

    for (i = 0; i < m->o->regexes->nelts; i++) {
        if (ap_regexec(APR_ARRAY_IDX(m->o->regexes, i, cors_regex).re,
                       origin, 0, NULL, 0) == 0) {
            return CORS_MAP_YES;
        }
    }
    for (i = 0; i < m->o->maps->nelts; i++) {
        switch (cors_map_lookup(m->r, APR_ARRAY_IDX(m->o->maps, i,
                                                    cors_map *),
                                origin, len, &failed)) {
        case CORS_MAP_YES:
            return CORS_MAP_YES;
        case CORS_MAP_ERROR:
            answer = CORS_MAP_ERROR;
            *why = failed;
            break;
        default:
            break;
        }
    }
    return answer;
}

/* Inherited credentials met '*' of directive star: logged once per
 * process for the section that lists the origins. */
static void cors_log_conflict(request_rec *r, const cors_dir_conf *c,
                              const char *star)
{
    /* the one write to the configuration at request time: a one-way flag,
     * set atomically */
    if (apr_atomic_cas32(&c->origins->conflict_logged, 1, 0) == 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "CORSAllowCredentials On is inherited into a scope "
                      "with %s '*': requests here are served as if "
                      "credentials were off", star);
    }
}

cors_decision *cors_decide(request_rec *r, const cors_dir_conf *c,
                           int reasons)
{
    cors_more_ctx m;
    cors_request_view q;
    cors_decision *d;

    memset(&q, 0, sizeof(q));
    q.options = r->method_number == M_OPTIONS;
    q.origin = apr_table_get(r->headers_in, "Origin");
    if (q.options && q.origin) {
        q.method = apr_table_get(r->headers_in,
                                 "Access-Control-Request-Method");
    }
    if (q.method) {
        q.headers = apr_table_get(r->headers_in,
                                  "Access-Control-Request-Headers");
        q.private_network = apr_table_get(
            r->headers_in, "Access-Control-Request-Private-Network");
    }
    q.reasons = reasons;
    m.r = r;
    m.o = c->origins;
    d = cors_judge(r->pool, c, &q,
                   c->origins->regexes->nelts || c->origins->maps->nelts
                   ? cors_more : NULL, &m);
    if (d->conflict) {
        cors_log_conflict(r, c, d->conflict);
    }
    return d;
}

/* --- The response headers -------------------------------------------------- */

/* Response headers the module is the single source of.  (The first bytes
 * rule out most names before any call: Accept-Ranges at its fifth.) */
static int cors_is_managed(const char *name)
{
    return (name[0] | 0x20) == 'a' && (name[1] | 0x20) == 'c'
           && (name[2] | 0x20) == 'c' && (name[3] | 0x20) == 'e'
           && (name[4] | 0x20) == 's'
           && !strncasecmp(name, "Access-Control-", 15)
           && (!strncasecmp(name + 15, "Allow-", 6)
               || !strcasecmp(name + 15, "Expose-Headers")
               || !strcasecmp(name + 15, "Max-Age"));
}

static int cors_is_vary(const char *name)
{
    return (name[0] | 0x20) == 'v' && !strcasecmp(name, "Vary");
}

/* One pass over a table of response headers: removes the managed headers
 * others set, and says whether the table has a Vary. */
static int cors_clean_table(apr_pool_t *p, apr_table_t *t)
{
    const apr_array_header_t *arr = apr_table_elts(t);
    const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
    apr_array_header_t *managed = NULL;
    int i, vary = 0;

    for (i = 0; i < arr->nelts; i++) {
        if (e[i].key == NULL) {
            continue;
        }
        if (cors_is_vary(e[i].key)) {
            vary = 1;
        }
        else if (cors_is_managed(e[i].key)) {
            if (managed == NULL) {
                managed = apr_array_make(p, 4, sizeof(const char *));
            }
            *(const char **)apr_array_push(managed) = e[i].key;
        }
    }
    for (i = 0; managed && i < managed->nelts; i++) {
        apr_table_unset(t, APR_ARRAY_IDX(managed, i, const char *));
    }
    return vary;
}

/* 1 when a Vary value (NULL: none) already covers token. */
static int cors_vary_covers(const char *vary, const char *token)
{
    return vary && (cors_list_has(vary, token) || cors_list_has(vary, "*"));
}

/* Merges each missing token, once, into the table that already has a Vary
 * (httpd sends both tables). */
static void cors_merge_vary(request_rec *r, const cors_vary *v)
{
    const char *out = apr_table_getm(r->pool, r->headers_out, "Vary");
    const char *err = apr_table_getm(r->pool, r->err_headers_out, "Vary");
    apr_table_t *t = out ? r->headers_out : r->err_headers_out;
    int i;

    for (i = 0; v->tokens[i]; i++) {
        if (!cors_vary_covers(out, v->tokens[i])
            && !cors_vary_covers(err, v->tokens[i])) {
            apr_table_mergen(t, "Vary", v->tokens[i]);
        }
    }
}

/* Written just before the response's headers are sent: into headers_out,
 * which httpd sends as it is (error responses run this after httpd has
 * reset headers_out for them). */
void cors_write_headers(request_rec *r, const cors_decision *d)
{
    int vary = cors_clean_table(r->pool, r->headers_out);
    int i;

    if (!apr_is_empty_table(r->err_headers_out)) {
        vary |= cors_clean_table(r->pool, r->err_headers_out);
    }
    if (d->vary) {
        if (vary) {
            cors_merge_vary(r, d->vary);
        }
        else {
            /* in headers_out, where mod_cache reads the Vary it stores a
             * response under */
            apr_table_addn(r->headers_out, "Vary", d->vary->joined);
        }
    }
    if (d->verdict != CORS_ALLOWED) {
        return;                 /* nothing to send but Vary */
    }
    if (d->send[CORS_H_TIMING_ALLOW_ORIGIN]) {
        /* the module is its only source where it sends it */
        apr_table_unset(r->headers_out, "Timing-Allow-Origin");
        apr_table_unset(r->err_headers_out, "Timing-Allow-Origin");
    }
    for (i = 0; i < CORS_H_COUNT; i++) {
        if (d->send[i]) {
            apr_table_addn(r->headers_out, cors_header_names[i], d->send[i]);
        }
    }
}

const char *cors_header_name(cors_header h)
{
    return cors_header_names[h];
}

/* --- The log ------------------------------------------------------------- */

/* The level of a decision's line: info under ReportOnly, where it is all
 * the decision does, else debug. */
static int cors_log_level(int report_only)
{
    return report_only ? APLOG_INFO : APLOG_DEBUG;
}

int cors_logs_decisions(request_rec *r, const cors_dir_conf *c)
{
    return APLOG_R_IS_LEVEL(r, cors_log_level(c->enable
                                              == CORS_REPORT_ONLY));
}

void cors_log_decision(request_rec *r, const cors_decision *d)
{
    const char *detail = "";

    if (d->detail) {
        detail = apr_pstrcat(r->pool, ": ", ap_escape_logitem(
                                 r->pool, apr_pstrndup(r->pool, d->detail,
                                                       200)), NULL);
    }
    ap_log_rerror(APLOG_MARK, cors_log_level(d->report_only), 0, r,
                  "%s%s %s: %s%s (origin '%.200s')",
                  d->report_only ? "report-only: would have " : "",
                  d->verdict == CORS_ALLOWED ? "allowed" : "refused",
                  d->kind == CORS_PREFLIGHT ? "preflight" : "request",
                  d->why, detail,
                  d->origin ? ap_escape_logitem(r->pool, d->origin) : "");
}
