"""Preflights: answered before authentication, exact headers."""

import pytest

from conftest import sha_htpasswd

APP = "https://app.example.com"
PREFLIGHT_VARY = {"Origin", "Access-Control-Request-Method",
                  "Access-Control-Request-Headers"}

CONF = """
CORSAllowOrigin https://app.example.com https://*.example.org http://localhost:*
CORSAllowMethods PUT DELETE PATCH
CORSAllowHeaders Content-Type X-Token
CORSMaxAge 600

<Location /creds>
    CORSAllowCredentials On
</Location>
<Location /star>
    CORSAllowOrigin *
</Location>
<Location /anymethod>
    CORSAllowMethods *
    CORSAllowHeaders *
    CORSAllowCredentials On
</Location>
<Location /defaults>
    CORSAllowOrigin https://app.example.com
    CORSAllowMethods GET HEAD POST
</Location>
<Location /status200>
    CORSPreflightStatus 200
</Location>
<Location /pna>
    CORSAllowPrivateNetwork On
</Location>
<Location /secret>
    AuthType Basic
    AuthName "secret"
    AuthUserFile "{root}/htpasswd"
    Require valid-user
</Location>
<Location /ipdenied>
    Require ip 192.0.2.1
</Location>
<Location /passthrough>
    CORSPreflight passthrough
</Location>
<Location /passthrough-secret>
    CORSPreflight passthrough
    AuthType Basic
    AuthName "secret"
    AuthUserFile "{root}/htpasswd"
    Require valid-user
</Location>
# a handler that would answer OPTIONS itself (a CGI script, not
# mod_headers, whose headers go on preflights too): must never see preflights
ScriptSock "{root}/cgisock"
ScriptAlias /handler/ "{docroot}/handler/"
"""


HANDLER = """#!/bin/sh
echo "Content-Type: text/plain"
echo "X-Handler-Saw: yes"
echo
"""

SERVER = dict(body=CONF, modules=["cgid"])


@pytest.fixture(scope="module", autouse=True)
def setup(s):
    (s.root / "htpasswd").write_text(sha_htpasswd("alice", "secret"))
    s.write("handler/x", HANDLER, mode=0o755)


def assert_preflight_vary(r, extra=()):
    toks = r.tokens("Vary")
    assert sorted(toks) == sorted(PREFLIGHT_VARY | set(extra)), toks


def assert_refused(r):
    assert r.status == 403
    assert r.acx() == []
    assert_preflight_vary(r)
    assert r.body == b""


def test_allowed_preflight_exact_headers(s):
    r = s.preflight("/data.txt", APP, "PUT", "content-type, x-token")
    assert r.status == 204
    assert r.body == b""
    assert r.header("Access-Control-Allow-Origin") == APP
    assert r.header("Access-Control-Allow-Credentials") is None
    assert r.tokens("Access-Control-Allow-Methods") == ["PUT", "DELETE",
                                                        "PATCH"]
    assert r.tokens("Access-Control-Allow-Headers") == ["Content-Type",
                                                        "X-Token"]
    assert r.header("Access-Control-Max-Age") == "600"
    assert r.header("Access-Control-Allow-Private-Network") is None
    assert r.header("Access-Control-Expose-Headers") is None
    assert_preflight_vary(r)


def test_preflight_without_request_headers_has_no_allow_headers(s):
    r = s.preflight("/data.txt", APP, "DELETE")
    assert r.status == 204
    assert r.header("Access-Control-Allow-Headers") is None
    r = s.preflight("/data.txt", APP, "DELETE", "")
    assert r.status == 204
    assert r.header("Access-Control-Allow-Headers") is None


def test_preflight_with_credentials(s):
    r = s.preflight("/creds/x", APP, "PUT")
    assert r.status == 204
    assert r.header("Access-Control-Allow-Origin") == APP
    assert r.header("Access-Control-Allow-Credentials") == "true"


def test_preflight_star_origin(s):
    r = s.preflight("/star/x", "https://anything.test", "PUT")
    assert r.status == 204
    assert r.header("Access-Control-Allow-Origin") == "*"
    assert_preflight_vary(r)


def test_safelisted_methods_always_pass(s):
    for m in ("GET", "HEAD", "POST"):
        r = s.preflight("/data.txt", APP, m)
        assert r.status == 204, m
        # the configured list is sent as configured
        assert r.tokens("Access-Control-Allow-Methods") == ["PUT", "DELETE",
                                                            "PATCH"]


def test_default_methods_value(s):
    r = s.preflight("/defaults/x", APP, "POST")
    assert r.status == 204
    assert r.tokens("Access-Control-Allow-Methods") == ["GET", "HEAD",
                                                        "POST"]


def test_method_not_allowed(s):
    assert_refused(s.preflight("/data.txt", APP, "PROPFIND"))


def test_method_is_case_sensitive(s):
    assert_refused(s.preflight("/data.txt", APP, "patch"))
    assert s.preflight("/data.txt", APP, "PATCH").status == 204
    assert_refused(s.preflight("/data.txt", APP, "get"))


def test_non_token_method_refused(s):
    assert_refused(s.preflight("/data.txt", APP, "PU T"))
    assert_refused(s.preflight("/data.txt", APP, "PUT,DELETE"))


def test_header_names_case_insensitive_and_lenient(s):
    r = s.preflight("/data.txt", APP, "PUT", " X-TOKEN ,, content-TYPE,")
    assert r.status == 204
    assert r.tokens("Access-Control-Allow-Headers") == ["Content-Type",
                                                        "X-Token"]


def test_request_headers_over_several_lines(s):
    r = s.request("OPTIONS", "/data.txt", [
        ("Origin", APP), ("Access-Control-Request-Method", "PUT"),
        ("Access-Control-Request-Headers", "x-token"),
        ("Access-Control-Request-Headers", "content-type")])
    assert r.status == 204
    r = s.request("OPTIONS", "/data.txt", [
        ("Origin", APP), ("Access-Control-Request-Method", "PUT"),
        ("Access-Control-Request-Headers", "x-token"),
        ("Access-Control-Request-Headers", "authorization")])
    assert_refused(r)


def test_header_not_allowed(s):
    assert_refused(s.preflight("/data.txt", APP, "PUT", "x-token, x-other"))
    assert_refused(s.preflight("/data.txt", APP, "PUT", "authorization"))


def test_non_token_header_refused(s):
    assert_refused(s.preflight("/data.txt", APP, "PUT", "x token"))
    assert_refused(s.preflight("/data.txt", APP, "PUT", "x-token, (a)"))


def test_origin_not_allowed(s):
    assert_refused(s.preflight("/data.txt", "https://evil.example.com",
                               "PUT"))
    assert_refused(s.preflight("/data.txt", "null", "PUT"))


def test_wildcards_in_preflight(s):
    for o in ("https://a.example.org", "https://a.b.example.org",
              "http://localhost", "http://localhost:3000"):
        r = s.preflight("/data.txt", o, "PUT")
        assert r.status == 204, o
        assert r.header("Access-Control-Allow-Origin") == o
    for o in ("https://example.org", "https://localhost:3000",
              "https://a.example.org:8443"):
        assert_refused(s.preflight("/data.txt", o, "PUT"))


def test_star_methods_and_headers_echo(s):
    r = s.preflight("/anymethod/x", APP, "PROPFIND",
                    "Authorization, X-Custom-Thing")
    assert r.status == 204
    assert r.header("Access-Control-Allow-Methods") == "PROPFIND"
    assert r.tokens("Access-Control-Allow-Headers") == [
        "authorization", "x-custom-thing"]
    assert r.header("Access-Control-Allow-Credentials") == "true"
    assert r.header("Access-Control-Allow-Origin") == APP


def test_star_methods_still_need_a_token(s):
    assert_refused(s.preflight("/anymethod/x", APP, "BAD METHOD"))


def test_preflight_status_200(s):
    r = s.preflight("/status200/x", APP, "PUT")
    assert r.status == 200
    assert r.body == b""
    assert r.header("Access-Control-Allow-Origin") == APP


def test_private_network_requested_and_off(s):
    r = s.preflight("/data.txt", APP, "PUT",
                    headers=[("Access-Control-Request-Private-Network",
                              "true")])
    assert_refused(r)


def test_private_network_requested_and_on(s):
    r = s.preflight("/pna/x", APP, "PUT",
                    headers=[("Access-Control-Request-Private-Network",
                              "true")])
    assert r.status == 204
    assert r.header("Access-Control-Allow-Private-Network") == "true"
    assert_preflight_vary(r, ["Access-Control-Request-Private-Network"])


def test_private_network_on_not_requested(s):
    r = s.preflight("/pna/x", APP, "PUT")
    assert r.status == 204
    assert r.header("Access-Control-Allow-Private-Network") is None
    assert_preflight_vary(r, ["Access-Control-Request-Private-Network"])


def test_preflight_answered_before_authentication(s):
    r = s.preflight("/secret/x", APP, "PUT", "content-type")
    assert r.status == 204
    assert r.header("Access-Control-Allow-Origin") == APP
    assert r.header("WWW-Authenticate") is None
    # refused preflights there are still refused, not 401
    assert_refused(s.preflight("/secret/x", "https://evil.test", "PUT"))


def test_actual_request_still_needs_credentials(s):
    from conftest import basic_auth
    r = s.get("/secret/", APP)
    assert r.status == 401
    assert r.header("Access-Control-Allow-Origin") == APP
    r = s.request("GET", "/secret/", [("Origin", APP),
                                      basic_auth("alice", "secret")])
    assert r.status == 404          # authenticated, nothing there
    assert r.header("Access-Control-Allow-Origin") == APP


@pytest.mark.expect_log("AH01630: client denied")
def test_preflight_answered_before_require_ip(s):
    r = s.preflight("/ipdenied/x", APP, "PUT")
    assert r.status == 204
    assert s.get("/ipdenied/x", APP).status == 403


def test_handler_never_sees_answered_preflight(s):
    r = s.preflight("/handler/x", APP, "PUT")
    assert r.status == 204
    assert r.header("X-Handler-Saw") is None
    assert r.header("Allow") is None
    # the handler does run for an OPTIONS that is not a preflight
    r = s.request("OPTIONS", "/handler/x", [("Origin", APP)])
    assert r.header("X-Handler-Saw") == "yes"


def test_passthrough_preflight_reaches_handler(s):
    r = s.preflight("/passthrough/index.html", APP, "PUT", "x-token")
    # httpd's own OPTIONS answer (200 with Allow), decorated
    assert r.status == 200
    assert r.header("Allow") is not None
    assert r.header("Access-Control-Allow-Origin") == APP
    assert r.tokens("Access-Control-Allow-Methods") == ["PUT", "DELETE",
                                                        "PATCH"]
    assert r.tokens("Access-Control-Allow-Headers") == ["Content-Type",
                                                        "X-Token"]
    assert r.header("Access-Control-Max-Age") == "600"
    assert_preflight_vary(r)


def test_passthrough_refused_preflight_not_decorated(s):
    r = s.preflight("/passthrough/index.html", APP, "PROPFIND")
    assert r.status == 200
    assert r.acx() == []
    assert_preflight_vary(r)


def test_passthrough_goes_through_authentication(s):
    r = s.preflight("/passthrough-secret/x", APP, "PUT")
    assert r.status == 401


def test_options_without_request_method_is_actual(s):
    r = s.request("OPTIONS", "/index.html", [("Origin", APP)])
    assert r.status == 200
    assert r.header("Access-Control-Allow-Origin") == APP
    assert r.header("Access-Control-Allow-Methods") is None
    assert r.tokens("Vary") == ["Origin"]


def test_request_method_without_origin_is_actual(s):
    r = s.request("OPTIONS", "/index.html",
                  [("Access-Control-Request-Method", "PUT")])
    assert r.status == 200
    assert r.acx() == []
    assert r.tokens("Vary") == ["Origin"]


def test_refused_preflight_logged_with_reason(s):
    s.preflight("/data.txt", APP, "PROPFIND")
    s.preflight("/data.txt", APP, "PUT", "x-forbidden")
    s.preflight("/data.txt", "https://evil.test", "PUT")
    lines = s.log_lines("[cors:debug]")
    assert len(lines) == 3, lines
    assert "PROPFIND" in lines[0]
    assert "x-forbidden" in lines[1]
    assert "https://evil.test" in lines[2]
    assert all("refused preflight" in ln for ln in lines)


def raw_options(s, lines):
    """An OPTIONS request with header lines written exactly as given."""
    return s.raw(("OPTIONS /data.txt HTTP/1.1\r\nHost: localhost\r\n"
                  + "".join(f"{ln}\r\n" for ln in lines)
                  + "Connection: close\r\n\r\n").encode())


def test_preflight_header_names_in_any_case(s):
    r = raw_options(s, ["oRiGiN: " + APP,
                        "ACCESS-CONTROL-REQUEST-METHOD: PUT",
                        "access-control-request-headers: X-TOKEN"])
    assert r.status == 204
    assert r.header("Access-Control-Allow-Origin") == APP
    assert r.tokens("Access-Control-Allow-Headers") == ["Content-Type",
                                                        "X-Token"]
    # the longest name, in capitals: private network asked for, not allowed
    r = raw_options(s, ["Origin: " + APP,
                        "Access-Control-Request-Method: PUT",
                        "ACCESS-CONTROL-REQUEST-PRIVATE-NETWORK: true"])
    assert r.status == 403
    assert r.acx() == []


def test_names_that_only_look_like_preflight_headers(s):
    # not Access-Control-Request-Method: an actual OPTIONS request
    r = raw_options(s, ["Origin: " + APP,
                        "Access-Control-Request-Methods: PUT"])
    assert r.status == 200
    assert r.header("Access-Control-Allow-Origin") == APP
    assert r.header("Access-Control-Allow-Methods") is None
    # not Access-Control-Request-Headers: nothing asked for, nothing refused
    r = raw_options(s, ["Origin: " + APP,
                        "Access-Control-Request-Method: PUT",
                        "Access-Control-Request-Header: x-forbidden"])
    assert r.status == 204
    assert r.header("Access-Control-Allow-Headers") is None


def test_refused_preflight_log_quotes_values_as_sent(s):
    s.preflight("/data.txt", APP, "PUT", "Content-Type, X-Forbidden")
    s.preflight("/data.txt", APP, "PUT", "x-token, A b")
    lines = s.log_lines("[cors:debug]")
    assert len(lines) == 2, lines
    assert "header not allowed: X-Forbidden" in lines[0]
    assert "non-token element: A b" in lines[1]
