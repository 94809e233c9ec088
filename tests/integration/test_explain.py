"""SetHandler cors-explain: the policy in force for a URL (each field, and
the file and line of the directive that set it) and the decision for the
request described, checked against what real requests get."""

import json
import urllib.parse

import pytest

APP = "https://app.example.com"
EVIL = "https://evil.example.com"

CONF = """
<Location /cors-explain>
    SetHandler cors-explain
    Require local
</Location>
<Location /api>
    CORSAllowOrigin https://app.example.com
    CORSAllowOrigin https://*.partner.example
    CORSAllowMethods PUT
    CORSAllowHeaders X-Token
    CORSAllowCredentials On
    CORSExposeHeaders X-Total
    CORSMaxAge 600
</Location>
<Location /api/denied>
    Require all denied
</Location>
<Location /api/pna>
    CORSAllowPrivateNetwork On
</Location>
<Location /api/trial>
    CORSEnable ReportOnly
</Location>
<Directory "{docroot}/dir">
    CORSAllowOrigin https://dir.example.com
    <Files "special.txt">
        CORSAllowMethods DELETE
    </Files>
</Directory>
<Directory "{docroot}/ht">
    AllowOverride FileInfo
</Directory>
<Location /cond>
    CORSAllowOrigin https://cond.example.com
    <If "%{QUERY_STRING} == 'wide'">
        CORSAllowOrigin *
    </If>
</Location>
"""

# A directory whose index is decided by the directory's policy: a real
# request is decided before mod_dir's index redirect (fixups) replaces the
# configuration with the index file's; and a policy that depends on the
# request's Origin through <If>.  An explain location whose own directory
# index would be a protected file: the lookups mod_dir makes there are not
# the explanation's and must not skip authorization.
CONF += """
<Directory "{docroot}/idx">
    CORSAllowOrigin https://dir.example.com
    <Files "index.html">
        CORSAllowOrigin https://index.example.com
    </Files>
</Directory>
<Location /byorigin>
    CORSAllowOrigin https://a.example.com
    <If "%{HTTP:Origin} == 'https://b.example.com'">
        CORSAllowOrigin https://b.example.com
    </If>
</Location>
<Location /explain-dir>
    SetHandler cors-explain
</Location>
<Directory "{docroot}/explain-dir">
    DirectoryIndex /secret/index.html
</Directory>
<Location /secret>
    Require all denied
</Location>
"""

HTACCESS = "CORSAllowOrigin https://ht.example.com\nCORSMaxAge 60\n"

SERVER = dict(body=CONF)


@pytest.fixture(scope="module", autouse=True)
def setup(s):
    for name in ("api/x", "dir/plain.txt", "dir/special.txt", "ht/x",
                 "cond/x", "idx/index.html", "byorigin/x",
                 "explain-dir/placeholder"):
        s.write(name, "x\n")
    s.write("secret/index.html", "the secret\n")
    s.write("ht/.htaccess", HTACCESS)


def explain(s, **params):
    query = urllib.parse.urlencode(
        {k.replace("_", "-"): v for k, v in params.items()})
    r = s.get("/cors-explain?" + query)
    assert r.header("Content-Type").startswith("application/json"), r
    return r, json.loads(r.body)


def conf_line(s, text, after=None):
    """file:line of the first line of the generated config holding text
    (after the first line holding after)."""
    lines = s.conf.read_text().splitlines()
    start = 0
    if after:
        start = next(i for i, ln in enumerate(lines) if after in ln)
    n = next(i for i, ln in enumerate(lines) if i >= start and text in ln)
    return f"{s.conf}:{n + 1}"


def sent(r):
    """The headers mod_cors writes, as explain lists them (httpd's core
    may rewrite the Vary list without spaces)."""
    out = {k: v for k, v in r.headers
           if k.lower().startswith("access-control-")}
    if r.tokens("Vary"):
        out["Vary"] = ", ".join(r.tokens("Vary"))
    return out


# --- the decision, for every verdict and refusal kind ----------------------

DECISIONS = [
    # (explain parameters, CORS note, check, offending value)
    (dict(url="/api/x"), "actual:none", None, None),
    (dict(url="/api/x", origin=APP), "actual:allowed", None, None),
    (dict(url="/api/x", origin="https://a.partner.example"),
     "actual:allowed", None, None),
    (dict(url="/api/x", origin=EVIL), "actual:refused:origin", "origin",
     None),
    (dict(url="/api/x", origin="https://app.example.com/path"),
     "actual:refused:origin", "origin", None),
    (dict(url="/api/x", origin=APP, method="PUT", headers="x-token"),
     "preflight:allowed", None, None),
    (dict(url="/api/x", origin=EVIL, method="PUT"),
     "preflight:refused:origin", "origin", None),
    (dict(url="/api/x", origin=APP, method="DELETE"),
     "preflight:refused:method", "method", "DELETE"),
    (dict(url="/api/x", origin=APP, method="PUT", headers="x-token,x-other"),
     "preflight:refused:headers", "headers", "x-other"),
    (dict(url="/api/x", origin=APP, method="PUT", private_network="true"),
     "preflight:refused:private-network", "private-network", None),
    (dict(url="/api/pna/x", origin=APP, method="PUT",
          private_network="true"), "preflight:allowed", None, None),
]


def real_request(s, p):
    h = []
    if "origin" in p:
        h.append(("Origin", p["origin"]))
    if "method" not in p:
        return s.request("GET", p["url"], h)
    h.append(("Access-Control-Request-Method", p["method"]))
    if "headers" in p:
        h.append(("Access-Control-Request-Headers", p["headers"]))
    if "private_network" in p:
        h.append(("Access-Control-Request-Private-Network", "true"))
    return s.request("OPTIONS", p["url"], h)


@pytest.mark.parametrize("params,note,check,value", DECISIONS,
                         ids=[f"{d[1]}-{i}" for i, d in enumerate(DECISIONS)])
def test_decision_matches_a_real_request(s, params, note, check, value):
    r, out = explain(s, **params)
    assert r.status == 200
    d = out["decision"]
    assert d["CORS"] == note
    assert d["verdict"] == note.split(":")[1]
    assert d["check"] == check
    assert d["value"] == value
    assert d["report_only"] is False
    # the headers explained are those a real request of that kind gets
    real = real_request(s, params)
    assert d["headers"] == sent(real), (d, real)
    if params.get("method"):
        assert d["answered"] is True and d["status"] == real.status


def test_report_only_says_what_would_happen(s):
    r, out = explain(s, url="/api/trial/x", origin=APP)
    d = out["decision"]
    assert d["CORS"] == "actual:allowed" and d["report_only"] is True
    assert d["headers"] == {}
    assert d["headers_if_enabled"]["Access-Control-Allow-Origin"] == APP
    assert sent(s.get("/api/trial/x", APP)) == {}


def test_no_policy(s):
    r, out = explain(s, url="/data.txt", origin=APP)
    assert r.status == 200
    assert out["policy"]["active"] is False
    assert out["decision"]["verdict"] == "none"
    assert out["decision"]["headers"] == {}


# --- the policy: every field, and where it was set -------------------------

def test_every_field_and_where_it_was_set(s):
    r, out = explain(s, url="/api/pna/x", origin=APP)
    f = out["policy"]["fields"]
    assert out["policy"]["active"] is True
    assert list(f) == [
        "CORSAllowOrigin", "CORSAllowCredentials", "CORSAllowMethods",
        "CORSAllowHeaders", "CORSExposeHeaders", "CORSMaxAge",
        "CORSPreflight", "CORSPreflightStatus", "CORSAllowPrivateNetwork",
        "CORSEnable", "CORSTimingAllowOrigin"]
    assert f["CORSAllowOrigin"] == {
        "value": "https://app.example.com https://*.partner.example",
        "set_at": conf_line(s, "CORSAllowOrigin https://app") + ", "
                  + conf_line(s, "CORSAllowOrigin https://*.partner")}
    assert f["CORSAllowMethods"] == {
        "value": "PUT", "set_at": conf_line(s, "CORSAllowMethods PUT")}
    assert f["CORSMaxAge"] == {"value": "600",
                               "set_at": conf_line(s, "CORSMaxAge 600")}
    assert f["CORSAllowCredentials"]["value"] == "On"
    assert f["CORSExposeHeaders"]["value"] == "X-Total"
    # set in the nested Location, the rest inherited from /api
    assert f["CORSAllowPrivateNetwork"] == {
        "value": "On", "set_at": conf_line(s, "CORSAllowPrivateNetwork On")}
    # defaults: no directive
    assert f["CORSPreflight"] == {"value": "answer", "set_at": None}
    assert f["CORSPreflightStatus"] == {"value": "204", "set_at": None}
    assert f["CORSEnable"] == {"value": "On", "set_at": None}


def test_directory_and_files_sections(s):
    _, out = explain(s, url="/dir/plain.txt", origin="https://dir.example.com",
                     method="DELETE")
    f = out["policy"]["fields"]
    assert f["CORSAllowOrigin"]["set_at"] == conf_line(
        s, "CORSAllowOrigin https://dir.example.com")
    assert f["CORSAllowMethods"] == {"value": "GET, HEAD, POST",
                                     "set_at": None}
    assert out["decision"]["CORS"] == "preflight:refused:method"
    _, out = explain(s, url="/dir/special.txt",
                     origin="https://dir.example.com", method="DELETE")
    assert out["policy"]["fields"]["CORSAllowMethods"] == {
        "value": "DELETE", "set_at": conf_line(s, "CORSAllowMethods DELETE")}
    assert out["decision"]["CORS"] == "preflight:allowed"


def test_htaccess(s):
    _, out = explain(s, url="/ht/x", origin="https://ht.example.com")
    f = out["policy"]["fields"]
    ht = s.docroot / "ht" / ".htaccess"
    assert f["CORSAllowOrigin"] == {"value": "https://ht.example.com",
                                    "set_at": f"{ht}:1"}
    assert f["CORSMaxAge"] == {"value": "60", "set_at": f"{ht}:2"}
    assert out["decision"]["CORS"] == "actual:allowed"


def test_if_section(s):
    _, out = explain(s, url="/cond/x", origin=EVIL)
    assert out["decision"]["CORS"] == "actual:refused:origin"
    _, out = explain(s, url="/cond/x?wide", origin=EVIL)
    assert out["policy"]["fields"]["CORSAllowOrigin"] == {
        "value": "*", "set_at": conf_line(s, "CORSAllowOrigin *")}
    assert out["decision"]["CORS"] == "actual:allowed"
    assert out["decision"]["headers"] == {"Access-Control-Allow-Origin": "*"}
    assert sent(s.get("/cond/x?wide", EVIL)) == {
        "Access-Control-Allow-Origin": "*"}


# --- bad input ---------------------------------------------------------------

BAD = [
    ("", "missing parameter 'url'"),
    ("origin=https%3A%2F%2Fa.example", "missing parameter 'url'"),
    ("url=api/x", "must be a path"),
    ("url=http%3A%2F%2Fother.example%2Fapi", "must be a path"),
    ("url=%2F%2Fother.example%2Fapi", "must be a path"),
    ("url=%2Fapi%0a", "control character"),
    ("url=%2Fapi&url=%2Fother", "given twice"),
    ("url=%2Fapi&orign=x", "unknown parameter 'orign'"),
    ("url=%2Fapi%zz", "not URL-encoded correctly"),
    ("url=%2Fapi&origin=%00", "not URL-encoded correctly"),
    ("url=%2Fapi&private-network=yes", "can only be 'true'"),
    ("url=%2Fapi&headers=" + "a" * 4097, "longer than 4096 bytes"),
]


@pytest.mark.parametrize("query,message", BAD, ids=[b[1] for b in BAD])
def test_bad_input_gets_400(s, query, message):
    r = s.get("/cors-explain?" + query)
    assert r.status == 400
    assert r.header("Content-Type").startswith("application/json")
    assert message in json.loads(r.body)["error"]


def test_nothing_reflected_unescaped(s):
    evil = '<script>"\\\x01\x7f\xe9'
    r = s.get("/cors-explain?" + urllib.parse.urlencode(
        {"url": "/api/x", "origin": evil, "method": "<b>",
         "headers": "a<,&b"}))
    assert r.status == 200
    for ch in (b"<", b">", b"&", b"\x01", b"\x7f", b"\xc3"):
        assert ch not in r.body, ch
    out = json.loads(r.body)
    # each byte outside printable ASCII stands alone as \u00XX
    assert out["request"]["origin"] == '<script>"\\\x01\x7f\u00c3\u00a9'
    # a malformed origin is explained, not refused
    assert out["decision"]["CORS"] == "preflight:refused:origin"
    r = s.get("/cors-explain?url=%2Fa&x%3Cb%3E=1")
    assert r.status == 400 and b"<" not in r.body


def test_only_get(s):
    r = s.request("POST", "/cors-explain?url=/api/x", body="")
    assert r.status == 405
    assert "GET" in r.header("Allow")


def test_only_this_virtual_host(httpd_factory):
    h = httpd_factory("""
<VirtualHost 127.0.0.1:{port0}>
    <Location /cors-explain>
        SetHandler cors-explain
    </Location>
</VirtualHost>
<VirtualHost 127.0.0.1:{port1}>
    <Location /api>
        CORSAllowOrigin https://app.example.com
    </Location>
</VirtualHost>
""", ports=2)
    r = h.get("/cors-explain?url=/api/x&origin=" + APP, port=h.ports[0])
    out = json.loads(r.body)
    assert out["policy"]["active"] is False
    assert out["decision"]["verdict"] == "none"
    # the policy is there, on the other host
    r = h.get("/api/x", APP, port=h.ports[1])
    assert r.header("Access-Control-Allow-Origin") == APP


@pytest.mark.expect_log("AH01630")
def test_lookup_runs_no_authorization(s):
    """/api/denied is Require all denied: explaining it logs no denial,
    and the policy is found there (a request gets its 403 with the
    headers)."""
    r, out = explain(s, url="/api/denied/x", origin=APP)
    assert out["decision"]["CORS"] == "actual:allowed"
    assert "AH01630" not in s.peek_log()
    real = s.get("/api/denied/x", APP)
    assert real.status == 403
    assert out["decision"]["headers"] == sent(real)
    assert "AH01630" in s.peek_log()


def test_a_list_of_many_lines_is_located_briefly(httpd_factory):
    """20,000 CORSAllowOrigin lines: set_at names the first eight and
    "...", and the configuration loads (no work that grows with the
    square of the lines)."""
    lines = "\n".join(f"    CORSAllowOrigin https://o{i}.example.com"
                      for i in range(20000))
    h = httpd_factory(f"""
<Location /cors-explain>
    SetHandler cors-explain
</Location>
<Location /many>
{lines}
</Location>
""")
    r = h.get("/cors-explain?url=/many/x&origin=https://o19999.example.com")
    out = json.loads(r.body)
    at = out["policy"]["fields"]["CORSAllowOrigin"]["set_at"].split(", ")
    first = int(conf_line(h, "CORSAllowOrigin https://o0.").rsplit(":", 1)[1])
    assert at == [f"{h.conf}:{first + i}" for i in range(8)] + ["..."]
    assert out["decision"]["CORS"] == "actual:allowed"


@pytest.mark.parametrize("origin", ["https://dir.example.com",
                                    "https://index.example.com"])
def test_directory_index_explained_as_decided(s, origin):
    """/idx/ is decided by the directory's policy, before mod_dir moves
    the request to index.html; the explanation says the same."""
    _, out = explain(s, url="/idx/", origin=origin)
    real = s.get("/idx/", origin)
    assert real.status == 200 and real.body == b"x\n"
    assert out["decision"]["headers"] == sent(real), (out, real)
    assert out["decision"]["CORS"] == (
        "actual:allowed" if origin == "https://dir.example.com"
        else "actual:refused:origin")


@pytest.mark.parametrize("origin", ["https://a.example.com",
                                    "https://b.example.com",
                                    "https://c.example.com"])
def test_if_on_the_origin_sees_the_described_origin(s, origin):
    _, out = explain(s, url="/byorigin/x", origin=origin)
    real = s.get("/byorigin/x", origin)
    assert out["decision"]["headers"] == sent(real), (out, real)
    assert out["decision"]["CORS"] == (
        "actual:refused:origin" if origin == "https://c.example.com"
        else "actual:allowed")


@pytest.mark.expect_log("AH01630")
def test_only_the_explain_lookup_skips_authorization(s):
    """mod_dir's own lookup of /secret/index.html for the explain
    directory runs authorization (and is denied): the secret is not
    served through the explain location."""
    r = s.get("/explain-dir/")
    assert b"the secret" not in r.body
    assert r.status == 403, r
    assert "AH01630" in s.peek_log()


def test_method_needs_origin(s):
    r = s.get("/cors-explain?url=/api/x&method=PUT")
    assert r.status == 400
    assert "needs 'origin'" in json.loads(r.body)["error"]


def test_lookup_status(s):
    _, out = explain(s, url="/api/x", origin=APP)
    assert out["policy"]["lookup_status"] == 200
