"""CORSTimingAllowOrigin: Timing-Allow-Origin on actual responses to
allowed origins (the value of Access-Control-Allow-Origin), nothing for
others or on preflights; merged per field, .htaccess included."""

import json

import pytest

from conftest import config_test

APP = "https://app.example.com"
EVIL = "https://evil.example.com"
TAO = "Timing-Allow-Origin"

CONF = """
<Location /cors-explain>
    SetHandler cors-explain
</Location>
<Location /t>
    CORSAllowOrigin https://app.example.com
    CORSAllowCredentials On
    CORSTimingAllowOrigin On
</Location>
<Location /t/off>
    CORSTimingAllowOrigin Off
</Location>
<Location /t/inherit>
    CORSAllowMethods PUT
</Location>
<Location /t/trial>
    CORSEnable ReportOnly
</Location>
<Location /t/backend>
    Header always set Timing-Allow-Origin https://other.example
</Location>
<Location /star>
    CORSAllowOrigin *
    CORSTimingAllowOrigin On
</Location>
<Location /plain>
    CORSAllowOrigin https://app.example.com
    Header always set Timing-Allow-Origin https://other.example
</Location>
<Directory "{docroot}/ht">
    AllowOverride FileInfo
</Directory>
"""

SERVER = dict(body=CONF)


@pytest.fixture(scope="module", autouse=True)
def setup(s):
    for d in ("t", "t/off", "t/inherit", "t/trial", "t/backend", "star",
              "plain", "ht"):
        s.write(f"{d}/x.txt", "x\n")
    s.write("ht/.htaccess", "CORSAllowOrigin https://app.example.com\n"
                            "CORSTimingAllowOrigin On\n")


def test_allowed_origin_gets_it(s):
    r = s.get("/t/x.txt", APP)
    assert r.header("Access-Control-Allow-Origin") == APP
    assert r.header(TAO) == APP
    assert "Origin" in r.tokens("Vary")


def test_on_error_responses_too(s):
    r = s.get("/t/missing", APP)
    assert r.status == 404 and r.header(TAO) == APP


def test_star(s):
    r = s.get("/star/x.txt", EVIL)
    assert r.header("Access-Control-Allow-Origin") == "*"
    assert r.header(TAO) == "*"


@pytest.mark.parametrize("origin", [EVIL, "null", "https://app.example.com."])
def test_nothing_for_refused_origins(s, origin):
    r = s.get("/t/x.txt", origin)
    assert r.acx() == [] and r.header(TAO) is None


def test_nothing_without_origin_or_on_preflights(s):
    assert s.get("/t/x.txt").header(TAO) is None
    r = s.preflight("/t/x.txt", APP, "GET")
    assert r.status == 204 and r.header(TAO) is None


def test_default_off_and_merge(s):
    assert s.get("/t/off/x.txt", APP).header(TAO) is None
    assert s.get("/t/inherit/x.txt", APP).header(TAO) == APP
    assert s.get("/t/trial/x.txt", APP).header(TAO) is None
    assert s.get("/ht/x.txt", APP).header(TAO) == APP


def test_replaces_a_foreign_one_only_where_it_sends_it(s):
    r = s.get("/t/backend/x.txt", APP)
    assert r.headers_named(TAO) == [APP]
    # refused: the module sends none, and leaves what others set
    assert s.get("/t/backend/x.txt", EVIL).headers_named(TAO) == [
        "https://other.example"]
    # off: the module does not touch it
    assert s.get("/plain/x.txt", APP).headers_named(TAO) == [
        "https://other.example"]


def test_explained(s):
    r = s.get("/cors-explain?url=/t/x.txt&origin=" + APP)
    out = json.loads(r.body)
    assert out["policy"]["fields"]["CORSTimingAllowOrigin"]["value"] == "On"
    assert out["decision"]["headers"][TAO] == APP


def test_bad_value():
    rc, out = config_test("CORSTimingAllowOrigin maybe")
    assert rc != 0
    assert "CORSTimingAllowOrigin must be On or Off" in out
