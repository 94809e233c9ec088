/* cors_explain.h: the cors-explain handler, which tells an administrator
 * the policy in force for a URL of the virtual host and what the module
 * decides for a request described in its query string. */

#ifndef CORS_EXPLAIN_H
#define CORS_EXPLAIN_H

#include <string.h>

#include "httpd.h"

#define CORS_EXPLAIN_HANDLER "cors-explain"

/* 1 when r is for SetHandler cors-explain (the first byte rules out
 * almost every other handler name before any call). */
static APR_INLINE int cors_wants_explain(const request_rec *r)
{
    return r->handler && r->handler[0] == 'c'
           && !strcmp(r->handler, CORS_EXPLAIN_HANDLER);
}

/* The handler of a request for which cors_wants_explain(). */
int cors_explain_handler(request_rec *r);

/* For the access checker: 1 when r is the lookup of a URL that a running
 * cors-explain makes (only that subrequest, marked on its parent while
 * the lookup runs).  It is never served, so it needs neither
 * authentication nor authorization; its configuration at this point,
 * before fixups (mod_dir's index redirect) can replace it, is the one a
 * real request is decided by, and is kept for the explanation. */
int cors_explain_lookup(request_rec *r);

#endif /* CORS_EXPLAIN_H */
