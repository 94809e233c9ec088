"""The browser as judge: headless Chromium runs cross-origin fetch() calls
from a page on one origin to mod_cors on another, and the test reads the
browser's verdicts (allowed and readable, or blocked)."""

import json
from pathlib import Path

import pytest

import cors_harness as harness
import engines


HERE = Path(__file__).resolve().parent
CHROMIUM = engines.CHROMIUM

CGI = "#!/bin/sh\necho 'Status: 500 Broken'\necho 'Content-Type: text/plain'\n" \
      "echo\necho broken\n"

VHOSTS = engines.REPORT_LOG + """
ScriptSock "{root}/cgisock"
# on the page's origin: a request that takes 6 s of real time, which the
# page waits for so that Chromium's 5-second default preflight cache expires
ScriptAlias /wait/ "{docroot}/wait/"
<Files "sandboxed.html">
    Header set Content-Security-Policy "sandbox allow-scripts"
</Files>
<VirtualHost 127.0.0.1:{port1}>
    # the name the page calls it by, and the certificate's (else mod_ssl
    # warns, AH01909)
    ServerName localhost
    DocumentRoot "{docroot}/api"
    {api_tls}
    CORSAllowOrigin {page_origin}
    CORSAllowMethods PUT PATCH DELETE
    CORSAllowHeaders Content-Type X-Custom
    CORSExposeHeaders X-Exposed
    Header always set X-Exposed "yes"
    Header always set X-Hidden "yes"
    <Location /deny>
        CORSAllowOrigin https://other.example.com
    </Location>
    <Location /lower>
        CORSAllowMethods PATCH
    </Location>
    <Location /creds>
        CORSAllowCredentials On
    </Location>
    # the API origin sets a cookie that credentialed requests carry
    <Location /set-cookie>
        CORSAllowCredentials On
        Header always set Set-Cookie "sid=42; Path=/; SameSite=None; Secure"
    </Location>
    <Location /star>
        CORSAllowOrigin *
    </Location>
    <Location /anyhdr>
        CORSAllowCredentials On
        CORSAllowHeaders *
    </Location>
    <Location /auth>
        AuthType Basic
        AuthName "api"
        AuthUserFile "{root}/htpasswd"
        Require valid-user
    </Location>
    ScriptAlias /cgi/ "{docroot}/api/cgi/"
    ProxyPass /proxy/ {backend}/
    <Location /proxy/>
        CORSAllowCredentials On
    </Location>
    <Location /cache600>
        CORSMaxAge 600
    </Location>
    <Location /cache0>
        CORSMaxAge 0
    </Location>
    <Location /nullok>
        CORSAllowOrigin null
    </Location>
    <Location /anyhdr-public>
        CORSAllowHeaders *
    </Location>
    <Location /exposestar>
        CORSExposeHeaders *
    </Location>
    <Location /status200>
        CORSPreflightStatus 200
    </Location>
    # redirects every method, OPTIONS included, to the same API origin
    Redirect 302 /moved/x.txt /x.txt
</VirtualHost>
<VirtualHost 127.0.0.1:{port2}>
    ServerName backend
    {backend_tls}
    DocumentRoot "{docroot}/backend"
    Header always set Access-Control-Allow-Origin "*"
</VirtualHost>
"""

# name -> (verdict, status or None)
EXPECTED = {
    "simple-allowed": ("allowed", 200),
    "simple-refused": ("blocked", None),
    "json-post-allowed": ("allowed", 200),
    "json-post-refused": ("blocked", None),
    "put-custom": ("allowed", 405),
    "patch-custom": ("allowed", 405),
    "delete-custom": ("allowed", 405),
    "header-not-allowed": ("blocked", None),
    "method-not-allowed": ("blocked", None),
    "patch-uppercase": ("allowed", 405),
    "patch-lowercase": ("blocked", None),
    "credentials-allowed": ("allowed", 200),
    "credentials-star": ("blocked", None),
    "star-without-credentials": ("allowed", 200),
    "authorization-star": ("allowed", 200),
    "authorization-listed-only-custom": ("blocked", None),
    "exposed": ("allowed", 200),
    "not-found": ("allowed", 404),
    "unauthorized": ("allowed", 401),
    "server-error": ("allowed", 500),
    "proxy-own-acao": ("allowed", 200),
    "cache-600-first": ("allowed", 405),
    "cache-600-second": ("allowed", 405),
    "cache-0-first": ("allowed", 405),
    "cache-0-second": ("allowed", 405),
    "cache-none-first": ("allowed", 405),
    "cache-none-after-expiry": ("allowed", 405),
    "set-cookie": ("allowed", 200),
    "cookie-credentials-allowed": ("allowed", 200),
    "cookie-credentials-star": ("blocked", None),
    "null-not-listed": ("blocked", None),
    "null-listed": ("allowed", 200),
    # mod_cors answers '*' with the names asked for, so Authorization,
    # which a literal '*' would not cover, is allowed
    "authorization-star-no-credentials": ("allowed", 200),
    # a literal '*' (no credentials): every header readable
    "expose-star": ("allowed", 200),
    # any 2xx answers a preflight
    "preflight-200": ("allowed", 405),
    # an actual request follows a redirect that carries the CORS headers
    "redirect-simple": ("allowed", 200),
    # a preflight must not be redirected (mod_alias redirects OPTIONS too)
    "redirect-preflighted": ("blocked", None),
}

FILES = {"page.html": (HERE / "page.html").read_text(),
         "report.js": (HERE / "report.js").read_text(),
         "wait/six.cgi": "#!/bin/sh\nsleep 6\necho 'Content-Type: text/plain'"
                         "\necho\necho waited\n",
         "sandboxed.html": (HERE / "sandboxed.html").read_text(),
         "backend/x.txt": "backend\n", "api/cgi/fail.cgi": CGI}
for d in ("", "deny/", "lower/", "creds/", "star/", "anyhdr/", "auth/",
          "cache600/", "cache0/", "cachenone/", "nullok/", "set-cookie/",
          "anyhdr-public/", "exposestar/", "status200/"):
    FILES[f"api/{d}x.txt"] = "x\n"


chromium_dom = engines.chromium_dom
verdicts = engines.dom_results


def start(httpd_factory, scheme="http", extra_conf="", modules=(),
          api_tls=""):
    """The page on {port0}, the API on {port1}, a backend on {port2}."""
    body = VHOSTS.replace("{page_origin}", scheme + "://127.0.0.1:{port0}")
    body = body.replace("{api_tls}", api_tls)
    body = body.replace("{backend_tls}", "SSLEngine off" if api_tls else "")
    body = body.replace("{backend}", "http://127.0.0.1:{port2}")
    s = httpd_factory(extra_conf + body, files=FILES, ports=3,
                      modules=["cgid", "proxy", "proxy_http", *modules])
    (s.docroot / "api" / "cgi" / "fail.cgi").chmod(0o755)
    (s.docroot / "wait" / "six.cgi").chmod(0o755)
    (s.root / "htpasswd").write_text("u:{SHA}4bm1NqZ3OSTB+uQeiF/ehA2rbXU=\n")
    return s, f"{scheme}://127.0.0.1:{s.ports[0]}"


def check_verdicts(s, page_origin, api, engine, trust=None):
    got = engines.run_page(engine, s, f"{page_origin}/page.html?api={api}",
                           trust=trust)
    # a sandboxed document (opaque origin) sends Origin: null
    got.update(engines.run_page(
        engine, s, f"{page_origin}/sandboxed.html?api={api}", trust=trust))
    wrong = {}
    expected = {**EXPECTED, **ENGINE_DIFFERENCES.get(engine, {})}
    for name, (verdict, status) in expected.items():
        r = got.get(name)
        if r is None or r["verdict"] != verdict or (
                status is not None and r.get("status") != status):
            wrong[name] = r
    assert wrong == {}, json.dumps(wrong, indent=1)
    assert got["exposed"]["headers"] == {"X-Exposed": "yes",
                                         "X-Hidden": None}
    assert got["expose-star"]["headers"] == {"X-Hidden": "yes"}
    # preflight caching, counted where it happens: the access log
    # (each line is logged after its answer, by the thread that gave it:
    # wait for all of them, in any order)
    counts = {"OPTIONS /cache600/x.txt": 1, "OPTIONS /cache0/x.txt": 2,
              "OPTIONS /cachenone/x.txt": 2, "PUT /cachenone/x.txt": 2}
    log = s.access_log(wait_for=lambda t: all(
        t.count(k) >= n for k, n in counts.items()))
    # no CORSMaxAge: cached for the 5 s default, asked again after
    assert {k: log.count(k) for k in counts} == counts, log


# Where an engine's verdict differs from EXPECTED (the Fetch Standard's),
# and why.
ENGINE_DIFFERENCES = {}


@pytest.mark.parametrize("engine", engines.ENGINES)
def test_browser_verdicts(httpd_factory, engine):
    s, page_origin = start(httpd_factory)
    check_verdicts(s, page_origin, f"http://localhost:{s.ports[1]}",
                   engine)


@pytest.mark.expect_log(harness.OPENSSL_MISMATCH)
@pytest.mark.parametrize("engine", engines.ENGINES)
def test_browser_verdicts_over_http2_tls(httpd_factory, tmp_path, engine):
    tls = harness.h2_tls(tmp_path)
    s, page_origin = start(
        httpd_factory, scheme="https", modules=harness.H2_TLS_MODULES,
        extra_conf=tls + 'LogFormat "%H %m %U" proto\n'
        'CustomLog "{root}/proto_log" proto\n',
        api_tls=tls.replace("\n", "\n    "))
    # the self-signed certificate is trusted in this test only
    check_verdicts(s, page_origin, f"https://localhost:{s.ports[1]}",
                   engine, trust=tmp_path)
    protos = (s.root / "proto_log").read_text()
    assert "HTTP/2.0 GET /page.html" in protos, protos
    assert "HTTP/2.0 OPTIONS /cache0/x.txt" in protos, protos


TIMING = """
<VirtualHost 127.0.0.1:{port1}>
    ServerName localhost
    DocumentRoot "{docroot}/api"
    CORSAllowOrigin http://127.0.0.1:{port0}
    <Location /timing>
        CORSTimingAllowOrigin On
    </Location>
</VirtualHost>
"""


@pytest.mark.parametrize("engine", engines.ENGINES)
def test_timing_allow_origin_exposes_resource_timing(httpd_factory, engine):
    """CORSTimingAllowOrigin On: the browser gives the page the detailed
    timings of the cross-origin request; without it, they are zero."""
    s = httpd_factory(engines.REPORT_LOG + TIMING, ports=2, files={
        "timing.html": (HERE / "timing.html").read_text(),
        "report.js": (HERE / "report.js").read_text(),
        "api/timing/x.txt": "x\n", "api/plain/x.txt": "x\n"})
    got = engines.run_page(
        engine, s, f"http://127.0.0.1:{s.ports[0]}/timing.html"
        f"?api=http://localhost:{s.ports[1]}")
    assert got["with"]["requestStart"] > 0, got
    assert got["with"]["responseStart"] > 0, got
    assert got["without"] == {"requestStart": 0, "responseStart": 0}, got
