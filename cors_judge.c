/* cors_judge.c: the decision for one request (cors_judge), from the
 * merged policy and the request's CORS headers.  The CORS protocol is the
 * Fetch Standard's: https://fetch.spec.whatwg.org/#http-cors-protocol
 */

#include <string.h>
#include <strings.h>

#include "apr_strings.h"
#include "apr_lib.h"

#include "cors_judge.h"

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

/* Credentials are on unless they meet '*' only through merging (a section
 * with both is refused at startup): then the request is served as if they
 * were off, and d names the directive of that '*'. */
static int cors_credentials(const cors_dir_conf *c, cors_decision *d)
{
    if (c->credentials != CORS_ON) {
        return 0;
    }
    d->conflict = c->origins->set->any ? "CORSAllowOrigin"
                  : c->expose && c->expose->any ? "CORSExposeHeaders"
                  : NULL;
    return d->conflict == NULL;
}

/* Refuses d: which check failed, why, and about what value. */
static void cors_refuse(cors_decision *d, cors_check failed,
                        const char *why, const char *detail)
{
    d->verdict = CORS_REFUSED;
    d->failed = failed;
    d->why = why;
    d->detail = detail;
}

/* 1 when the origins allow the request's Origin.  A value that is not a
 * serialised origin is never shown to a regex or a map: ^https://.*$ must
 * not match "https://a b".  Those sources come last, being the dearest;
 * a map that fails refuses the origin (fail closed) with its own
 * reason.  The syntax check is made only where something needs it: those
 * sources, or a reason that will be read. */
static int cors_origin_allowed(const cors_origins *o, const char *origin,
                               cors_more_origins *more, void *ctx,
                               int reasons, cors_decision *d)
{
    apr_size_t len = strlen(origin);
    const char *why = NULL;

    if (o->set->any) {
        return 1;
    }
    switch (more || reasons ? cors_origin_set_match(o->set, origin, len)
                            : cors_origin_set_allows(o->set, origin, len)) {
    case CORS_ORIGIN_MATCH:
        return 1;
    case CORS_ORIGIN_MALFORMED:
        cors_refuse(d, CORS_CHECK_ORIGIN,
                    "origin is not a serialised origin", NULL);
        return 0;
    default:
        break;
    }
    switch (more ? more(ctx, origin, len, &why) : CORS_MAP_NO) {
    case CORS_MAP_YES:
        return 1;
    case CORS_MAP_ERROR:
        cors_refuse(d, CORS_CHECK_MAP_ERROR, "origin map failed", why);
        return 0;
    default:
        cors_refuse(d, CORS_CHECK_ORIGIN, "origin not allowed", NULL);
        return 0;
    }
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
static int cors_headers_allowed(apr_pool_t *p, const cors_dir_conf *c,
                                const char *value, cors_decision *d)
{
    apr_array_header_t *names;
    const char *bad;

    switch (cors_request_headers_check(p, c->headers, value, &names, &bad)) {
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
        char *echo = cors_names_join(p, names), *s;

        for (s = echo; *s; s++) {
            *s = (char)apr_tolower(*s);
        }
        d->send[CORS_H_ALLOW_HEADERS] = echo;
    }
    else {
        d->send[CORS_H_ALLOW_HEADERS] = c->headers->joined;
    }
    return 1;
}

/* The checks of a preflight after its origin. */
static int cors_preflight_allowed(apr_pool_t *p, const cors_dir_conf *c,
                                  const cors_request_view *q,
                                  cors_decision *d)
{
    if (!cors_method_allowed(c, q->method, d)) {
        return 0;
    }
    if (q->headers && !cors_headers_allowed(p, c, q->headers, d)) {
        return 0;
    }
    if (q->private_network && !strcasecmp(q->private_network, "true")) {
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
static void cors_judge_into(apr_pool_t *p, const cors_dir_conf *c,
                            const cors_request_view *q,
                            cors_more_origins *more, void *ctx,
                            cors_decision *d)
{
    int creds = cors_credentials(c, d);
    int star = c->origins->set->any && !creds;
    int preflight;

    d->report_only = c->enable == CORS_REPORT_ONLY;
    d->origin = q->origin;
    preflight = d->origin && q->options && q->method;
    if (preflight) {
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
    if (!cors_origin_allowed(c->origins, d->origin, more, ctx, q->reasons,
                             d)
        || (preflight && !cors_preflight_allowed(p, c, q, d))) {
        memset(d->send, 0, sizeof(d->send));
        return;
    }
    d->verdict = CORS_ALLOWED;
    d->why = preflight ? "origin, method and headers allowed"
                       : "origin allowed";
    d->send[CORS_H_ALLOW_ORIGIN] = star ? "*" : d->origin;
    if (creds) {
        d->send[CORS_H_ALLOW_CREDENTIALS] = "true";
    }
    if (preflight) {
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

cors_decision *cors_judge(apr_pool_t *p, const cors_dir_conf *c,
                          const cors_request_view *q,
                          cors_more_origins *more, void *ctx)
{
    cors_decision *d = apr_pcalloc(p, sizeof(*d));

    cors_judge_into(p, c, q, more, ctx, d);
    d->note = cors_notes[d->kind][d->verdict == CORS_REFUSED
                                  ? CORS_REFUSED + d->failed - 1
                                  : d->verdict];
    return d;
}
