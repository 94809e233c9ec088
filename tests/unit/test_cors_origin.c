/* Unit tests of cors_origin.c (Check): origin patterns, request origins,
 * origin sets.
 *
 * Expectations come from the WHATWG URL Standard (host parsing, IPv4 and
 * IPv6 serialisation, default ports), the WHATWG Fetch Standard (the
 * serialised origin a browser sends, CORS-safelisted methods, the CORS
 * protocol) and RFC 9110 (tokens, lists).  They are written from those
 * documents, not from the output of the code under test.
 */

#include "unit.h"
#include "cors_origin.h"

/* ======================================================================
 * cors_pattern_parse
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

    /* the common development pattern stays valid */
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
     * address; accept only the dotted-quad form browsers send. */
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
 * cors_origin_set_make / _add / _match
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
    cors_origin_result quick = cors_origin_set_allows(set, origin,
                                                      strlen(origin));

    ck_assert_msg(got == want, "match(\"%s\") = %d, want %d", origin,
                  (int)got, (int)want);
    /* the quick match allows the same origins; it tells a malformed value
     * apart only where wildcard patterns have it split */
    ck_assert_msg(quick == want
                  || (want == CORS_ORIGIN_MALFORMED
                      && set->wildcards->nelts == 0
                      && quick == CORS_ORIGIN_NO_MATCH),
                  "allows(\"%s\") = %d, want %d", origin, (int)quick,
                  (int)want);
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

/* Where nobody needs the reason, a set without wildcard patterns skips
 * the syntax check: a malformed value is simply not allowed. */
#define ALLOWS(o, want) \
    ck_assert_int_eq(cors_origin_set_allows(set, (o), strlen(o)), (want))

START_TEST(test_set_allows_skips_the_syntax_check)
{
    static const char *const exact[] = { "https://a.com", NULL };
    static const char *const wild[] = { "https://a.com",
                                        "https://*.b.com", NULL };
    char huge[CORS_MAX_ORIGIN_LEN + 2];
    cors_origin_set *set = make_set(exact);

    ALLOWS("https://a.com", CORS_ORIGIN_MATCH);
    ALLOWS("https://A.com", CORS_ORIGIN_NO_MATCH);
    BAD("https://A.com");
    ALLOWS("null", CORS_ORIGIN_NO_MATCH);

    set = make_set(wild);
    ALLOWS("https://x.b.com", CORS_ORIGIN_MATCH);
    ALLOWS("https://X.b.com", CORS_ORIGIN_MALFORMED);

    /* the length bound holds whatever the set */
    memset(huge, 'a', sizeof(huge) - 1);
    huge[sizeof(huge) - 1] = '\0';
    ALLOWS(huge, CORS_ORIGIN_MALFORMED);
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

    /* an 8 KB Origin */
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
    ck_assert_uint_eq(apr_hash_count(set->exact), 1000);
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
 * cors_token_list
 * ====================================================================== */

/* --- Origin lists (CORSAllowOriginMap txt:) ------------------------------ */

/* Parses text (copied: the parser cuts it into lines) as an origin list. */
static const char *parse_list(const char *text, cors_origin_set **set,
                              cors_list_error *err)
{
    char *copy = apr_pstrdup(pool, text);

    return cors_origin_list_parse(pool, copy, strlen(text), set, err);
}

START_TEST(test_list_parses_patterns_comments_blanks)
{
    cors_origin_set *set = NULL;
    cors_list_error err;

    ck_assert_ptr_null(parse_list("# tenants\n"
                                  "  HTTPS://App.Example.com:443  \n"
                                  "\n\t\n"
                                  "   # indented comment\n"
                                  "https://*.preview.example.org\r\n"
                                  "http://localhost:*\n"
                                  "null", &set, &err));
    ck_assert_ptr_nonnull(set);
    ck_assert_int_eq(set->count, 4);
    MATCH("https://app.example.com");
    MATCH("https://pr-1.preview.example.org");
    MATCH("http://localhost:8080");
    MATCH("null");
    MISS("https://preview.example.org");
    MISS("https://evil.example.com");
    ck_assert_int_eq(err.line, 0);
}
END_TEST

START_TEST(test_list_empty)
{
    cors_origin_set *set = NULL;
    cors_list_error err;

    ck_assert_ptr_null(parse_list("", &set, &err));
    ck_assert_int_eq(set->count, 0);
    ck_assert_ptr_null(parse_list("# nothing yet\n\n", &set, &err));
    ck_assert_int_eq(set->count, 0);
    MISS("https://a.com");
}
END_TEST

START_TEST(test_list_refuses_with_line_and_value)
{
    static const struct {
        const char *text;
        int line;
        const char *value;
        const char *reason;
    } bad[] = {
        { "https://a.com\n*\n", 2, "*", "'*' allows every origin" },
        { "https://a.com\n\n# c\nhttps://*.com\n", 4, "https://*.com",
          "public suffix" },
        { "https://a.com https://b.com\n", 1, "https://a.com https://b.com",
          "one origin per line" },
        { "https://a.com\thttps://b.com", 1, "https://a.com\thttps://b.com",
          "one origin per line" },
        { "https://a.com/x\n", 1, "https://a.com/x", "path" },
        { "\n\na.com\n", 3, "a.com", "no scheme" },
        { "https://a.com # the app\n", 1, "https://a.com # the app",
          "one origin per line" },
    };
    cors_origin_set *set;
    cors_list_error err;
    apr_size_t i;

    for (i = 0; i < NELTS(bad); i++) {
        const char *why;

        set = NULL;
        why = parse_list(bad[i].text, &set, &err);
        ck_assert_msg(why && strstr(why, bad[i].reason), "%s: %s",
                      bad[i].text, why ? why : "accepted");
        ck_assert_ptr_null(set);
        ck_assert_int_eq(err.line, bad[i].line);
        ck_assert_str_eq(err.value, bad[i].value);
    }
}
END_TEST

START_TEST(test_list_nul_byte)
{
    char text[] = "https://a.com\nhttps://b\0.com\n";
    cors_origin_set *set = NULL;
    cors_list_error err;
    const char *why = cors_origin_list_parse(pool, text, sizeof(text) - 1,
                                             &set, &err);

    ck_assert_ptr_nonnull(why);
    ck_assert_ptr_nonnull(strstr(why, "NUL"));
    ck_assert_int_eq(err.line, 2);
}
END_TEST

START_TEST(test_list_many_lines)
{
    apr_size_t n = 100000, i;
    char *text = apr_palloc(pool, n * 40 + 1), *p = text;
    cors_origin_set *set = NULL;
    cors_list_error err;

    for (i = 0; i < n; i++) {
        p += apr_snprintf(p, 40, "https://t%lu.example.com\n",
                          (unsigned long)i);
    }
    ck_assert_ptr_null(cors_origin_list_parse(pool, text,
                                              (apr_size_t)(p - text), &set,
                                              &err));
    ck_assert_int_eq(set->count, (int)n);
    MATCH("https://t0.example.com");
    MATCH("https://t99999.example.com");
    MISS("https://t100000.example.com");
}
END_TEST

static Suite *origin_suite(void)
{
    Suite *s = suite_create("cors_origin");
    TCase *tc;

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
    tcase_add_test(tc, test_set_allows_skips_the_syntax_check);
    tcase_add_test(tc, test_set_null);
    tcase_add_test(tc, test_set_any_flag);
    tcase_add_test(tc, test_set_subdomains);
    tcase_add_test(tc, test_set_ports);
    tcase_add_test(tc, test_set_huge_origins);
    tcase_add_test(tc, test_set_many_exact);
    tcase_add_test(tc, test_set_plain_http);
    tcase_add_test(tc, test_wildcard_match_direct);
    suite_add_tcase(s, tc);

    tc = tcase("lists");
    tcase_add_test(tc, test_list_parses_patterns_comments_blanks);
    tcase_add_test(tc, test_list_empty);
    tcase_add_test(tc, test_list_refuses_with_line_and_value);
    tcase_add_test(tc, test_list_nul_byte);
    tcase_add_test(tc, test_list_many_lines);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    return run_suite(origin_suite());
}
