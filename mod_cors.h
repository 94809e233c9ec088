/* mod_cors: the CORS protocol of the WHATWG Fetch Standard for httpd 2.4.
 *
 * This header declares the policy types shared by mod_cors.c and the pure
 * parsing and matching functions of cors_origin.c.  The pure functions need
 * only APR (and libpsl): they take no request_rec, so the C unit tests in
 * tests/unit/ call them with nothing but a pool.
 */

#ifndef MOD_CORS_H
#define MOD_CORS_H

#include "apr_pools.h"
#include "apr_tables.h"
#include "apr_hash.h"

/* Three-valued flags (as in mod_expires): a section that says nothing
 * inherits, a section that says Off really turns it off. */
#define CORS_UNSET (-1)
#define CORS_OFF   0
#define CORS_ON    1

/* CORSEnable has a third value. */
#define CORS_REPORT_ONLY 2

/* CORSPreflight */
#define CORS_PREFLIGHT_ANSWER      1
#define CORS_PREFLIGHT_PASSTHROUGH 2

/* Bounds on what a request may make the module look at (SPEC 3.1). */
#define CORS_MAX_REQUEST_HEADERS       128
#define CORS_MAX_REQUEST_HEADERS_BYTES 8192
/* No serialised origin a browser sends comes near this: scheme, "://",
 * a host of at most 253 bytes, ":" and a port. */
#define CORS_MAX_ORIGIN_LEN            1024

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

/* The parts of a well-formed serialised request origin (pointers into the
 * request's header value, with lengths: nothing is copied). */
typedef struct {
    const char *scheme;
    apr_size_t scheme_len;
    const char *host;
    apr_size_t host_len;
    const char *port;       /* NULL when the origin has no port */
    apr_size_t port_len;
} cors_origin_parts;

/* The set of allowed origins of one scope: CORSAllowOrigin and
 * CORSAllowOriginMatch of one section together. */
typedef struct {
    apr_hash_t *exact;              /* normalised origin -> cors_pattern */
    apr_array_header_t *wildcards;  /* of cors_pattern */
    apr_array_header_t *regexes;    /* of ap_regex_t *, owned by mod_cors.c */
    apr_array_header_t *regex_src;  /* of const char *, for messages */
    unsigned int any:1;             /* "*" listed */
    unsigned int null:1;            /* "null" listed */
    const char *plain_http;         /* first plain-http origin, for warnings */
    int count;                      /* patterns added (0: the set is empty) */
    /* A one-way flag, set atomically the first time a request meets this
     * set together with inherited credentials, so that the error is
     * logged once per scope and process (SPEC 2.2). */
    volatile apr_uint32_t conflict_logged;
} cors_origin_set;

/* A list of methods or header names: CORSAllowMethods, CORSAllowHeaders,
 * CORSExposeHeaders. */
typedef struct {
    apr_array_header_t *names;  /* of const char *, as configured */
    apr_hash_t *lookup;         /* methods as given; headers lowercased */
    const char *joined;         /* "A, B, C": the header value, pre-joined */
    unsigned int any:1;         /* "*" */
    unsigned int fold_case:1;   /* header names: case-insensitive */
} cors_token_list;

/* Outcome of matching a request's Origin against a set (without regexes,
 * which mod_cors.c owns because they need httpd's ap_regex). */
typedef enum {
    CORS_ORIGIN_MALFORMED = -1, /* not a serialised origin at all */
    CORS_ORIGIN_NO_MATCH = 0,   /* well formed, no exact or wildcard match */
    CORS_ORIGIN_MATCH = 1
} cors_origin_result;

/* Outcome of parsing Access-Control-Request-Headers. */
typedef enum {
    CORS_RH_OK = 0,
    CORS_RH_TOO_MANY,           /* more than CORS_MAX_REQUEST_HEADERS names */
    CORS_RH_TOO_LONG,           /* more than CORS_MAX_REQUEST_HEADERS_BYTES */
    CORS_RH_BAD_TOKEN           /* an element that is not an RFC 9110 token */
} cors_rh_result;

/* --- cors_origin.c: pure functions ------------------------------------ */

/* 1 if s[0..len) is a non-empty RFC 9110 token. */
int cors_is_token(const char *s, apr_size_t len);

/* Parses and normalises one CORSAllowOrigin argument into *out (allocated
 * strings live in p).  Returns NULL, or the reason the value is refused. */
const char *cors_pattern_parse(apr_pool_t *p, const char *arg,
                               cors_pattern *out);

/* Splits a request Origin value into its parts.  Returns 1 when the value is
 * a serialised origin in the normalised form browsers send (lowercase
 * scheme and host, a port from 1 to 65535 without a leading zero), else 0.
 * "null" is not split (the caller tests it first). */
int cors_origin_split(const char *s, apr_size_t len, cors_origin_parts *o);

/* Creates an empty set. */
cors_origin_set *cors_origin_set_make(apr_pool_t *p);

/* Adds a parsed pattern to a set. */
void cors_origin_set_add(apr_pool_t *p, cors_origin_set *set,
                         const cors_pattern *pat);

/* Matches a request's Origin value against the exact origins, "null" and
 * the wildcard patterns of a set ("*" is the caller's business).  Runs in
 * time linear in len (plus the number of wildcard patterns). */
cors_origin_result cors_origin_set_match(const cors_origin_set *set,
                                         const char *origin, apr_size_t len);

/* 1 when a wildcard pattern matches the split parts of an origin. */
int cors_wildcard_match(const cors_pattern *pat, const cors_origin_parts *o);

/* Creates an empty token list; fold_case for header names. */
cors_token_list *cors_token_list_make(apr_pool_t *p, int fold_case);

/* Appends one configured name (already checked to be a token) and keeps
 * the joined value current.  Duplicates are ignored.  name is kept, not
 * copied: it must live as long as p (directive arguments do). */
void cors_token_list_add(apr_pool_t *p, cors_token_list *l, const char *name);

/* 1 when name[0..len) is in the list (case-insensitively for header names;
 * the caller lowercases those first). */
int cors_token_list_has(const cors_token_list *l, const char *name,
                        apr_size_t len);

/* Parses an Access-Control-Request-Headers value leniently (any case, OWS,
 * empty elements) but bounded.  On CORS_RH_OK, *names holds the lowercased
 * names (possibly none) and *joined their ", "-joined value (NULL when
 * there are none).  On failure *bad (if not NULL) points at the offending
 * element, NUL-terminated in p.  Linear in strlen(value). */
cors_rh_result cors_parse_request_headers(apr_pool_t *p, const char *value,
                                          apr_array_header_t **names,
                                          const char **joined,
                                          const char **bad);

/* 1 if method is one of the CORS-safelisted methods GET, HEAD, POST. */
int cors_is_safelisted_method(const char *method);

/* 1 when the value of a Vary header contains token (or "*"),
 * case-insensitively, as a whole comma-separated element. */
int cors_vary_has(const char *vary, const char *token);

#endif /* MOD_CORS_H */
