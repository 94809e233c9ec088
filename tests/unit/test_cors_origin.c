/* Unit tests of the pure functions of cors_origin.c (Check).
 *
 * Expectations come from SPEC.md (sections 2.1, 2.3, 3.1 and 3.3), the
 * declarations in mod_cors.h, the WHATWG URL Standard (host parsing, IPv4
 * and IPv6 serialisation, default ports), the WHATWG Fetch Standard (the
 * serialised origin a browser sends, CORS-safelisted methods) and RFC 9110
 * (tokens).  They are written from those documents, not from the output of
 * the code under test.
 *
 * Each test runs with its own APR pool (a checked fixture); apr_initialize
 * runs once in main.  The program exits non-zero when any test fails.
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
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
    pool = NULL;
}

#define NELTS(a) (sizeof(a) / sizeof((a)[0]))

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
 * cors_pattern_parse (SPEC 2.1)
 * ====================================================================== */

static cors_pattern parse_ok(const char *arg)
{
    cors_pattern p;
    const char *why = cors_pattern_parse(pool, arg, &p);

    ck_assert_msg(why == NULL, "\"%s\" refused: %s", arg, why);
    return p;
}

static void parse_bad(const char *arg)
{
    cors_pattern p;
    const char *why = cors_pattern_parse(pool, arg, &p);

    ck_assert_msg(why != NULL, "\"%s\" was accepted", arg);
    ck_assert_msg(*why != '\0', "\"%s\" refused with an empty reason", arg);
}

/* An exact origin and its normalised serialisation. */
struct exact_case {
    const char *in;
    const char *origin;
};

static void check_exact(const struct exact_case *c)
{
    cors_pattern p = parse_ok(c->in);

    ck_assert_msg(p.kind == CORS_PAT_EXACT, "\"%s\": kind %d, want EXACT",
                  c->in, (int)p.kind);
    ck_assert_msg(p.origin != NULL && strcmp(p.origin, c->origin) == 0,
                  "\"%s\" normalised to \"%s\", want \"%s\"", c->in,
                  p.origin ? p.origin : "(null)", c->origin);
    ck_assert_msg(!p.subdomains && !p.any_port, "\"%s\": wildcard flags",
                  c->in);
}

START_TEST(test_pattern_any_and_null)
{
    cors_pattern p;

    p = parse_ok("*");
    ck_assert_int_eq(p.kind, CORS_PAT_ANY);
    ck_assert(!p.plain_http);
    p = parse_ok("null");
    ck_assert_int_eq(p.kind, CORS_PAT_NULL);
    ck_assert(!p.plain_http);
    ck_assert_int_eq(parse_ok("NULL").kind, CORS_PAT_NULL);
    ck_assert_int_eq(parse_ok("Null").kind, CORS_PAT_NULL);
}
END_TEST

START_TEST(test_pattern_exact_normalised)
{
    static const struct exact_case cases[] = {
        { "https://app.example.com", "https://app.example.com" },
        { "HTTPS://App.Example.COM", "https://app.example.com" },
        { "HTTP://A.COM:80", "http://a.com" },
        /* default ports dropped (URL Standard: 80 for http, 443 https) */
        { "https://app.example.com:443", "https://app.example.com" },
        { "http://app.example.com:80", "http://app.example.com" },
        /* ... and only the scheme's own default port */
        { "http://a.com:443", "http://a.com:443" },
        { "https://a.com:80", "https://a.com:80" },
        { "https://a.com:8443", "https://a.com:8443" },
        { "https://a.com:1", "https://a.com:1" },
        { "https://a.com:65535", "https://a.com:65535" },
        /* the URL Standard reads a port as a number: leading zeros go */
        { "https://a.com:00443", "https://a.com" },
        { "http://a.com:08080", "http://a.com:8080" },
        { "http://localhost:8080", "http://localhost:8080" },
        { "http://LocalHost:3000", "http://localhost:3000" },
        /* other schemes: no default port */
        { "capacitor://localhost", "capacitor://localhost" },
        { "capacitor://localhost:443", "capacitor://localhost:443" },
        { "chrome-extension://abcdefghijklmnop",
          "chrome-extension://abcdefghijklmnop" },
        /* IPv4 in dotted-quad form */
        { "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
        { "http://127.0.0.1:80", "http://127.0.0.1" },
        { "http://10.0.0.1", "http://10.0.0.1" },
        { "http://0.0.0.0", "http://0.0.0.0" },
        { "https://255.255.255.255", "https://255.255.255.255" },
        /* '_' and punycode are allowed in domains */
        { "https://my_app.example.com", "https://my_app.example.com" },
        { "https://xn--bcher-kva.example", "https://xn--bcher-kva.example" },
        { "https://a-b.c-d.example", "https://a-b.c-d.example" },
        /* a host may be a single label */
        { "http://intranet", "http://intranet" }
    };
    apr_size_t i;

    for (i = 0; i < NELTS(cases); i++) {
        check_exact(&cases[i]);
    }
}
END_TEST

START_TEST(test_pattern_exact_fields)
{
    cors_pattern p = parse_ok("HTTPS://A.Example.com:8443");

    ck_assert_int_eq(p.kind, CORS_PAT_EXACT);
    ck_assert_str_eq(p.scheme, "https");
    ck_assert_str_eq(p.host, "a.example.com");
    ck_assert_str_eq(p.port, "8443");
    ck_assert_str_eq(p.origin, "https://a.example.com:8443");

    p = parse_ok("https://a.example.com:443");
    ck_assert_str_eq(p.scheme, "https");
    ck_assert_str_eq(p.host, "a.example.com");
    ck_assert_ptr_null(p.port);

    p = parse_ok("http://[::1]:8080");
    ck_assert_str_eq(p.host, "[::1]");
    ck_assert_str_eq(p.port, "8080");
}
END_TEST

/* When the last label is not a number, the host is a domain, not an IPv4
 * address (URL Standard, "ends in a number checker"): "1b" is a label. */
START_TEST(test_pattern_last_label_not_a_number)
{
    static const struct exact_case cases[] = {
        { "http://a.1b", "http://a.1b" },
        { "https://www.3com", "https://www.3com" },
        /* Firefox extension origins: a UUID, often with a leading digit */
        { "moz-extension://0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
          "moz-extension://0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d" }
    };
    cors_pattern p;
    apr_size_t i;

    for (i = 0; i < NELTS(cases); i++) {
        check_exact(&cases[i]);
    }
    p = parse_ok("https://*.a.1b");
    ck_assert_int_eq(p.kind, CORS_PAT_WILDCARD);
    ck_assert_str_eq(p.host, ".a.1b");
}
END_TEST

START_TEST(test_pattern_ipv6)
{
    /* URL Standard IPv6 serialiser (as RFC 5952): lowercase hex without
     * leading zeros, the first longest run of two or more zero pieces
     * compressed, a single zero piece not compressed, no dotted tail. */
    static const struct exact_case cases[] = {
        { "http://[::1]:8080", "http://[::1]:8080" },
        { "http://[::1]", "http://[::1]" },
        { "http://[0:0:0:0:0:0:0:1]", "http://[::1]" },
        { "http://[0:0:0:0:0:0:0:1]:8080", "http://[::1]:8080" },
        { "http://[2001:DB8:0:0:1:0:0:1]", "http://[2001:db8::1:0:0:1]" },
        { "http://[2001:db8:0:1:1:1:1:1]", "http://[2001:db8:0:1:1:1:1:1]" },
        { "http://[2001:0db8:0000:0000:0000:0000:0000:0001]",
          "http://[2001:db8::1]" },
        { "http://[2001:0db8::0001]", "http://[2001:db8::1]" },
        { "http://[1:0:0:2:0:0:0:3]", "http://[1:0:0:2::3]" },  /* longest */
        { "http://[1:0:0:0:2:0:0:0]", "http://[1::2:0:0:0]" },  /* first */
        { "http://[FE80::ABCD]", "http://[fe80::abcd]" },
        { "http://[::]", "http://[::]" },
        { "http://[1::]", "http://[1::]" },
        { "http://[::ffff:1.2.3.4]", "http://[::ffff:102:304]" },
        { "https://[::1]:443", "https://[::1]" },
        { "http://[::1]:80", "http://[::1]" },
        { "https://[::1]:80", "https://[::1]:80" }
    };
    static const char *const bad[] = {
        "http://[::1", "http://[::g]", "http://[1:2:3:4:5:6:7:8:9]",
        "http://[1:2:3:4:5:6:7]", "http://[1::2::3]", "http://[12345::1]",
        "http://[::1]x", "http://[::1]]", "http://[fe80::1%25eth0]",
        "http://[]", "http://[1.2.3.4]", "http://[*]", "http://[::1]:",
        "http://[::1]:0", "http://[::1]:65536", "http://[::1]:8o",
        "http://::1", "http://[::1]/"
    };
    apr_size_t i;

    for (i = 0; i < NELTS(cases); i++) {
        check_exact(&cases[i]);
    }
    for (i = 0; i < NELTS(bad); i++) {
        parse_bad(bad[i]);
    }
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
    ck_assert_str_eq(p.scheme, "http");
    ck_assert_str_eq(p.host, "localhost");
    ck_assert_ptr_null(p.port);

    p = parse_ok("http://*.dev.example.com:*");
    ck_assert_int_eq(p.kind, CORS_PAT_WILDCARD);
    ck_assert(p.subdomains);
    ck_assert(p.any_port);
    ck_assert_str_eq(p.host, ".dev.example.com");

    p = parse_ok("HTTP://*.Dev.Example.COM:*");
    ck_assert(p.subdomains && p.any_port);
    ck_assert_str_eq(p.scheme, "http");
    ck_assert_str_eq(p.host, ".dev.example.com");

    p = parse_ok("https://*.example.com:8443");
    ck_assert_int_eq(p.kind, CORS_PAT_WILDCARD);
    ck_assert(p.subdomains && !p.any_port);
    ck_assert_str_eq(p.port, "8443");

    p = parse_ok("https://*.example.com:443");
    ck_assert_ptr_null(p.port);
    p = parse_ok("http://*.example.com:80");
    ck_assert_ptr_null(p.port);
    p = parse_ok("http://*.example.com:443");
    ck_assert_str_eq(p.port, "443");

    p = parse_ok("https://*.a.b.c.example.com");
    ck_assert_str_eq(p.host, ".a.b.c.example.com");

    /* the common development pattern stays valid (SPEC 2.1) */
    p = parse_ok("http://*.localhost:*");
    ck_assert(p.subdomains && p.any_port);
    ck_assert_str_eq(p.host, ".localhost");
    p = parse_ok("https://*.localhost");
    ck_assert(p.subdomains);

    p = parse_ok("http://[::1]:*");
    ck_assert_int_eq(p.kind, CORS_PAT_WILDCARD);
    ck_assert(p.any_port && !p.subdomains);
    ck_assert_str_eq(p.host, "[::1]");

    p = parse_ok("http://[0:0:0:0:0:0:0:1]:*");
    ck_assert_str_eq(p.host, "[::1]");

    p = parse_ok("http://127.0.0.1:*");
    ck_assert(p.any_port && !p.subdomains);
    ck_assert_str_eq(p.host, "127.0.0.1");
}
END_TEST

START_TEST(test_pattern_plain_http)
{
    /* http and not a loopback host: localhost, *.localhost, 127.0.0.0/8,
     * [::1] (the potentially trustworthy hosts of Secure Contexts) */
    static const char *const plain[] = {
        "http://app.example.com", "http://APP.example.com:8080",
        "http://*.example.com", "http://app.example.com:*",
        "http://10.0.0.1", "http://192.168.1.1:8080", "http://0.0.0.0",
        "http://[2001:db8::1]", "http://notlocalhost",
        "http://localhost.example.com"
    };
    static const char *const not_plain[] = {
        "https://app.example.com", "https://*.example.com",
        "https://10.0.0.1", "http://localhost", "http://LOCALHOST:3000",
        "http://localhost:*", "http://app.localhost:3000",
        "http://a.b.localhost", "http://*.localhost:*",
        "http://127.0.0.1", "http://127.0.0.1:8080", "http://127.255.0.1",
        "http://127.0.0.1:*", "http://[::1]", "http://[::1]:8080",
        "http://[0:0:0:0:0:0:0:1]", "http://[::1]:*",
        "capacitor://localhost", "chrome-extension://abcdef", "*", "null"
    };
    apr_size_t i;

    for (i = 0; i < NELTS(plain); i++) {
        ck_assert_msg(parse_ok(plain[i]).plain_http,
                      "\"%s\" should be plain_http", plain[i]);
    }
    for (i = 0; i < NELTS(not_plain); i++) {
        ck_assert_msg(!parse_ok(not_plain[i]).plain_http,
                      "\"%s\" should not be plain_http", not_plain[i]);
    }
}
END_TEST

/* A domain that merely begins with "127." is not a loopback host: only
 * the IPv4 addresses 127.0.0.0/8 are. */
START_TEST(test_pattern_plain_http_127_domain)
{
    static const char *const plain[] = {
        "http://127.example.com", "http://127.0.0.1.nip.io",
        "http://127.0.0.1.example.com:8080", "http://*.127.example.com"
    };
    apr_size_t i;

    for (i = 0; i < NELTS(plain); i++) {
        ck_assert_msg(parse_ok(plain[i]).plain_http,
                      "\"%s\" should be plain_http", plain[i]);
    }
}
END_TEST

START_TEST(test_pattern_refused_syntax)
{
    static const char *const bad[] = {
        /* empty */
        "",
        /* path, trailing slash, query, fragment, userinfo */
        "https://a.com/x", "https://a.com/", "https://a.com/x/",
        "https://a.com:8080/", "https://a.com?q", "https://a.com?",
        "https://a.com/?q", "https://a.com#f", "https://a.com#",
        "https://u@a.com", "https://u:p@a.com", "https://@a.com",
        "https://a.com@b.com",
        /* missing or invalid scheme */
        "a.com", "a.com:443", "://a.com", "1http://a.com", "ht tp://a.com",
        "-http://a.com", "+http://a.com", "ht_tp://a.com", "https:/a.com",
        "https:a.com", "https//a.com", " https://a.com", "\xc3\xa9://a.com",
        "*://a.com",
        /* empty host */
        "https://", "https://:8080", "https://:", "http://:*",
        /* bad port */
        "https://a.com:99999", "https://a.com:65536", "https://a.com:0",
        "https://a.com:00", "https://a.com:abc", "https://a.com:",
        "https://a.com:-1", "https://a.com:+80", "https://a.com: 80",
        "https://a.com:80 ", "https://a.com:8o", "https://a.com:0x50",
        "https://a.com:8080:80", "https://a.com:999999999999999999999",
        /* empty or invalid labels, trailing dot, bad characters */
        "https://a..com", "https://.a.com", "https://a.com.", "https://.",
        "https://a b.com", "https://a.com ", "https://a\tb.com",
        "https://a\x01.com", "https://a\x7f.com", "https://a%2e.com",
        "https://a\\b.com", "https://a<b.com", "https://a>b.com",
        "https://a.com\r\n",
        /* non-ASCII host: write the xn-- form */
        "https://b\xc3\xbc" "cher.example", "https://\xe4\xbe\x8b.jp"
    };
    apr_size_t i;

    for (i = 0; i < NELTS(bad); i++) {
        parse_bad(bad[i]);
    }
}
END_TEST

START_TEST(test_pattern_refused_wildcards)
{
    static const char *const bad[] = {
        /* '*' anywhere but the whole leftmost label or the whole port */
        "https://*", "https://*:443", "https://*:*", "https://*example.com",
        "*.example.com", "*.example.com:*", "https://a.*.com",
        "https://*.*.example.com", "https://**.example.com",
        "https://a*.example.com", "https://*a.example.com",
        "https://example.*", "https://example.com.*", "https://*.",
        "https://*..example.com", "https://a.com:*8", "https://a.com:8*",
        "https://a.com:**", "https://a.com:8080:*", "https://a.com:*:8080",
        "https://*.example.com/", "https://*.example.com/*",
        "http*://a.com", "https://a.com*", "**",
        /* wildcards directly over a public suffix (explicit PSL rules) */
        "https://*.com", "https://*.COM", "https://*.co.uk", "https://*.uk",
        "https://*.github.io", "https://*.com:*", "http://*.co.uk:8080",
        /* wildcards over IP addresses */
        "http://*.127.0.0.1", "http://*.0.0.1", "http://*.[::1]",
        "http://*.[::1]:*"
    };
    apr_size_t i;

    for (i = 0; i < NELTS(bad); i++) {
        parse_bad(bad[i]);
    }
    /* next to those, ordinary wildcards stay valid */
    parse_ok("https://*.example.com");
    parse_ok("https://*.example.co.uk");
    parse_ok("https://*.user.github.io");
    parse_ok("http://*.localhost:*");
}
END_TEST

START_TEST(test_pattern_refused_ipv4)
{
    /* URL Standard: a host whose last label is a number is an IPv4
     * address; SPEC: accept only the dotted-quad form browsers send. */
    static const char *const bad[] = {
        "http://127.1", "http://127.0.1", "http://0x7f.0.0.1",
        "http://0x7F000001", "http://0177.0.0.1", "http://127.0.0.01",
        "http://2130706433", "http://1.2.3.256", "http://256.0.0.1",
        "http://1.2.3.4.5", "http://a.123",
        "http://a.0x1", "http://example.09", "http://127.0.0.1.",
        "http://1..2.3"
    };
    apr_size_t i;

    for (i = 0; i < NELTS(bad); i++) {
        parse_bad(bad[i]);
    }
}
END_TEST

START_TEST(test_pattern_long_host)
{
    char label[70], *arg;

    /* RFC 1035: a label has at most 63 octets */
    memset(label, 'a', sizeof(label));
    label[63] = '\0';
    arg = apr_pstrcat(pool, "https://", label, ".com", NULL);
    check_exact(&(struct exact_case){ arg, arg });
    label[63] = 'a';
    label[64] = '\0';
    parse_bad(apr_pstrcat(pool, "https://", label, ".com", NULL));

    /* a 1,000-byte host is not a host name */
    arg = apr_pcalloc(pool, 1100);
    memcpy(arg, "https://", 8);
    {
        int i;
        for (i = 0; i < 1000; i++) {
            arg[8 + i] = (i % 10 == 9) ? '.' : 'a';
        }
        memcpy(arg + 1008, "com", 4);
    }
    parse_bad(arg);
}
END_TEST

/* ======================================================================
 * cors_origin_split (mod_cors.h: the normalised form browsers send)
 * ====================================================================== */

static int split(const char *s, cors_origin_parts *o)
{
    return cors_origin_split(s, strlen(s), o);
}

struct split_case {
    const char *in;
    const char *scheme;
    const char *host;
    const char *port;       /* NULL: none */
};

static void check_part(const char *in, const char *what, const char *got,
                       apr_size_t got_len, const char *want)
{
    ck_assert_msg(got_len == strlen(want) && memcmp(got, want, got_len) == 0,
                  "\"%s\": %s is \"%.*s\", want \"%s\"", in, what,
                  (int)got_len, got, want);
}

START_TEST(test_split_accepts)
{
    static const struct split_case cases[] = {
        { "https://app.example.com", "https", "app.example.com", NULL },
        { "http://localhost:8080", "http", "localhost", "8080" },
        { "http://localhost", "http", "localhost", NULL },
        { "http://[::1]:3000", "http", "[::1]", "3000" },
        { "http://[::1]", "http", "[::1]", NULL },
        { "https://[2001:db8::1:0:0:1]", "https", "[2001:db8::1:0:0:1]",
          NULL },
        { "http://127.0.0.1:8080", "http", "127.0.0.1", "8080" },
        { "capacitor://localhost", "capacitor", "localhost", NULL },
        { "chrome-extension://abcdefghijklmnop", "chrome-extension",
          "abcdefghijklmnop", NULL },
        { "http://a:65535", "http", "a", "65535" },
        { "http://a:1", "http", "a", "1" },
        { "https://a.com:10", "https", "a.com", "10" },
        { "https://my_app.example.com", "https", "my_app.example.com", NULL },
        { "https://xn--bcher-kva.example", "https", "xn--bcher-kva.example",
          NULL },
        { "https://a.b.c.d.example.com:8443", "https",
          "a.b.c.d.example.com", "8443" }
    };
    apr_size_t i;

    for (i = 0; i < NELTS(cases); i++) {
        const struct split_case *c = &cases[i];
        cors_origin_parts o;

        memset(&o, 0xaa, sizeof(o));
        ck_assert_msg(split(c->in, &o), "\"%s\" not split", c->in);
        check_part(c->in, "scheme", o.scheme, o.scheme_len, c->scheme);
        check_part(c->in, "host", o.host, o.host_len, c->host);
        if (c->port == NULL) {
            ck_assert_msg(o.port == NULL, "\"%s\": port should be NULL",
                          c->in);
        }
        else {
            ck_assert_msg(o.port != NULL, "\"%s\": no port", c->in);
            check_part(c->in, "port", o.port, o.port_len, c->port);
        }
    }
}
END_TEST

START_TEST(test_split_refuses)
{
    static const char *const bad[] = {
        "", "null", "NULL", "*",
        /* not lowercase */
        "https://App.example.com", "HTTPS://app.example.com",
        "Https://app.example.com", "https://APP.EXAMPLE.COM",
        "http://[::ABCD]",
        /* trailing slash, path, query, fragment, userinfo */
        "https://app.example.com/", "https://app.example.com/x",
        "https://a.com:8080/", "https://a.com?x", "https://a.com#x",
        "https://u@a.com",
        /* bad ports */
        "https://a.com:0", "https://a.com:00", "https://a.com:080",
        "https://a.com:00080", "https://a.com:123456", "https://a.com:65536",
        "https://a.com:99999", "https://a.com:", "https://a.com:-1",
        "https://a.com:+1", "https://a.com:8o", "https://a.com:8080:80",
        "https://a.com:80 ", "http://[::1]:0", "http://[::1]:",
        /* empty host, empty labels, final dot */
        "https://", "https://:80", "https://a..com", "https://a.com.",
        "https://.a.com", "https://.",
        /* spaces, tabs, control bytes, non-ASCII */
        "https:// a.com", "https://a.com ", " https://a.com",
        "\thttps://a.com", "https://a.com\r\n", "https://a b.com",
        "https://a\x01.com", "https://a\x7f.com", "https://a\xc3\xa9.com",
        /* several origins joined by a comma */
        "https://a.com, https://b.com", "https://a.com,https://b.com",
        "https://a.com,",
        /* scheme problems */
        "https//a.com", "https:/a.com", "https:a.com", "1https://a.com",
        "://a.com", "a.com", "-https://a.com",
        /* brackets */
        "https://[]", "https://[::1", "https://[::G]", "https://[::1]x",
        "https://[::1]]", "https://::1",
        /* a pattern is not an origin */
        "https://*.example.com", "http://localhost:*"
    };
    apr_size_t i;

    for (i = 0; i < NELTS(bad); i++) {
        cors_origin_parts o;
        ck_assert_msg(!split(bad[i], &o), "\"%s\" (#%d) split", bad[i],
                      (int)i);
    }
}
END_TEST

START_TEST(test_split_length)
{
    cors_origin_parts o;
    char *big;
    apr_size_t n;

    /* only the first len bytes count */
    ck_assert(cors_origin_split("https://a.comXYZ", 13, &o));
    ck_assert_int_eq(o.host_len, 5);
    ck_assert(!cors_origin_split("https://a.comXYZ", 14, &o));
    ck_assert(!cors_origin_split("https://a.com", 0, &o));
    /* an embedded NUL is a control byte */
    ck_assert(!cors_origin_split("https://a.com\0x", 15, &o));
    ck_assert(!cors_origin_split("https://a\0.com", 14, &o));

    /* over CORS_MAX_ORIGIN_LEN bytes: refused, however well formed */
    n = CORS_MAX_ORIGIN_LEN + 1;
    big = apr_palloc(pool, n + 1);
    memcpy(big, "https://", 8);
    memset(big + 8, 'a', n - 8);
    big[n] = '\0';
    ck_assert(!cors_origin_split(big, n, &o));

    /* 8 KB */
    n = 8192;
    big = apr_palloc(pool, n + 1);
    memcpy(big, "https://", 8);
    memset(big + 8, 'a', n - 8);
    big[n] = '\0';
    ck_assert(!cors_origin_split(big, n, &o));
}
END_TEST

/* ======================================================================
 * cors_origin_set_make / _add / _match (SPEC 2.1, 3.3)
 * ====================================================================== */

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

static void expect(const cors_origin_set *set, const char *origin,
                   cors_origin_result want)
{
    cors_origin_result got = cors_origin_set_match(set, origin,
                                                   strlen(origin));

    ck_assert_msg(got == want, "match(\"%s\") = %d, want %d", origin,
                  (int)got, (int)want);
}

#define MATCH(o)  expect(set, (o), CORS_ORIGIN_MATCH)
#define MISS(o)   expect(set, (o), CORS_ORIGIN_NO_MATCH)
#define BAD(o)    expect(set, (o), CORS_ORIGIN_MALFORMED)

START_TEST(test_set_make_empty)
{
    cors_origin_set *set = cors_origin_set_make(pool);

    ck_assert_ptr_nonnull(set);
    ck_assert_int_eq(set->count, 0);
    ck_assert(!set->any);
    ck_assert(!set->null);
    ck_assert_ptr_null(set->plain_http);
    MISS("https://a.com");
    MISS("null");
    BAD("https://a.com/");
    BAD("");
}
END_TEST

START_TEST(test_set_exact)
{
    static const char *const pats[] = {
        "HTTPS://App.Example.COM:443", "http://localhost:8080",
        "http://[0:0::1]:3000", "https://a.com", "capacitor://localhost",
        NULL
    };
    cors_origin_set *set = make_set(pats);

    ck_assert_int_eq(set->count, 5);
    MATCH("https://app.example.com");
    MATCH("http://localhost:8080");
    MATCH("http://[::1]:3000");
    MATCH("https://a.com");
    MATCH("capacitor://localhost");

    /* well formed, not listed */
    MISS("http://app.example.com");
    MISS("https://app.example.com:8443");
    MISS("https://sub.app.example.com");
    MISS("https://example.com");
    MISS("http://localhost");
    MISS("http://localhost:8081");
    MISS("http://localhost:80");
    MISS("https://localhost:8080");
    MISS("http://[::1]:3001");
    MISS("http://[::1]");
    MISS("https://b.com");
    MISS("https://a.co");
    MISS("https://a.com.evil.net");
    MISS("https://aa.com");
    MISS("http://a.com");
    MISS("capacitor://localhost:8080");
    MISS("null");

    /* byte-exact: what a browser never sends does not match */
    ck_assert_int_ne(cors_origin_set_match(set, "https://A.com", 13),
                     CORS_ORIGIN_MATCH);
    BAD("https://A.com");
    BAD("https://App.Example.COM");
    BAD("HTTPS://app.example.com");
    BAD("https://a.com/");
    BAD("https://a.com ");
    BAD(" https://a.com");
    BAD("https://a.com, https://b.com");
    BAD("https://a.com,https://a.com");
    BAD("https://a.com\r\n");
    BAD("https://a\x01.com");
    BAD("");

    /* only the first len bytes count */
    ck_assert_int_eq(cors_origin_set_match(set, "https://a.comXYZ", 13),
                     CORS_ORIGIN_MATCH);
    ck_assert_int_ne(cors_origin_set_match(set, "https://a.comXYZ", 12),
                     CORS_ORIGIN_MATCH);
}
END_TEST

START_TEST(test_set_null)
{
    static const char *const with[] = { "https://a.com", "null", NULL };
    static const char *const without[] = { "https://a.com", NULL };
    static const char *const upper[] = { "NULL", NULL };
    cors_origin_set *set;

    set = make_set(with);
    ck_assert(set->null);
    MATCH("null");
    MATCH("https://a.com");
    ck_assert_int_ne(cors_origin_set_match(set, "NULL", 4),
                     CORS_ORIGIN_MATCH);
    ck_assert_int_ne(cors_origin_set_match(set, "null ", 5),
                     CORS_ORIGIN_MATCH);
    ck_assert_int_ne(cors_origin_set_match(set, "nullx", 5),
                     CORS_ORIGIN_MATCH);
    ck_assert_int_ne(cors_origin_set_match(set, "nul", 3),
                     CORS_ORIGIN_MATCH);

    set = make_set(without);
    ck_assert(!set->null);
    MISS("null");

    /* "NULL" in the configuration is the same opaque origin */
    set = make_set(upper);
    MATCH("null");
}
END_TEST

START_TEST(test_set_any_flag)
{
    static const char *const pats[] = { "*", NULL };
    cors_origin_set *set = make_set(pats);

    /* "*" is the caller's business: the set records it and nothing else */
    ck_assert(set->any);
    ck_assert_int_eq(set->count, 1);
    ck_assert(!set->null);
    MISS("https://a.com");
    MISS("null");
    BAD("https://a.com/");
}
END_TEST

START_TEST(test_set_subdomains)
{
    static const char *const pats[] = { "https://*.example.com", NULL };
    cors_origin_set *set = make_set(pats);

    /* any depth */
    MATCH("https://a.example.com");
    MATCH("https://a-b.example.com");
    MATCH("https://a.b.c.example.com");
    MATCH("https://x.y.z.w.example.com");
    /* not the bare domain */
    MISS("https://example.com");
    /* suffix on a label boundary only */
    MISS("https://evilexample.com");
    MISS("https://aexample.com");
    MISS("https://a.evilexample.com");
    MISS("https://example.com.evil.net");
    MISS("https://a.example.com.evil.net");
    MISS("https://a.example.co");
    MISS("https://a.example.comx");
    MISS("https://a.xample.com");
    /* same scheme and no port */
    MISS("http://a.example.com");
    MISS("wss://a.example.com");
    MISS("https://a.example.com:8443");
    MISS("https://a.example.com:1");
    /* malformed: empty label, final dot, uppercase */
    BAD("https://.example.com");
    BAD("https://a..example.com");
    BAD("https://a.example.com.");
    BAD("https://A.example.com");
    BAD("https://a.example.com/");
}
END_TEST

START_TEST(test_set_ports)
{
    static const char *const pats[] = {
        "http://localhost:*", "https://*.dev.example.com:*",
        "https://*.example.org:8443", "http://[::1]:*",
        "http://127.0.0.1:*", "http://*.example.net:80", NULL
    };
    cors_origin_set *set = make_set(pats);

    /* any port, and none */
    MATCH("http://localhost");
    MATCH("http://localhost:3000");
    MATCH("http://localhost:1");
    MATCH("http://localhost:65535");
    MISS("https://localhost:3000");
    MISS("https://localhost");
    MISS("http://localhostx:3000");
    MISS("http://xlocalhost:3000");
    MISS("http://a.localhost:3000");
    BAD("http://localhost:0");
    BAD("http://localhost:99999");
    BAD("http://localhost:03000");
    BAD("http://localhost:");

    MATCH("http://[::1]");
    MATCH("http://[::1]:5173");
    MISS("https://[::1]:5173");
    MATCH("http://127.0.0.1");
    MATCH("http://127.0.0.1:8000");
    MISS("http://127.0.0.2:8000");

    /* both wildcards */
    MATCH("https://x.dev.example.com:1");
    MATCH("https://x.dev.example.com");
    MATCH("https://a.b.dev.example.com:4443");
    MISS("https://dev.example.com");
    MISS("https://dev.example.com:4443");
    MISS("http://x.dev.example.com:4443");
    MISS("https://x.example.com:4443");

    /* a subdomain wildcard with one given port */
    MATCH("https://a.example.org:8443");
    MISS("https://a.example.org");
    MISS("https://a.example.org:844");
    MISS("https://a.example.org:8444");
    MISS("https://a.example.org:443");
    BAD("https://a.example.org:84430");

    /* :80 of http is the default port: only the port-less form */
    MATCH("http://a.example.net");
    MISS("http://a.example.net:8080");
}
END_TEST

START_TEST(test_set_huge_origins)
{
    static const char *const pats[] = {
        "https://*.example.com", "https://a.com", NULL
    };
    cors_origin_set *set = make_set(pats);
    char *o;
    apr_size_t n;

    /* an 8 KB Origin (SPEC 3.3) */
    o = apr_palloc(pool, 8300);
    memcpy(o, "https://", 8);
    memset(o + 8, 'a', 8192);
    memcpy(o + 8200, ".example.com", 13);
    ck_assert_int_eq(cors_origin_set_match(set, o, strlen(o)),
                     CORS_ORIGIN_MALFORMED);

    /* 8 KB of labels */
    for (n = 8; n < 8200; n++) {
        o[n] = (n % 2) ? '.' : 'a';
    }
    ck_assert_int_eq(cors_origin_set_match(set, o, strlen(o)),
                     CORS_ORIGIN_MALFORMED);

    /* one byte over CORS_MAX_ORIGIN_LEN */
    n = CORS_MAX_ORIGIN_LEN + 1;
    o = apr_palloc(pool, n + 1);
    memcpy(o, "https://", 8);
    memset(o + 8, 'b', n - 8 - 12);
    memcpy(o + n - 12, ".example.com", 13);
    ck_assert_uint_eq(strlen(o), n);
    ck_assert_int_eq(cors_origin_set_match(set, o, n),
                     CORS_ORIGIN_MALFORMED);

    /* 8 KB of control bytes */
    o = apr_palloc(pool, 8193);
    memset(o, '\x01', 8192);
    o[8192] = '\0';
    ck_assert_int_eq(cors_origin_set_match(set, o, 8192),
                     CORS_ORIGIN_MALFORMED);
}
END_TEST

START_TEST(test_set_many_exact)
{
    cors_origin_set *set = cors_origin_set_make(pool);
    int i;

    for (i = 0; i < 1000; i++) {
        cors_pattern p = parse_ok(apr_psprintf(pool,
                                               "https://o%d.example.com", i));
        cors_origin_set_add(pool, set, &p);
    }
    ck_assert_int_eq(set->count, 1000);
    ck_assert_uint_eq(set->exact->count, 1000);
    ck_assert_int_eq(set->wildcards->nelts, 0);
    MATCH("https://o0.example.com");
    MATCH("https://o999.example.com");
    MISS("https://o1000.example.com");
    MISS("https://o9.example.com:443");
}
END_TEST

START_TEST(test_set_plain_http)
{
    static const char *const secure[] = {
        "https://a.com", "http://localhost:*", "http://127.0.0.1:8080",
        "http://*.localhost:*", NULL
    };
    static const char *const mixed[] = {
        "https://a.com", "http://b.example.com", "http://c.example.com",
        NULL
    };
    cors_origin_set *set;

    set = make_set(secure);
    ck_assert_ptr_null(set->plain_http);
    set = make_set(mixed);
    ck_assert_str_eq(set->plain_http, "http://b.example.com");
}
END_TEST

/* cors_wildcard_match, directly on split parts */
START_TEST(test_wildcard_match_direct)
{
    cors_pattern p = parse_ok("https://*.example.com:*");
    cors_origin_parts o;

    ck_assert(split("https://a.example.com:8443", &o));
    ck_assert(cors_wildcard_match(&p, &o));
    ck_assert(split("https://a.example.com", &o));
    ck_assert(cors_wildcard_match(&p, &o));
    ck_assert(split("https://example.com", &o));
    ck_assert(!cors_wildcard_match(&p, &o));
    ck_assert(split("http://a.example.com", &o));
    ck_assert(!cors_wildcard_match(&p, &o));
    ck_assert(split("https://aexample.com:1", &o));
    ck_assert(!cors_wildcard_match(&p, &o));
    /* the IPv6 literal never stands under a subdomain wildcard */
    ck_assert(split("https://[::1]", &o));
    ck_assert(!cors_wildcard_match(&p, &o));
}
END_TEST

/* ======================================================================
 * cors_token_list (SPEC 2.3)
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
 * cors_parse_request_headers (SPEC 3.1, 3.3)
 * ====================================================================== */

static cors_rh_result rh(const char *v, apr_array_header_t **names,
                         const char **joined, const char **bad)
{
    return cors_parse_request_headers(pool, v, names, joined, bad);
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
    ck_assert_str_eq(APR_ARRAY_IDX(names, 0, const char *), "x-a");
    ck_assert_str_eq(APR_ARRAY_IDX(names, 1, const char *), "x-b");
    ck_assert_str_eq(joined, "x-a, x-b");

    rh_ok("content-type", "content-type", 1);
    rh_ok("Content-Type", "content-type", 1);
    rh_ok("AUTHORIZATION,X-REQUESTED-WITH", "authorization, x-requested-with",
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
    rh_ok(" , ,X-A,,\t x-B \t,  ", "x-a, x-b", 2);
    rh_ok("x-a\t,\tx-b", "x-a, x-b", 2);
    rh_ok("\tx-a\t", "x-a", 1);
    rh_ok("x-a,x-b", "x-a, x-b", 2);
    rh_ok("x-a ,x-b ,x-c", "x-a, x-b, x-c", 3);
    rh_ok(",,,x-a", "x-a", 1);

    ck_assert_int_eq(rh("  X-A  ,\tX-B", &names, &joined, &bad), CORS_RH_OK);
    ck_assert_int_eq(names->nelts, 2);
    ck_assert_str_eq(APR_ARRAY_IDX(names, 0, const char *), "x-a");
    ck_assert_str_eq(APR_ARRAY_IDX(names, 1, const char *), "x-b");
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
    ck_assert_str_eq(APR_ARRAY_IDX(names, 127, const char *), "x-127");
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

    /* 10,000 elements (SPEC 3.3): refused, by whichever bound */
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
 * cors_vary_has
 * ====================================================================== */

START_TEST(test_vary_has)
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
        ck_assert_msg(cors_vary_has(cases[i].vary, cases[i].token)
                      == cases[i].want, "vary_has(\"%s\", \"%s\") != %d",
                      cases[i].vary, cases[i].token, cases[i].want);
    }
}
END_TEST

/* ======================================================================
 * String maps, eight-byte lowercasing, tchar table (mod_cors.h)
 * ====================================================================== */

/* Reference: ASCII lowercasing of one byte. */
static unsigned char ref_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

START_TEST(test_lower64_every_byte)
{
    unsigned int b, pos;

    /* every byte value, in every position, next to bytes that must not
     * change */
    for (b = 0; b < 256; b++) {
        for (pos = 0; pos < 8; pos++) {
            unsigned char in[8], out[8];
            apr_uint64_t w;
            unsigned int i;

            memset(in, 'Q', sizeof(in));        /* an upper-case letter */
            in[pos] = (unsigned char)b;
            memcpy(&w, in, 8);
            w = cors_lower64(w);
            memcpy(out, &w, 8);
            for (i = 0; i < 8; i++) {
                ck_assert_msg(out[i] == ref_lower(in[i]),
                              "byte 0x%02x at %u: 0x%02x at %u", b, pos,
                              out[i], i);
            }
        }
    }
}
END_TEST

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

/* Prefixes of one 40-byte string: every length the hash and the
 * comparison handle differently (below eight, exact multiples, others). */
static const char map_text[] = "https://a-long-host.example.com:8443/xyz";

START_TEST(test_strmap_exact)
{
    cors_strmap *m = cors_strmap_make(pool, 0);
    apr_size_t len, i;

    for (len = 1; len <= 40; len++) {
        ck_assert_ptr_null(cors_strmap_add(pool, m, map_text, len,
                                           (void *)(map_text + len)));
    }
    ck_assert_uint_eq(m->count, 40);
    /* a second add keeps the first value */
    ck_assert_ptr_eq(cors_strmap_add(pool, m, map_text, 5, "other"),
                     map_text + 5);
    ck_assert_uint_eq(m->count, 40);
    for (len = 1; len <= 40; len++) {
        char *copy = apr_pstrmemdup(pool, map_text, len);

        ck_assert_ptr_eq(cors_strmap_get(m, copy, len), map_text + len);
        /* one byte different, anywhere: not found */
        for (i = 0; i < len; i++) {
            char saved = copy[i];
            copy[i] = saved == 'x' ? 'y' : 'x';
            ck_assert_msg(cors_strmap_get(m, copy, len) == NULL,
                          "len %u, byte %u changed", (unsigned)len,
                          (unsigned)i);
            /* case matters in an exact map */
            copy[i] = (char)(saved >= 'a' && saved <= 'z' ? saved - 32
                                                          : saved);
            if (copy[i] != saved) {
                ck_assert_ptr_null(cors_strmap_get(m, copy, len));
            }
            copy[i] = saved;
        }
    }
    ck_assert_ptr_null(cors_strmap_get(m, map_text, 0));
    ck_assert_ptr_null(cors_strmap_get(m, "https://a-long-host.example.comX",
                                       32));
}
END_TEST

START_TEST(test_strmap_fold)
{
    cors_strmap *m = cors_strmap_make(pool, 1);
    static const char *const keys[] = {
        "content-type", "x-a", "x~a", "x_a", "x`a", "x|b",
        "a-header-name-of-thirty-bytes!", "x"
    };
    apr_size_t i;

    for (i = 0; i < NELTS(keys); i++) {
        ck_assert_ptr_null(cors_strmap_add(pool, m, keys[i], strlen(keys[i]),
                                           keys[i]));
    }
    ck_assert_ptr_eq(cors_strmap_get(m, "Content-Type", 12), keys[0]);
    ck_assert_ptr_eq(cors_strmap_get(m, "CONTENT-TYPE", 12), keys[0]);
    ck_assert_ptr_eq(cors_strmap_get(m, "X-A", 3), keys[1]);
    ck_assert_ptr_eq(cors_strmap_get(m, "A-Header-Name-Of-Thirty-Bytes!",
                                     30), keys[6]);
    ck_assert_ptr_eq(cors_strmap_get(m, "X", 1), keys[7]);
    /* OR-ing 0x20 would merge these; lowercasing does not */
    ck_assert_ptr_eq(cors_strmap_get(m, "x~a", 3), keys[2]);
    ck_assert_ptr_null(cors_strmap_get(m, "x^a", 3));
    ck_assert_ptr_eq(cors_strmap_get(m, "x_a", 3), keys[3]);
    ck_assert_ptr_null(cors_strmap_get(m, "x\x7f" "a", 3));
    ck_assert_ptr_eq(cors_strmap_get(m, "x`a", 3), keys[4]);
    ck_assert_ptr_null(cors_strmap_get(m, "x@a", 3));
    ck_assert_ptr_eq(cors_strmap_get(m, "X|B", 3), keys[5]);
    ck_assert_ptr_null(cors_strmap_get(m, "x\\b", 3));
    ck_assert_ptr_null(cors_strmap_get(m, "content-typ", 11));
    ck_assert_ptr_null(cors_strmap_get(m, "content-type ", 13));
    ck_assert_ptr_null(cors_strmap_get(m, "content_type", 12));
    /* a name that differs only past the eighth byte */
    ck_assert_ptr_null(cors_strmap_get(m, "content-tape", 12));
}
END_TEST

START_TEST(test_strmap_many)
{
    cors_strmap *m = cors_strmap_make(pool, 0);
    int i;

    for (i = 0; i < 20000; i++) {
        const char *k = apr_psprintf(pool, "https://o%d.example.com", i);
        ck_assert_ptr_null(cors_strmap_add(pool, m, k, strlen(k), k));
    }
    ck_assert_uint_eq(m->count, 20000);
    /* at most half full, a power of two */
    ck_assert_uint_ge(m->mask + 1, 2 * m->count);
    ck_assert_uint_eq((m->mask + 1) & m->mask, 0);
    for (i = 0; i < 20000; i++) {
        const char *k = apr_psprintf(pool, "https://o%d.example.com", i);
        const char *v = cors_strmap_get(m, k, strlen(k));
        ck_assert_ptr_nonnull(v);
        ck_assert_str_eq(v, k);
    }
    ck_assert_ptr_null(cors_strmap_get(m, "https://o20000.example.com", 26));
}
END_TEST

/* Keys that differ in a few bytes in the middle (the usual list of
 * origins) spread over the slots: short probe sequences. */
START_TEST(test_strmap_spread)
{
    static const char *const shapes[] = {
        "https://o%d.example.com", "https://%d.a.io", "http://localhost:%d",
        "x-h%d", "%d"
    };
    apr_size_t k;

    for (k = 0; k < NELTS(shapes); k++) {
        cors_strmap *m = cors_strmap_make(pool, k == 3);
        apr_size_t i, longest = 0, total = 0;
        int n;

        for (n = 0; n < 50000; n++) {
            const char *key = apr_psprintf(pool, shapes[k], n);
            cors_strmap_add(pool, m, key, strlen(key), key);
        }
        for (i = 0; i <= m->mask; i++) {
            if (m->slots[i].key) {
                apr_size_t home = (apr_size_t)(m->slots[i].hash >> m->shift);
                apr_size_t d = (i - home) & m->mask;
                total += d;
                longest = d > longest ? d : longest;
            }
        }
        /* linear probing at most half full: about 0.5 on average */
        ck_assert_msg(total < m->count, "%s: %u probes on average x1000",
                      shapes[k], (unsigned)(1000 * total / m->count));
        ck_assert_msg(longest < 64, "%s: %u probes", shapes[k],
                      (unsigned)longest);
    }
}
END_TEST

/* Probes over every key and every miss, computed here from the slots. */
static apr_size_t map_probes(const cors_strmap *m)
{
    apr_size_t i, j, n = 0;

    for (i = 0; i <= m->mask; i++) {
        if (m->slots[i].key) {
            n += ((i - (apr_size_t)(m->slots[i].hash >> m->shift))
                  & m->mask) + 1;
        }
        for (j = i; m->slots[j].key; j = (j + 1) & m->mask) {
            n++;                            /* a miss starting at i ... */
        }
        n++;                                /* ... ends on an empty slot */
    }
    return n;
}

START_TEST(test_strmap_optimize)
{
    apr_size_t sizes[] = { 1, 3, 10, 40, 300, 5000 }, k;

    for (k = 0; k < NELTS(sizes); k++) {
        cors_strmap *m = cors_strmap_make(pool, k % 2);
        apr_size_t i, before, after;

        for (i = 0; i < sizes[k]; i++) {
            const char *key = apr_psprintf(pool, "https://o%u.example.com",
                                           (unsigned)i);
            cors_strmap_add(pool, m, key, strlen(key), key);
        }
        before = map_probes(m);
        cors_strmap_optimize(pool, m);
        after = map_probes(m);
        ck_assert_msg(after <= before, "%u keys: %u probes, %u before",
                      (unsigned)sizes[k], (unsigned)after,
                      (unsigned)before);
        ck_assert_uint_eq(m->count, sizes[k]);
        /* every key still found, in any case where the map folds it */
        for (i = 0; i < sizes[k]; i++) {
            const char *key = apr_psprintf(pool, k % 2
                                           ? "HTTPS://O%u.EXAMPLE.COM"
                                           : "https://o%u.example.com",
                                           (unsigned)i);
            ck_assert_ptr_nonnull(cors_strmap_get(m, key, strlen(key)));
        }
        ck_assert_ptr_null(cors_strmap_get(m, "https://x.example.com", 21));
        /* and a key added afterwards too */
        ck_assert_ptr_null(cors_strmap_add(pool, m, "late", 4, "late"));
        ck_assert_ptr_nonnull(cors_strmap_get(m, "late", 4));
    }
}
END_TEST

START_TEST(test_strmap_empty)
{
    cors_strmap *m = cors_strmap_make(pool, 1);

    ck_assert_uint_eq(m->count, 0);
    ck_assert_ptr_null(cors_strmap_get(m, "x", 1));
    ck_assert_ptr_null(cors_strmap_get(m, "", 0));
}
END_TEST

/* ======================================================================
 * cors_regex_literals: the text every match must begin and end with,
 * read off by hand from PCRE's syntax (pcre2pattern(3))
 * ====================================================================== */

START_TEST(test_regex_literals)
{
    static const struct {
        const char *re, *prefix, *suffix;
    } cases[] = {
        { "^https://pr-[0-9]+\\.preview\\.example\\.net$",
          "https://pr-", ".preview.example.net" },
        { "^https://(app|admin)\\.example\\.com$",
          "https://", ".example.com" },
        { "^https://([a-z0-9-]+\\.)?example\\.com$",
          "https://", "example.com" },
        { "^https://a\\.com$", "https://a.com", "https://a.com" },
        { "^https?://x\\.com$", "http", "://x.com" },      /* s? */
        { "^https://x{2}\\.com$", "https://", ".com" },    /* x{2} */
        { "^https://x*\\.com$", "https://", ".com" },
        { "^https://x\\d\\.com$", "https://x", ".com" },  /* \d */
        { "^https://[]a]\\.com$", "https://", ".com" },   /* ] a member */
        { "^https://[^]a]+\\.com$", "https://", ".com" },
        { "^https://[a\\]]\\.com$", "https://", ".com" },
        { "^https://x\\.c.m$", "https://x.c", "m" },       /* . any */
        { "^https://(a|b)c$", "https://", "c" },
        { "^ab*c$", "a", "c" },
        { "^https://x\\|y$", "https://x|y", "https://x|y" },
        { "^https://\xc3\xa9\\.com$", "https://", ".com" }, /* not ASCII */
        { "^(?:www\\.)?x\\.com$", "", "x.com" },
        { "^https://x\\.com(www)+$", "https://x.com", "" },
        /* a top-level alternative: nothing is required everywhere */
        { "^a|b$", "", "" },
        { "^https://(a)|b\\.com$", "", "" },
        /* what the reading does not follow: no literal text */
        { "^(?i)https://x\\.com$", "", "" },
        { "^https://x\\.com(?#c)$", "", "" },
        { "^https://(?=x)x\\.com$", "", "" },
        { "^\\Qhttps://\\E.*$", "", "" },
        { "^https://\\c(|x$", "", "" },
        { "^https://[[:alnum:]]+\\.com$", "", "" },
        { "^(*UTF)https://x$", "", "" },
        { "^$", "", "" },
        { "https://x\\.com", "", "" },                      /* unanchored */
    };
    apr_size_t i;

    for (i = 0; i < NELTS(cases); i++) {
        const char *p, *sfx;
        apr_size_t plen, slen;

        cors_regex_literals(pool, cases[i].re, &p, &plen, &sfx, &slen);
        ck_assert_msg(!strcmp(p, cases[i].prefix)
                      && plen == strlen(cases[i].prefix),
                      "%s: prefix \"%s\", not \"%s\"", cases[i].re, p,
                      cases[i].prefix);
        ck_assert_msg(!strcmp(sfx, cases[i].suffix)
                      && slen == strlen(cases[i].suffix),
                      "%s: suffix \"%s\", not \"%s\"", cases[i].re, sfx,
                      cases[i].suffix);
    }
}
END_TEST

/* ======================================================================
 * cors_check_request_headers (SPEC 3.1, 3.3)
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
    const char *b;
    apr_size_t blen;
    cors_rh_result rc = cors_check_request_headers(l, v, count, &b, &blen);

    *bad = b ? apr_pstrmemdup(pool, b, blen) : NULL;
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

/* The same verdicts as cors_parse_request_headers, with every parsed name
 * allowed. */
START_TEST(test_check_agrees_with_parse)
{
    static const char *const values[] = {
        "", "a", "A, b", " a ,, b ,", "a b", "a,\tb\t,c", ",", "a,b\x7f",
        "x-\xff", "a;b", "a , b c", "\t", "a,,,,,,b", "(a)", "a\tb"
    };
    apr_size_t i;

    for (i = 0; i < NELTS(values); i++) {
        apr_array_header_t *names;
        const char *joined, *pbad, *cbad;
        cors_rh_result pr = cors_parse_request_headers(pool, values[i],
                                                       &names, &joined,
                                                       &pbad);
        cors_token_list *l = cors_token_list_make(pool, 1);
        int n, j;

        if (pr == CORS_RH_OK) {
            for (j = 0; j < names->nelts; j++) {
                cors_token_list_add(pool, l,
                                    APR_ARRAY_IDX(names, j, const char *));
            }
        }
        ck_assert_msg(check(l, values[i], &n, &cbad) == pr,
                      "\"%s\"", values[i]);
        if (pr == CORS_RH_OK) {
            ck_assert_int_eq(n, names->nelts);
        }
        if (pr == CORS_RH_BAD_TOKEN) {
            /* the same element (parse lowercases its copy) */
            ck_assert_str_eq(apr_pstrdup(pool, pbad),
                             apr_pstrdup(pool, cbad));
        }
    }
}
END_TEST

/* ======================================================================
 * cors_find_preflight_headers
 * ====================================================================== */

START_TEST(test_find_preflight_headers)
{
    apr_table_t *t = apr_table_make(pool, 8);
    cors_preflight_headers h;

    apr_table_addn(t, "Host", "h");
    apr_table_addn(t, "Accept", "a");
    apr_table_addn(t, "Origins", "no");
    apr_table_addn(t, "Origi", "no");
    apr_table_addn(t, "ORIGIN", "https://a.example");
    apr_table_addn(t, "Origin", "second");
    apr_table_addn(t, "Access-Control-Request-Methods", "no");
    apr_table_addn(t, "Access-Control-Request-Metho", "no");
    apr_table_addn(t, "access-control-request-method", "PUT");
    apr_table_addn(t, "Access-Control-Request-Headerz", "no");
    apr_table_addn(t, "ACCESS-CONTROL-REQUEST-HEADERS", "x-a");
    apr_table_addn(t, "Access-Control-Request-Private-Networks", "no");
    apr_table_addn(t, "Access-Control-Request-Private-Network", "true");
    apr_table_addn(t, "Accept-Encoding", "gzip");
    cors_find_preflight_headers(t, &h);
    ck_assert_str_eq(h.origin, "https://a.example");
    ck_assert_str_eq(h.method, "PUT");
    ck_assert_str_eq(h.headers, "x-a");
    ck_assert_str_eq(h.private_network, "true");

    /* names that agree once 0x20 is OR-ed in, and only then */
    t = apr_table_make(pool, 4);
    apr_table_addn(t, "Or\x09gin", "no");       /* 0x09 | 0x20 != 'i' */
    apr_table_addn(t, "Access_Control_Request_Method", "no");
    apr_table_addn(t, "Access-Control-Request\x0dMethod", "no");
    cors_find_preflight_headers(t, &h);
    ck_assert_ptr_null(h.origin);
    ck_assert_ptr_null(h.headers);
    ck_assert_ptr_null(h.private_network);
    /* CR | 0x20 is '-': no field name holds a CR (httpd ends lines
     * there), so this one is the only false match and can not occur */
    ck_assert_str_eq(h.method, "no");

    t = apr_table_make(pool, 1);
    cors_find_preflight_headers(t, &h);
    ck_assert_ptr_null(h.origin);
    ck_assert_ptr_null(h.method);
}
END_TEST

/* ====================================================================== */

static TCase *tcase(const char *name)
{
    TCase *tc = tcase_create(name);

    tcase_add_checked_fixture(tc, setup, teardown);
    return tc;
}

static Suite *cors_suite(void)
{
    Suite *s = suite_create("cors_origin");
    TCase *tc;

    tc = tcase("tokens");
    tcase_add_test(tc, test_token_accepts);
    tcase_add_test(tc, test_token_refuses);
    tcase_add_test(tc, test_token_length);
    tcase_add_test(tc, test_safelisted_methods);
    suite_add_tcase(s, tc);

    tc = tcase("patterns");
    tcase_add_test(tc, test_pattern_any_and_null);
    tcase_add_test(tc, test_pattern_exact_normalised);
    tcase_add_test(tc, test_pattern_exact_fields);
    tcase_add_test(tc, test_pattern_last_label_not_a_number);
    tcase_add_test(tc, test_pattern_ipv6);
    tcase_add_test(tc, test_pattern_wildcards);
    tcase_add_test(tc, test_pattern_plain_http);
    tcase_add_test(tc, test_pattern_plain_http_127_domain);
    tcase_add_test(tc, test_pattern_refused_syntax);
    tcase_add_test(tc, test_pattern_refused_wildcards);
    tcase_add_test(tc, test_pattern_refused_ipv4);
    tcase_add_test(tc, test_pattern_long_host);
    suite_add_tcase(s, tc);

    tc = tcase("split");
    tcase_add_test(tc, test_split_accepts);
    tcase_add_test(tc, test_split_refuses);
    tcase_add_test(tc, test_split_length);
    suite_add_tcase(s, tc);

    tc = tcase("sets");
    tcase_add_test(tc, test_set_make_empty);
    tcase_add_test(tc, test_set_exact);
    tcase_add_test(tc, test_set_null);
    tcase_add_test(tc, test_set_any_flag);
    tcase_add_test(tc, test_set_subdomains);
    tcase_add_test(tc, test_set_ports);
    tcase_add_test(tc, test_set_huge_origins);
    tcase_add_test(tc, test_set_many_exact);
    tcase_add_test(tc, test_set_plain_http);
    tcase_add_test(tc, test_wildcard_match_direct);
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
    suite_add_tcase(s, tc);

    tc = tcase("vary");
    tcase_add_test(tc, test_vary_has);
    suite_add_tcase(s, tc);

    tc = tcase("maps");
    tcase_add_test(tc, test_lower64_every_byte);
    tcase_add_test(tc, test_tchar_every_byte);
    tcase_add_test(tc, test_strmap_exact);
    tcase_add_test(tc, test_strmap_fold);
    tcase_add_test(tc, test_strmap_many);
    tcase_add_test(tc, test_strmap_spread);
    tcase_add_test(tc, test_strmap_optimize);
    tcase_add_test(tc, test_strmap_empty);
    suite_add_tcase(s, tc);

    tc = tcase("regex_literals");
    tcase_add_test(tc, test_regex_literals);
    suite_add_tcase(s, tc);

    tc = tcase("request_headers_check");
    tcase_add_test(tc, test_check_request_headers);
    tcase_add_test(tc, test_check_request_headers_bounds);
    tcase_add_test(tc, test_check_agrees_with_parse);
    tcase_add_test(tc, test_find_preflight_headers);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    if (apr_initialize() != APR_SUCCESS) {
        return EXIT_FAILURE;
    }
    sr = srunner_create(cors_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
