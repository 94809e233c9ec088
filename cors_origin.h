/* cors_origin.h: origins, as CORSAllowOrigin writes them and as browsers
 * send them.
 *
 * Parsing and normalising an origin pattern at startup, splitting a
 * request's Origin into its parts, matching it against the wildcard forms,
 * the set of allowed origins of one section, and the origin list of a
 * text-file map.  Pure functions: APR (and
 * libpsl, for the public-suffix rule) only, no request_rec, so the unit
 * tests call them with a pool.
 */

#ifndef CORS_ORIGIN_H
#define CORS_ORIGIN_H

#include "apr_pools.h"
#include "apr_tables.h"
#include "apr_hash.h"

/* No serialised origin a browser sends comes near this: scheme, "://",
 * a host of at most 253 bytes, ":" and a port. */
#define CORS_MAX_ORIGIN_LEN 1024

/* What one CORSAllowOrigin argument says. */
typedef enum {
    CORS_PAT_ANY,       /* "*" */
    CORS_PAT_NULL,      /* "null" */
    CORS_PAT_EXACT,     /* scheme://host[:port], normalised */
    CORS_PAT_WILDCARD   /* a "*." leftmost label and/or a ":*" port */
} cors_pattern_kind;

typedef struct {
    cors_pattern_kind kind;
    const char *scheme;     /* lowercase, without "://" */
    const char *host;       /* EXACT: the host; WILDCARD with subdomains:
                             * the suffix with its leading dot (".a.com") */
    const char *port;       /* decimal digits, or NULL for none / default */
    const char *origin;     /* EXACT: the normalised serialisation */
    unsigned int subdomains:1;  /* "*." leftmost label */
    unsigned int any_port:1;    /* ":*" */
    unsigned int plain_http:1;  /* http scheme and not a loopback host */
} cors_pattern;

/* Parses and normalises one CORSAllowOrigin argument into *out (strings
 * allocated in p).  Returns NULL, or the reason the value is refused. */
const char *cors_pattern_parse(apr_pool_t *p, const char *arg,
                               cors_pattern *out);

/* The parts of a well-formed serialised request origin: pointers into the
 * request's header value, with lengths; nothing is copied. */
typedef struct {
    const char *scheme;
    apr_size_t scheme_len;
    const char *host;
    apr_size_t host_len;
    const char *port;       /* NULL when the origin has no port */
    apr_size_t port_len;
} cors_origin_parts;

/* Splits a request Origin value.  Returns 1 when it is a serialised origin
 * in the normalised form browsers send (lowercase scheme and host, a port
 * from 1 to 65535 without a leading zero), else 0.  "null" is not split
 * (the caller tests it first). */
int cors_origin_split(const char *s, apr_size_t len, cors_origin_parts *o);

/* 1 when a wildcard pattern matches the split parts of an origin. */
int cors_wildcard_match(const cors_pattern *pat, const cors_origin_parts *o);

/* The origins CORSAllowOrigin lists in one section. */
typedef struct {
    apr_hash_t *exact;              /* normalised origin -> cors_pattern */
    apr_array_header_t *wildcards;  /* of cors_pattern */
    unsigned int any:1;             /* "*" listed */
    unsigned int null:1;            /* "null" listed */
    const char *plain_http;         /* first plain-http origin, for the
                                     * credentials warning */
    int count;                      /* patterns added */
} cors_origin_set;

/* Outcome of matching a request's Origin against a set. */
typedef enum {
    CORS_ORIGIN_MALFORMED = -1, /* not a serialised origin at all */
    CORS_ORIGIN_NO_MATCH = 0,   /* well formed, not in the set */
    CORS_ORIGIN_MATCH = 1
} cors_origin_result;

cors_origin_set *cors_origin_set_make(apr_pool_t *p);

/* Adds a parsed pattern. */
void cors_origin_set_add(apr_pool_t *p, cors_origin_set *set,
                         const cors_pattern *pat);

/* Matches a request's Origin value against the exact origins (found by
 * hashing), "null" and the wildcard patterns of a set; "*" is the caller's
 * business.  Time linear in len, plus the number of wildcard patterns. */
cors_origin_result cors_origin_set_match(const cors_origin_set *set,
                                         const char *origin, apr_size_t len);

/* The same match, where nobody needs to know why an origin is not
 * allowed: a value that is not a serialised origin may be answered
 * CORS_ORIGIN_NO_MATCH, as a set without wildcard patterns skips the
 * syntax check that would tell the two apart (make bench: about 280
 * instructions per refused 24-byte origin). */
cors_origin_result cors_origin_set_allows(const cors_origin_set *set,
                                          const char *origin, apr_size_t len);

/* Where an origin list went wrong: its line (from 1) and value (in the
 * text parsed). */
typedef struct {
    int line;
    const char *value;
} cors_list_error;

/* Parses the text of an origin list (CORSAllowOriginMap txt:): one pattern
 * per line in the syntax of CORSAllowOrigin, '*' excepted, blank lines and
 * lines starting with '#' skipped.  On success *out is a new set in p and
 * NULL is returned; otherwise the reason, with the line in *err.  The text
 * is cut into lines where it is: it needs len + 1 bytes, and need not end
 * in a newline. */
const char *cors_origin_list_parse(apr_pool_t *p, char *text, apr_size_t len,
                                   cors_origin_set **out,
                                   cors_list_error *err);

#endif /* CORS_ORIGIN_H */
