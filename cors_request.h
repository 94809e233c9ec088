/* cors_request.h: what the module decides for one request, and how the
 * decision reaches the response and the log.
 *
 * cors_decide() is the only place a request is judged: actual requests,
 * preflights, OPTIONS that are not preflights, and ReportOnly alike.  It
 * fills one record; the headers written and the line logged are read from
 * that record, never worked out again.
 */

#ifndef CORS_REQUEST_H
#define CORS_REQUEST_H

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
} cors_decision;

/* Judges request r (the one the client sent) under policy c, an active
 * one.  The record lives in r's pool. */
cors_decision *cors_decide(request_rec *r, const cors_dir_conf *c);

/* Makes the module the single source of CORS headers in the response of r:
 * removes any Access-Control-Allow-*, -Expose-Headers and -Max-Age that
 * others set, adds the decision's, and merges its Vary tokens. */
void cors_write_headers(request_rec *r, const cors_decision *d);

/* The name of a header the module sends. */
const char *cors_header_name(cors_header h);

/* One line for the decision: at debug, or at info under ReportOnly (what
 * would have been done). */
void cors_log_decision(request_rec *r, const cors_decision *d);

#endif /* CORS_REQUEST_H */
