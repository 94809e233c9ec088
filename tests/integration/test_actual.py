"""Actual (non-preflight) requests: origins, credentials, exposed headers,
Vary, every status."""

import pytest

APP = "https://app.example.com"

CGI = """#!/bin/sh
echo "Status: ${QUERY_STRING:-500} Broken"
echo "Content-Type: text/plain"
echo "Access-Control-Allow-Origin: https://evil.example"
echo "Access-Control-Allow-Credentials: true"
echo "Access-Control-Expose-Headers: X-Secret"
echo "Access-Control-Max-Age: 99"
echo "Vary: Accept-Language"
echo
echo body
"""

CONF = """
ScriptSock "{root}/cgisock"
CORSAllowOrigin HTTPS://App.Example.COM:443 https://*.example.org \
                http://localhost:* http://[0:0:0:0:0:0:0:1]:8080 \
                capacitor://localhost
CORSAllowOriginMatch "^https://pr-[0-9]+\\.preview\\.example\\.net$"
CORSAllowCredentials On
CORSExposeHeaders X-Request-Id X-Total

<Location /star>
    CORSAllowOrigin *
    CORSAllowCredentials Off
    CORSExposeHeaders *
</Location>
<Location /star-inherits-credentials>
    CORSAllowOrigin *
</Location>
<Location /nullok>
    CORSAllowOrigin null https://app.example.com
</Location>
<Location /exactonly>
    CORSAllowOrigin https://app.example.com
</Location>
<Location /nocreds>
    CORSAllowCredentials Off
</Location>
<Location /hdr>
    Header always set Access-Control-Allow-Origin "https://evil.example"
    Header always set Access-Control-Allow-Credentials "true"
    Header set Access-Control-Expose-Headers "X-Secret"
    Header always set Access-Control-Allow-Methods "TRACE"
    Header always set Vary "Accept-Encoding"
</Location>
<Location /hdr-vary-origin>
    Header always set Vary "origin"
</Location>
Redirect 302 /moved /index.html
Redirect 301 /moved-permanently /index.html
<Location /denied>
    Require all denied
</Location>
<Location /requireall>
    <RequireAll>
        Require ip 127.0.0.1
        Require ip 192.0.2.1
    </RequireAll>
</Location>
<Location /deflate>
    SetOutputFilter DEFLATE
</Location>
ScriptAlias /cgi/ "{docroot}/cgi/"
<Location /err-local>
    ErrorDocument 404 /errpage.html
</Location>
<Location /err-remote>
    ErrorDocument 404 https://errors.example.com/404
</Location>
<Location /errpage.html>
    # the ErrorDocument's own location must not change the policy applied
    CORSAllowOrigin https://other.example.com
</Location>
"""


SERVER = dict(
    body=CONF, modules=["cgid", "deflate", "filter"],
    files={"cgi/fail.cgi": CGI, "errpage.html": "custom error\n",
           "star/a.txt": "a\n", "hdr/a.txt": "a\n",
           "deflate/big.txt": "compressible text\n" * 200},
    # the startup warning for /nullok, which lists null on purpose
    expect_log=[r"\[cors:warn\].*CORSAllowOrigin 'null': the opaque origin "
                r"'null' is also sent by sandboxed iframes"])


@pytest.fixture(scope="module", autouse=True)
def cgi_mode(s):
    (s.docroot / "cgi" / "fail.cgi").chmod(0o755)


def allowed(r, origin=APP, creds=True, expose=("X-Request-Id", "X-Total")):
    assert r.header("Access-Control-Allow-Origin") == origin, r
    assert r.header("Access-Control-Allow-Credentials") == (
        "true" if creds else None)
    assert r.tokens("Access-Control-Expose-Headers") == list(expose)
    assert r.tokens("Vary").count("Origin") == 1


def refused(r, vary=True):
    assert r.acx() == [], r
    if vary:
        assert r.tokens("Vary").count("Origin") == 1, r


def test_allowed_origin_normalised_config(s):
    allowed(s.get("/index.html", APP))


def test_exact_match_is_byte_exact(s):
    for o in ("https://APP.example.com", "https://app.example.com:443",
              "https://app.example.com/", "http://app.example.com",
              "https://app.example.com.", "https://app.example.com:",
              "https://app.example.com.evil.net",
              "https://evilapp.example.com"):
        refused(s.get("/index.html", o))


def test_no_origin(s):
    r = s.get("/index.html")
    assert r.status == 200
    refused(r)


def test_subdomain_wildcard(s):
    for o in ("https://a.example.org", "https://x-1.y_2.example.org"):
        allowed(s.get("/index.html", o), o)
    for o in ("https://example.org", "http://a.example.org",
              "https://a.example.org:8443", "https://aexample.org",
              "https://a.example.org.evil.net", "https://.example.org",
              "https://a..example.org"):
        refused(s.get("/index.html", o))


def test_port_wildcard(s):
    for o in ("http://localhost", "http://localhost:1", "http://localhost:65535"):
        allowed(s.get("/index.html", o), o)
    for o in ("https://localhost:3000", "http://localhost:0",
              "http://localhost:03000", "http://localhost:", "http://localhost.evil.net"):
        refused(s.get("/index.html", o))


def test_ipv6_and_custom_scheme(s):
    allowed(s.get("/index.html", "http://[::1]:8080"), "http://[::1]:8080")
    refused(s.get("/index.html", "http://[0:0:0:0:0:0:0:1]:8080"))
    allowed(s.get("/index.html", "capacitor://localhost"),
            "capacitor://localhost")


def test_regex_origin(s):
    allowed(s.get("/index.html", "https://pr-42.preview.example.net"),
            "https://pr-42.preview.example.net")
    for o in ("https://pr-x.preview.example.net",
              "https://pr-1.preview.example.net.evil.com",
              "https://pr-1Xpreview.example.net",
              "https://pr-1.preview.example.net/"):
        refused(s.get("/index.html", o))


def test_null_only_when_listed(s):
    refused(s.get("/index.html", "null"))
    allowed(s.get("/nullok/", "null"), "null")


def test_credentials_off(s):
    allowed(s.get("/nocreds/", APP), creds=False)


def test_star_without_credentials_has_no_vary(s):
    for o in ("https://anything.test", "null", "not an origin", None):
        r = s.get("/star/a.txt", o)
        assert r.status == 200
        if o is None:
            assert r.acx() == []
        else:
            assert r.header("Access-Control-Allow-Origin") == "*"
            assert r.header("Access-Control-Allow-Credentials") is None
            assert r.header("Access-Control-Expose-Headers") == "*"
        assert "Origin" not in r.tokens("Vary")


@pytest.mark.expect_log(r"\[cors:error\].*CORSAllowCredentials On is "
                        r"inherited.*CORSAllowOrigin '\*'")
def test_star_meeting_inherited_credentials(s):
    for _ in range(3):
        r = s.get("/star-inherits-credentials/", "https://x.test")
        assert r.header("Access-Control-Allow-Origin") == "*"
        assert r.header("Access-Control-Allow-Credentials") is None
    log = s.peek_log()
    # once per scope and process: at most one line per child process
    errors = [ln for ln in log.splitlines() if "[cors:error]" in ln]
    pids = {ln.split("[pid ")[1].split(":")[0] for ln in errors}
    assert 1 <= len(errors) == len(pids)


def test_handler_headers_replaced(s):
    r = s.get("/hdr/a.txt", APP)
    assert r.status == 200
    allowed(r)
    assert r.header("Access-Control-Allow-Methods") is None
    assert sorted(r.tokens("Vary")) == ["Accept-Encoding", "Origin"]


def test_handler_headers_removed_for_refused_origin(s):
    r = s.get("/hdr/a.txt", "https://evil.example")
    refused(r)
    r = s.get("/hdr/missing", "https://evil.example")
    assert r.status == 404
    refused(r)


def test_existing_vary_origin_not_duplicated(s):
    r = s.get("/hdr-vary-origin/", APP)
    assert [t.lower() for t in r.tokens("Vary")] == ["origin"]


def test_cgi_headers_replaced_on_500(s):
    r = s.get("/cgi/fail.cgi", APP)
    assert r.status == 500
    allowed(r)
    assert r.header("Access-Control-Max-Age") is None
    assert sorted(r.tokens("Vary")) == ["Accept-Language", "Origin"]
    r = s.get("/cgi/fail.cgi", "https://evil.example")
    assert r.status == 500
    refused(r)


def test_cgi_own_status_400(s):
    r = s.get("/cgi/fail.cgi?400", APP)
    assert r.status == 400
    allowed(r)


@pytest.mark.parametrize("path,status", [
    ("/index.html", 200), ("/moved", 302), ("/moved-permanently", 301),
    ("/missing", 404), ("/denied/x", 403), ("/requireall/x", 403),
    ("/err-local/missing", 404), ("/err-remote/missing", 302),
])
@pytest.mark.expect_log("AH01630: client denied")
def test_every_status_carries_headers(s, path, status):
    r = s.get(path, APP)
    assert r.status == status
    allowed(r)


def test_errordocument_uses_policy_of_requested_url(s):
    r = s.get("/err-local/missing", APP)
    assert r.body == b"custom error\n"
    allowed(r)
    refused(s.get("/err-local/missing", "https://other.example.com"))


def test_head_and_range_and_304(s):
    r = s.request("HEAD", "/index.html", [("Origin", APP)])
    assert r.status == 200
    allowed(r)
    r = s.get("/index.html", APP, [("Range", "bytes=0-2")])
    assert r.status == 206
    allowed(r)
    etag = s.get("/index.html").header("ETag")
    r = s.get("/index.html", APP, [("If-None-Match", etag)])
    assert r.status == 304
    allowed(r)


def test_decision_logged_at_debug(s):
    s.get("/index.html", APP)
    s.get("/index.html", "https://evil.example")
    lines = s.log_lines("[cors:debug]")
    assert len(lines) == 2, lines
    assert "allowed request" in lines[0] and APP in lines[0]
    assert "refused request" in lines[1] and "evil.example" in lines[1]


def test_refusal_reason_logged(s):
    """The reason names a malformed origin as such, whether the set holds
    exact origins only (a hash miss, looked at again for the log) or also
    wildcards and patterns."""
    for path in ("/exactonly/x", "/index.html"):
        s.get(path, "https://APP.example.com")      # not as browsers send
        s.get(path, "https://evil.example")
    lines = s.log_lines("[cors:debug]")
    assert len(lines) == 4, lines
    for malformed, refused in (lines[0:2], lines[2:4]):
        assert "refused request: origin is not a serialised origin" \
            in malformed
        assert "refused request: origin not allowed" in refused


def test_reason_worked_out_only_where_read(httpd_factory):
    """Below LogLevel cors:debug nobody reads why a request was refused,
    and a refused origin is checked for the serialised-origin form only
    where something needs the answer: a CORSAllowOriginMatch pattern is
    still never shown a value that is not one, and ReportOnly's line at
    info still names a malformed origin as such."""
    h = httpd_factory("""
<Location /pattern>
    CORSAllowOriginMatch "^https://.*$"
</Location>
<Location /report>
    CORSAllowOrigin https://app.example.com
    CORSEnable ReportOnly
</Location>
""", loglevel="warn cors:info")
    r = h.get("/pattern/x", "https://a.example")
    assert r.header("Access-Control-Allow-Origin") == "https://a.example"
    for bad in ("https://a b", "https://A.example", "https://a.example/"):
        r = h.get("/pattern/x", bad)
        assert r.acx() == [], (bad, r)
    h.get("/report/x", "https://APP.example.com")
    h.get("/report/x", "https://evil.example")
    lines = h.log_lines("[cors:info]")
    assert len(lines) == 2, lines
    assert "would have refused request: origin is not a serialised " \
        "origin" in lines[0]
    assert "would have refused request: origin not allowed" in lines[1]
    assert h.log_lines("[cors:debug]") == []


def test_every_one_of_many_origins_and_header_names(httpd_factory):
    """300 origins and 40 header names in one section: each is found (in
    the tables), and nothing else."""
    origins = [f"https://o{i}.example.com" for i in range(300)]
    names = [f"X-H{i}" for i in range(40)]
    s = httpd_factory(
        "<Location /many>\n    CORSAllowOrigin " + " ".join(origins)
        + "\n    CORSAllowMethods " + " ".join(f"M{i}" for i in range(40))
        + "\n    CORSAllowHeaders " + " ".join(names) + "\n</Location>\n",
        files={"many/f.txt": "f\n"})
    for o in origins:
        assert s.get("/many/f.txt", o).header(
            "Access-Control-Allow-Origin") == o
    for o in ("https://o300.example.com", "https://o1.example.co",
              "https://O1.example.com"):
        assert s.get("/many/f.txt", o).acx() == []
    for i in range(40):
        r = s.preflight("/many/f.txt", origins[-1], f"M{i}",
                        ", ".join(n.upper() for n in names))
        assert r.status == 204, (i, r)
    assert s.preflight("/many/f.txt", origins[-1], "M40").status == 403
    assert s.preflight("/many/f.txt", origins[-1], "m1").status == 403
    assert s.preflight("/many/f.txt", origins[-1], "M1",
                       "x-h40").status == 403


def test_deflate_vary_merged(s):
    r = s.get("/deflate/big.txt", APP, [("Accept-Encoding", "gzip")])
    assert r.header("Content-Encoding") == "gzip"
    allowed(r)
    assert sorted(t.lower() for t in r.tokens("Vary")) == [
        "accept-encoding", "origin"]
