"""docs/migration.md: each failure of the mod_headers recipes, shown
against the real httpd, next to mod_cors's answer for the same policy."""

import re

import pytest

from conftest import REPO, sha_htpasswd

APP = "https://app.example.com"
GUIDE = (REPO / "docs" / "migration.md").read_text()
BLOCKS = re.findall(r"```apache\n(.*?)```", GUIDE, re.S)
STAR_RECIPE, STAR_CORS, RECIPE, CORS = BLOCKS[:4]

SETUP = """
<Location /secret>
    AuthType Basic
    AuthName "api"
    AuthUserFile "{root}/htpasswd"
    Require valid-user
    %(policy)s
</Location>
<Location /proxy/>
    ProxyPass http://127.0.0.1:%(backend)s/
    %(policy)s
</Location>
<Location /api>
    %(policy)s
</Location>
"""


@pytest.fixture(scope="module")
def backend(server_factory):
    return server_factory('Header always set Access-Control-Allow-Origin '
                          '"https://app.example.com"\n',
                          files={"x.txt": "x\n"})


def make(server_factory, backend, policy):
    indented = policy.replace("\n", "\n    ")
    s = server_factory(SETUP % {"policy": indented, "backend": backend.port},
                       modules=["proxy", "proxy_http"],
                       files={"api/x.txt": "x\n", "secret/x.txt": "x\n"})
    (s.root / "htpasswd").write_text(sha_htpasswd("u", "p"))
    return s


@pytest.fixture(scope="module")
def recipe(server_factory, backend):
    return make(server_factory, backend, RECIPE)


@pytest.fixture(scope="module")
def cors(server_factory, backend):
    return make(server_factory, backend, CORS)


def test_guide_has_the_four_configurations():
    assert "SetEnvIf Origin" in RECIPE and "CORSAllowOrigin" in CORS
    assert "Header set" in STAR_RECIPE and "CORSAllowOrigin *" in STAR_CORS


def test_unescaped_dots(recipe, cors):
    evil = "https://appxexample.com"
    r = recipe.get("/api/x.txt", evil)
    assert r.header("Access-Control-Allow-Origin") == evil      # the hole
    assert r.header("Access-Control-Allow-Credentials") == "true"
    assert cors.get("/api/x.txt", evil).acx() == []


def test_vary(recipe, cors):
    assert "Origin" not in recipe.get("/api/x.txt", APP).tokens("Vary")
    assert cors.get("/api/x.txt", APP).tokens("Vary") == ["Origin"]


def test_duplicate_headers_behind_a_proxy(recipe, cors):
    r = recipe.get("/proxy/x.txt", APP)
    assert len(r.headers_named("Access-Control-Allow-Origin")) == 2
    r = cors.get("/proxy/x.txt", APP)
    assert r.headers_named("Access-Control-Allow-Origin") == [APP]


def test_preflight_under_authentication(recipe, cors):
    assert recipe.preflight("/secret/x.txt", APP, "PUT").status == 401
    r = cors.preflight("/secret/x.txt", APP, "PUT")
    assert r.status == 204
    assert r.header("Access-Control-Allow-Origin") == APP


def test_every_options_is_a_success(recipe, cors):
    r = recipe.preflight("/api/x.txt", APP, "PROPFIND")
    assert r.status == 204                      # and the browser is told
    r = cors.preflight("/api/x.txt", APP, "PROPFIND")
    assert r.status == 403 and r.acx() == []
    # OPTIONS that is not a preflight reaches the handler with mod_cors
    assert recipe.request("OPTIONS", "/api/x.txt").status == 204
    assert cors.request("OPTIONS", "/api/x.txt").header("Allow")


def test_star_recipe_loses_headers_on_errors(httpd_factory):
    auth = """
<Location /secret>
    AuthType Basic
    AuthName "x"
    AuthUserFile "{root}/htpasswd"
    Require valid-user
</Location>
"""
    star = httpd_factory(STAR_RECIPE + auth)
    mine = httpd_factory(STAR_CORS + auth)
    for path, status in (("/missing", 404), ("/secret/x", 401)):
        r = star.get(path, APP)
        assert r.status == status and r.acx() == []
        r = mine.get(path, APP)
        assert r.status == status
        assert r.header("Access-Control-Allow-Origin") == "*"
    # the preflight a JSON POST sends
    r = star.preflight("/index.html", APP, "POST", "content-type")
    assert r.header("Access-Control-Allow-Headers") is None
    r = mine.preflight("/index.html", APP, "POST", "content-type")
    assert r.status == 204
    assert r.header("Access-Control-Allow-Headers") == "Content-Type"
