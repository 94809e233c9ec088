/* cors_origin.c: origin patterns (parsed and normalised at startup),
 * request origins (split and matched per request) and the set of allowed
 * origins of a section. */

#include <string.h>
#include <strings.h>
#include <arpa/inet.h>

#include "apr_strings.h"
#include "apr_lib.h"

#include <libpsl.h>

#include "cors_origin.h"

static void cors_lower(char *s)
{
    for (; *s; s++) {
        *s = (char)apr_tolower((unsigned char)*s);
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

/* When the last label of a host is numeric, browsers parse the host as an
 * IPv4 address and send it in dotted-quad form: accept only that form.
 * Returns NULL or a reason. */
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

/* The port after the host's ':' (s): "*" for any port, else a number.
 * Returns NULL or a reason. */
static const char *cors_pattern_port(apr_pool_t *p, const char *s,
                                     cors_pattern *out)
{
    if (!strcmp(s, "*")) {
        out->any_port = 1;
        return NULL;
    }
    return cors_parse_port(p, out->scheme, s, &out->port);
}

/* An IPv6 literal host "[...]" with its optional port, lowercased (host,
 * writable).  Returns NULL or a reason. */
static const char *cors_pattern_ipv6(apr_pool_t *p, char *host,
                                     cors_pattern *out)
{
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
        const char *reason = cors_pattern_port(p, close + 2, out);

        if (reason) {
            return reason;
        }
    }
    else if (close[1] != '\0') {
        return "unexpected characters after the IPv6 address";
    }
    out->host = apr_pstrcat(p, "[", cors_ipv6_serialise(p, addr), "]",
                            NULL);
    return NULL;
}

/* A domain name or IPv4 host, a "*." leftmost label allowed, with its
 * optional port, lowercased (host, writable).  Returns NULL or a
 * reason. */
static const char *cors_pattern_domain(apr_pool_t *p, char *host,
                                       cors_pattern *out)
{
    char *colon = strchr(host, ':');
    const char *reason, *name;

    if (colon) {
        *colon = '\0';
        if ((reason = cors_pattern_port(p, colon + 1, out))) {
            return reason;
        }
    }
    if (!strncmp(host, "*.", 2)) {
        out->subdomains = 1;
        host += 1;                  /* keep the leading dot */
    }
    if (strchr(host, '*')) {
        return "'*' can only stand as the whole leftmost label of the "
               "host (https://*.example.com) or as the whole port "
               "(http://localhost:*)";
    }
    out->host = host;
    name = host + out->subdomains;
    if ((reason = cors_check_domain(name, strlen(name)))
        || (reason = cors_check_ipv4(name))) {
        return reason;
    }
    if (out->subdomains && cors_ends_in_number(name)) {
        return "a wildcard can not stand over an IP address";
    }
    if (out->subdomains && cors_is_public_suffix(name)) {
        return apr_psprintf(p, "a wildcard directly over the public suffix "
                            "\"%s\" would allow every site registered "
                            "under it", name);
    }
    return NULL;
}

/* What may follow the authority: nothing.  Returns the reason for what
 * does, or NULL. */
static const char *cors_pattern_tail(const char *auth)
{
    const char *end = auth + strcspn(auth, "/?#@");

    switch (*end) {
    case '/':
        return end[1] == '\0' ? "an origin has no trailing slash"
                              : "an origin has no path";
    case '?':
        return "an origin has no query";
    case '#':
        return "an origin has no fragment";
    case '@':
        return "an origin has no user information";
    default:
        return *auth == '\0' ? "the host is empty" : NULL;
    }
}

const char *cors_pattern_parse(apr_pool_t *p, const char *arg,
                               cors_pattern *out)
{
    const char *sep, *reason;
    char *scheme, *host;
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
    if ((sep = strstr(arg, "://")) == NULL) {
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
    if ((reason = cors_pattern_tail(sep + 3))) {
        return reason;
    }
    out->scheme = scheme = apr_pstrmemdup(p, arg, scheme_len);
    cors_lower(scheme);
    host = apr_pstrdup(p, sep + 3);
    cors_lower(host);
    if ((reason = *host == '[' ? cors_pattern_ipv6(p, host, out)
                               : cors_pattern_domain(p, host, out))) {
        return reason;
    }
    out->plain_http = !strcmp(scheme, "http")
                      && !cors_is_loopback(out->host + out->subdomains);
    if (out->subdomains || out->any_port) {
        out->kind = CORS_PAT_WILDCARD;
    }
    else {
        out->kind = CORS_PAT_EXACT;
        out->origin = apr_pstrcat(p, scheme, "://", out->host,
                                  out->port ? ":" : "",
                                  out->port ? out->port : "", NULL);
    }
    return NULL;
}

/* --- Request origins (per request) ------------------------------------- */

/* The end of the host of a request origin that starts at s[i] (an IPv6
 * literal or a domain name as browsers send them), or 0 when it is not
 * one. */
static apr_size_t cors_split_host(const char *s, apr_size_t i,
                                  apr_size_t len)
{
    apr_size_t start = i, label = 0;

    if (s[i] == '[') {
        for (i++; i < len && s[i] != ']'; i++) {
            unsigned char c = (unsigned char)s[i];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
                  || c == ':' || c == '.')) {
                return 0;
            }
        }
        return i == len || i == start + 1 ? 0 : i + 1;
    }
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
    return label == 0 ? 0 : i;          /* empty host, or final dot */
}

/* 1 when s[0..len) is a port from 1 to 65535 without a leading zero. */
static int cors_split_port(const char *s, apr_size_t len)
{
    apr_size_t i;
    long value = 0;

    if (len == 0 || len > 5 || s[0] == '0') {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (!apr_isdigit(s[i])) {
            return 0;
        }
        value = value * 10 + (s[i] - '0');
    }
    return value <= 65535;
}

int cors_origin_split(const char *s, apr_size_t len, cors_origin_parts *o)
{
    apr_size_t i, end;

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
    if ((end = cors_split_host(s, i + 3, len)) == 0) {
        return 0;
    }
    o->host = s + i + 3;
    o->host_len = end - (i + 3);
    o->port = NULL;
    o->port_len = 0;
    if (end == len) {
        return 1;
    }
    if (s[end] != ':' || !cors_split_port(s + end + 1, len - end - 1)) {
        return 0;
    }
    o->port = s + end + 1;
    o->port_len = len - end - 1;
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

/* --- Origin sets ------------------------------------------------------- */

/* The hash of the exact-origin table, eight bytes at a time: APR's default
 * takes one at a time (make bench: an allowed GET at 10 origins costs 150
 * instructions more with it; apr_hash_get of a 24-byte origin, 256
 * instructions with it and 144 with this).  Only configured origins are
 * stored, so a request cannot lengthen a chain. */
static unsigned int cors_origin_hash(const char *key, apr_ssize_t *klen)
{
    const apr_uint64_t k = APR_UINT64_C(0x9e3779b97f4a7c15);
    apr_size_t len, i;
    apr_uint64_t h, w;

    if (*klen == APR_HASH_KEY_STRING) {
        *klen = (apr_ssize_t)strlen(key);
    }
    len = (apr_size_t)*klen;
    h = len * k;
    for (i = 0; i + 8 <= len; i += 8) {
        memcpy(&w, key + i, 8);
        h = (h ^ w) * k;
    }
    w = 0;
    memcpy(&w, key + i, len - i);
    h = (h ^ w) * k;
    return (unsigned int)(h >> 32);
}

cors_origin_set *cors_origin_set_make(apr_pool_t *p)
{
    cors_origin_set *set = apr_pcalloc(p, sizeof(*set));

    set->exact = apr_hash_make_custom(p, cors_origin_hash);
    set->wildcards = apr_array_make(p, 2, sizeof(cors_pattern));
    return set;
}

void cors_origin_set_add(apr_pool_t *p, cors_origin_set *set,
                         const cors_pattern *pat)
{
    set->count++;
    switch (pat->kind) {
    case CORS_PAT_ANY:
        set->any = 1;
        return;
    case CORS_PAT_NULL:
        set->null = 1;
        return;
    case CORS_PAT_EXACT:
        apr_hash_set(set->exact, pat->origin, APR_HASH_KEY_STRING,
                     apr_pmemdup(p, pat, sizeof(*pat)));
        break;
    case CORS_PAT_WILDCARD:
        *(cors_pattern *)apr_array_push(set->wildcards) = *pat;
        break;
    }
    if (pat->plain_http && set->plain_http == NULL) {
        set->plain_http = pat->origin ? pat->origin
                          : apr_pstrcat(p, pat->scheme, "://",
                                        pat->subdomains ? "*" : "",
                                        pat->host, NULL);
    }
}

/* The match itself; check: tell a malformed value from an unlisted one
 * even where no wildcard pattern needs the value split. */
static cors_origin_result cors_origin_set_find(const cors_origin_set *set,
                                               const char *origin,
                                               apr_size_t len, int check)
{
    cors_origin_parts parts;
    int i;

    if (len > CORS_MAX_ORIGIN_LEN) {
        return CORS_ORIGIN_MALFORMED;
    }
    /* An exact hit needs no syntax check first: the configured origins
     * are well formed and the hash compares whole values. */
    if (apr_hash_get(set->exact, origin, (apr_ssize_t)len)) {
        return CORS_ORIGIN_MATCH;
    }
    if (len == 4 && !memcmp(origin, "null", 4)) {
        return set->null ? CORS_ORIGIN_MATCH : CORS_ORIGIN_NO_MATCH;
    }
    if (!check && set->wildcards->nelts == 0) {
        return CORS_ORIGIN_NO_MATCH;
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

cors_origin_result cors_origin_set_match(const cors_origin_set *set,
                                         const char *origin, apr_size_t len)
{
    return cors_origin_set_find(set, origin, len, 1);
}

cors_origin_result cors_origin_set_allows(const cors_origin_set *set,
                                          const char *origin, apr_size_t len)
{
    return cors_origin_set_find(set, origin, len, 0);
}

/* --- Origin lists (CORSAllowOriginMap txt:) ------------------------------ */

/* The end of the line that starts at s, before end. */
static char *cors_line_end(char *s, const char *end)
{
    char *nl = memchr(s, '\n', (apr_size_t)(end - s));

    return nl ? nl : (char *)end;
}

const char *cors_origin_list_parse(apr_pool_t *p, char *text, apr_size_t len,
                                   cors_origin_set **out,
                                   cors_list_error *err)
{
    cors_origin_set *set = cors_origin_set_make(p);
    const char *end = text + len;
    char *line, *next, *s, *e;
    cors_pattern pat;
    const char *why;
    int n = 0;

    memset(err, 0, sizeof(*err));
    for (line = text; line < end; line = next + 1) {
        next = cors_line_end(line, end);
        n++;
        for (s = line; s < next && apr_isspace(*s); s++) {
        }
        for (e = next; e > s && apr_isspace(e[-1]); e--) {
        }
        if (s == e || *s == '#') {
            continue;
        }
        err->line = n;
        err->value = s;
        if (memchr(s, '\0', (apr_size_t)(e - s))) {
            return "the line has a NUL byte";
        }
        *e = '\0';
        if (strpbrk(s, " \t\v\f\r")) {
            return "one origin per line";
        }
        if (!strcmp(err->value, "*")) {
            return "'*' allows every origin: use CORSAllowOrigin * instead "
                   "of a list";
        }
        if ((why = cors_pattern_parse(p, err->value, &pat))) {
            return why;
        }
        cors_origin_set_add(p, set, &pat);
    }
    memset(err, 0, sizeof(*err));
    *out = set;
    return NULL;
}
