"""CORSAllowOriginMatch at scale and at the edges of PCRE's syntax: each
case is allowed exactly when PCRE matches the whole origin (these cases
also guarded an earlier pre-filter that read literal text off the
patterns)."""

import pytest

PATTERNS = [f"^https://r{i}-[0-9]+\\.example\\.net$" for i in range(100)] + [
    "^(?i)https://CASE\\.example\\.com$",            # no literal text
    "^https://a\\.example\\.com$|^https://b\\.example\\.com$",  # top-level |
    "^https://(app|admin)\\.example\\.com$",
    "^https?://opt\\.example\\.com$",                # 's' optional
    "^https://x{2}\\.example\\.com$",                 # a quantifier
    "^https://lit\\{\\.example\\.com$",               # an escaped brace
    "^https://([a-z]+\\.)?deep\\.example\\.com$",
    "^https://(?:www\\.)?nc\\.example\\.com$",
]

CONF = "<Location /re>\n" + "".join(
    f'    CORSAllowOriginMatch "{p}"\n' for p in PATTERNS) + "</Location>\n"

ALLOWED = [
    "https://r99-7.example.net", "https://r0-1.example.net",
    "https://r57-123.example.net",
    "https://case.example.com",
    "https://a.example.com", "https://b.example.com",
    "https://app.example.com", "https://admin.example.com",
    "http://opt.example.com", "https://opt.example.com",
    "https://xx.example.com",
    "https://deep.example.com", "https://a.deep.example.com",
    "https://nc.example.com", "https://www.nc.example.com",
]
REFUSED = [
    "https://r100-7.example.net", "https://r9-.example.net",
    "https://r99-7.example.net.evil", "https://r99-7xexample.net",
    "https://a.example.com.evil", "https://c.example.com",
    "https://apps.example.com", "https://opt.example.co",
    "https://x.example.com", "https://xxx.example.com",
    "https://lit.example.com", "https://deep.example.comx",
    "https://www.www.nc.example.com",
]


SERVER = dict(body=CONF, files={"re/f.txt": "f\n"})


@pytest.mark.parametrize("origin", ALLOWED)
def test_allowed(s, origin):
    r = s.get("/re/f.txt", origin)
    assert r.header("Access-Control-Allow-Origin") == origin, r


@pytest.mark.parametrize("origin", REFUSED)
def test_refused(s, origin):
    r = s.get("/re/f.txt", origin)
    assert r.acx() == [], r


def test_preflight_against_the_last_pattern(s):
    r = s.preflight("/re/f.txt", "https://r99-7.example.net", "GET")
    assert r.status == 204
    assert r.header("Access-Control-Allow-Origin") == \
        "https://r99-7.example.net"


def test_case_insensitive_default(httpd_factory):
    """RegexDefaultOptions +ICASE applies to the patterns."""
    s = httpd_factory(
        "RegexDefaultOptions +ICASE\n<Location /re>\n"
        '    CORSAllowOriginMatch "^https://UP\\.EXAMPLE\\.COM$"\n'
        "</Location>\n", files={"re/f.txt": "f\n"})
    r = s.get("/re/f.txt", "https://up.example.com")
    assert r.header("Access-Control-Allow-Origin") == \
        "https://up.example.com"
    assert s.get("/re/f.txt", "https://down.example.com").acx() == []
