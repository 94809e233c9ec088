"""The decision as the note and environment variable CORS, used the ways
administrators use such values: in a LogFormat (read back from a real access
log), in mod_headers rules, in a per-directory SetEnvIf and in a
per-directory mod_rewrite rule."""

import pytest

from conftest import protected_location

APP = "https://app.example.com"
EVIL = "https://evil.example.com"

CONF = """
LogFormat "%m %U%q %>s [%{CORS}n] [%{CORS_REPORT_ONLY}n] [%{CORS}e]" decision
CustomLog "{root}/decision_log" decision
<Location /api>
    CORSAllowOrigin https://app.example.com
    CORSAllowMethods PUT
    CORSAllowHeaders X-Token
    Header always set X-Cors-Decision "%{CORS}e"
</Location>
""" + protected_location("/api/secret") + """
<Location /api/styled>
    ErrorDocument 404 /api/notfound.html
</Location>
<Location /report>
    CORSAllowOrigin https://app.example.com
    CORSEnable ReportOnly
</Location>
<Location /tagged>
    CORSAllowOrigin https://app.example.com
    SetEnvIf CORS ":refused" CORS_REFUSED=1
    Header always set X-Cors-Refused yes env=CORS_REFUSED
</Location>
<Location /rewritten>
    CORSAllowOrigin https://app.example.com
    RewriteEngine On
    RewriteCond %{ENV:CORS} ^actual:refused:
    RewriteRule ^ - [F]
</Location>
"""

SERVER = dict(body=CONF)


@pytest.fixture(scope="module", autouse=True)
def setup(s):
    (s.root / "htpasswd").write_text("alice:{SHA}x\n")
    s.write("api/data.txt", "data\n")
    s.write("api/notfound.html", "<p>not here</p>\n")
    for d in ("report", "tagged", "rewritten"):
        s.write(f"{d}/data.txt", "data\n")


def decision_line(s, method, url):
    """The decision log line of the request (each test asks for URLs of
    its own), waiting for httpd to write it: (status, note, report-only
    note, environment value)."""
    prefix = f"{method} {url} "
    log = s.root / "decision_log"

    def line():
        text = log.read_text() if log.exists() else ""
        lines = [ln for ln in text.splitlines() if ln.startswith(prefix)]
        assert len(lines) <= 1, lines
        return lines[0] if lines else None

    s.access_log(wait_for=lambda _t: line() is not None)
    found = line()
    assert found, prefix
    status, rest = found[len(prefix):].split(" ", 1)
    note, report, env = [f.strip("[]") for f in rest.split(" ")]
    return int(status), note, report, env


# Every value of CORS, produced by a request and read back from the log.
CASES = [
    ("GET", "/api/data.txt", [], 200, "actual:none"),
    ("GET", "/api/data.txt", [("Origin", APP)], 200, "actual:allowed"),
    ("GET", "/api/data.txt", [("Origin", EVIL)], 200,
     "actual:refused:origin"),
    ("OPTIONS", "/api/data.txt",
     [("Origin", APP), ("Access-Control-Request-Method", "PUT"),
      ("Access-Control-Request-Headers", "x-token")], 204,
     "preflight:allowed"),
    ("OPTIONS", "/api/data.txt",
     [("Origin", EVIL), ("Access-Control-Request-Method", "PUT")], 403,
     "preflight:refused:origin"),
    ("OPTIONS", "/api/data.txt",
     [("Origin", APP), ("Access-Control-Request-Method", "DELETE")], 403,
     "preflight:refused:method"),
    ("OPTIONS", "/api/data.txt",
     [("Origin", APP), ("Access-Control-Request-Method", "PUT"),
      ("Access-Control-Request-Headers", "x-other")], 403,
     "preflight:refused:headers"),
    ("OPTIONS", "/api/data.txt",
     [("Origin", APP), ("Access-Control-Request-Method", "PUT"),
      ("Access-Control-Request-Private-Network", "true")], 403,
     "preflight:refused:private-network"),
]


@pytest.mark.parametrize("method,path,headers,status,note", CASES,
                         ids=[c[4] for c in CASES])
def test_every_value_in_the_access_log(s, method, path, headers, status,
                                       note):
    # a query string of its own keeps each case's log line apart
    url = f"{path}?{note}"
    r = s.request(method, url, headers)
    assert r.status == status, r
    assert r.header("X-Cors-Decision") == note
    assert decision_line(s, method, url) == (status, note, "-", note)


def test_error_responses_carry_it(s):
    r = s.get("/api/missing", APP)
    assert r.status == 404
    assert r.header("X-Cors-Decision") == "actual:allowed"
    assert decision_line(s, "GET", "/api/missing") == (
        404, "actual:allowed", "-", "actual:allowed")
    # the answered preflight of a protected location (authentication
    # never ran) and the 401 of the same location
    s.preflight("/api/secret/a", EVIL, "PUT")
    assert decision_line(s, "OPTIONS", "/api/secret/a")[:2] == (
        403, "preflight:refused:origin")
    s.get("/api/secret/b", EVIL)
    assert decision_line(s, "GET", "/api/secret/b")[:2] == (
        401, "actual:refused:origin")


def test_error_document_carries_it(s):
    """An ErrorDocument is an internal redirect: the access log reads the
    notes of the redirected request, which carries the decision too."""
    r = s.get("/api/styled/missing", EVIL)
    assert r.status == 404 and b"not here" in r.body
    assert decision_line(s, "GET", "/api/styled/missing")[:2] == (
        404, "actual:refused:origin")


def test_report_only(s):
    r = s.get("/report/data.txt", EVIL)
    assert r.status == 200 and r.acx() == []
    assert decision_line(s, "GET", "/report/data.txt") == (
        200, "actual:refused:origin", "1", "actual:refused:origin")
    # what would have happened to an allowed preflight: the handler
    # answers it (ReportOnly changes nothing), the note says allowed
    r = s.preflight("/report/x", APP, "GET")
    assert r.acx() == []
    assert decision_line(s, "OPTIONS", "/report/x")[1:3] == (
        "preflight:allowed", "1")


def test_outside_any_policy_nothing(s):
    r = s.get("/data.txt", APP)
    assert r.status == 200
    assert decision_line(s, "GET", "/data.txt") == (200, "-", "-", "-")


def test_setenvif_in_a_section_sees_it(s):
    assert s.get("/tagged/data.txt", EVIL).header("X-Cors-Refused") == "yes"
    assert s.get("/tagged/data.txt", APP).header("X-Cors-Refused") is None
    assert s.get("/tagged/data.txt").header("X-Cors-Refused") is None


def test_rewrite_in_a_section_sees_it(s):
    assert s.get("/rewritten/data.txt", EVIL).status == 403
    r = s.get("/rewritten/data.txt", APP)
    assert r.status == 200
    assert r.header("Access-Control-Allow-Origin") == APP
    assert s.get("/rewritten/data.txt").status == 200
