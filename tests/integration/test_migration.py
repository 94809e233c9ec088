"""docs/migration.md: each failure of the mod_headers recipes, shown
against the real httpd, next to mod_cors's answer for the same policy."""

import re

import pytest

from conftest import REPO, config_test, sha_htpasswd

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


# --- the RewriteMap recipe ---------------------------------------------------

MAP_RECIPE, MAP_CORS = BLOCKS[4:6]
MAPPED = {"cors-origins.map": f"{APP} yes\nhttps://shop.example.com/ yes\n",
          "cors-origins.txt": f"{APP}\n", "api/x.txt": "x\n"}


def test_guide_has_the_rewritemap_configurations():
    assert "RewriteMap cors_origins" in MAP_RECIPE
    assert "CORSAllowOriginMap txt:" in MAP_CORS


@pytest.fixture(scope="module")
def map_recipe(server_factory):
    return server_factory(MAP_RECIPE.replace("/etc/apache2", "{docroot}"),
                          files=MAPPED)


@pytest.fixture(scope="module")
def map_cors(server_factory):
    return server_factory(MAP_CORS.replace("/etc/apache2", "{docroot}"),
                          files=MAPPED)


def test_rewritemap_recipe_allows_what_its_map_lists(map_recipe, map_cors):
    for s in (map_recipe, map_cors):
        r = s.get("/api/x.txt", APP)
        assert r.header("Access-Control-Allow-Origin") == APP
        assert s.get("/api/x.txt", "https://evil.example.com").acx() == []


def test_rewritemap_recipe_answers_no_preflight(map_recipe, map_cors):
    r = map_recipe.preflight("/api/x.txt", APP, "PUT", "content-type")
    assert r.header("Access-Control-Allow-Methods") is None
    assert r.header("Access-Control-Allow-Headers") is None
    r = map_cors.preflight("/api/x.txt", APP, "PUT", "content-type")
    assert r.status == 204 and r.header("Access-Control-Allow-Origin") == APP
    assert "PUT" in r.tokens("Access-Control-Allow-Methods")
    assert r.tokens("Access-Control-Allow-Headers") == ["Content-Type"]


def test_rewritemap_recipe_is_silent_on_a_bad_line(map_recipe, tmp_path):
    """The recipe's map line with a trailing slash never matches and
    nothing says so; the same line in mod_cors's list fails the check."""
    assert map_recipe.get("/api/x.txt", "https://shop.example.com").acx() \
        == []
    bad = tmp_path / "cors-origins.txt"
    bad.write_text(f"{APP}\nhttps://shop.example.com/\n")
    rc, out = config_test(MAP_CORS.replace("/etc/apache2", str(tmp_path)))
    assert rc != 0
    assert f"{bad}:2: 'https://shop.example.com/'" in out
