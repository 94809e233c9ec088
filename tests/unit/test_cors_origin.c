/* Unit tests of the pure functions of cors_origin.c (Check).
 *
 * Expectations come from SPEC.md and the URL and Fetch standards: what a
 * browser sends as Origin, what an administrator may write.
 */

#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "apr_general.h"
#include "apr_strings.h"

#include "mod_cors.h"

static apr_pool_t *pool;

static void setup(void)
{
    apr_pool_create(&pool, NULL);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

/* --- tokens ------------------------------------------------------------- */

static int tok(const char *s)
{
    return cors_is_token(s, strlen(s));
}

START_TEST(test_tokens)
{
    ck_assert(tok("GET"));
    ck_assert(tok("X-Custom_Header.v2"));
    ck_assert(tok("!#$%&'*+-.^_`|~"));
    ck_assert(!tok(""));
    ck_assert(!tok("GE T"));
    ck_assert(!tok("a,b"));
    ck_assert(!tok("(a)"));
    ck_assert(!tok("a/b"));
    ck_assert(!tok("a:b"));
    ck_assert(!tok("a\tb"));
    ck_assert(!tok("a\x01"));
    ck_assert(!tok("\xc3\xa9"));
    ck_assert(!tok("a\"b"));
    /* length is respected: the NUL is not part of the token */
    ck_assert(cors_is_token("GETxx", 3));
}
END_TEST

START_TEST(test_safelisted_methods)
{
    ck_assert(cors_is_safelisted_method("GET"));
    ck_assert(cors_is_safelisted_method("HEAD"));
    ck_assert(cors_is_safelisted_method("POST"));
    ck_assert(!cors_is_safelisted_method("get"));
    ck_assert(!cors_is_safelisted_method("PUT"));
    ck_assert(!cors_is_safelisted_method("OPTIONS"));
}
END_TEST

/* --- origin patterns ----------------------------------------------------- */

static cors_pattern parse_ok(const char *arg)
{
    cors_pattern p;
    const char *why = cors_pattern_parse(pool, arg, &p);

    ck_assert_msg(why == NULL, "'%s' refused: %s", arg, why);
    return p;
}

static void parse_bad(const char *arg)
{
    cors_pattern p;
    const char *why = cors_pattern_parse(pool, arg, &p);

    ck_assert_msg(why != NULL, "'%s' was accepted", arg);
    ck_assert(strlen(why) > 5);
}

static void exact(const char *arg, const char *want)
{
    cors_pattern p = parse_ok(arg);

    ck_assert_int_eq(p.kind, CORS_PAT_EXACT);
    ck_assert_str_eq(p.origin, want);
}

START_TEST(test_pattern_special)
{
    ck_assert_int_eq(parse_ok("*").kind, CORS_PAT_ANY);
    ck_assert_int_eq(parse_ok("null").kind, CORS_PAT_NULL);
    ck_assert_int_eq(parse_ok("NULL").kind, CORS_PAT_NULL);
}
END_TEST

START_TEST(test_pattern_exact_normalised)
{
    exact("https://app.example.com", "https://app.example.com");
    exact("HTTPS://App.Example.COM", "https://app.example.com");
    exact("https://app.example.com:443", "https://app.example.com");
    exact("http://app.example.com:80", "http://app.example.com");
    exact("http://app.example.com:443", "http://app.example.com:443");
    exact("https://app.example.com:80", "https://app.example.com:80");
    exact("https://a.com:8443", "https://a.com:8443");
    exact("http://localhost:8080", "http://localhost:8080");
    exact("capacitor://localhost", "capacitor://localhost");
    exact("chrome-extension://abcdefghijklmnop",
          "chrome-extension://abcdefghijklmnop");
    exact("http://127.0.0.1:8080", "http://127.0.0.1:8080");
    exact("https://my_app.example.com", "https://my_app.example.com");
    exact("https://xn--bcher-kva.example", "https://xn--bcher-kva.example");
}
END_TEST

START_TEST(test_pattern_ipv6)
{
    exact("http://[::1]:8080", "http://[::1]:8080");
    exact("http://[0:0:0:0:0:0:0:1]", "http://[::1]");
    exact("http://[2001:DB8:0:0:1:0:0:1]", "http://[2001:db8::1:0:0:1]");
    exact("http://[2001:db8:0:1:1:1:1:1]", "http://[2001:db8:0:1:1:1:1:1]");
    exact("http://[2001:0db8::0001]", "http://[2001:db8::1]");
    exact("http://[::]", "http://[::]");
    exact("http://[1::]", "http://[1::]");
    exact("http://[::ffff:1.2.3.4]", "http://[::ffff:102:304]");
    exact("https://[::1]:443", "https://[::1]");
    parse_bad("http://[::1");
    parse_bad("http://[::g]");
    parse_bad("http://[1:2:3:4:5:6:7:8:9]");
    parse_bad("http://[::1]x");
    parse_bad("http://[fe80::1%25eth0]");
}
END_TEST

START_TEST(test_pattern_wildcards)
{
    cors_pattern p = parse_ok("https://*.example.com");

    ck_assert_int_eq(p.kind, CORS_PAT_WILDCARD);
    ck_assert(p.subdomains);
    ck_assert(!p.any_port);
    ck_assert_str_eq(p.scheme, "https");
    ck_assert_str_eq(p.host, ".example.com");
    ck_assert_ptr_null(p.port);

    p = parse_ok("http://localhost:*");
    ck_assert_int_eq(p.kind, CORS_PAT_WILDCARD);
    ck_assert(!p.subdomains);
    ck_assert(p.any_port);
    ck_assert_str_eq(p.host, "localhost");

    p = parse_ok("HTTP://*.Dev.Example.com:*");
    ck_assert(p.subdomains && p.any_port);
    ck_assert_str_eq(p.scheme, "http");
    ck_assert_str_eq(p.host, ".dev.example.com");

    p = parse_ok("https://*.example.com:8443");
    ck_assert_str_eq(p.port, "8443");
    p = parse_ok("https://*.example.com:443");
    ck_assert_ptr_null(p.port);

    p = parse_ok("http://*.localhost:*");
    ck_assert(p.subdomains && p.any_port);
    p = parse_ok("http://[::1]:*");
    ck_assert(p.any_port);
    ck_assert_str_eq(p.host, "[::1]");
}
END_TEST

START_TEST(test_pattern_plain_http)
{
    ck_assert(parse_ok("http://app.example.com").plain_http);
    ck_assert(parse_ok("http://*.example.com").plain_http);
    ck_assert(!parse_ok("https://app.example.com").plain_http);
    ck_assert(!parse_ok("http://localhost").plain_http);
    ck_assert(!parse_ok("http://localhost:*").plain_http);
    ck_assert(!parse_ok("http://app.localhost:3000").plain_http);
    ck_assert(!parse_ok("http://*.localhost:*").plain_http);
    ck_assert(!parse_ok("http://127.0.0.1:8080").plain_http);
    ck_assert(!parse_ok("http://[::1]").plain_http);
}
END_TEST

START_TEST(test_pattern_refused)
{
    static const char *const bad[] = {
        "", "https://a.com/x", "https://a.com/", "https://a.com?q",
        "https://a.com#f", "https://u@a.com", "https://u:p@a.com",
        "a.com", "://a.com", "1http://a.com", "ht tp://a.com", "https:/a.com",
        "https://", "https://:8080", "https://a.com:99999", "https://a.com:0",
        "https://a.com:abc", "https://a.com:", "https://a.com:-1",
        "https://a.com:+80", "https://*", "https://*example.com",
        "*.example.com", "https://a.*.com", "https://*.*.example.com",
        "https://**.example.com", "https://*.com", "https://*.co.uk",
        "https://*.github.io", "https://*.", "https://a..com",
        "https://.a.com", "https://a.com.", "https://a b.com",
        "https://a\x01.com", "https://b\xc3\xbc" "cher.example",
        "http://127.1", "http://0x7f.0.0.1", "http://1.2.3.256",
        "http://*.127.0.0.1", "http://*.[::1]", "https://a.com:*x",
        "https://a.com:8080:*", NULL
    };
    int i;

    for (i = 0; bad[i]; i++) {
        parse_bad(bad[i]);
    }
}
END_TEST

START_TEST(test_pattern_long_host)
{
    char host[300], *arg;

    memset(host, 'a', sizeof(host));
    host[64] = '\0';                        /* a 64-byte label */
    arg = apr_pstrcat(pool, "https://", host, ".com", NULL);
    parse_bad(arg);
    host[63] = '\0';
    arg = apr_pstrcat(pool, "https://", host, ".com", NULL);
    parse_ok(arg);
}
END_TEST

/* --- request origins ----------------------------------------------------- */

static int split(const char *s, cors_origin_parts *o)
{
    return cors_origin_split(s, strlen(s), o);
}

START_TEST(test_split_accepts)
{
    cors_origin_parts o;

    ck_assert(split("https://app.example.com", &o));
    ck_assert_int_eq(o.scheme_len, 5);
    ck_assert(strncmp(o.host, "app.example.com", o.host_len) == 0);
    ck_assert_int_eq(o.host_len, 15);
    ck_assert_ptr_null(o.port);

    ck_assert(split("http://localhost:8080", &o));
    ck_assert_int_eq(o.port_len, 4);
    ck_assert(strncmp(o.port, "8080", 4) == 0);

    ck_assert(split("http://[::1]:3000", &o));
    ck_assert_int_eq(o.host_len, 5);
    ck_assert(split("capacitor://localhost", &o));
    ck_assert(split("chrome-extension://abc", &o));
    ck_assert(split("http://a:65535", &o));
    ck_assert(split("http://a:1", &o));
}
END_TEST

START_TEST(test_split_refuses)
{
    static const char *const bad[] = {
        "", "null", "https://App.example.com", "HTTPS://app.example.com",
        "https://app.example.com/", "https://app.example.com/x",
        "https://app.example.com:0", "https://app.example.com:080",
        "https://app.example.com:123456", "https://app.example.com:",
        "https://", "https://:80", "https://a..com", "https://a.com.",
        "https://.a.com", "https:// a.com", "https://a.com ",
        "https://a\x01.com", "https://a.com, https://b.com",
        "https://a.com,https://b.com", "https://u@a.com", "https//a.com",
        "https:/a.com", "1https://a.com", "https://[]", "https://[::1",
        "https://[::G]", "https://[::1]x", "https://a.com?x",
        "https://a.com#x", "https://a\xc3\xa9" ".com", NULL
    };
    cors_origin_parts o;
    int i;

    for (i = 0; bad[i]; i++) {
        ck_assert_msg(!split(bad[i], &o), "'%s' split", bad[i]);
    }
}
END_TEST

START_TEST(test_split_respects_length)
{
    cors_origin_parts o;
    char *big = apr_palloc(pool, CORS_MAX_ORIGIN_LEN + 100);

    /* only the first len bytes count: "https://a.com" inside "...x" */
    ck_assert(cors_origin_split("https://a.comXYZ", 13, &o));
    ck_assert(!cors_origin_split("https://a.comXYZ", 14, &o));

    memcpy(big, "https://", 8);
    memset(big + 8, 'a', CORS_MAX_ORIGIN_LEN + 50);
    ck_assert(!cors_origin_split(big, CORS_MAX_ORIGIN_LEN + 58, &o));
}
END_TEST

/* --- sets -------------------------------------------------------------- */

static cors_origin_set *make_set(const char *const *patterns)
{
    cors_origin_set *set = cors_origin_set_make(pool);
    int i;

    for (i = 0; patterns[i]; i++) {
        cors_pattern p = parse_ok(patterns[i]);
        cors_origin_set_add(pool, set, &p);
    }
    return set;
}

static cors_origin_result match(const cors_origin_set *set, const char *o)
{
    return cors_origin_set_match(set, o, strlen(o));
}

START_TEST(test_set_exact)
{
    static const char *const pats[] = {
        "HTTPS://App.Example.COM:443", "http://localhost:8080",
        "http://[0:0::1]:3000", NULL
    };
    cors_origin_set *set = make_set(pats);

    ck_assert_int_eq(match(set, "https://app.example.com"), CORS_ORIGIN_MATCH);
    ck_assert_int_eq(match(set, "http://localhost:8080"), CORS_ORIGIN_MATCH);
    ck_assert_int_eq(match(set, "http://[::1]:3000"), CORS_ORIGIN_MATCH);
    ck_assert_int_eq(match(set, "http://app.example.com"),
                     CORS_ORIGIN_NO_MATCH);
    ck_assert_int_eq(match(set, "https://app.example.com:8443"),
                     CORS_ORIGIN_NO_MATCH);
    ck_assert_int_eq(match(set, "http://localhost"), CORS_ORIGIN_NO_MATCH);
    ck_assert_int_eq(match(set, "https://App.example.com"),
                     CORS_ORIGIN_MALFORMED);
    ck_assert_int_eq(match(set, "https://app.example.com:443"),
                     CORS_ORIGIN_NO_MATCH);
    ck_assert_int_eq(match(set, "null"), CORS_ORIGIN_NO_MATCH);
    ck_assert_int_eq(match(set, "https://app.example.com/"),
                     CORS_ORIGIN_MALFORMED);
    ck_assert_int_eq(match(set, ""), CORS_ORIGIN_MALFORMED);
}
END_TEST

START_TEST(test_set_null)
{
    static const char *const with[] = { "null", NULL };
    static const char *const without[] = { "https://a.com", NULL };

    ck_assert_int_eq(match(make_set(with), "null"), CORS_ORIGIN_MATCH);
    ck_assert_int_eq(match(make_set(without), "null"), CORS_ORIGIN_NO_MATCH);
    ck_assert_int_eq(match(make_set(with), "NULL"), CORS_ORIGIN_MALFORMED);
}
END_TEST

START_TEST(test_set_subdomains)
{
    static const char *const pats[] = { "https://*.example.com", NULL };
    cors_origin_set *set = make_set(pats);

    ck_assert_int_eq(match(set, "https://a.example.com"), CORS_ORIGIN_MATCH);
    ck_assert_int_eq(match(set, "https://a.b.c.example.com"),
                     CORS_ORIGIN_MATCH);
    ck_assert_int_eq(match(set, "https://example.com"),
                     CORS_ORIGIN_NO_MATCH);
    ck_assert_int_eq(match(set, "https://evilexample.com"),
                     CORS_ORIGIN_NO_MATCH);
    ck_assert_int_eq(match(set, "https://example.com.evil.net"),
                     CORS_ORIGIN_NO_MATCH);
    ck_assert_int_eq(match(set, "https://a.example.com.evil.net"),
                     CORS_ORIGIN_NO_MATCH);
    ck_assert_int_eq(match(set, "http://a.example.com"),
                     CORS_ORIGIN_NO_MATCH);
    ck_assert_int_eq(match(set, "https://a.example.com:8443"),
                     CORS_ORIGIN_NO_MATCH);
    ck_assert_int_eq(match(set, "https://.example.com"),
                     CORS_ORIGIN_MALFORMED);
    ck_assert_int_eq(match(set, "https://a..example.com"),
                     CORS_ORIGIN_MALFORMED);
}
END_TEST

START_TEST(test_set_ports)
{
    static const char *const pats[] = {
        "http://localhost:*", "https://*.dev.example.com:*",
        "https://*.example.org:8443", NULL
    };
    cors_origin_set *set = make_set(pats);

    ck_assert_int_eq(match(set, "http://localhost"), CORS_ORIGIN_MATCH);
    ck_assert_int_eq(match(set, "http://localhost:3000"), CORS_ORIGIN_MATCH);
    ck_assert_int_eq(match(set, "https://localhost:3000"),
                     CORS_ORIGIN_NO_MATCH);
    ck_assert_int_eq(match(set, "http://localhostx:3000"),
                     CORS_ORIGIN_NO_MATCH);
    ck_assert_int_eq(match(set, "http://a.localhost:3000"),
                     CORS_ORIGIN_NO_MATCH);
    ck_assert_int_eq(match(set, "https://x.dev.example.com:1"),
                     CORS_ORIGIN_MATCH);
    ck_assert_int_eq(match(set, "https://x.dev.example.com"),
                     CORS_ORIGIN_MATCH);
    ck_assert_int_eq(match(set, "https://dev.example.com"),
                     CORS_ORIGIN_NO_MATCH);
    ck_assert_int_eq(match(set, "https://a.example.org:8443"),
                     CORS_ORIGIN_MATCH);
    ck_assert_int_eq(match(set, "https://a.example.org:84430"),
                     CORS_ORIGIN_MALFORMED);
    ck_assert_int_eq(match(set, "https://a.example.org:844"),
                     CORS_ORIGIN_NO_MATCH);
    ck_assert_int_eq(match(set, "https://a.example.org"),
                     CORS_ORIGIN_NO_MATCH);
}
END_TEST

START_TEST(test_set_huge_origin)
{
    static const char *const pats[] = { "https://*.example.com", NULL };
    cors_origin_set *set = make_set(pats);
    char *o = apr_palloc(pool, 8300);

    memcpy(o, "https://", 8);
    memset(o + 8, 'a', 8192);
    memcpy(o + 8200, ".example.com", 13);
    ck_assert_int_eq(cors_origin_set_match(set, o, strlen(o)),
                     CORS_ORIGIN_MALFORMED);
}
END_TEST

START_TEST(test_set_flags)
{
    static const char *const any[] = { "*", NULL };
    static const char *const http[] = {
        "https://a.com", "http://b.example.com", NULL
    };
    cors_origin_set *set = make_set(any);

    ck_assert(set->any);
    set = make_set(http);
    ck_assert_str_eq(set->plain_http, "http://b.example.com");
    ck_assert_int_eq(apr_hash_count(set->exact), 2);
}
END_TEST

/* --- token lists --------------------------------------------------------- */

START_TEST(test_token_list_methods)
{
    cors_token_list *l = cors_token_list_make(pool, 0);

    cors_token_list_add(pool, l, "PUT");
    cors_token_list_add(pool, l, "PATCH");
    cors_token_list_add(pool, l, "PUT");
    ck_assert_str_eq(l->joined, "PUT, PATCH");
    ck_assert_int_eq(l->names->nelts, 2);
    ck_assert(cors_token_list_has(l, "PATCH", 5));
    ck_assert(!cors_token_list_has(l, "patch", 5));
    ck_assert(!cors_token_list_has(l, "PATCHX", 6));
    ck_assert(cors_token_list_has(l, "PATCHX", 5));
    ck_assert(!l->any);
}
END_TEST

START_TEST(test_token_list_headers)
{
    cors_token_list *l = cors_token_list_make(pool, 1);

    cors_token_list_add(pool, l, "Content-Type");
    cors_token_list_add(pool, l, "X-Token");
    cors_token_list_add(pool, l, "content-type");
    ck_assert_str_eq(l->joined, "Content-Type, X-Token");
    ck_assert(cors_token_list_has(l, "content-type", 12));
    ck_assert(cors_token_list_has(l, "x-token", 7));
    ck_assert(!cors_token_list_has(l, "x-other", 7));

    l = cors_token_list_make(pool, 1);
    cors_token_list_add(pool, l, "*");
    ck_assert(l->any);
    ck_assert_str_eq(l->joined, "*");
}
END_TEST

/* --- Access-Control-Request-Headers ------------------------------------- */

static cors_rh_result rh(const char *v, apr_array_header_t **names,
                         const char **joined, const char **bad)
{
    return cors_parse_request_headers(pool, v, names, joined, bad);
}

START_TEST(test_request_headers_basic)
{
    apr_array_header_t *names;
    const char *joined, *bad;

    ck_assert_int_eq(rh("X-A, x-b", &names, &joined, &bad), CORS_RH_OK);
    ck_assert_int_eq(names->nelts, 2);
    ck_assert_str_eq(APR_ARRAY_IDX(names, 0, const char *), "x-a");
    ck_assert_str_eq(APR_ARRAY_IDX(names, 1, const char *), "x-b");
    ck_assert_str_eq(joined, "x-a, x-b");

    ck_assert_int_eq(rh("", &names, &joined, &bad), CORS_RH_OK);
    ck_assert_int_eq(names->nelts, 0);
    ck_assert_ptr_null(joined);

    ck_assert_int_eq(rh(" , ,X-A,,\t x-B \t,  ", &names, &joined, &bad),
                     CORS_RH_OK);
    ck_assert_str_eq(joined, "x-a, x-b");

    ck_assert_int_eq(rh("content-type", &names, &joined, &bad), CORS_RH_OK);
    ck_assert_str_eq(joined, "content-type");
}
END_TEST

START_TEST(test_request_headers_bad_token)
{
    apr_array_header_t *names;
    const char *joined, *bad;

    ck_assert_int_eq(rh("x-a, x b", &names, &joined, &bad),
                     CORS_RH_BAD_TOKEN);
    ck_assert_str_eq(bad, "x b");
    ck_assert_int_eq(rh("x(a)", &names, &joined, &bad), CORS_RH_BAD_TOKEN);
    ck_assert_int_eq(rh("x-a;x-b", &names, &joined, NULL), CORS_RH_BAD_TOKEN);
    ck_assert_int_eq(rh("\x01", &names, &joined, NULL), CORS_RH_BAD_TOKEN);
}
END_TEST

START_TEST(test_request_headers_bounds)
{
    apr_array_header_t *names;
    const char *joined, *bad;
    char *v = "", *big;
    int i;

    for (i = 0; i < 128; i++) {
        v = apr_psprintf(pool, "%s%sx-%d", v, i ? "," : "", i);
    }
    ck_assert_int_eq(rh(v, &names, &joined, &bad), CORS_RH_OK);
    ck_assert_int_eq(names->nelts, 128);
    v = apr_pstrcat(pool, v, ",x-128", NULL);
    ck_assert_int_eq(rh(v, &names, &joined, &bad), CORS_RH_TOO_MANY);

    big = apr_palloc(pool, 8194);
    memset(big, 'x', 8192);
    big[8192] = '\0';
    ck_assert_int_eq(rh(big, &names, &joined, &bad), CORS_RH_OK);
    big[8192] = 'x';
    big[8193] = '\0';
    ck_assert_int_eq(rh(big, &names, &joined, &bad), CORS_RH_TOO_LONG);

    /* 10,000 elements: refused, whichever bound it meets first */
    v = apr_palloc(pool, 20001);
    for (i = 0; i < 10000; i++) {
        v[2 * i] = 'a';
        v[2 * i + 1] = ',';
    }
    v[19999] = '\0';
    ck_assert_int_ne(rh(v, &names, &joined, &bad), CORS_RH_OK);
    v[4000] = '\0';         /* 2,000 one-letter names, under 8192 bytes */
    ck_assert_int_eq(rh(v, &names, &joined, &bad), CORS_RH_TOO_MANY);
}
END_TEST

/* --- Vary --------------------------------------------------------------- */

START_TEST(test_vary_has)
{
    ck_assert(cors_vary_has("Origin", "Origin"));
    ck_assert(cors_vary_has("Accept-Encoding, origin", "Origin"));
    ck_assert(cors_vary_has("Accept-Encoding,Origin ,X", "Origin"));
    ck_assert(cors_vary_has("*", "Origin"));
    ck_assert(!cors_vary_has("Origins", "Origin"));
    ck_assert(!cors_vary_has("X-Origin", "Origin"));
    ck_assert(!cors_vary_has("", "Origin"));
    ck_assert(!cors_vary_has("Accept-Encoding", "Origin"));
}
END_TEST

static Suite *cors_suite(void)
{
    Suite *s = suite_create("cors_origin");
    TCase *tc = tcase_create("pure");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_tokens);
    tcase_add_test(tc, test_safelisted_methods);
    tcase_add_test(tc, test_pattern_special);
    tcase_add_test(tc, test_pattern_exact_normalised);
    tcase_add_test(tc, test_pattern_ipv6);
    tcase_add_test(tc, test_pattern_wildcards);
    tcase_add_test(tc, test_pattern_plain_http);
    tcase_add_test(tc, test_pattern_refused);
    tcase_add_test(tc, test_pattern_long_host);
    tcase_add_test(tc, test_split_accepts);
    tcase_add_test(tc, test_split_refuses);
    tcase_add_test(tc, test_split_respects_length);
    tcase_add_test(tc, test_set_exact);
    tcase_add_test(tc, test_set_null);
    tcase_add_test(tc, test_set_subdomains);
    tcase_add_test(tc, test_set_ports);
    tcase_add_test(tc, test_set_huge_origin);
    tcase_add_test(tc, test_set_flags);
    tcase_add_test(tc, test_token_list_methods);
    tcase_add_test(tc, test_token_list_headers);
    tcase_add_test(tc, test_request_headers_basic);
    tcase_add_test(tc, test_request_headers_bad_token);
    tcase_add_test(tc, test_request_headers_bounds);
    tcase_add_test(tc, test_vary_has);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    apr_initialize();
    sr = srunner_create(cors_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
