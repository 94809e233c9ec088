"""An answered preflight goes through httpd's output filter chain like any
response: what the administrator adds to every response (mod_headers'
"always" headers, Vary merges) is on it too, the access log has it once,
and neither authentication nor the handler ever runs for it."""

import pytest

from conftest import (H2_TLS_MODULES, OPENSSL_MISMATCH, basic_auth,
                      curl_client, h2_tls, protected_location,
                      sha_htpasswd)

APP = "https://app.example.com"
EVIL = "https://evil.example.com"
ADMIN = {"Strict-Transport-Security": "max-age=63072000",
         "X-Content-Type-Options": "nosniff"}
PREFLIGHT_VARY = ["Origin", "Access-Control-Request-Method",
                  "Access-Control-Request-Headers"]

POLICY = """
Header always set Strict-Transport-Security "max-age=63072000"
Header always set X-Content-Type-Options nosniff
CORSAllowOrigin https://app.example.com
CORSAllowMethods PUT
"""

CONF = POLICY + """
<Location /vary>
    Header always merge Vary X-Custom
</Location>
""" + protected_location("/secret") + """
ScriptSock "{root}/cgisock"
ScriptAlias /cgi/ "{docroot}/cgi/"
"""

# a handler that leaves traces: a line in a file and a header
CGI = """#!/bin/sh
echo "$REQUEST_METHOD" >> "%(marks)s/ran"
echo "Content-Type: text/plain"
echo "X-Handler-Ran: yes"
echo
echo ran
"""

SERVER = dict(body=CONF, modules=["cgid"])


@pytest.fixture(scope="module", autouse=True)
def setup(s):
    (s.root / "htpasswd").write_text(sha_htpasswd("alice", "secret"))
    marks = s.root / "marks"
    marks.mkdir()
    marks.chmod(0o777)                  # written by httpd's User
    s.write("cgi/run.cgi", CGI % {"marks": marks}, mode=0o755)


def assert_admin_headers(r):
    for name, value in ADMIN.items():
        assert r.header(name) == value, (name, r)


def test_admin_headers_on_allowed_preflight(s):
    r = s.preflight("/data.txt", APP, "PUT")
    assert r.status == 204
    assert r.header("Access-Control-Allow-Origin") == APP
    assert_admin_headers(r)


def test_admin_headers_on_refused_preflights(s):
    for r in (s.preflight("/data.txt", EVIL, "PUT"),
              s.preflight("/data.txt", APP, "PROPFIND")):
        assert r.status == 403 and r.acx() == []
        assert_admin_headers(r)


def test_admin_headers_on_actual_request(s):
    r = s.get("/data.txt", APP)
    assert r.status == 200
    assert r.header("Access-Control-Allow-Origin") == APP
    assert_admin_headers(r)


@pytest.mark.expect_log(OPENSSL_MISMATCH)
def test_admin_headers_over_http2_tls(httpd_factory, tmp_path):
    h = httpd_factory(POLICY + h2_tls(tmp_path), modules=H2_TLS_MODULES)
    get, preflight = curl_client(f"https://127.0.0.1:{h.port}",
                                 ["--http2", "-k"])
    r = get("/data.txt", APP)
    assert r.status == 200
    assert_admin_headers(r)
    r = preflight("/data.txt", APP, "PUT")
    assert r.status == 204
    assert r.header("Access-Control-Allow-Origin") == APP
    assert_admin_headers(r)
    for r in (preflight("/data.txt", EVIL, "PUT"),
              preflight("/data.txt", APP, "PROPFIND")):
        assert r.status == 403 and r.acx() == []
        assert_admin_headers(r)


def test_vary_merge_kept_on_preflights(s):
    expected = sorted(PREFLIGHT_VARY + ["X-Custom"])
    r = s.preflight("/vary/x", APP, "PUT")
    assert r.status == 204
    assert sorted(r.tokens("Vary")) == expected, r
    r = s.preflight("/vary/x", APP, "PROPFIND")
    assert r.status == 403
    assert sorted(r.tokens("Vary")) == expected, r
    r = s.get("/vary/x", APP)
    assert sorted(r.tokens("Vary")) == ["Origin", "X-Custom"], r


def test_one_access_log_line_per_preflight(s):
    s.preflight("/log/allowed", APP, "PUT")
    s.preflight("/log/refused", EVIL, "PUT")
    lines = ["127.0.0.1 OPTIONS /log/allowed 204",
             "127.0.0.1 OPTIONS /log/refused 403"]
    log = s.access_log(wait_for=lambda t: all(ln in t for ln in lines))
    # (each is logged after its response is sent, by its own thread: under
    # valgrind the second can be written first)
    assert sorted(ln for ln in log.splitlines() if "/log/" in ln) == lines


def test_authentication_never_runs_for_answered_preflight(s):
    for auth in ((), [basic_auth("alice", "wrong")]):
        r = s.preflight("/secret/x", APP, "PUT", headers=auth)
        assert r.status == 204, (auth, r)
        assert r.header("Access-Control-Allow-Origin") == APP
        assert r.header("WWW-Authenticate") is None
    assert "AH01617" not in s.peek_log()
    r = s.get("/secret/x", APP)
    assert r.status == 401
    assert r.header("Access-Control-Allow-Origin") == APP


def test_handler_never_sees_answered_preflight(s):
    ran = s.root / "marks" / "ran"
    r = s.preflight("/cgi/run.cgi", APP, "PUT")
    assert r.status == 204
    assert r.header("X-Handler-Ran") is None and r.body == b""
    s.access_log(wait_for="OPTIONS /cgi/run.cgi 204")
    assert not ran.exists()
    # the same script does run for a request that is not a preflight
    r = s.get("/cgi/run.cgi", APP)
    assert r.header("X-Handler-Ran") == "yes" and r.body == b"ran\n"
    assert ran.read_text() == "GET\n"


def test_error_before_the_handler_stands(httpd_factory):
    """A preflight refused by a rule that runs before the handler (here a
    per-directory RewriteRule [F], in fixups) gets that refusal, with an
    ErrorDocument as without: the ErrorDocument's internal redirect is a
    GET, which the module does not answer as the preflight."""
    h = httpd_factory("""
<Location /api>
    CORSAllowOrigin https://app.example.com
    CORSAllowMethods PUT
    RewriteEngine On
    RewriteRule ^ - [F]
</Location>
<Location /api/doc>
    ErrorDocument 403 /errors/403.html
</Location>
""", files={"errors/403.html": "custom 403\n"})
    r = h.preflight("/api/x", APP, "PUT")
    assert r.status == 403, r
    r = h.preflight("/api/doc/x", APP, "PUT")
    assert r.status == 403 and r.body == b"custom 403\n", r
    h.access_log(wait_for="OPTIONS /api/doc/x 403")


def test_fixups_apply_to_preflights(s):
    """The preflight is answered by the handler, so what runs in fixups
    applies to it as to any request of its scope: mod_dir sends a request
    for a directory without its slash to the slash (a browser then fails
    the preflight, as the Fetch Standard says for any redirect)."""
    s.write("dir/index.html", "x\n")
    r = s.preflight("/dir", APP, "PUT")
    assert r.status == 301
    assert r.header("Location").endswith("/dir/")
    r = s.preflight("/dir/", APP, "PUT")
    assert r.status == 204
    assert r.header("Access-Control-Allow-Origin") == APP
