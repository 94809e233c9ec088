/* mod_cors: the CORS protocol of the WHATWG Fetch Standard for httpd 2.4.
 *
 * This header declares the policy types shared by mod_cors.c and the pure
 * parsing and matching functions of cors_origin.c.  The pure functions need
 * only APR (and libpsl): they take no request_rec, so the C unit tests in
 * tests/unit/ call them with nothing but a pool.
 */

#ifndef MOD_CORS_H
#define MOD_CORS_H

#include <string.h>

#include "apr_pools.h"
#include "apr_tables.h"

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

/* A read-only set of strings found by hashing, for the configured origins
 * and token lists: built at startup, never written at request time.  Open
 * addressing, at most half full.  Only configured keys are ever stored, so
 * a request can not lengthen a probe sequence (no hash flooding): a lookup
 * costs one hash of the key, eight bytes at a time, and a few probes. */
typedef struct {
    const char *key;            /* NULL: an empty slot */
    apr_size_t len;
    apr_uint64_t hash;
    const void *val;
} cors_strmap_slot;

typedef struct {
    cors_strmap_slot *slots;
    apr_size_t mask;            /* number of slots - 1, a power of two */
    unsigned int shift;         /* 64 - log2(number of slots): a key's
                                 * first slot is the top bits of its hash */
    apr_size_t count;
    apr_uint64_t seed;          /* chosen by cors_strmap_optimize */
    unsigned int fold_case:1;   /* keys stored lowercase, found in any case */
} cors_strmap;

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

/* One CORSAllowOriginMatch pattern, with the literal text every origin
 * it matches must begin and end with: two memcmp calls rule out most
 * patterns before PCRE runs. */
typedef struct {
    void *re;                   /* ap_regex_t *, owned by mod_cors.c */
    const char *prefix;         /* "" when the pattern has none */
    apr_size_t prefix_len;
    const char *suffix;
    apr_size_t suffix_len;
} cors_regex;

/* The set of allowed origins of one scope: CORSAllowOrigin and
 * CORSAllowOriginMatch of one section together. */
typedef struct {
    cors_strmap *exact;             /* normalised origin -> cors_pattern */
    apr_array_header_t *wildcards;  /* of cors_pattern */
    apr_array_header_t *regexes;    /* of cors_regex */
    apr_array_header_t *regex_src;  /* of const char *, for messages */
    unsigned int any:1;             /* "*" listed */
    unsigned int null:1;            /* "null" listed */
    const char *plain_http;         /* first plain-http origin, for warnings */
    int count;                      /* patterns added (0: the set is empty) */
    unsigned int inexact:1;         /* wildcards, "null" or regexes: more
                                     * to try after a hash miss */
    /* A one-way flag, set atomically the first time a request meets this
     * set together with inherited credentials, so that the error is
     * logged once per scope and process (SPEC 2.2). */
    volatile apr_uint32_t conflict_logged;
} cors_origin_set;

/* A list of methods or header names: CORSAllowMethods, CORSAllowHeaders,
 * CORSExposeHeaders. */
typedef struct {
    apr_array_header_t *names;  /* of const char *, as configured */
    cors_strmap *lookup;        /* methods as given; headers lowercased */
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
    CORS_RH_BAD_TOKEN,          /* an element that is not an RFC 9110 token */
    CORS_RH_NOT_ALLOWED         /* a name not in the allowed list */
} cors_rh_result;

/* --- cors_origin.c: pure functions ------------------------------------ */

/* 1 if s[0..len) is a non-empty RFC 9110 token. */
int cors_is_token(const char *s, apr_size_t len);

/* Parses and normalises one CORSAllowOrigin argument into *out (allocated
 * strings live in p).  Returns NULL, or the reason the value is refused. */
const char *cors_pattern_parse(apr_pool_t *p, const char *arg,
                               cors_pattern *out);

/* Creates an empty string map; fold_case for header names. */
cors_strmap *cors_strmap_make(apr_pool_t *p, int fold_case);

/* Adds key[0..len) (kept, not copied; lowercase when the map folds case)
 * with its value.  Returns NULL when added, or the value already stored
 * under that key (which is then left as it was). */
const void *cors_strmap_add(apr_pool_t *p, cors_strmap *m, const char *key,
                            apr_size_t len, const void *val);

/* --- Lookups: inline, since they run on every request --------------- */

#if defined(__GNUC__)
#define CORS_ALWAYS_INLINE APR_INLINE __attribute__((always_inline))
#else
#define CORS_ALWAYS_INLINE APR_INLINE
#endif

#define CORS_HASH_K APR_UINT64_C(0x9e3779b97f4a7c15)
#define CORS_BYTES(b) (APR_UINT64_C(0x0101010101010101) * (b))

static APR_INLINE apr_uint64_t cors_load64(const char *s)
{
    apr_uint64_t w;

    memcpy(&w, s, sizeof(w));
    return w;
}

/* Eight bytes lowercased at once (ASCII letters only, exactly). */
static APR_INLINE apr_uint64_t cors_lower64(apr_uint64_t w)
{
    apr_uint64_t low7 = w & CORS_BYTES(0x7f);
    /* the top bit of each byte: set from 'A' up, and from past 'Z' up */
    apr_uint64_t upper = ((low7 + CORS_BYTES(0x3f))
                          ^ (low7 + CORS_BYTES(0x25)))
                         & ~w & CORS_BYTES(0x80);

    return w | (upper >> 2);
}

static APR_INLINE unsigned char cors_lower8(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* The eight bytes at s (fold: lowercased). */
static APR_INLINE apr_uint64_t cors_word(const char *s, int fold)
{
    return fold ? cors_lower64(cors_load64(s)) : cors_load64(s);
}

/* Eight bytes at a time (the last eight overlap the ones before when the
 * length is not a multiple of eight); fold hashes the lowercase form.
 * Each step multiplies: the top bits of the result depend on every input
 * bit, and the map takes its slot index from them. */
static CORS_ALWAYS_INLINE apr_uint64_t cors_hash(const char *s,
                                                 apr_size_t len, int fold,
                                                 apr_uint64_t seed)
{
    apr_uint64_t h = (((apr_uint64_t)len + 1) ^ seed) * CORS_HASH_K;
    const char *end = s + len;

    if (len >= 8) {
        for (; end - s > 8; s += 8) {
            h = (h ^ cors_word(s, fold)) * CORS_HASH_K;
        }
        h = (h ^ cors_word(end - 8, fold)) * CORS_HASH_K;
    }
    else {
        apr_uint64_t w = 0;
        for (; s < end; s++) {
            w = (w << 8) | (fold ? cors_lower8((unsigned char)*s)
                                 : (unsigned char)*s);
        }
        h = (h ^ w) * CORS_HASH_K;
    }
    return h;
}

/* s[0..len) equals key[0..len) (fold: s in any case, key lowercase),
 * eight bytes at a time. */
static CORS_ALWAYS_INLINE int cors_eq(const char *key, const char *s,
                                      apr_size_t len, int fold)
{
    apr_size_t i;

    if (len < 8) {
        for (i = 0; i < len; i++) {
            if ((fold ? cors_lower8((unsigned char)s[i])
                      : (unsigned char)s[i]) != (unsigned char)key[i]) {
                return 0;
            }
        }
        return 1;
    }
    for (i = 0; i + 8 < len; i += 8) {
        if (cors_word(s + i, fold) != cors_load64(key + i)) {
            return 0;
        }
    }
    return cors_word(s + len - 8, fold) == cors_load64(key + len - 8);
}

/* The slot of key[0..len) with hash h: its own, or the empty one where
 * it would go (the map is never full).  fold is the map's fold_case,
 * passed on its own so that each caller's copy is specialised. */
static CORS_ALWAYS_INLINE cors_strmap_slot *
cors_strmap_slot_of(const cors_strmap *m, const char *key, apr_size_t len,
                    apr_uint64_t h, int fold)
{
    apr_size_t i;

    for (i = (apr_size_t)(h >> m->shift);; i = (i + 1) & m->mask) {
        cors_strmap_slot *s = &m->slots[i];
        if (s->key == NULL
            || (s->hash == h && s->len == len
                && cors_eq(s->key, key, len, fold))) {
            return s;
        }
    }
}

static CORS_ALWAYS_INLINE const void *
cors_strmap_find(const cors_strmap *m, const char *key, apr_size_t len,
                 int fold)
{
    return cors_strmap_slot_of(m, key, len,
                               cors_hash(key, len, fold, m->seed), fold)->val;
}

/* Once every key is in: tries other seeds of the hash and keeps the one
 * with the fewest probes over all lookups of a key and all misses (for a
 * few dozen keys, usually every key in its first slot and short runs of
 * full slots).  Run at post_config; ptemp holds the trials. */
void cors_strmap_optimize(apr_pool_t *ptemp, cors_strmap *m);

/* The value stored under key[0..len), or NULL.  Any case matches in a map
 * that folds case. */
static APR_INLINE const void *cors_strmap_get(const cors_strmap *m,
                                              const char *key,
                                              apr_size_t len)
{
    if (m->count == 0) {
        return NULL;
    }
    return m->fold_case ? cors_strmap_find(m, key, len, 1)
                        : cors_strmap_find(m, key, len, 0);
}

/* Splits a request Origin value into its parts.  Returns 1 when the value is
 * a serialised origin in the normalised form browsers send (lowercase
 * scheme and host, a port from 1 to 65535 without a leading zero), else 0.
 * "null" is not split (the caller tests it first). */
int cors_origin_split(const char *s, apr_size_t len, cors_origin_parts *o);

/* The literal text an anchored pattern (^...$) requires at the start and
 * at the end of whatever it matches, as PCRE reads it: the unquantified
 * literal characters after '^' and before '$' (escaped punctuation
 * included), none at all when the pattern has a top-level '|'.  Whatever
 * is unsure stops the literal text, so it only ever errs short. */
void cors_regex_literals(apr_pool_t *p, const char *re, const char **prefix,
                         apr_size_t *prefix_len, const char **suffix,
                         apr_size_t *suffix_len);

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

/* 1 when name[0..len) is in the list (in any case, for header names). */
static APR_INLINE int cors_token_list_has(const cors_token_list *l,
                                          const char *name, apr_size_t len)
{
    return cors_strmap_get(l->lookup, name, len) != NULL;
}

/* Parses an Access-Control-Request-Headers value leniently (any case, OWS,
 * empty elements) but bounded.  On CORS_RH_OK, *names holds the lowercased
 * names (possibly none) and *joined their ", "-joined value (NULL when
 * there are none).  On failure *bad (if not NULL) points at the offending
 * element, NUL-terminated in p.  Linear in strlen(value). */
cors_rh_result cors_parse_request_headers(apr_pool_t *p, const char *value,
                                          apr_array_header_t **names,
                                          const char **joined,
                                          const char **bad);

/* Checks an Access-Control-Request-Headers value against the allowed
 * header names (allowed NULL: none) in one pass, without copying: the same
 * lenient and bounded parsing, and the same verdicts in the same order of
 * precedence, as cors_parse_request_headers, plus CORS_RH_NOT_ALLOWED for
 * the first name not allowed.  *count is the number of names (on OK); on
 * a refusal *bad and *bad_len give the offending element, as it was sent.
 * Linear in strlen(value). */
cors_rh_result cors_check_request_headers(const cors_token_list *allowed,
                                          const char *value, int *count,
                                          const char **bad,
                                          apr_size_t *bad_len);

/* 1 if method is one of the CORS-safelisted methods GET, HEAD, POST. */
static APR_INLINE int cors_is_safelisted_method(const char *m)
{
    switch (m[0]) {
    case 'G':
        return m[1] == 'E' && m[2] == 'T' && m[3] == '\0';
    case 'H':
        return !strcmp(m + 1, "EAD");
    case 'P':
        return !strcmp(m + 1, "OST");
    default:
        return 0;
    }
}

/* The request headers a preflight is about, each the first of its name
 * (httpd joins repeated lines into one), or NULL. */
typedef struct {
    const char *origin;
    const char *method;             /* Access-Control-Request-Method */
    const char *headers;            /* Access-Control-Request-Headers */
    const char *private_network;    /* ...-Request-Private-Network */
} cors_preflight_headers;

/* Finds them in one pass over the request headers (cheaper than four
 * apr_table_get calls, which compare the long names in full). */
void cors_find_preflight_headers(const apr_table_t *in,
                                 cors_preflight_headers *out);

/* 1 when the value of a Vary header contains token (or "*"),
 * case-insensitively, as a whole comma-separated element. */
int cors_vary_has(const char *vary, const char *token);

#endif /* MOD_CORS_H */
