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

/* 1 when r is the lookup of a URL that cors-explain makes: it is never
 * served, so it needs neither authentication nor authorization. */
int cors_is_explain_lookup(const request_rec *r);

#endif /* CORS_EXPLAIN_H */
