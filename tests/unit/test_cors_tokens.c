/* Unit tests of cors_tokens.c (Check): tokens, configured token lists,
 * Access-Control-Request-Headers, comma-separated lists.
 *
 * Expectations come from the WHATWG URL Standard (host parsing, IPv4 and
 * IPv6 serialisation, default ports), the WHATWG Fetch Standard (the
 * serialised origin a browser sends, CORS-safelisted methods, the CORS
 * protocol) and RFC 9110 (tokens, lists).  They are written from those
 * documents, not from the output of the code under test.
 */

#include "unit.h"
#include "cors_tokens.h"

/* ======================================================================
 * cors_is_token (RFC 9110 5.6.2: token = 1*tchar)
 * ====================================================================== */

static int tok(const char *s)
{
    return cors_is_token(s, strlen(s));
}

START_TEST(test_token_accepts)
{
    static const char *const good[] = {
        "GET", "PATCH", "patch", "X-Custom-Header", "x_custom.v2",
        "Content-Type", "a", "0", "*",
        "!#$%&'*+-.^_`|~",                /* every tchar symbol */
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    };
    apr_size_t i;

    for (i = 0; i < NELTS(good); i++) {
        ck_assert_msg(tok(good[i]), "\"%s\" is a token", good[i]);
    }
}
END_TEST

START_TEST(test_token_refuses)
{
    /* empty, whitespace, every RFC 9110 delimiter, controls, non-ASCII */
    static const char *const bad[] = {
        "", " ", "GE T", " GET", "GET ", "a\tb", "a,b", "(a)", "a(", "a)",
        "a/b", "a:b", "a;b", "a<b", "a>b", "a=b", "a?b", "a@b", "a[b",
        "a]b", "a{b", "a}b", "a\"b", "a\\b", "a\x01", "\x1f", "a\x7f",
        "a\r\n", "\xc3\xa9", "caf\xc3\xa9", "\x80", "\xff"
    };
    apr_size_t i;

    for (i = 0; i < NELTS(bad); i++) {
        ck_assert_msg(!tok(bad[i]), "\"%s\" (#%d) is not a token", bad[i],
                      (int)i);
    }
}
END_TEST

START_TEST(test_token_length)
{
    /* only the first len bytes count */
    ck_assert(cors_is_token("GET xx", 3));
    ck_assert(!cors_is_token("GET xx", 4));
    ck_assert(!cors_is_token("GET", 0));
    /* a NUL inside the counted bytes is not a tchar */
    ck_assert(!cors_is_token("GE\0T", 4));
}
END_TEST

/* ======================================================================
 * cors_is_safelisted_method (Fetch: GET, HEAD, POST; byte-case-sensitive)
 * ====================================================================== */

START_TEST(test_safelisted_methods)
{
    static const char *const no[] = {
        "get", "Get", "head", "post", "PUT", "PATCH", "DELETE", "OPTIONS",
        "CONNECT", "TRACE", "", "GETX", "GE", " GET", "POST "
    };
    apr_size_t i;

    ck_assert(cors_is_safelisted_method("GET"));
    ck_assert(cors_is_safelisted_method("HEAD"));
    ck_assert(cors_is_safelisted_method("POST"));
    for (i = 0; i < NELTS(no); i++) {
        ck_assert_msg(!cors_is_safelisted_method(no[i]),
                      "\"%s\" is not safelisted", no[i]);
    }
}
END_TEST
/* ======================================================================
 * cors_token_list
 * ====================================================================== */

START_TEST(test_token_list_empty)
{
    cors_token_list *l = cors_token_list_make(pool, 0);

    ck_assert_ptr_nonnull(l);
    ck_assert_int_eq(l->names->nelts, 0);
    ck_assert_ptr_null(l->joined);
    ck_assert(!l->any);
    ck_assert(!l->fold_case);
    ck_assert(!cors_token_list_has(l, "GET", 3));
    ck_assert(cors_token_list_make(pool, 1)->fold_case);
}
END_TEST

START_TEST(test_token_list_methods)
{
    cors_token_list *l = cors_token_list_make(pool, 0);

    cors_token_list_add(pool, l, "PUT");
    cors_token_list_add(pool, l, "PATCH");
    cors_token_list_add(pool, l, "PUT");                  /* duplicate */
    ck_assert_str_eq(l->joined, "PUT, PATCH");
    ck_assert_int_eq(l->names->nelts, 2);
    ck_assert_str_eq(APR_ARRAY_IDX(l->names, 0, const char *), "PUT");
    ck_assert_str_eq(APR_ARRAY_IDX(l->names, 1, const char *), "PATCH");
    ck_assert(!l->any);

    /* case-sensitive: PATCH is not patch */
    ck_assert(cors_token_list_has(l, "PATCH", 5));
    ck_assert(cors_token_list_has(l, "PUT", 3));
    ck_assert(!cors_token_list_has(l, "patch", 5));
    ck_assert(!cors_token_list_has(l, "Patch", 5));
    ck_assert(!cors_token_list_has(l, "DELETE", 6));
    /* whole names, by length */
    ck_assert(!cors_token_list_has(l, "PATC", 4));
    ck_assert(!cors_token_list_has(l, "PATCHX", 6));
    ck_assert(cors_token_list_has(l, "PATCHX", 5));
    ck_assert(!cors_token_list_has(l, "", 0));

    /* a different case is a different method: kept, in order */
    cors_token_list_add(pool, l, "patch");
    ck_assert_int_eq(l->names->nelts, 3);
    ck_assert_str_eq(l->joined, "PUT, PATCH, patch");
    ck_assert(cors_token_list_has(l, "patch", 5));
}
END_TEST

START_TEST(test_token_list_headers)
{
    cors_token_list *l = cors_token_list_make(pool, 1);

    cors_token_list_add(pool, l, "X-C");
    cors_token_list_add(pool, l, "Content-Type");
    cors_token_list_add(pool, l, "X-A");
    cors_token_list_add(pool, l, "content-type");        /* duplicates */
    cors_token_list_add(pool, l, "CONTENT-TYPE");
    cors_token_list_add(pool, l, "x-c");
    ck_assert_int_eq(l->names->nelts, 3);
    /* configured order and spelling */
    ck_assert_str_eq(l->joined, "X-C, Content-Type, X-A");
    ck_assert(!l->any);

    /* lookups take a lowercased name */
    ck_assert(cors_token_list_has(l, "content-type", 12));
    ck_assert(cors_token_list_has(l, "x-a", 3));
    ck_assert(cors_token_list_has(l, "x-c", 3));
    ck_assert(!cors_token_list_has(l, "x-b", 3));
    ck_assert(!cors_token_list_has(l, "content", 7));
    ck_assert(!cors_token_list_has(l, "content-type-x", 14));
    ck_assert(cors_token_list_has(l, "x-a, x-b", 3));
}
END_TEST

START_TEST(test_token_list_any)
{
    cors_token_list *l = cors_token_list_make(pool, 1);

    cors_token_list_add(pool, l, "*");
    ck_assert(l->any);
    ck_assert_str_eq(l->joined, "*");

    l = cors_token_list_make(pool, 0);
    cors_token_list_add(pool, l, "*");
    ck_assert(l->any);
    ck_assert_str_eq(l->joined, "*");

    /* "*" next to names still sets any */
    l = cors_token_list_make(pool, 1);
    cors_token_list_add(pool, l, "X-A");
    ck_assert(!l->any);
    cors_token_list_add(pool, l, "*");
    ck_assert(l->any);
    ck_assert(cors_token_list_has(l, "x-a", 3));
}
END_TEST

/* ======================================================================
 * cors_request_headers_parse
 * ====================================================================== */

/* The i-th name of a parsed value, as a string. */
static const char *name_at(const apr_array_header_t *names, int i)
{
    const cors_name *n = &APR_ARRAY_IDX(names, i, cors_name);

    return apr_pstrmemdup(pool, n->start, n->len);
}

/* Parses v; *joined is its names joined with ", " (NULL: none). */
static cors_rh_result rh(const char *v, apr_array_header_t **names,
                         const char **joined, const char **bad)
{
    const char *b = NULL;
    cors_rh_result rc = cors_request_headers_parse(pool, v, names, &b);

    *joined = *names ? cors_names_join(pool, *names) : NULL;
    if (bad) {
        *bad = b;
    }
    return rc;
}

static void rh_ok(const char *v, const char *want_joined, int want_n)
{
    apr_array_header_t *names = NULL;
    const char *joined = "unset", *bad = "unset";
    cors_rh_result r = rh(v, &names, &joined, &bad);

    ck_assert_msg(r == CORS_RH_OK, "\"%s\": result %d", v, (int)r);
    ck_assert_msg(names != NULL, "\"%s\": names NULL", v);
    ck_assert_msg(names->nelts == want_n, "\"%s\": %d names, want %d", v,
                  names->nelts, want_n);
    if (want_joined == NULL) {
        ck_assert_msg(joined == NULL, "\"%s\": joined \"%s\", want NULL", v,
                      joined);
    }
    else {
        ck_assert_msg(joined != NULL && strcmp(joined, want_joined) == 0,
                      "\"%s\": joined \"%s\", want \"%s\"", v,
                      joined ? joined : "(null)", want_joined);
    }
}

static void rh_bad(const char *v, const char *want_bad)
{
    apr_array_header_t *names;
    const char *joined, *bad = NULL;
    cors_rh_result r = rh(v, &names, &joined, &bad);

    ck_assert_msg(r == CORS_RH_BAD_TOKEN, "\"%s\": result %d, want BAD_TOKEN",
                  v, (int)r);
    ck_assert_msg(bad != NULL, "\"%s\": *bad not set", v);
    if (want_bad != NULL) {
        ck_assert_msg(strcmp(bad, want_bad) == 0, "\"%s\": *bad \"%s\", "
                      "want \"%s\"", v, bad, want_bad);
    }
    /* bad may be NULL */
    ck_assert_int_eq(rh(v, &names, &joined, NULL), CORS_RH_BAD_TOKEN);
}

START_TEST(test_request_headers_basic)
{
    apr_array_header_t *names;
    const char *joined, *bad;

    ck_assert_int_eq(rh("X-A, x-b", &names, &joined, &bad), CORS_RH_OK);
    ck_assert_int_eq(names->nelts, 2);
    /* as sent: the caller lowercases what it looks up or echoes */
    ck_assert_str_eq(name_at(names, 0), "X-A");
    ck_assert_str_eq(name_at(names, 1), "x-b");
    ck_assert_str_eq(joined, "X-A, x-b");

    rh_ok("content-type", "content-type", 1);
    rh_ok("Content-Type", "Content-Type", 1);
    rh_ok("AUTHORIZATION,X-REQUESTED-WITH", "AUTHORIZATION, X-REQUESTED-WITH",
          2);
    /* order as sent */
    rh_ok("x-c,x-a,x-b", "x-c, x-a, x-b", 3);
    rh_ok("x-custom_header.v2,!#$%&'*+-.^_`|~",
          "x-custom_header.v2, !#$%&'*+-.^_`|~", 2);
}
END_TEST

START_TEST(test_request_headers_empty)
{
    rh_ok("", NULL, 0);
    rh_ok(" ", NULL, 0);
    rh_ok("\t \t", NULL, 0);
    rh_ok(",", NULL, 0);
    rh_ok(" , , ,, ", NULL, 0);
}
END_TEST

START_TEST(test_request_headers_lenient)
{
    apr_array_header_t *names;
    const char *joined, *bad;

    rh_ok(" , ,x-a,,  ", "x-a", 1);
    rh_ok(" , ,X-A,,\t x-B \t,  ", "X-A, x-B", 2);
    rh_ok("x-a\t,\tx-b", "x-a, x-b", 2);
    rh_ok("\tx-a\t", "x-a", 1);
    rh_ok("x-a,x-b", "x-a, x-b", 2);
    rh_ok("x-a ,x-b ,x-c", "x-a, x-b, x-c", 3);
    rh_ok(",,,x-a", "x-a", 1);

    ck_assert_int_eq(rh("  X-A  ,\tX-B", &names, &joined, &bad), CORS_RH_OK);
    ck_assert_int_eq(names->nelts, 2);
    ck_assert_str_eq(name_at(names, 0), "X-A");
    ck_assert_str_eq(name_at(names, 1), "X-B");
}
END_TEST

START_TEST(test_request_headers_bad_token)
{
    rh_bad("x a", "x a");
    rh_bad("x(a)", "x(a)");
    rh_bad("x-a, x b , x-c", "x b");
    rh_bad("x-a, x(a)", "x(a)");
    rh_bad("x-a;x-b", "x-a;x-b");
    rh_bad("x/a", "x/a");
    rh_bad("x:a", "x:a");
    rh_bad("x@a", "x@a");
    rh_bad("\"x-a\"", "\"x-a\"");
    rh_bad("x=a", "x=a");
    rh_bad("x-a\r\n", NULL);
    rh_bad("\x01", "\x01");
    rh_bad("x-a, caf\xc3\xa9", "caf\xc3\xa9");
    rh_bad("x-a,\x7f", "\x7f");
}
END_TEST

/* "x-0,x-1,...": n names */
static char *numbered_names(int n, const char *sep)
{
    apr_array_header_t *parts = apr_array_make(pool, n, sizeof(char *));
    int i;

    for (i = 0; i < n; i++) {
        *(char **)apr_array_push(parts) = apr_psprintf(pool, "x-%d", i);
    }
    return apr_array_pstrcat(pool, parts, sep[0]);
}

START_TEST(test_request_headers_count)
{
    apr_array_header_t *names;
    const char *joined, *bad;
    char *v;

    v = numbered_names(128, ",");
    ck_assert_int_eq(rh(v, &names, &joined, &bad), CORS_RH_OK);
    ck_assert_int_eq(names->nelts, 128);
    ck_assert_str_eq(name_at(names, 127), "x-127");
    ck_assert_ptr_nonnull(joined);
    ck_assert(strncmp(joined, "x-0, x-1, x-2, ", 15) == 0);
    ck_assert_uint_eq(strlen(joined), strlen(v) + 127);

    v = numbered_names(129, ",");
    ck_assert_int_eq(rh(v, &names, &joined, &bad), CORS_RH_TOO_MANY);

    /* empty elements do not count as names */
    v = apr_pstrcat(pool, numbered_names(128, ","), ",,, ,", NULL);
    ck_assert_int_eq(rh(v, &names, &joined, &bad), CORS_RH_OK);
    ck_assert_int_eq(names->nelts, 128);

    /* 2,000 one-letter names, well under 8,192 bytes */
    {
        char *w = apr_palloc(pool, 4000);
        int i;
        for (i = 0; i < 2000; i++) {
            w[2 * i] = 'a';
            w[2 * i + 1] = ',';
        }
        w[3999] = '\0';
        ck_assert_int_eq(rh(w, &names, &joined, &bad), CORS_RH_TOO_MANY);
    }
}
END_TEST

START_TEST(test_request_headers_bytes)
{
    apr_array_header_t *names;
    const char *joined, *bad;
    char *v;

    /* exactly 8,192 bytes: one long name */
    v = apr_palloc(pool, 8194);
    memset(v, 'x', 8192);
    v[8192] = '\0';
    ck_assert_int_eq(rh(v, &names, &joined, &bad), CORS_RH_OK);
    ck_assert_int_eq(names->nelts, 1);
    ck_assert_uint_eq(strlen(joined), 8192);
    /* 8,193 bytes */
    v[8192] = 'x';
    v[8193] = '\0';
    ck_assert_int_eq(rh(v, &names, &joined, &bad), CORS_RH_TOO_LONG);

    /* a few names padded with spaces to 8,192 bytes, then 8,193 */
    v = apr_palloc(pool, 8194);
    memset(v, ' ', 8193);
    memcpy(v, "x-a,x-b,", 8);
    v[8192] = '\0';
    rh_ok(v, "x-a, x-b", 2);
    v[8192] = ' ';
    v[8193] = '\0';
    ck_assert_int_eq(rh(v, &names, &joined, &bad), CORS_RH_TOO_LONG);

    /* 10,000 bytes of non-token bytes: refused, by whichever check */
    v = apr_palloc(pool, 10001);
    memset(v, '(', 10000);
    v[10000] = '\0';
    ck_assert_int_ne(rh(v, &names, &joined, &bad), CORS_RH_OK);
}
END_TEST

START_TEST(test_request_headers_10000)
{
    apr_array_header_t *names;
    const char *joined, *bad;
    cors_rh_result r;
    char *v;
    int i;

    /* 10,000 elements: refused, by whichever bound */
    v = apr_palloc(pool, 20001);
    for (i = 0; i < 10000; i++) {
        v[2 * i] = 'a';
        v[2 * i + 1] = ',';
    }
    v[19999] = '\0';
    r = rh(v, &names, &joined, &bad);
    ck_assert_msg(r == CORS_RH_TOO_LONG || r == CORS_RH_TOO_MANY,
                  "10,000 one-letter names: result %d", (int)r);

    v = numbered_names(10000, ",");
    r = rh(v, &names, &joined, &bad);
    ck_assert_msg(r == CORS_RH_TOO_LONG || r == CORS_RH_TOO_MANY,
                  "10,000 names: result %d", (int)r);

    /* 10,000 empty elements: still over 8,192 bytes */
    v = apr_palloc(pool, 10001);
    memset(v, ',', 10000);
    v[10000] = '\0';
    ck_assert_int_eq(rh(v, &names, &joined, &bad), CORS_RH_TOO_LONG);
}
END_TEST

/* ======================================================================
 * cors_list_has (a Vary value, for instance)
 * ====================================================================== */

START_TEST(test_list_has)
{
    static const struct {
        const char *vary, *token;
        int want;
    } cases[] = {
        { "Origin", "Origin", 1 },
        { "origin", "Origin", 1 },
        { "ORIGIN", "Origin", 1 },
        { "Accept-Encoding, origin", "Origin", 1 },
        { "Accept-Encoding,Origin ,X", "Origin", 1 },
        { "\tOrigin\t", "Origin", 1 },
        { " , Origin , ", "Origin", 1 },
        { "*", "Origin", 1 },
        { "Accept, *", "Origin", 1 },
        { " * ", "Access-Control-Request-Headers", 1 },
        { "Origin, Access-Control-Request-Method",
          "Access-Control-Request-Method", 1 },
        { "Origins", "Origin", 0 },
        { "X-Origin", "Origin", 0 },
        { "Orig", "Origin", 0 },
        { "Origin-X, XOrigin", "Origin", 0 },
        { "", "Origin", 0 },
        { ",,,", "Origin", 0 },
        { "Accept-Encoding", "Origin", 0 },
        { "a*", "Origin", 0 },
        { "Origin", "Access-Control-Request-Headers", 0 }
    };
    apr_size_t i;

    for (i = 0; i < NELTS(cases); i++) {
        const char *v = cases[i].vary, *t = cases[i].token;

        ck_assert_msg((cors_list_has(v, t) || cors_list_has(v, "*"))
                      == cases[i].want, "list_has(\"%s\", \"%s\") != %d",
                      cases[i].vary, cases[i].token, cases[i].want);
    }
}
END_TEST

/* ======================================================================
 * The tchar table, over every byte
 * ====================================================================== */

START_TEST(test_tchar_every_byte)
{
    static const char symbols[] = "!#$%&'*+-.^_`|~";
    unsigned int b;

    for (b = 0; b < 256; b++) {
        char c = (char)b;
        int want = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z')
                   || (b >= 'A' && b <= 'Z')
                   || (b != 0 && strchr(symbols, (int)b) != NULL);
        ck_assert_msg(cors_is_token(&c, 1) == want, "byte 0x%02x", b);
    }
}
END_TEST

/* ======================================================================
 * cors_request_headers_check
 * ====================================================================== */

static cors_token_list *allowed_list(const char *const *names, int n)
{
    cors_token_list *l = cors_token_list_make(pool, 1);
    int i;

    for (i = 0; i < n; i++) {
        cors_token_list_add(pool, l, names[i]);
    }
    return l;
}

static cors_rh_result check(const cors_token_list *l, const char *v,
                            int *count, const char **bad)
{
    apr_array_header_t *names;
    cors_rh_result rc = cors_request_headers_check(pool, l, v, &names, bad);

    *count = rc == CORS_RH_OK ? names->nelts : 0;
    return rc;
}

START_TEST(test_check_request_headers)
{
    static const char *const names[] = { "Content-Type", "X-A" };
    cors_token_list *l = allowed_list(names, 2);
    const char *bad;
    int n;

    ck_assert_int_eq(check(l, "content-type", &n, &bad), CORS_RH_OK);
    ck_assert_int_eq(n, 1);
    ck_assert_int_eq(check(l, " Content-Type ,\tX-A ", &n, &bad),
                     CORS_RH_OK);
    ck_assert_int_eq(n, 2);
    ck_assert_int_eq(check(l, "", &n, &bad), CORS_RH_OK);
    ck_assert_int_eq(n, 0);
    ck_assert_int_eq(check(l, " , ,, ", &n, &bad), CORS_RH_OK);
    ck_assert_int_eq(n, 0);
    ck_assert_int_eq(check(l, "x-a,x-a", &n, &bad), CORS_RH_OK);
    ck_assert_int_eq(n, 2);

    /* the first name not allowed, as it was sent */
    ck_assert_int_eq(check(l, "x-a, X-B, x-c", &n, &bad),
                     CORS_RH_NOT_ALLOWED);
    ck_assert_str_eq(bad, "X-B");
    ck_assert_int_eq(check(l, "content-typ", &n, &bad),
                     CORS_RH_NOT_ALLOWED);
    ck_assert_int_eq(check(NULL, "x-a", &n, &bad), CORS_RH_NOT_ALLOWED);
    ck_assert_str_eq(bad, "x-a");
    ck_assert_int_eq(check(NULL, " , ", &n, &bad), CORS_RH_OK);
    ck_assert_int_eq(n, 0);

    /* a malformed element, even after a name not allowed, wins */
    ck_assert_int_eq(check(l, "x-b, a b, x-a", &n, &bad),
                     CORS_RH_BAD_TOKEN);
    ck_assert_str_eq(bad, "a b");
    ck_assert_int_eq(check(l, "x-a, a\x01", &n, &bad), CORS_RH_BAD_TOKEN);
    ck_assert_str_eq(bad, "a\x01");
    ck_assert_int_eq(check(l, "x-a;x", &n, &bad), CORS_RH_BAD_TOKEN);
    ck_assert_int_eq(check(l, "\"x-a\"", &n, &bad), CORS_RH_BAD_TOKEN);
    ck_assert_int_eq(check(l, "x-\xc3\xa9", &n, &bad), CORS_RH_BAD_TOKEN);
}
END_TEST

START_TEST(test_check_request_headers_bounds)
{
    static const char *const names[] = { "x-a" };
    cors_token_list *l = allowed_list(names, 1);
    const char *bad;
    char *v;
    int n, i;

    /* 128 names pass, 129 do not, whether allowed or not */
    v = apr_pstrdup(pool, "x-a");
    for (i = 1; i < CORS_MAX_REQUEST_HEADERS; i++) {
        v = apr_pstrcat(pool, v, ",x-a", NULL);
    }
    ck_assert_int_eq(check(l, v, &n, &bad), CORS_RH_OK);
    ck_assert_int_eq(n, CORS_MAX_REQUEST_HEADERS);
    ck_assert_int_eq(check(l, apr_pstrcat(pool, v, ",x-a", NULL), &n, &bad),
                     CORS_RH_TOO_MANY);
    ck_assert_int_eq(check(l, apr_pstrcat(pool, "x-b,", v, NULL), &n, &bad),
                     CORS_RH_TOO_MANY);

    /* 8192 bytes pass, 8193 do not */
    v = apr_palloc(pool, 8194);
    memset(v, ' ', 8193);
    memcpy(v, "x-a", 3);
    v[8192] = '\0';
    ck_assert_int_eq(check(l, v, &n, &bad), CORS_RH_OK);
    v[8192] = ' ';
    v[8193] = '\0';
    ck_assert_int_eq(check(l, v, &n, &bad), CORS_RH_TOO_LONG);
}
END_TEST

static Suite *tokens_suite(void)
{
    Suite *s = suite_create("cors_tokens");
    TCase *tc;

    tc = tcase("tokens");
    tcase_add_test(tc, test_token_accepts);
    tcase_add_test(tc, test_token_refuses);
    tcase_add_test(tc, test_token_length);
    tcase_add_test(tc, test_tchar_every_byte);
    tcase_add_test(tc, test_safelisted_methods);
    suite_add_tcase(s, tc);

    tc = tcase("token_lists");
    tcase_add_test(tc, test_token_list_empty);
    tcase_add_test(tc, test_token_list_methods);
    tcase_add_test(tc, test_token_list_headers);
    tcase_add_test(tc, test_token_list_any);
    suite_add_tcase(s, tc);

    tc = tcase("request_headers");
    tcase_add_test(tc, test_request_headers_basic);
    tcase_add_test(tc, test_request_headers_empty);
    tcase_add_test(tc, test_request_headers_lenient);
    tcase_add_test(tc, test_request_headers_bad_token);
    tcase_add_test(tc, test_request_headers_count);
    tcase_add_test(tc, test_request_headers_bytes);
    tcase_add_test(tc, test_request_headers_10000);
    tcase_add_test(tc, test_check_request_headers);
    tcase_add_test(tc, test_check_request_headers_bounds);
    suite_add_tcase(s, tc);

    tc = tcase("lists");
    tcase_add_test(tc, test_list_has);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    return run_suite(tokens_suite());
}
