"""The misconfiguration probes of CORS scanners (Corsy, CORScanner,
nuclei's cors-misconfig, PortSwigger's research) against typical
credentialed policies: none is ever reflected or gets credentials."""

import pytest

CONF = """
<Location /exact>
    CORSAllowOrigin https://app.example.com
    CORSAllowCredentials On
</Location>
<Location /wildcard>
    CORSAllowOrigin https://*.example.com
    CORSAllowCredentials On
</Location>
<Location /regex>
    CORSAllowOriginMatch "^https://(app|admin)\\.example\\.com$"
    CORSAllowCredentials On
</Location>
"""

HOST = "app.example.com"


def probes():
    """(origin, why) pairs a scanner sends for the target app.example.com;
    none of them is an origin the policies above allow."""
    p = [
        ("https://evil.com", "reflected arbitrary origin"),
        ("null", "null origin"),
        ("https://app.example.com.evil.com", "suffix: trusted as prefix"),
        ("https://app.example.comevil.com", "suffix without dot"),
        ("https://evilapp.example.com.evil.net", "prefix + suffix"),
        ("https://evilexample.com", "prefix: unanchored domain"),
        ("https://example.com.evil.com", "parent domain as prefix"),
        ("https://appxexample.com", "unescaped dot"),
        ("https://app.examplexcom", "unescaped dot at the end"),
        ("https://app.example.com_.evil.com", "underscore trick"),
        ("https://app.example.com`.evil.com", "backtick trick"),
        ("https://app.example.com%60.evil.com", "encoded backtick"),
        ("https://app.example.com!.evil.com", "special character"),
        ("https://app.example.com'.evil.com", "quote"),
        ("https://app.example.com&.evil.com", "ampersand"),
        ("https://app.example.com=.evil.com", "equals"),
        ("https://app.example.com{.evil.com", "brace"),
        ("https://app.example.com}.evil.com", "brace"),
        ("https://app.example.com|.evil.com", "pipe"),
        ("https://app.example.com~.evil.com", "tilde"),
        ("https://app.example.com+.evil.com", "plus"),
        ("https://app.example.com;.evil.com", "semicolon"),
        ("http://app.example.com", "http downgrade"),
        ("https://APP.EXAMPLE.COM", "uppercase"),
        ("HTTPS://app.example.com", "uppercase scheme"),
        ("https://app.example.com/", "trailing slash"),
        ("https://app.example.com/path", "path"),
        ("https://app.example.com:443", "explicit default port"),
        ("https://app.example.com:8443", "other port"),
        ("https://user@app.example.com", "userinfo"),
        ("https://evil.com@app.example.com", "userinfo host"),
        ("https://app.example.com@evil.com", "userinfo trick"),
        ("https://app.example.com.", "trailing dot"),
        ("https://app.example.com, https://evil.com", "comma-joined"),
        ("https://evil.com https://app.example.com", "space-joined"),
        ("https://app.example.com\\.evil.com", "backslash"),
        ("https://app.example.com%00.evil.com", "encoded NUL"),
        ("https://app.example.com%2e.evil.com", "encoded dot"),
        ("file://", "file scheme"),
        ("https://localhost", "localhost"),
        ("https://127.0.0.1", "loopback address"),
        ("https://xn--app-exmple-8ub.com", "punycode lookalike"),
        ("https://app.example.co", "truncated TLD"),
        ("https://pp.example.com.evil.com", "suffix"),
        ("*", "literal star"),
        ("", "empty origin"),
        ("https://", "empty host"),
        ("https:// app.example.com", "space in host"),
    ]
    return p


SERVER = dict(body=CONF, files={f"{d}/x.txt": "x\n" for d in (
    "exact", "wildcard", "regex")})


@pytest.mark.parametrize("path", ["/exact/x.txt", "/wildcard/x.txt",
                                  "/regex/x.txt"])
def test_no_probe_is_reflected(s, path):
    reflected = []
    for origin, why in probes():
        for r in (s.get(path, origin),
                  s.preflight(path, origin, "GET")):
            acao = r.headers_named("Access-Control-Allow-Origin")
            acac = r.headers_named("Access-Control-Allow-Credentials")
            if acao or acac:
                reflected.append((origin, why, acao, acac))
            if origin and origin != "*":
                assert origin not in repr(r.headers), (origin, r.headers)
    assert reflected == []
    # and the policies do allow what they should
    good = {"/exact/x.txt": ["https://app.example.com"],
            "/wildcard/x.txt": ["https://app.example.com",
                                "https://a.b.example.com"],
            "/regex/x.txt": ["https://app.example.com",
                             "https://admin.example.com"]}[path]
    for origin in good:
        r = s.get(path, origin)
        assert r.header("Access-Control-Allow-Origin") == origin
        assert r.header("Access-Control-Allow-Credentials") == "true"


def test_probe_count():
    # the closing note reports how many probes run: keep the list honest
    assert len(probes()) >= 45
    assert len({o for o, _ in probes()}) == len(probes())
