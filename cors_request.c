/* cors_request.c: one decision per request (cors_decide), the response
 * headers written from it (cors_write_headers) and its log line
 * (cors_log_decision).  The CORS protocol is the Fetch Standard's:
 * https://fetch.spec.whatwg.org/#http-cors-protocol
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

/* What each kind of response varies on.  A preflight's answer depends on
 * its request headers whatever the origin policy, so that a cache never
 * serves one origin's answer to another. */
static const char *const cors_vary_actual_tokens[] = { "Origin", NULL };
static const char *const cors_vary_preflight_tokens[] = {
    "Origin", "Access-Control-Request-Method",
    "Access-Control-Request-Headers", NULL
};
static const char *const cors_vary_pna_tokens[] = {
    "Origin", "Access-Control-Request-Method",
    "Access-Control-Request-Headers",
    "Access-Control-Request-Private-Network", NULL
};
static const cors_vary cors_vary_actual = {
    cors_vary_actual_tokens, "Origin"
};
static const cors_vary cors_vary_preflight = {
    cors_vary_preflight_tokens,
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"
};
static const cors_vary cors_vary_pna = {
    cors_vary_pna_tokens,
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, "
    "Access-Control-Request-Private-Network"
};

/* The CORS note of each decision: [kind][verdict], where a refusal's
 * verdict is CORS_REFUSED + the check it failed - 1. */
static const char *const
cors_notes[2][CORS_REFUSED + CORS_CHECK_MAP_ERROR] = {
    { "actual:none", "actual:allowed", "actual:refused:origin",
      "actual:refused:method", "actual:refused:headers",
      "actual:refused:private-network", "actual:refused:map-error" },
    { "preflight:none", "preflight:allowed", "preflight:refused:origin",
      "preflight:refused:method", "preflight:refused:headers",
      "preflight:refused:private-network", "preflight:refused:map-error" }
};

/* --- The decision ---------------------------------------------------------- */

/* Credentials are on unless they meet '*' only through merging (a section
 * with both is refused at startup): then the request is served as if they
 * were off, and the conflict is logged once per process for the section
 * that lists the origins. */
static int cors_credentials(request_rec *r, const cors_dir_conf *c)
{
    const char *star;

    if (c->credentials != CORS_ON) {
        return 0;
    }
    star = c->origins->set->any ? "CORSAllowOrigin"
           : c->expose && c->expose->any ? "CORSExposeHeaders" : NULL;
    if (star == NULL) {
        return 1;
    }
    /* the one write to the configuration at request time: a one-way flag,
     * set atomically */
    if (apr_atomic_cas32(&c->origins->conflict_logged, 1, 0) == 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "CORSAllowCredentials On is inherited into a scope "
                      "with %s '*': requests here are served as if "
                      "credentials were off", star);
    }
    return 0;
}

/* Refuses d: which check failed, why, and about what value. */
static cors_decision *cors_refuse(cors_decision *d, cors_check failed,
                                  const char *why, const char *detail)
{
    d->verdict = CORS_REFUSED;
    d->failed = failed;
    d->why = why;
    d->detail = detail;
    return d;
}

/* 1 when the origins allow the request's Origin.  A value that is not a
 * serialised origin is never shown to a regex or a map: ^https://.*$ must
 * not match "https://a b".  The maps come last, being the dearest; one
 * that fails refuses the origin (fail closed) with its own reason. */
static int cors_origin_allowed(request_rec *r, const cors_origins *o,
                               const char *origin, cors_decision *d)
{
    apr_size_t len = strlen(origin);
    const char *why = NULL;
    int i;

    if (o->set->any) {
        return 1;
    }
    switch (cors_origin_set_match(o->set, origin, len)) {
    case CORS_ORIGIN_MATCH:
        return 1;
    case CORS_ORIGIN_MALFORMED:
        cors_refuse(d, CORS_CHECK_ORIGIN,
                    "origin is not a serialised origin", NULL);
        return 0;
    default:
        break;
    }
    for (i = 0; i < o->regexes->nelts; i++) {
        if (ap_regexec(APR_ARRAY_IDX(o->regexes, i, cors_regex).re, origin,
                       0, NULL, 0) == 0) {
            return 1;
        }
    }
    for (i = 0; i < o->maps->nelts; i++) {
        switch (cors_map_lookup(r, APR_ARRAY_IDX(o->maps, i, cors_map *),
                                origin, len, &why)) {
        case CORS_MAP_YES:
            return 1;
        case CORS_MAP_ERROR:
            cors_refuse(d, CORS_CHECK_MAP_ERROR, "origin map failed", why);
            break;
        default:
            break;
        }
    }
    if (d->failed != CORS_CHECK_MAP_ERROR) {
        cors_refuse(d, CORS_CHECK_ORIGIN, "origin not allowed", NULL);
    }
    return 0;
}

/* The method check: GET, HEAD and POST always pass; CORSAllowMethods
 * governs the others, and '*' echoes the method (a token). */
static int cors_method_allowed(const cors_dir_conf *c, const char *method,
                               cors_decision *d)
{
    int token = cors_is_token(method, strlen(method));
    const char *why = token ? "method not allowed"
                            : "Access-Control-Request-Method is not a token";

    if (c->methods && c->methods->any) {
        if (!token) {
            cors_refuse(d, CORS_CHECK_METHOD, why, method);
            return 0;
        }
        d->send[CORS_H_ALLOW_METHODS] = method;
        return 1;
    }
    if (!cors_is_safelisted_method(method)
        && !(c->methods
             && cors_token_list_has(c->methods, method, strlen(method)))) {
        cors_refuse(d, CORS_CHECK_METHOD, why, method);
        return 0;
    }
    d->send[CORS_H_ALLOW_METHODS] = c->methods ? c->methods->joined
                                               : CORS_DEFAULT_METHODS;
    return 1;
}

/* The Access-Control-Request-Headers check: every name must be allowed;
 * '*' echoes them (lowercased, as browsers send them). */
static int cors_headers_allowed(request_rec *r, const cors_dir_conf *c,
                                const char *value, cors_decision *d)
{
    apr_array_header_t *names;
    const char *bad;
    char *echo;

    switch (cors_request_headers_check(r->pool, c->headers, value, &names,
                                       &bad)) {
    case CORS_RH_OK:
        break;
    case CORS_RH_TOO_MANY:
        cors_refuse(d, CORS_CHECK_HEADERS, "Access-Control-Request-Headers "
                    "has too many names", NULL);
        return 0;
    case CORS_RH_TOO_LONG:
        cors_refuse(d, CORS_CHECK_HEADERS, "Access-Control-Request-Headers "
                    "is too long", NULL);
        return 0;
    case CORS_RH_BAD_TOKEN:
        cors_refuse(d, CORS_CHECK_HEADERS, "Access-Control-Request-Headers "
                    "has a non-token element", bad);
        return 0;
    default:
        cors_refuse(d, CORS_CHECK_HEADERS, "header not allowed", bad);
        return 0;
    }
    if (names->nelts == 0) {
        return 1;               /* nothing asked for: nothing to send */
    }
    if (c->headers->any) {
        echo = cors_names_join(r->pool, names);
        ap_str_tolower(echo);
        d->send[CORS_H_ALLOW_HEADERS] = echo;
    }
    else {
        d->send[CORS_H_ALLOW_HEADERS] = c->headers->joined;
    }
    return 1;
}

/* The checks of a preflight after its origin. */
static int cors_preflight_allowed(request_rec *r, const cors_dir_conf *c,
                                  const char *method, cors_decision *d)
{
    const char *headers, *pna;

    if (!cors_method_allowed(c, method, d)) {
        return 0;
    }
    headers = apr_table_get(r->headers_in, "Access-Control-Request-Headers");
    if (headers && !cors_headers_allowed(r, c, headers, d)) {
        return 0;
    }
    pna = apr_table_get(r->headers_in,
                        "Access-Control-Request-Private-Network");
    if (pna && !strcasecmp(pna, "true")) {
        if (c->private_network != CORS_ON) {
            cors_refuse(d, CORS_CHECK_PRIVATE_NETWORK, "private network "
                        "access requested and not allowed", NULL);
            return 0;
        }
        d->send[CORS_H_ALLOW_PRIVATE_NETWORK] = "true";
    }
    d->send[CORS_H_MAX_AGE] = c->max_age;
    return 1;
}

/* The judgement itself, into d (zeroed). */
static void cors_judge(request_rec *r, const cors_dir_conf *c,
                       cors_decision *d)
{
    const char *method = NULL;
    int creds = cors_credentials(r, c);
    int star = c->origins->set->any && !creds;

    d->report_only = c->enable == CORS_REPORT_ONLY;
    d->origin = apr_table_get(r->headers_in, "Origin");
    if (d->origin && r->method_number == M_OPTIONS) {
        method = apr_table_get(r->headers_in,
                               "Access-Control-Request-Method");
    }
    if (method) {
        d->kind = CORS_PREFLIGHT;
        d->vary = c->private_network == CORS_ON ? &cors_vary_pna
                                                : &cors_vary_preflight;
        d->answer = !d->report_only
                    && c->preflight != CORS_PREFLIGHT_PASSTHROUGH;
        d->status = HTTP_FORBIDDEN;
    }
    else {
        /* under '*' without credentials the answer is the same for every
         * origin: nothing to vary on */
        d->vary = star ? NULL : &cors_vary_actual;
    }

    if (d->origin == NULL) {
        d->verdict = CORS_NO_ORIGIN;
        d->why = "no Origin";
        return;
    }
    if (!cors_origin_allowed(r, c->origins, d->origin, d)
        || (method && !cors_preflight_allowed(r, c, method, d))) {
        memset(d->send, 0, sizeof(d->send));
        return;
    }
    d->verdict = CORS_ALLOWED;
    d->why = method ? "origin, method and headers allowed" : "origin allowed";
    d->send[CORS_H_ALLOW_ORIGIN] = star ? "*" : d->origin;
    if (creds) {
        d->send[CORS_H_ALLOW_CREDENTIALS] = "true";
    }
    if (method) {
        d->status = c->preflight_status == CORS_UNSET ? HTTP_NO_CONTENT
                                                      : c->preflight_status;
    }
    else {
        if (c->expose) {
            d->send[CORS_H_EXPOSE_HEADERS] = c->expose->joined;
        }
        if (c->timing == CORS_ON) {
            d->send[CORS_H_TIMING_ALLOW_ORIGIN] =
                d->send[CORS_H_ALLOW_ORIGIN];
        }
    }
}

cors_decision *cors_decide(request_rec *r, const cors_dir_conf *c)
{
    cors_decision *d = apr_pcalloc(r->pool, sizeof(*d));

    cors_judge(r, c, d);
    d->note = cors_notes[d->kind][d->verdict == CORS_REFUSED
                                  ? CORS_REFUSED + d->failed - 1
                                  : d->verdict];
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

void cors_log_decision(request_rec *r, const cors_decision *d)
{
    int level = d->report_only ? APLOG_INFO : APLOG_DEBUG;
    const char *detail = "";

    if (!APLOG_R_IS_LEVEL(r, level)) {
        return;
    }
    if (d->detail) {
        detail = apr_pstrcat(r->pool, ": ", ap_escape_logitem(
                                 r->pool, apr_pstrndup(r->pool, d->detail,
                                                       200)), NULL);
    }
    ap_log_rerror(APLOG_MARK, level, 0, r,
                  "%s%s %s: %s%s (origin '%.200s')",
                  d->report_only ? "report-only: would have " : "",
                  d->verdict == CORS_ALLOWED ? "allowed" : "refused",
                  d->kind == CORS_PREFLIGHT ? "preflight" : "request",
                  d->why, detail,
                  d->origin ? ap_escape_logitem(r->pool, d->origin) : "");
}
