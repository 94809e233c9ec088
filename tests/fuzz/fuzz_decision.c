/* libFuzzer target: the whole CORS decision, a policy and a request
 * together (cors_judge), against a reference written here.
 *
 * The input (bytes past its end read as 0):
 *
 *   byte 0   the policy's switches
 *            0x01 CORSAllowCredentials On
 *            0x02 CORSAllowPrivateNetwork On
 *            0x04 CORSEnable ReportOnly
 *            0x08 CORSPreflight passthrough
 *            0x10 CORSPreflightStatus given: 200 with 0x20, else 204
 *            0x40 CORSTimingAllowOrigin On
 *            0x80 CORSMaxAge given: byte 6 times 97 seconds
 *   byte 1   the origin sources
 *            0x01 CORSAllowOrigin * (alone: nothing else of this byte or
 *                 of byte 2 is used, as the startup rules want)
 *            0x02 CORSAllowOrigin null
 *            0x04 CORSAllowOriginMatch or CORSAllowOriginMap: the callback
 *                 allows the extra origins below
 *            0x08 a map that fails: the callback answers a map error for
 *                 every other origin
 *            0x10 what is not On is said explicitly (Off, On, answer)
 *                 rather than left unset
 *   byte 2   the CORSAllowOrigin patterns listed: bit i for patterns[i]
 *            (no origin source at all: patterns[0])
 *   byte 3   CORSAllowMethods: bits 0-5 pick from methods[], bits 6-7 say
 *            0 unset, 1 the names picked (none picked: the first), 2 or 3
 *            '*'
 *   byte 4   CORSAllowHeaders, the same over headers[]
 *   byte 5   CORSExposeHeaders, the same over exposed[]
 *   byte 6   the max age
 *   byte 7   the request: 0x01 its method is OPTIONS; sent: 0x02 Origin,
 *            0x04 Access-Control-Request-Method, 0x08 -Request-Headers,
 *            0x10 -Request-Private-Network; bits 5-7 pick the start of
 *            the Origin from prefixes[] (0: none)
 *   then     the values, NUL between them: the rest of the Origin, then
 *            Access-Control-Request-Method, -Request-Headers and
 *            -Request-Private-Network (missing ones are empty)
 *
 * Credentials with '*' (in CORSAllowOrigin or CORSExposeHeaders) are
 * refused at startup when one section holds both: the policy built is
 * then the one merging makes of a section with the '*' inheriting the
 * credentials of its parent.
 *
 * Invariants, on every input: the decision is the reference's: verdict,
 * failed check, note, every header value, the Vary tokens, the answer and
 * its status, the conflict of credentials with '*' (so an origin is
 * allowed exactly when the reference allows it).  And, whatever the
 * reference says: a refused request sends no header at all;
 * Access-Control-Allow-Origin is the request's Origin byte for byte, or
 * "*" only under CORSAllowOrigin * without credentials; credentials never
 * with "*"; ReportOnly never answers; the configuration is never written;
 * the callback is asked at most once, only with a serialised origin or
 * "null" that the CORSAllowOrigin list does not allow.  The request's
 * values are copied to buffers of their exact size, so that ASan sees a
 * read past their end.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apr_general.h"
#include "apr_strings.h"

#include "cors_judge.h"

#include "fuzz_reference.h"

#define CHECK(cond) \
    do { \
        if (!(cond)) { \
            fprintf(stderr, "fuzz_decision: broken: %s (line %d)\n", \
                    #cond, __LINE__); \
            abort(); \
        } \
    } while (0)

/* --- The policy's parts, and what the reference reads in them ---------- */

/* A CORSAllowOrigin argument, and the reference's reading of it: the one
 * origin it allows, or a wildcard's scheme, host (a "*." suffix starts
 * with its dot) and port (NULL: none; "*": any). */
typedef struct {
    const char *arg;
    const char *exact;
    const char *scheme;
    const char *host;
    const char *port;
} ref_pattern;

static const ref_pattern patterns[8] = {
    { "HTTPS://App.Example.COM:443", "https://app.example.com", 0, 0, 0 },
    { "http://localhost:8080", "http://localhost:8080", 0, 0, 0 },
    { "http://[0:0::1]:3000", "http://[::1]:3000", 0, 0, 0 },
    { "capacitor://localhost", "capacitor://localhost", 0, 0, 0 },
    { "https://*.example.org", NULL, "https", ".example.org", NULL },
    { "http://localhost:*", NULL, "http", "localhost", "*" },
    { "http://*.Dev.Example.NET:*", NULL, "http", ".dev.example.net", "*" },
    { "https://*.example.org:8443", NULL, "https", ".example.org", "8443" }
};

/* What the callback allows (byte 1, 0x04), as a regex or a map would. */
static const char *const extras[] = {
    "https://pr-7.preview.example.net", "https://customer.example.com",
    "http://localhost:9000", "null", NULL
};

#define MAP_FAILED "the test map failed"

static const char *const methods[6] = {
    "PUT", "DELETE", "PATCH", "GET", "patch", "X-Custom"
};
static const char *const headers[6] = {
    "Content-Type", "X-Requested-With", "Authorization", "X-Api-Key",
    "x-b3-traceid", "Accept"
};
static const char *const exposed[6] = {
    "X-Total-Count", "ETag", "Link", "X-Request-Id", "Content-Length",
    "Server-Timing"
};

static const char *const prefixes[8] = {
    "", "https://app.example.com", "http://localhost", "https://",
    "https://a.example.org", "null", "https://pr-7.preview.example.net",
    "http://[::1]:3000"
};

/* What a preflight varies on, the fourth with CORSAllowPrivateNetwork On;
 * an actual request, on the first. */
static const char *const vary_tokens[] = {
    "Origin", "Access-Control-Request-Method",
    "Access-Control-Request-Headers",
    "Access-Control-Request-Private-Network"
};

/* The policy as the input says it. */
typedef struct {
    int creds, pn, report_only, passthrough, status, timing;
    const char *max_age;
    int star, null, extra, map_fails, explicit_off;
    unsigned int listed;
    int methods_mode, headers_mode, expose_mode;
    unsigned int methods_pick, headers_pick, expose_pick;
} ref_policy;

static apr_pool_t *root;
static cors_pattern parsed[8], parsed_any, parsed_null;

/* --- The reference: origins --------------------------------------------- */

/* A serialised origin as browsers send it: scheme "://" host [":" port],
 * lowercase, the host a domain name or a bracketed IPv6 literal. */
static int ref_serialised(const char *s, size_t n)
{
    size_t i = 1, h;

    if (n == 0 || n > CORS_MAX_ORIGIN_LEN || s[0] < 'a' || s[0] > 'z') {
        return 0;
    }
    while (i < n && ((s[i] >= 'a' && s[i] <= 'z')
                     || (s[i] >= '0' && s[i] <= '9') || s[i] == '+'
                     || s[i] == '-' || s[i] == '.')) {
        i++;
    }
    if (i + 3 > n || memcmp(s + i, "://", 3) != 0) {
        return 0;
    }
    h = i += 3;
    if (i < n && s[i] == '[') {
        for (i++; i < n && s[i] != ']'; i++) {
            if (!strchr("0123456789abcdef:.", s[i])) {
                return 0;
            }
        }
        return i < n && i > h + 1 && ref_port(s + i + 1, n - i - 1);
    }
    while (i < n && s[i] != ':') {
        i++;
    }
    return ref_labels(s + h, i - h) && ref_port(s + i, n - i);
}

/* A wildcard pattern against s[0..n) */
static int ref_wildcard(const ref_pattern *pt, const char *s, size_t n)
{
    size_t sl = strlen(pt->scheme), hl, xl = strlen(pt->host);
    const char *host, *hend, *end = s + n;

    if (n < sl + 3 || memcmp(s, pt->scheme, sl) != 0
        || memcmp(s + sl, "://", 3) != 0) {
        return 0;
    }
    host = s + sl + 3;
    hend = memchr(host, ':', (size_t)(end - host));
    hend = hend ? hend : end;
    hl = (size_t)(hend - host);
    if (pt->host[0] == '.') {
        if (hl <= xl || memcmp(hend - xl, pt->host, xl) != 0
            || !ref_labels(host, hl - xl)) {
            return 0;
        }
    }
    else if (hl != xl || memcmp(host, pt->host, xl) != 0) {
        return 0;
    }
    if (pt->port == NULL) {
        return hend == end;
    }
    if (!strcmp(pt->port, "*")) {
        return ref_port(hend, (size_t)(end - hend));
    }
    return (size_t)(end - hend) == strlen(pt->port) + 1 && hend[0] == ':'
           && !memcmp(hend + 1, pt->port, strlen(pt->port));
}

/* 1 when CORSAllowOrigin (not '*') allows s[0..n) */
static int ref_listed(const ref_policy *rp, const char *s, size_t n)
{
    int i;

    if (n == 4 && !memcmp(s, "null", 4)) {
        return rp->null;
    }
    if (n > CORS_MAX_ORIGIN_LEN) {
        return 0;
    }
    for (i = 0; i < 8; i++) {
        const ref_pattern *pt = &patterns[i];

        if ((rp->listed & (1u << i))
            && (pt->exact ? strlen(pt->exact) == n
                            && !memcmp(s, pt->exact, n)
                          : ref_wildcard(pt, s, n))) {
            return 1;
        }
    }
    return 0;
}

static int ref_is_extra(const char *s)
{
    int i;

    for (i = 0; extras[i]; i++) {
        if (!strcmp(s, extras[i])) {
            return 1;
        }
    }
    return 0;
}

/* The origin check: the check failed, and how often the callback must
 * have been asked into *calls. */
static cors_check ref_origin(const ref_policy *rp, const char *origin,
                             int *calls)
{
    size_t n = strlen(origin);

    if (rp->star || ref_listed(rp, origin, n)) {
        return CORS_CHECK_NONE;
    }
    if (!ref_serialised(origin, n) && strcmp(origin, "null") != 0) {
        return CORS_CHECK_ORIGIN;
    }
    *calls = rp->extra || rp->map_fails;
    return rp->extra && ref_is_extra(origin) ? CORS_CHECK_NONE
           : rp->map_fails ? CORS_CHECK_MAP_ERROR : CORS_CHECK_ORIGIN;
}

/* --- The reference: tokens and preflights ------------------------------- */

static int ref_token(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')
              || (s[i] >= '0' && s[i] <= '9')
              || (s[i] != '\0' && strchr("!#$%&'*+-.^_`|~", s[i])))) {
            return 0;
        }
    }
    return n > 0;
}

static char ref_lower(char c)
{
    return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

/* s[0..n) and the string t are the same in any case */
static int ref_caseeq(const char *s, size_t n, const char *t)
{
    size_t i;

    if (strlen(t) != n) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (ref_lower(s[i]) != ref_lower(t[i])) {
            return 0;
        }
    }
    return 1;
}

/* A list's header value: the names picked, joined, or "*"; NULL: unset */
static const char *ref_joined(apr_pool_t *p, const char *const names[6],
                              int mode, unsigned int pick)
{
    const char *joined = NULL;
    int i;

    if (mode == 0) {
        return NULL;
    }
    if (mode >= 2) {
        return "*";
    }
    for (i = 0; i < 6; i++) {
        if (pick & (1u << i)) {
            joined = joined ? apr_pstrcat(p, joined, ", ", names[i], NULL)
                            : names[i];
        }
    }
    return joined;
}

/* The method check; the Access-Control-Allow-Methods sent into *send. */
static cors_check ref_method(apr_pool_t *p, const ref_policy *rp,
                             const char *method, const char **send)
{
    int ok;

    if (rp->methods_mode >= 2) {
        ok = ref_token(method, strlen(method));
        *send = method;
    }
    else {
        int i;

        ok = !strcmp(method, "GET") || !strcmp(method, "HEAD")
             || !strcmp(method, "POST");
        for (i = 0; rp->methods_mode == 1 && i < 6; i++) {
            ok |= (rp->methods_pick & (1u << i))
                  && !strcmp(method, methods[i]);
        }
        *send = rp->methods_mode ? ref_joined(p, methods, 1, rp->methods_pick)
                                 : "GET, HEAD, POST";
    }
    return ok ? CORS_CHECK_NONE : CORS_CHECK_METHOD;
}

static int ref_header_allowed(const ref_policy *rp, const char *s, size_t n)
{
    int i;

    for (i = 0; rp->headers_mode == 1 && i < 6; i++) {
        if ((rp->headers_pick & (1u << i)) && ref_caseeq(s, n, headers[i])) {
            return 1;
        }
    }
    return rp->headers_mode >= 2;
}

/* The Access-Control-Request-Headers check: the elements between its
 * commas, trimmed of spaces and tabs, the empty ones left out, are
 * tokens, at most 128 of them in at most 8192 bytes, each allowed.  The
 * Access-Control-Allow-Headers sent into *send. */
static cors_check ref_headers(apr_pool_t *p, const ref_policy *rp,
                              const char *v, const char **send)
{
    const char *s = v, *comma;
    char *echo = NULL;
    int count = 0;

    if (strlen(v) > CORS_MAX_REQUEST_HEADERS_BYTES) {
        return CORS_CHECK_HEADERS;
    }
    for (;; s = comma + 1) {
        const char *b, *e;

        comma = strchr(s, ',');
        e = comma ? comma : s + strlen(s);
        for (b = s; b < e && (*b == ' ' || *b == '\t'); b++) {
        }
        while (e > b && (e[-1] == ' ' || e[-1] == '\t')) {
            e--;
        }
        if (e > b) {
            char *name = apr_pstrmemdup(p, b, (size_t)(e - b)), *l;

            if (!ref_token(b, (size_t)(e - b))
                || ++count > CORS_MAX_REQUEST_HEADERS
                || !ref_header_allowed(rp, b, (size_t)(e - b))) {
                return CORS_CHECK_HEADERS;
            }
            for (l = name; *l; l++) {
                *l = ref_lower(*l);
            }
            echo = echo ? apr_pstrcat(p, echo, ", ", name, NULL) : name;
        }
        if (comma == NULL) {
            break;
        }
    }
    *send = count == 0 ? NULL : rp->headers_mode >= 2 ? echo
            : ref_joined(p, headers, 1, rp->headers_pick);
    return CORS_CHECK_NONE;
}

/* The checks of a preflight after its origin, the headers they send into
 * send[]. */
static cors_check ref_preflight(apr_pool_t *p, const ref_policy *rp,
                                const cors_request_view *q,
                                const char **send)
{
    const char *pna = q->private_network;
    cors_check failed;

    if ((failed = ref_method(p, rp, q->method,
                             &send[CORS_H_ALLOW_METHODS]))
        || (q->headers && (failed = ref_headers(
                               p, rp, q->headers,
                               &send[CORS_H_ALLOW_HEADERS])))) {
        return failed;
    }
    if (pna && ref_caseeq(pna, strlen(pna), "true")) {
        if (!rp->pn) {
            return CORS_CHECK_PRIVATE_NETWORK;
        }
        send[CORS_H_ALLOW_PRIVATE_NETWORK] = "true";
    }
    send[CORS_H_MAX_AGE] = rp->max_age;
    return CORS_CHECK_NONE;
}

/* --- The reference: the decision ---------------------------------------- */

typedef struct {
    cors_kind kind;
    cors_verdict verdict;
    cors_check failed;
    const char *conflict;
    int vary;                   /* how many of vary_tokens[] */
    int answer, status, calls;
    const char *send[CORS_H_COUNT];
    const char *note;
} ref_decision;

static void ref_decide(apr_pool_t *p, const ref_policy *rp,
                       const cors_request_view *q, ref_decision *w)
{
    static const char *const reasons[] = {
        "", "origin", "method", "headers", "private-network", "map-error"
    };
    int creds, star;

    memset(w, 0, sizeof(*w));
    if (rp->creds && (rp->star || rp->expose_mode >= 2)) {
        w->conflict = rp->star ? "CORSAllowOrigin" : "CORSExposeHeaders";
    }
    creds = rp->creds && w->conflict == NULL;
    star = rp->star && !creds;
    w->kind = q->origin && q->options && q->method ? CORS_PREFLIGHT
                                                   : CORS_ACTUAL;
    w->vary = w->kind == CORS_PREFLIGHT ? (rp->pn ? 4 : 3) : star ? 0 : 1;
    w->answer = w->kind == CORS_PREFLIGHT && !rp->report_only
                && !rp->passthrough;
    w->verdict = CORS_NO_ORIGIN;
    if (q->origin) {
        w->failed = ref_origin(rp, q->origin, &w->calls);
        if (!w->failed && w->kind == CORS_PREFLIGHT) {
            w->failed = ref_preflight(p, rp, q, w->send);
        }
        w->verdict = w->failed ? CORS_REFUSED : CORS_ALLOWED;
    }
    if (w->verdict != CORS_ALLOWED) {
        memset(w->send, 0, sizeof(w->send));
    }
    else {
        w->send[CORS_H_ALLOW_ORIGIN] = star ? "*" : q->origin;
        w->send[CORS_H_ALLOW_CREDENTIALS] = creds ? "true" : NULL;
        if (w->kind == CORS_ACTUAL) {
            w->send[CORS_H_EXPOSE_HEADERS] =
                ref_joined(p, exposed, rp->expose_mode, rp->expose_pick);
            w->send[CORS_H_TIMING_ALLOW_ORIGIN] =
                rp->timing ? w->send[CORS_H_ALLOW_ORIGIN] : NULL;
        }
    }
    if (w->kind == CORS_PREFLIGHT) {
        w->status = w->verdict != CORS_ALLOWED ? 403
                    : rp->status == CORS_UNSET ? 204 : rp->status;
    }
    w->note = apr_pstrcat(p, w->kind == CORS_PREFLIGHT ? "preflight"
                                                       : "actual",
                          w->verdict == CORS_NO_ORIGIN ? ":none"
                          : w->verdict == CORS_ALLOWED ? ":allowed"
                          : ":refused:", reasons[w->failed], NULL);
}

/* --- The policy, built with the module's own configuration functions --- */

static cors_token_list *make_list(apr_pool_t *p, const char *const names[6],
                                  int mode, unsigned int pick, int fold)
{
    cors_token_list *l;
    int i;

    if (mode == 0) {
        return NULL;
    }
    l = cors_token_list_make(p, fold);
    if (mode >= 2) {
        cors_token_list_add(p, l, "*");
        return l;
    }
    for (i = 0; i < 6; i++) {
        if (pick & (1u << i)) {
            cors_token_list_add(p, l, names[i]);
        }
    }
    return l;
}

static void add_origin(apr_pool_t *p, cors_origins *o,
                       const cors_pattern *pat, const char *arg)
{
    cors_origin_set_add(p, o->set, pat);
    *(const char **)apr_array_push(o->listed) = arg;
}

/* The merged policy.  CORSAllowOriginMatch and CORSAllowOriginMap stand
 * behind the callback: their arrays stay empty. */
static cors_dir_conf *make_policy(apr_pool_t *p, const ref_policy *rp)
{
    cors_dir_conf *c = apr_pcalloc(p, sizeof(*c));
    int unset = rp->explicit_off ? CORS_OFF : CORS_UNSET;
    cors_origins *o;
    int i;

    c->origins = o = apr_pcalloc(p, sizeof(*o));
    o->set = cors_origin_set_make(p);
    o->regexes = apr_array_make(p, 1, sizeof(cors_regex));
    o->maps = apr_array_make(p, 1, sizeof(cors_map *));
    o->listed = apr_array_make(p, 2, sizeof(const char *));
    if (rp->star) {
        add_origin(p, o, &parsed_any, "*");
    }
    if (rp->null) {
        add_origin(p, o, &parsed_null, "null");
    }
    for (i = 0; i < 8; i++) {
        if (rp->listed & (1u << i)) {
            add_origin(p, o, &parsed[i], patterns[i].arg);
        }
    }
    c->methods = make_list(p, methods, rp->methods_mode, rp->methods_pick, 0);
    c->headers = make_list(p, headers, rp->headers_mode, rp->headers_pick, 1);
    c->expose = make_list(p, exposed, rp->expose_mode, rp->expose_pick, 1);
    c->max_age = rp->max_age;
    c->credentials = rp->creds ? CORS_ON : unset;
    c->private_network = rp->pn ? CORS_ON : unset;
    c->timing = rp->timing ? CORS_ON : unset;
    c->enable = rp->report_only ? CORS_REPORT_ONLY
                : rp->explicit_off ? CORS_ON : CORS_UNSET;
    c->preflight = rp->passthrough ? CORS_PREFLIGHT_PASSTHROUGH
                   : rp->explicit_off ? CORS_PREFLIGHT_ANSWER : CORS_UNSET;
    c->preflight_status = rp->status;
    c->is_set = 1;
    return c;
}

/* --- The callback: CORSAllowOriginMatch and CORSAllowOriginMap --------- */

typedef struct {
    const ref_policy *rp;
    int calls;
} fuzz_more_ctx;

static cors_map_answer fuzz_more(void *ctx, const char *origin,
                                 apr_size_t len, const char **why)
{
    fuzz_more_ctx *m = ctx;

    CHECK(++m->calls == 1);
    CHECK(strlen(origin) == len);
    CHECK(ref_serialised(origin, len) || !strcmp(origin, "null"));
    CHECK(!ref_listed(m->rp, origin, len));
    if (m->rp->extra && ref_is_extra(origin)) {
        return CORS_MAP_YES;
    }
    if (m->rp->map_fails) {
        *why = MAP_FAILED;
        return CORS_MAP_ERROR;
    }
    return CORS_MAP_NO;
}

/* --- The checks --------------------------------------------------------- */

/* Equal strings, or both NULL */
static int same(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* What must hold whatever the reference says. */
static void check_rules(const ref_policy *rp, const cors_request_view *q,
                        const cors_dir_conf *c, const cors_decision *d)
{
    const char *acao = d->send[CORS_H_ALLOW_ORIGIN];
    int i;

    for (i = 0; d->verdict != CORS_ALLOWED && i < CORS_H_COUNT; i++) {
        CHECK(d->send[i] == NULL);
    }
    CHECK(d->verdict != CORS_ALLOWED || acao != NULL);
    if (acao && !strcmp(acao, "*")) {
        CHECK(rp->star && d->send[CORS_H_ALLOW_CREDENTIALS] == NULL);
    }
    else {
        CHECK(acao == NULL || !strcmp(acao, q->origin));
    }
    CHECK(!(rp->report_only && d->answer));
    CHECK(c->origins->conflict_logged == 0);
}

static void check_decision(apr_pool_t *p, const ref_decision *w,
                           const cors_request_view *q,
                           const cors_decision *d, int calls)
{
    int i;

    CHECK(calls == w->calls);
    CHECK(same(d->conflict, w->conflict));
    CHECK(d->kind == w->kind);
    CHECK(d->verdict == w->verdict);
    CHECK(d->failed == w->failed);
    CHECK(same(d->note, w->note));
    CHECK(d->why != NULL);
    CHECK(w->failed != CORS_CHECK_MAP_ERROR || same(d->detail, MAP_FAILED));
    CHECK(d->origin == q->origin);
    CHECK(d->answer == w->answer);
    CHECK(d->status == w->status);
    for (i = 0; i < CORS_H_COUNT; i++) {
        CHECK(same(d->send[i], w->send[i]));
    }
    CHECK((d->vary == NULL) == (w->vary == 0));
    if (d->vary) {
        const char *joined = vary_tokens[0];

        for (i = 0; i < w->vary; i++) {
            CHECK(same(d->vary->tokens[i], vary_tokens[i]));
            joined = i ? apr_pstrcat(p, joined, ", ", vary_tokens[i], NULL)
                       : joined;
        }
        CHECK(d->vary->tokens[w->vary] == NULL);
        CHECK(same(d->vary->joined, joined));
    }
}

/* --- The input ---------------------------------------------------------- */

#define HEAD_LEN 8

/* The value at *pos of data[0..size), to the next NUL, in a buffer of its
 * exact size with prefix before it; *pos moves past the NUL. */
static char *next_value(const uint8_t *data, size_t size, size_t *pos,
                        const char *prefix)
{
    size_t start = *pos < size ? *pos : size, end = start;
    size_t pl = strlen(prefix);
    char *v;

    while (end < size && data[end] != 0) {
        end++;
    }
    *pos = end + 1;
    v = malloc(pl + (end - start) + 1);
    CHECK(v != NULL);
    memcpy(v, prefix, pl);
    memcpy(v + pl, data + start, end - start);
    v[pl + (end - start)] = '\0';
    return v;
}

static void read_policy(apr_pool_t *p, const uint8_t *b, ref_policy *rp)
{
    memset(rp, 0, sizeof(*rp));
    rp->creds = b[0] & 0x01;
    rp->pn = (b[0] & 0x02) != 0;
    rp->report_only = (b[0] & 0x04) != 0;
    rp->passthrough = (b[0] & 0x08) != 0;
    rp->status = b[0] & 0x10 ? (b[0] & 0x20 ? 200 : 204) : CORS_UNSET;
    rp->timing = (b[0] & 0x40) != 0;
    rp->max_age = b[0] & 0x80 ? apr_psprintf(p, "%d", b[6] * 97) : NULL;
    rp->star = b[1] & 0x01;
    if (!rp->star) {
        rp->null = (b[1] & 0x02) != 0;
        rp->extra = (b[1] & 0x04) != 0;
        rp->map_fails = (b[1] & 0x08) != 0;
        rp->listed = b[2];
        if (!rp->null && !rp->extra && !rp->map_fails && !rp->listed) {
            rp->listed = 1;
        }
    }
    rp->explicit_off = (b[1] & 0x10) != 0;
    rp->methods_mode = b[3] >> 6;
    rp->headers_mode = b[4] >> 6;
    rp->expose_mode = b[5] >> 6;
    rp->methods_pick = (b[3] & 0x3f) ? (b[3] & 0x3fu) : 1u;
    rp->headers_pick = (b[4] & 0x3f) ? (b[4] & 0x3fu) : 1u;
    rp->expose_pick = (b[5] & 0x3f) ? (b[5] & 0x3fu) : 1u;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t b[HEAD_LEN] = { 0 };
    fuzz_more_ctx m = { NULL, 0 };
    cors_request_view q;
    const cors_dir_conf *c;
    const cors_decision *d;
    ref_decision want;
    ref_policy rp;
    char *values[4];
    size_t pos = HEAD_LEN;
    apr_pool_t *p;
    int i;

    apr_pool_create(&p, root);
    memcpy(b, data, size < HEAD_LEN ? size : HEAD_LEN);
    read_policy(p, b, &rp);
    values[0] = next_value(data, size, &pos, prefixes[b[7] >> 5]);
    for (i = 1; i < 4; i++) {
        values[i] = next_value(data, size, &pos, "");
    }
    memset(&q, 0, sizeof(q));
    q.options = b[7] & 0x01;
    q.origin = b[7] & 0x02 ? values[0] : NULL;
    q.method = b[7] & 0x04 ? values[1] : NULL;
    q.headers = b[7] & 0x08 ? values[2] : NULL;
    q.private_network = b[7] & 0x10 ? values[3] : NULL;
    /* with or without reasons, the same verdict, check, note and headers:
     * only the words of a refused origin's reason may differ */
    q.reasons = (int)(size & 1);

    c = make_policy(p, &rp);
    m.rp = &rp;
    d = cors_judge(p, c, &q, rp.extra || rp.map_fails ? fuzz_more : NULL,
                   &m);
    check_rules(&rp, &q, c, d);
    ref_decide(p, &rp, &q, &want);
    check_decision(p, &want, &q, d, m.calls);

    apr_pool_destroy(p);
    for (i = 0; i < 4; i++) {
        free(values[i]);
    }
    return 0;
}

/* APR, and the patterns parsed once by the configuration's own parser. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    int i;

    (void)argc;
    (void)argv;
    apr_initialize();
    apr_pool_create(&root, NULL);
    for (i = 0; i < 8; i++) {
        CHECK(cors_pattern_parse(root, patterns[i].arg, &parsed[i]) == NULL);
        CHECK(patterns[i].exact
              ? parsed[i].kind == CORS_PAT_EXACT
                && !strcmp(parsed[i].origin, patterns[i].exact)
              : parsed[i].kind == CORS_PAT_WILDCARD);
    }
    CHECK(cors_pattern_parse(root, "*", &parsed_any) == NULL);
    CHECK(cors_pattern_parse(root, "null", &parsed_null) == NULL);
    return 0;
}
