/* cors_origin.c: the pure parts of mod_cors.
 *
 * Parsing and normalising origin patterns at startup, checking and
 * matching request origins, parsing token lists.  Nothing here sees a
 * request_rec or httpd's API, so the unit tests drive it with a pool.
 */

#include <string.h>
#include <strings.h>
#include <arpa/inet.h>

#include "apr_strings.h"
#include "apr_lib.h"

#include <libpsl.h>

#include "mod_cors.h"

static void cors_lower(char *s)
{
    for (; *s; s++) {
        *s = (char)apr_tolower((unsigned char)*s);
    }
}

/* RFC 9110 tchar: 1 for the bytes a token may hold (the rest are 0). */
static const unsigned char cors_tchars[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x00 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x10 */
    0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0,  /* 0x20 !#$%&'*+-. */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,  /* 0x30 digits */
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x40 A-O */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1,  /* 0x50 P-Z ^_ */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x60 `a-o */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0,  /* 0x70 p-z | ~ */
};

#define cors_is_tchar(c) (cors_tchars[(unsigned char)(c)])

int cors_is_token(const char *s, apr_size_t len)
{
    apr_size_t i;

    if (len == 0) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (!cors_is_tchar((unsigned char)s[i])) {
            return 0;
        }
    }
    return 1;
}

/* --- String maps ------------------------------------------------------- */

cors_strmap *cors_strmap_make(apr_pool_t *p, int fold_case)
{
    cors_strmap *m = apr_pcalloc(p, sizeof(*m));

    m->mask = 7;
    m->shift = 61;
    m->slots = apr_pcalloc(p, (m->mask + 1) * sizeof(*m->slots));
    m->fold_case = fold_case ? 1 : 0;
    return m;
}

/* Puts every key of from into m (empty, at least as large), hashed with
 * seed. */
static void cors_strmap_fill(cors_strmap *m, const cors_strmap *from,
                             apr_uint64_t seed)
{
    apr_size_t i;

    m->seed = seed;
    for (i = 0; i <= from->mask; i++) {
        cors_strmap_slot s = from->slots[i];
        apr_size_t j;

        if (s.key == NULL) {
            continue;
        }
        if (seed != from->seed) {
            s.hash = cors_hash(s.key, s.len, m->fold_case, seed);
        }
        for (j = (apr_size_t)(s.hash >> m->shift); m->slots[j].key;
             j = (j + 1) & m->mask) {
        }
        m->slots[j] = s;
    }
}

/* The probes of all lookups, the measure cors_strmap_optimize minimises:
 * of every key (hits), and of a miss starting at every slot (a run of n
 * full slots costs a miss n + 1 probes from its first slot, n from its
 * second, and so on; a run that wraps round is counted as two). */
static apr_size_t cors_strmap_probes(const cors_strmap *m)
{
    apr_size_t i, n = 0, run = 0;

    for (i = 0; i <= m->mask; i++) {
        if (m->slots[i].key) {
            n += ((i - (apr_size_t)(m->slots[i].hash >> m->shift))
                  & m->mask) + 1;
            run++;
        }
        else {
            n += run * (run + 1) / 2 + 1;
            run = 0;
        }
    }
    return n + run * (run + 1) / 2;
}

const void *cors_strmap_add(apr_pool_t *p, cors_strmap *m, const char *key,
                            apr_size_t len, const void *val)
{
    apr_uint64_t h = cors_hash(key, len, m->fold_case, m->seed);
    cors_strmap_slot *s = cors_strmap_slot_of(m, key, len, h, m->fold_case);

    if (s->key) {
        return s->val;
    }
    s->key = key;
    s->len = len;
    s->hash = h;
    s->val = val;
    if (++m->count * 2 > m->mask + 1) {
        /* at most half full: probe sequences stay short */
        cors_strmap old = *m;

        m->mask = m->mask * 2 + 1;
        m->shift--;
        m->slots = apr_pcalloc(p, (m->mask + 1) * sizeof(*m->slots));
        cors_strmap_fill(m, &old, m->seed);
    }
    return NULL;
}

void cors_strmap_optimize(apr_pool_t *ptemp, cors_strmap *m)
{
    /* a try rehashes every key: many tries for small maps, where a lucky
     * seed is likely and a collision is most of a lookup's cost */
    unsigned int tries = m->count <= 256 ? 64 : m->count <= 4096 ? 8 : 0;
    apr_size_t size = (m->mask + 1) * sizeof(*m->slots);
    apr_size_t best = cors_strmap_probes(m), n;
    cors_strmap trial = *m;
    cors_strmap_slot *kept = NULL;
    apr_uint64_t seed = m->seed;
    unsigned int i;

    if (tries == 0) {
        return;
    }
    trial.slots = apr_palloc(ptemp, size);
    for (i = 1; i <= tries; i++) {
        memset(trial.slots, 0, size);
        cors_strmap_fill(&trial, m, CORS_HASH_K * i);
        if ((n = cors_strmap_probes(&trial)) < best) {
            best = n;
            seed = trial.seed;
            kept = kept ? kept : apr_palloc(ptemp, size);
            memcpy(kept, trial.slots, size);
        }
    }
    if (kept) {
        memcpy(m->slots, kept, size);   /* same size, same pool as before */
        m->seed = seed;
    }
}

/* --- Origin patterns (startup) ----------------------------------------- */

static int cors_is_scheme(const char *s, apr_size_t len)
{
    apr_size_t i;

    if (len == 0 || !apr_isalpha(s[0])) {
        return 0;
    }
    for (i = 1; i < len; i++) {
        if (!apr_isalnum(s[i]) && s[i] != '+' && s[i] != '-' && s[i] != '.') {
            return 0;
        }
    }
    return 1;
}

/* A host label as browsers send it: lowercase letters, digits, '-' and '_'
 * (Chromium and Firefox accept '_' in host names), at most 63 bytes. */
static int cors_label_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
           || c == '-' || c == '_';
}

/* Checks a lowercased domain name: dot-separated non-empty labels.  Returns
 * NULL or a reason. */
static const char *cors_check_domain(const char *h, apr_size_t len)
{
    apr_size_t i, label = 0;

    if (len == 0) {
        return "the host is empty";
    }
    if (len > 253) {
        return "the host is longer than 253 characters";
    }
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)h[i];
        if (c == '.') {
            if (label == 0) {
                return "the host has an empty label";
            }
            label = 0;
        }
        else if (cors_label_char(c)) {
            if (++label > 63) {
                return "a host label is longer than 63 characters";
            }
        }
        else if (c >= 0x80) {
            return "the host is not ASCII: write it in its punycode "
                   "(xn--) form, as browsers send it";
        }
        else {
            return "the host contains a character not allowed in a host "
                   "name";
        }
    }
    if (label == 0) {
        return "the host ends with a dot";
    }
    return NULL;
}

/* When the last label of a host is numeric, browsers parse the host as an
 * IPv4 address and send it in dotted-quad form: accept only that form.
 * Returns NULL or a reason. */
/* The URL Standard's "ends in a number": the last label is all digits, or
 * "0x" and hex digits.  Such a host is an IPv4 address (h is lowercase). */
static int cors_ends_in_number(const char *h)
{
    const char *last = strrchr(h, '.'), *c;

    last = last ? last + 1 : h;
    if (last[0] == '0' && last[1] == 'x') {
        for (c = last + 2; *c; c++) {
            if (!apr_isxdigit(*c)) {
                return 0;
            }
        }
        return 1;
    }
    if (*last == '\0') {
        return 0;
    }
    for (c = last; *c; c++) {
        if (!apr_isdigit(*c)) {
            return 0;
        }
    }
    return 1;
}

static const char *cors_check_ipv4(const char *h)
{
    struct in_addr a;
    char buf[INET_ADDRSTRLEN];

    if (!cors_ends_in_number(h)) {
        return NULL;                /* not an IP address: a domain name */
    }
    if (inet_pton(AF_INET, h, &a) != 1
        || !inet_ntop(AF_INET, &a, buf, sizeof(buf)) || strcmp(buf, h) != 0) {
        return "the host is not a valid IPv4 address in dotted-quad form";
    }
    return NULL;
}

/* Serialises an IPv6 address as the URL Standard does (RFC 5952): lowercase
 * hex, no leading zeros, the first longest run of two or more zero pieces
 * compressed to "::". */
static const char *cors_ipv6_serialise(apr_pool_t *p,
                                       const unsigned char a[16])
{
    unsigned int piece[8];
    int i, best = -1, bestlen = 1, run = -1, runlen = 0;
    char buf[64], *o = buf;

    for (i = 0; i < 8; i++) {
        piece[i] = ((unsigned int)a[(apr_size_t)i * 2] << 8)
                   | a[(apr_size_t)i * 2 + 1];
        if (piece[i] == 0) {
            if (run < 0) {
                run = i;
                runlen = 0;
            }
            if (++runlen > bestlen) {
                best = run;
                bestlen = runlen;
            }
        }
        else {
            run = -1;
        }
    }
    for (i = 0; i < 8; i++) {
        if (i == best) {
            *o++ = ':';
            if (i == 0) {
                *o++ = ':';
            }
            i += bestlen - 1;
            continue;
        }
        o += apr_snprintf(o, sizeof(buf) - (apr_size_t)(o - buf), "%x",
                          piece[i]);
        if (i < 7) {
            *o++ = ':';
        }
    }
    *o = '\0';
    return apr_pstrdup(p, buf);
}

static int cors_is_loopback(const char *host)
{
    apr_size_t len = strlen(host);

    return !strcmp(host, "localhost")
           || (len > 10 && !strcmp(host + len - 10, ".localhost"))
           || (cors_ends_in_number(host) && !strncmp(host, "127.", 4))
           || !strcmp(host, "[::1]");
}

/* Parses the port after ':' (up to the end of the string).  Returns NULL or
 * a reason; *out is the normalised port, or NULL for a default port. */
static const char *cors_parse_port(apr_pool_t *p, const char *scheme,
                                   const char *s, const char **out)
{
    apr_size_t i, len = strlen(s);
    long v = 0;

    if (len == 0) {
        return "the port is empty";
    }
    for (i = 0; i < len; i++) {
        if (!apr_isdigit(s[i])) {
            return "the port is not a number";
        }
        v = v * 10 + (s[i] - '0');
        if (v > 65535) {
            return "the port is above 65535";
        }
    }
    if (v == 0) {
        return "the port is 0";
    }
    if ((v == 443 && !strcmp(scheme, "https"))
        || (v == 80 && !strcmp(scheme, "http"))) {
        *out = NULL;
    }
    else {
        *out = apr_ltoa(p, v);
    }
    return NULL;
}

/* 1 when suffix (without a leading dot) is a public suffix by an explicit
 * rule of the list: "com", "co.uk", "github.io", but not "localhost",
 * which only the implicit "*" rule makes one. */
static int cors_is_public_suffix(const char *suffix)
{
    const psl_ctx_t *psl = psl_builtin();
    psl_ctx_t *loaded = NULL;
    int r;

    if (psl == NULL) {
        loaded = psl_latest(NULL);
        psl = loaded;
        if (psl == NULL) {
            return 0;
        }
    }
    r = psl_is_public_suffix2(psl, suffix,
                              PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE);
    if (loaded) {
        psl_free(loaded);
    }
    return r;
}

const char *cors_pattern_parse(apr_pool_t *p, const char *arg,
                               cors_pattern *out)
{
    const char *sep, *auth, *host_end, *reason;
    char *scheme, *host, *hostcopy;
    const char *port = NULL;
    apr_size_t scheme_len;

    memset(out, 0, sizeof(*out));
    if (!strcmp(arg, "*")) {
        out->kind = CORS_PAT_ANY;
        return NULL;
    }
    if (!strcasecmp(arg, "null")) {
        out->kind = CORS_PAT_NULL;
        return NULL;
    }
    if (*arg == '\0') {
        return "the origin is empty";
    }
    sep = strstr(arg, "://");
    if (sep == NULL) {
        return "an origin is scheme://host[:port] and this has no "
               "scheme (\"https://\")";
    }
    scheme_len = (apr_size_t)(sep - arg);
    if (scheme_len == 0) {
        return "the scheme is missing";
    }
    if (!cors_is_scheme(arg, scheme_len)) {
        return "the scheme is not valid";
    }
    scheme = apr_pstrmemdup(p, arg, scheme_len);
    cors_lower(scheme);
    auth = sep + 3;

    /* Everything after the authority is refused, each with its reason. */
    host_end = auth + strcspn(auth, "/?#@");
    switch (*host_end) {
    case '/':
        return host_end[1] == '\0'
               ? "an origin has no trailing slash"
               : "an origin has no path";
    case '?':
        return "an origin has no query";
    case '#':
        return "an origin has no fragment";
    case '@':
        return "an origin has no user information";
    default:
        break;
    }
    if (*auth == '\0') {
        return "the host is empty";
    }

    host = apr_pstrdup(p, auth);
    cors_lower(host);

    if (*host == '[') {
        /* IPv6 literal */
        char *close = strchr(host, ']');
        unsigned char addr[16];

        if (close == NULL) {
            return "the IPv6 address has no closing bracket";
        }
        *close = '\0';
        if (strchr(host, '*')) {
            return "'*' can not stand in an IPv6 address";
        }
        if (inet_pton(AF_INET6, host + 1, addr) != 1) {
            return "the IPv6 address is not valid";
        }
        if (close[1] == ':') {
            if (!strcmp(close + 2, "*")) {
                out->any_port = 1;
            }
            else if ((reason = cors_parse_port(p, scheme, close + 2, &port))) {
                return reason;
            }
        }
        else if (close[1] != '\0') {
            return "unexpected characters after the IPv6 address";
        }
        hostcopy = apr_pstrcat(p, "[", cors_ipv6_serialise(p, addr), "]",
                               NULL);
    }
    else {
        char *colon = strchr(host, ':');

        if (colon) {
            *colon = '\0';
            if (!strcmp(colon + 1, "*")) {
                out->any_port = 1;
            }
            else if ((reason = cors_parse_port(p, scheme, colon + 1,
                                               &port))) {
                return reason;
            }
        }
        hostcopy = host;
        if (!strncmp(hostcopy, "*.", 2)) {
            out->subdomains = 1;
            hostcopy += 1;         /* keep the leading dot */
        }
        if (strchr(hostcopy, '*')) {
            return "'*' can only stand as the whole leftmost label of the "
                   "host (https://*.example.com) or as the whole port "
                   "(http://localhost:*)";
        }
        if ((reason = cors_check_domain(hostcopy + out->subdomains,
                                        strlen(hostcopy) - out->subdomains))) {
            return reason;
        }
        if ((reason = cors_check_ipv4(hostcopy + out->subdomains))) {
            return reason;
        }
        if (out->subdomains) {
            if (cors_ends_in_number(hostcopy + 1)) {
                return "a wildcard can not stand over an IP address";
            }
            if (cors_is_public_suffix(hostcopy + 1)) {
                return apr_psprintf(p, "a wildcard directly over the public "
                                    "suffix \"%s\" would allow every site "
                                    "registered under it", hostcopy + 1);
            }
        }
    }

    out->scheme = scheme;
    out->host = hostcopy;
    out->port = port;
    out->plain_http = !strcmp(scheme, "http")
                      && !cors_is_loopback(hostcopy + out->subdomains);
    if (out->subdomains || out->any_port) {
        out->kind = CORS_PAT_WILDCARD;
    }
    else {
        out->kind = CORS_PAT_EXACT;
        out->origin = apr_pstrcat(p, scheme, "://", hostcopy,
                                  port ? ":" : "", port ? port : "", NULL);
    }
    return NULL;
}

/* --- Request origins (per request) ------------------------------------- */

int cors_origin_split(const char *s, apr_size_t len, cors_origin_parts *o)
{
    apr_size_t i = 0, start;

    if (len == 0 || len > CORS_MAX_ORIGIN_LEN) {
        return 0;
    }
    /* scheme: [a-z][a-z0-9+.-]* */
    if (!(s[0] >= 'a' && s[0] <= 'z')) {
        return 0;
    }
    for (i = 1; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
              || c == '+' || c == '-' || c == '.')) {
            break;
        }
    }
    if (len - i < 4 || memcmp(s + i, "://", 3) != 0) {
        return 0;
    }
    o->scheme = s;
    o->scheme_len = i;
    i += 3;
    start = i;
    if (s[i] == '[') {
        for (i++; i < len && s[i] != ']'; i++) {
            unsigned char c = (unsigned char)s[i];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
                  || c == ':' || c == '.')) {
                return 0;
            }
        }
        if (i == len || i == start + 1) {
            return 0;
        }
        i++;                                   /* past ']' */
    }
    else {
        apr_size_t label = 0;
        for (; i < len && s[i] != ':'; i++) {
            if (s[i] == '.') {
                if (label == 0) {
                    return 0;
                }
                label = 0;
            }
            else if (cors_label_char((unsigned char)s[i])) {
                label++;
            }
            else {
                return 0;
            }
        }
        if (label == 0) {
            return 0;                          /* empty host, or final dot */
        }
    }
    o->host = s + start;
    o->host_len = i - start;
    o->port = NULL;
    o->port_len = 0;
    if (i < len) {
        apr_size_t digits;
        long value = 0;
        if (s[i] != ':') {
            return 0;
        }
        i++;
        digits = len - i;
        if (digits == 0 || digits > 5 || s[i] == '0') {
            return 0;
        }
        for (; i < len; i++) {
            if (!apr_isdigit(s[i])) {
                return 0;
            }
            value = value * 10 + (s[i] - '0');
        }
        if (value > 65535) {
            return 0;
        }
        o->port = s + len - digits;
        o->port_len = digits;
    }
    return 1;
}

int cors_wildcard_match(const cors_pattern *pat, const cors_origin_parts *o)
{
    apr_size_t slen = strlen(pat->scheme), hlen = strlen(pat->host);

    if (o->scheme_len != slen
        || memcmp(o->scheme, pat->scheme, slen) != 0) {
        return 0;
    }
    if (pat->subdomains) {
        /* at least one whole label before ".suffix" */
        if (o->host_len <= hlen || o->host[0] == '['
            || memcmp(o->host + o->host_len - hlen, pat->host, hlen) != 0) {
            return 0;
        }
    }
    else if (o->host_len != hlen || memcmp(o->host, pat->host, hlen) != 0) {
        return 0;
    }
    if (pat->any_port) {
        return 1;
    }
    if (pat->port == NULL) {
        return o->port == NULL;
    }
    return o->port != NULL && o->port_len == strlen(pat->port)
           && !memcmp(o->port, pat->port, o->port_len);
}

/* --- Regex literals (startup) ------------------------------------------ */

/* One element of a pattern, as far as literal text goes. */
typedef struct {
    char c;                     /* the literal character, if literal */
    unsigned int literal:1;
    unsigned int quantified:1;  /* followed by ?, *, + or {...} */
} cors_atom;

/* The length of a {n}, {n,}, {n,m} or {,m} quantifier at s (spaces
 * allowed, as newer PCRE2 versions allow them), or 0 when PCRE reads the
 * '{' as a literal. */
static apr_size_t cors_quantifier_len(const char *s)
{
    apr_size_t i = 1, digits = 0;

    while (s[i] == ' ') {
        i++;
    }
    while (apr_isdigit(s[i])) {
        i++;
        digits++;
    }
    while (s[i] == ' ') {
        i++;
    }
    if (s[i] == ',') {
        for (i++; s[i] == ' ' || apr_isdigit(s[i]); i++) {
            digits += s[i] != ' ';
        }
    }
    return s[i] == '}' && digits > 0 ? i + 1 : 0;
}

void cors_regex_literals(apr_pool_t *p, const char *re, const char **prefix,
                         apr_size_t *prefix_len, const char **suffix,
                         apr_size_t *suffix_len)
{
    apr_size_t len = strlen(re), i = 1, n = 0, a, b;
    cors_atom *atoms;
    char *out;
    int depth = 0, top_alt = 0;

    *prefix = *suffix = "";
    *prefix_len = *suffix_len = 0;
    if (len < 2 || re[0] != '^' || re[len - 1] != '$') {
        return;
    }
    /* What this reading does not follow: \Q quoting, \c (which takes the
     * next character whatever it is), inline options and other (?...)
     * groups but (?:, (*VERB)s and POSIX classes.  Such patterns get no
     * literal text at all. */
    for (i = 0; i + 1 < len; i++) {
        if ((re[i] == '\\' && (re[i + 1] == 'Q' || re[i + 1] == 'c'))
            || (re[i] == '(' && (re[i + 1] == '*'
                                 || (re[i + 1] == '?' && re[i + 2] != ':')))
            || (re[i] == '[' && strchr(":=.", re[i + 1]))) {
            return;
        }
        if (re[i] == '\\') {
            i++;
        }
    }
    i = 1;
    len--;                                  /* the final '$' */
    atoms = apr_pcalloc(p, (len + 1) * sizeof(*atoms));
    while (i < len) {
        char c = re[i];
        cors_atom *at = &atoms[n];

        if (c == '\\') {
            char e = '\0';

            if (i + 1 < len) {
                e = re[i + 1];
            }
            /* an escaped punctuation character is itself; \d, \x41 and
             * the like are not taken as literal */
            if (e != '\0' && !apr_isalnum(e) && (unsigned char)e < 0x80) {
                at->literal = 1;
                at->c = e;
            }
            i += 2;
            n++;
        }
        else if (c == '[') {
            /* a class: one non-literal element, up to its ']' (a ']'
             * first, or after '^', is a member) */
            i++;
            if (i < len && re[i] == '^') {
                i++;
            }
            if (i < len && re[i] == ']') {
                i++;
            }
            while (i < len && re[i] != ']') {
                i += re[i] == '\\' ? 2 : 1;
            }
            i++;
            n++;
        }
        else if (c == '?' || c == '*' || c == '+' || c == '{') {
            apr_size_t q = c == '{' ? cors_quantifier_len(re + i) : 1;

            if (n > 0) {
                atoms[n - 1].quantified = 1;
            }
            if (q == 0) {
                /* a '{' PCRE takes literally: not taken as literal here */
                n++;
                q = 1;
            }
            i += q;
        }
        else {
            if (c == '(') {
                depth++;
            }
            else if (c == ')') {
                depth--;
            }
            else if (c == '|' && depth == 0) {
                top_alt = 1;
            }
            else if (c != '.' && c != '^' && c != '$' && c != '|'
                     && (unsigned char)c < 0x80) {
                at->literal = 1;
                at->c = c;
            }
            i++;
            n++;
        }
    }
    if (top_alt) {
        return;
    }
    for (a = 0; a < n && atoms[a].literal && !atoms[a].quantified; a++) {
    }
    for (b = n; b > 0 && atoms[b - 1].literal && !atoms[b - 1].quantified;
         b--) {
    }
    if (a > 0) {
        out = apr_palloc(p, a + 1);
        for (i = 0; i < a; i++) {
            out[i] = atoms[i].c;
        }
        out[a] = '\0';
        *prefix = out;
        *prefix_len = a;
    }
    if (b < n) {
        out = apr_palloc(p, n - b + 1);
        for (i = b; i < n; i++) {
            out[i - b] = atoms[i].c;
        }
        out[n - b] = '\0';
        *suffix = out;
        *suffix_len = n - b;
    }
}

cors_origin_set *cors_origin_set_make(apr_pool_t *p)
{
    cors_origin_set *set = apr_pcalloc(p, sizeof(*set));

    set->exact = cors_strmap_make(p, 0);
    set->wildcards = apr_array_make(p, 2, sizeof(cors_pattern));
    set->regexes = apr_array_make(p, 2, sizeof(cors_regex));
    set->regex_src = apr_array_make(p, 2, sizeof(const char *));
    return set;
}

void cors_origin_set_add(apr_pool_t *p, cors_origin_set *set,
                         const cors_pattern *pat)
{
    cors_pattern *copy;

    set->count++;
    switch (pat->kind) {
    case CORS_PAT_ANY:
        set->any = 1;
        return;
    case CORS_PAT_NULL:
        set->null = 1;
        set->inexact = 1;
        return;
    case CORS_PAT_EXACT:
        copy = apr_pmemdup(p, pat, sizeof(*pat));
        cors_strmap_add(p, set->exact, copy->origin, strlen(copy->origin),
                        copy);
        break;
    case CORS_PAT_WILDCARD:
        *(cors_pattern *)apr_array_push(set->wildcards) = *pat;
        set->inexact = 1;
        break;
    }
    if (pat->plain_http && set->plain_http == NULL) {
        set->plain_http = pat->origin ? pat->origin
                          : apr_pstrcat(p, pat->scheme, "://",
                                        pat->subdomains ? "*" : "",
                                        pat->host, NULL);
    }
}

cors_origin_result cors_origin_set_match(const cors_origin_set *set,
                                         const char *origin, apr_size_t len)
{
    cors_origin_parts parts;
    int i;

    if (len > CORS_MAX_ORIGIN_LEN) {
        return CORS_ORIGIN_MALFORMED;
    }
    if (len == 4 && !memcmp(origin, "null", 4)) {
        return set->null ? CORS_ORIGIN_MATCH : CORS_ORIGIN_NO_MATCH;
    }
    /* An exact hit needs no syntax check first: the configured origins
     * are well formed and the hash compares whole values. */
    if (cors_strmap_get(set->exact, origin, len)) {
        return CORS_ORIGIN_MATCH;
    }
    if (!cors_origin_split(origin, len, &parts)) {
        return CORS_ORIGIN_MALFORMED;
    }
    for (i = 0; i < set->wildcards->nelts; i++) {
        if (cors_wildcard_match(&APR_ARRAY_IDX(set->wildcards, i,
                                               cors_pattern), &parts)) {
            return CORS_ORIGIN_MATCH;
        }
    }
    return CORS_ORIGIN_NO_MATCH;
}

/* --- Token lists -------------------------------------------------------- */

cors_token_list *cors_token_list_make(apr_pool_t *p, int fold_case)
{
    cors_token_list *l = apr_pcalloc(p, sizeof(*l));

    l->names = apr_array_make(p, 4, sizeof(const char *));
    l->lookup = cors_strmap_make(p, fold_case);
    l->fold_case = fold_case ? 1 : 0;
    return l;
}

void cors_token_list_add(apr_pool_t *p, cors_token_list *l, const char *name)
{
    char *key = apr_pstrdup(p, name);

    if (!strcmp(name, "*")) {
        l->any = 1;
    }
    if (l->fold_case) {
        cors_lower(key);
    }
    if (cors_strmap_add(p, l->lookup, key, strlen(key), key)) {
        return;                 /* listed already */
    }
    *(const char **)apr_array_push(l->names) = name;
    l->joined = l->joined ? apr_pstrcat(p, l->joined, ", ", name, NULL)
                          : name;
}


/* The next element of an Access-Control-Request-Headers value at *sp
 * (OWS around it, commas between; *sp becomes NULL after the last one):
 * 1 with the name [*start, *start + *len), empty for an empty element;
 * -1 when the element is not a token, [*start, *start + *len) being the
 * whole element, trimmed; 0 when there are no more. */
static CORS_ALWAYS_INLINE int cors_rh_next(const char **sp, const char **start,
                                         apr_size_t *len)
{
    const char *s = *sp, *end;

    if (s == NULL) {
        return 0;
    }
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    *start = s;
    while (cors_is_tchar(*s)) {
        s++;
    }
    end = s;
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    if (*s != ',' && *s != '\0') {
        /* not a token: the element runs to the next comma */
        end = strchr(s, ',');
        end = end ? end : s + strlen(s);
        while (end > *start && (end[-1] == ' ' || end[-1] == '\t')) {
            end--;
        }
        *len = (apr_size_t)(end - *start);
        return -1;
    }
    *len = (apr_size_t)(end - *start);
    *sp = *s == ',' ? s + 1 : NULL;
    return 1;
}

cors_rh_result cors_parse_request_headers(apr_pool_t *p, const char *value,
                                          apr_array_header_t **names,
                                          const char **joined,
                                          const char **bad)
{
    const char *s = value, *start;
    apr_size_t len, total = 0;
    apr_array_header_t *arr;
    int rc;

    *names = NULL;
    *joined = NULL;
    if (bad) {
        *bad = NULL;
    }
    if (strlen(value) > CORS_MAX_REQUEST_HEADERS_BYTES) {
        return CORS_RH_TOO_LONG;
    }
    arr = apr_array_make(p, 8, sizeof(const char *));
    while ((rc = cors_rh_next(&s, &start, &len)) != 0) {
        char *name;

        if (rc < 0) {
            if (bad) {
                name = apr_pstrmemdup(p, start, len);
                cors_lower(name);
                *bad = name;
            }
            return CORS_RH_BAD_TOKEN;
        }
        if (len == 0) {
            continue;
        }
        if (arr->nelts == CORS_MAX_REQUEST_HEADERS) {
            return CORS_RH_TOO_MANY;
        }
        name = apr_pstrmemdup(p, start, len);
        cors_lower(name);
        *(const char **)apr_array_push(arr) = name;
        total += len + 2;
    }
    *names = arr;
    if (arr->nelts > 0) {
        char *out = apr_palloc(p, total - 1), *o = out;
        int i;

        for (i = 0; i < arr->nelts; i++) {
            const char *n = APR_ARRAY_IDX(arr, i, const char *);
            apr_size_t nl = strlen(n);

            if (i > 0) {
                *o++ = ',';
                *o++ = ' ';
            }
            memcpy(o, n, nl);
            o += nl;
        }
        *o = '\0';
        *joined = out;
    }
    return CORS_RH_OK;
}

cors_rh_result cors_check_request_headers(const cors_token_list *allowed,
                                          const char *value, int *count,
                                          const char **bad,
                                          apr_size_t *bad_len)
{
    const char *s = value, *start, *refused = NULL;
    apr_size_t len, refused_len = 0;
    int n = 0, rc;

    *count = 0;
    *bad = NULL;
    *bad_len = 0;
    if (strlen(value) > CORS_MAX_REQUEST_HEADERS_BYTES) {
        return CORS_RH_TOO_LONG;
    }
    while ((rc = cors_rh_next(&s, &start, &len)) != 0) {
        if (rc < 0) {
            *bad = start;
            *bad_len = len;
            return CORS_RH_BAD_TOKEN;
        }
        if (len == 0) {
            continue;
        }
        if (++n > CORS_MAX_REQUEST_HEADERS) {
            return CORS_RH_TOO_MANY;
        }
        /* the first name not allowed is the answer, unless a later
         * element makes the whole value malformed */
        if (refused == NULL
            && (allowed == NULL
                || !cors_token_list_has(allowed, start, len))) {
            refused = start;
            refused_len = len;
        }
    }
    *count = n;
    if (refused) {
        *bad = refused;
        *bad_len = refused_len;
        return CORS_RH_NOT_ALLOWED;
    }
    return CORS_RH_OK;
}

/* --- Request headers ------------------------------------------------- */

/* key[0..len) is the name n[0..len), written in lowercase letters and
 * '-': OR-ing 0x20 into each byte of a field name lowercases its letters
 * and maps nothing else onto a letter or onto '-' (only CR, which no field
 * name holds).  Eight bytes at a time; len >= 8. */
static int cors_is_name(const char *key, const char *n, apr_size_t len)
{
    apr_size_t i;

    for (i = 0; i + 8 < len; i += 8) {
        if ((cors_load64(key + i) | CORS_BYTES(0x20)) != cors_load64(n + i)) {
            return 0;
        }
    }
    return (cors_load64(key + len - 8) | CORS_BYTES(0x20))
           == cors_load64(n + len - 8);
}

/* The same for a name of six bytes (four and two at a time). */
static int cors_is_name6(const char *key, const char *n)
{
    apr_uint32_t k4, n4;
    apr_uint16_t k2, n2;

    memcpy(&k4, key, 4);
    memcpy(&n4, n, 4);
    memcpy(&k2, key + 4, 2);
    memcpy(&n2, n + 4, 2);
    return (k4 | 0x20202020U) == n4 && (apr_uint16_t)(k2 | 0x2020U) == n2;
}

void cors_find_preflight_headers(const apr_table_t *in,
                                 cors_preflight_headers *out)
{
    const apr_array_header_t *arr = apr_table_elts(in);
    const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
    int i;

    memset(out, 0, sizeof(*out));
    for (i = 0; i < arr->nelts; i++) {
        const char *k = e[i].key, **slot = NULL;
        unsigned char c0;

        if (k == NULL) {
            continue;
        }
        /* the first byte rules out most names before strlen runs */
        c0 = (unsigned char)(k[0] | 0x20);
        if (c0 != 'o' && c0 != 'a') {
            continue;
        }
        switch (strlen(k)) {
        case 6:
            if (cors_is_name6(k, "origin")) {
                slot = &out->origin;
            }
            break;
        case 29:
            if (cors_is_name(k, "access-control-request-method", 29)) {
                slot = &out->method;
            }
            break;
        case 30:
            if (cors_is_name(k, "access-control-request-headers", 30)) {
                slot = &out->headers;
            }
            break;
        case 38:
            if (cors_is_name(k, "access-control-request-private-network",
                             38)) {
                slot = &out->private_network;
            }
            break;
        default:
            break;
        }
        if (slot && *slot == NULL) {
            *slot = e[i].val;
        }
    }
}

/* --- Vary --------------------------------------------------------------- */

int cors_vary_has(const char *vary, const char *token)
{
    apr_size_t tlen = strlen(token);
    const char *s = vary;

    while (*s) {
        const char *start, *end;

        while (*s == ' ' || *s == '\t' || *s == ',') {
            s++;
        }
        start = s;
        while (*s && *s != ',') {
            s++;
        }
        end = s;
        while (end > start && (end[-1] == ' ' || end[-1] == '\t')) {
            end--;
        }
        if ((apr_size_t)(end - start) == 1 && *start == '*') {
            return 1;
        }
        if ((apr_size_t)(end - start) == tlen
            && !strncasecmp(start, token, tlen)) {
            return 1;
        }
    }
    return 0;
}
