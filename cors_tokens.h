/* cors_tokens.h: RFC 9110 tokens and the lists made of them.
 *
 * Configured lists of methods and header names, the one parser of a
 * request's Access-Control-Request-Headers, and the test for an element of
 * a comma-separated list such as Vary.  Pure functions: APR only, no
 * request_rec, so the unit tests call them with a pool.
 */

#ifndef CORS_TOKENS_H
#define CORS_TOKENS_H

#include "apr_pools.h"
#include "apr_tables.h"
#include "apr_hash.h"

/* Bounds on what Access-Control-Request-Headers may make the module read:
 * more names, or more bytes, refuse the preflight. */
#define CORS_MAX_REQUEST_HEADERS       128
#define CORS_MAX_REQUEST_HEADERS_BYTES 8192

/* 1 if s[0..len) is a non-empty RFC 9110 token. */
int cors_is_token(const char *s, apr_size_t len);

/* 1 if method is GET, HEAD or POST, the methods the Fetch Standard always
 * lets a preflight pass. */
int cors_is_safelisted_method(const char *method);

/* CORSAllowMethods, CORSAllowHeaders or CORSExposeHeaders of a section. */
typedef struct {
    apr_array_header_t *names;  /* of const char *, as configured */
    apr_hash_t *lookup;         /* the names: as given for methods,
                                 * lowercased for header names */
    const char *joined;         /* "A, B, C": the header value */
    unsigned int any:1;         /* "*" listed */
    unsigned int fold_case:1;   /* header names: case-insensitive */
} cors_token_list;

/* An empty list; fold_case for header names. */
cors_token_list *cors_token_list_make(apr_pool_t *p, int fold_case);

/* Appends one configured name (a token, or "*") and keeps the joined value
 * current; a name listed already is ignored.  name is kept, not copied: it
 * must live as long as p (directive arguments do). */
void cors_token_list_add(apr_pool_t *p, cors_token_list *l,
                         const char *name);

/* 1 when name[0..len) is in the list (lowercase, for a header list). */
int cors_token_list_has(const cors_token_list *l, const char *name,
                        apr_size_t len);

/* Outcome of parsing Access-Control-Request-Headers. */
typedef enum {
    CORS_RH_OK = 0,
    CORS_RH_TOO_MANY,           /* more than CORS_MAX_REQUEST_HEADERS names */
    CORS_RH_TOO_LONG,           /* more than CORS_MAX_REQUEST_HEADERS_BYTES */
    CORS_RH_BAD_TOKEN,          /* an element that is not a token */
    CORS_RH_NOT_ALLOWED         /* a name the allowed list lacks */
} cors_rh_result;

/* A name of a request header list: a part of the value, as sent. */
typedef struct {
    const char *start;
    apr_size_t len;
} cors_name;

/* Parses an Access-Control-Request-Headers value leniently (any case,
 * spaces and tabs around names, empty elements) but bounded, in time
 * linear in its length.  On CORS_RH_OK *names holds the names (cors_name,
 * pointing into value), in the order sent, possibly none.  On
 * CORS_RH_BAD_TOKEN *bad is a copy of the offending element as it was
 * sent, trimmed.  The array and the copy live in p. */
cors_rh_result cors_request_headers_parse(apr_pool_t *p, const char *value,
                                          apr_array_header_t **names,
                                          const char **bad);

/* The names joined with ", ", as sent (NULL when there are none). */
char *cors_names_join(apr_pool_t *p, const apr_array_header_t *names);

/* Parses value as cors_request_headers_parse does, then checks each name,
 * in any case, against the allowed header names (NULL: none; a "*" list
 * allows every name).  A malformed value is refused as such even when a
 * name before the bad element is not allowed; otherwise CORS_RH_NOT_ALLOWED
 * with *bad a copy of the first name not allowed, as sent. */
cors_rh_result cors_request_headers_check(apr_pool_t *p,
                                          const cors_token_list *allowed,
                                          const char *value,
                                          apr_array_header_t **names,
                                          const char **bad);

/* 1 when a comma-separated list (a Vary value) has name, in any case, as a
 * whole element. */
int cors_list_has(const char *list, const char *name);

#endif /* CORS_TOKENS_H */
