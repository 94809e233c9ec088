/* cors_tokens.c: RFC 9110 tokens, configured token lists, and the
 * comma-separated lists requests and responses carry. */

#include <string.h>
#include <strings.h>

#include "apr_strings.h"
#include "apr_lib.h"

#include "cors_tokens.h"

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

static void cors_lower(char *s)
{
    for (; *s; s++) {
        *s = (char)apr_tolower(*s);
    }
}

int cors_is_token(const char *s, apr_size_t len)
{
    apr_size_t i;

    if (len == 0) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (!cors_is_tchar(s[i])) {
            return 0;
        }
    }
    return 1;
}

int cors_is_safelisted_method(const char *method)
{
    return !strcmp(method, "GET") || !strcmp(method, "HEAD")
           || !strcmp(method, "POST");
}

/* --- Configured lists ---------------------------------------------------- */

cors_token_list *cors_token_list_make(apr_pool_t *p, int fold_case)
{
    cors_token_list *l = apr_pcalloc(p, sizeof(*l));

    l->names = apr_array_make(p, 4, sizeof(const char *));
    l->lookup = apr_hash_make(p);
    l->fold_case = fold_case ? 1 : 0;
    return l;
}

void cors_token_list_add(apr_pool_t *p, cors_token_list *l,
                         const char *name)
{
    char *key = apr_pstrdup(p, name);

    if (l->fold_case) {
        cors_lower(key);
    }
    if (apr_hash_get(l->lookup, key, APR_HASH_KEY_STRING)) {
        return;
    }
    apr_hash_set(l->lookup, key, APR_HASH_KEY_STRING, key);
    l->any |= !strcmp(name, "*");
    *(const char **)apr_array_push(l->names) = name;
    l->joined = l->joined ? apr_pstrcat(p, l->joined, ", ", name, NULL)
                          : name;
}

int cors_token_list_has(const cors_token_list *l, const char *name,
                        apr_size_t len)
{
    return apr_hash_get(l->lookup, name, (apr_ssize_t)len) != NULL;
}

/* A request's name, in any case, in a list of header names (lowercase):
 * lowercased into a buffer on the stack, or the pool when it is long. */
static int cors_token_list_has_name(apr_pool_t *p, const cors_token_list *l,
                                    const cors_name *n)
{
    char small[64];
    char *lower = n->len < sizeof(small) ? small : apr_palloc(p, n->len);
    apr_size_t i;

    for (i = 0; i < n->len; i++) {
        lower[i] = (char)apr_tolower(n->start[i]);
    }
    return cors_token_list_has(l, lower, n->len);
}

/* --- Comma-separated lists ----------------------------------------------- */

/* One element of a comma-separated list. */
typedef struct {
    const char *start;          /* trimmed of spaces and tabs */
    apr_size_t len;             /* 0: an empty element */
    int is_token;
} cors_element;

/* The element at *sp, and *sp moved past its comma (NULL after the last
 * one).  Returns 0 when there are no more. */
static int cors_next_element(const char **sp, cors_element *e)
{
    const char *s = *sp, *end, *comma;

    if (s == NULL) {
        return 0;
    }
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    e->start = s;
    while (cors_is_tchar(*s)) {
        s++;
    }
    end = s;
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    e->is_token = *s == ',' || *s == '\0';
    if (!e->is_token) {
        /* not a token: the element runs to the next comma */
        comma = strchr(s, ',');
        end = comma ? comma : s + strlen(s);
        while (end > e->start && (end[-1] == ' ' || end[-1] == '\t')) {
            end--;
        }
        s = comma ? comma : end;
    }
    e->len = (apr_size_t)(end - e->start);
    e->is_token &= e->len > 0;
    *sp = *s == ',' ? s + 1 : NULL;
    return 1;
}

cors_rh_result cors_request_headers_parse(apr_pool_t *p, const char *value,
                                          apr_array_header_t **names,
                                          const char **bad)
{
    const char *s = value;
    cors_element e;

    *names = NULL;
    *bad = NULL;
    if (strlen(value) > CORS_MAX_REQUEST_HEADERS_BYTES) {
        return CORS_RH_TOO_LONG;
    }
    *names = apr_array_make(p, 4, sizeof(cors_name));
    while (cors_next_element(&s, &e)) {
        cors_name *n;

        if (e.len == 0) {
            continue;
        }
        if (!e.is_token) {
            *bad = apr_pstrmemdup(p, e.start, e.len);
            return CORS_RH_BAD_TOKEN;
        }
        if ((*names)->nelts == CORS_MAX_REQUEST_HEADERS) {
            return CORS_RH_TOO_MANY;
        }
        n = apr_array_push(*names);
        n->start = e.start;
        n->len = e.len;
    }
    return CORS_RH_OK;
}

cors_rh_result cors_request_headers_check(apr_pool_t *p,
                                          const cors_token_list *allowed,
                                          const char *value,
                                          apr_array_header_t **names,
                                          const char **bad)
{
    cors_rh_result rc = cors_request_headers_parse(p, value, names, bad);
    int i;

    if (rc != CORS_RH_OK || (allowed && allowed->any)) {
        return rc;
    }
    for (i = 0; i < (*names)->nelts; i++) {
        const cors_name *n = &APR_ARRAY_IDX(*names, i, cors_name);

        if (allowed == NULL || !cors_token_list_has_name(p, allowed, n)) {
            *bad = apr_pstrmemdup(p, n->start, n->len);
            return CORS_RH_NOT_ALLOWED;
        }
    }
    return CORS_RH_OK;
}

char *cors_names_join(apr_pool_t *p, const apr_array_header_t *names)
{
    apr_size_t size = 0;
    char *out, *o;
    int i;

    if (names->nelts == 0) {
        return NULL;
    }
    for (i = 0; i < names->nelts; i++) {
        size += APR_ARRAY_IDX(names, i, cors_name).len + 2;
    }
    out = o = apr_palloc(p, size - 1);
    for (i = 0; i < names->nelts; i++) {
        const cors_name *n = &APR_ARRAY_IDX(names, i, cors_name);

        if (i > 0) {
            *o++ = ',';
            *o++ = ' ';
        }
        memcpy(o, n->start, n->len);
        o += n->len;
    }
    *o = '\0';
    return out;
}

int cors_list_has(const char *list, const char *name)
{
    apr_size_t len = strlen(name);
    const char *s = list;
    cors_element e;

    while (cors_next_element(&s, &e)) {
        if (e.is_token && e.len == len && !strncasecmp(e.start, name, len)) {
            return 1;
        }
    }
    return 0;
}
