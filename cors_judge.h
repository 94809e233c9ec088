/* cors_judge.h: the CORS decision for one request, from the merged policy
 * and what the request asks.
 *
 * cors_judge() is the only place a request is judged: actual requests,
 * preflights, OPTIONS that are not preflights, and ReportOnly alike.  It
 * fills one record; the headers written and the line logged are read from
 * that record, never worked out again.  It is pure (APR and the module's
 * origin and token files): the origin sources that need httpd, the
 * CORSAllowOriginMatch patterns and the CORSAllowOriginMap maps, are asked
 * through a callback, so that it runs without a request_rec (the fuzzer
 * drives it so).
 */

#ifndef CORS_JUDGE_H
#define CORS_JUDGE_H

#include "mod_cors.h"

typedef enum {
    CORS_ACTUAL,                /* every request that is not a preflight */
    CORS_PREFLIGHT              /* OPTIONS with Origin and
                                 * Access-Control-Request-Method */
} cors_kind;

typedef enum {
    CORS_NO_ORIGIN,             /* no Origin: nothing to allow */
    CORS_ALLOWED,
    CORS_REFUSED
} cors_verdict;

/* The check a refused request failed. */
typedef enum {
    CORS_CHECK_NONE,
    CORS_CHECK_ORIGIN,
    CORS_CHECK_METHOD,
    CORS_CHECK_HEADERS,
    CORS_CHECK_PRIVATE_NETWORK,
    CORS_CHECK_MAP_ERROR        /* an origin map could not answer */
} cors_check;

/* The response headers the module sends, in the order sent. */
typedef enum {
    CORS_H_ALLOW_ORIGIN,
    CORS_H_ALLOW_CREDENTIALS,
    CORS_H_ALLOW_METHODS,
    CORS_H_ALLOW_HEADERS,
    CORS_H_MAX_AGE,
    CORS_H_ALLOW_PRIVATE_NETWORK,
    CORS_H_EXPOSE_HEADERS,
    CORS_H_TIMING_ALLOW_ORIGIN,     /* not a CORS header: Resource Timing */
    CORS_H_COUNT
} cors_header;

/* The Vary tokens a kind of response depends on, listed and joined. */
typedef struct {
    const char *const *tokens;
    const char *joined;
} cors_vary;

typedef struct {
    cors_kind kind;
    cors_verdict verdict;
    cors_check failed;          /* CORS_CHECK_NONE unless refused */
    const char *why;            /* the reason, in words, for the log */
    const char *detail;         /* the offending value, or NULL */
    const char *origin;         /* the request's Origin, or NULL */
    const char *send[CORS_H_COUNT]; /* header values; NULL: not sent */
    const cors_vary *vary;      /* tokens merged into Vary, or NULL */
    int report_only;            /* CORSEnable ReportOnly: log, send none */
    int answer;                 /* a preflight the module answers */
    int status;                 /* the status of that answer */
    const char *note;           /* kind:verdict[:reason], for the CORS
                                 * note and environment variable */
    const char *conflict;       /* CORSAllowCredentials On met '*' of this
                                 * directive through merging, and the
                                 * request is served as if credentials
                                 * were off (for the caller to log); or
                                 * NULL */
} cors_decision;

/* The request as the module sees it: its request headers, each the first
 * of its name, or NULL when absent.  Access-Control-Request-Method matters
 * only to an OPTIONS request with an Origin, and the other
 * Access-Control-Request-* values only when it is there (a preflight):
 * they may be left NULL for the others. */
typedef struct {
    int options;                    /* the method is OPTIONS */
    const char *origin;
    const char *method;             /* Access-Control-Request-Method */
    const char *headers;            /* Access-Control-Request-Headers */
    const char *private_network;    /* Access-Control-Request-Private-
                                     * Network */
    int reasons;                    /* the reason will be read (logged or
                                     * explained): a refused origin is
                                     * then checked for the serialised-
                                     * origin form, to say which it was */
} cors_request_view;

/* The origin sources that need httpd: asked about a serialised origin in
 * the form browsers send (or "null") that the CORSAllowOrigin list does
 * not allow, at most once per request.  CORS_MAP_ERROR, with the reason in
 * *why, when a map could not answer and no source allowed the origin. */
typedef cors_map_answer cors_more_origins(void *ctx, const char *origin,
                                          apr_size_t len, const char **why);

/* Judges request q under policy c, an active one; more (NULL when the
 * policy has no CORSAllowOriginMatch or CORSAllowOriginMap) is called
 * with ctx.  The record, and what it points to, live in p or in q and
 * c. */
cors_decision *cors_judge(apr_pool_t *p, const cors_dir_conf *c,
                          const cors_request_view *q,
                          cors_more_origins *more, void *ctx);

#endif /* CORS_JUDGE_H */
