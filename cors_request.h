/* cors_request.h: the decision for one request of httpd, and how it
 * reaches the response and the log.
 *
 * cors_decide() reads the request's CORS headers and has cors_judge()
 * (cors_judge.h) decide; the headers written and the line logged are read
 * from the record it fills, never worked out again.
 */

#ifndef CORS_REQUEST_H
#define CORS_REQUEST_H

#include "cors_judge.h"

/* Judges request r (the one the client sent) under policy c, an active
 * one, asking the CORSAllowOriginMatch patterns and the CORSAllowOriginMap
 * maps where the judge needs them, and logs once the conflict of inherited
 * credentials with '*'.  reasons: the reason will be read, so it is worked
 * out in full (see cors_request_view).  The record lives in r's pool. */
cors_decision *cors_decide(request_rec *r, const cors_dir_conf *c,
                           int reasons);

/* Makes the module the single source of CORS headers in the response of r:
 * removes any Access-Control-Allow-*, -Expose-Headers and -Max-Age that
 * others set, adds the decision's, and merges its Vary tokens. */
void cors_write_headers(request_rec *r, const cors_decision *d);

/* The name of a header the module sends. */
const char *cors_header_name(cors_header h);

/* 1 when the decisions of policy c are logged for r: at debug, or at info
 * under ReportOnly (what would have been done). */
int cors_logs_decisions(request_rec *r, const cors_dir_conf *c);

/* The line for decision d, where cors_logs_decisions(). */
void cors_log_decision(request_rec *r, const cors_decision *d);

#endif /* CORS_REQUEST_H */
