"""Every file of conf-examples/ loads and does what its comment says."""

import json
import re
import subprocess

import pytest

from conftest import REPO, Servers, basic_auth, config_test, sha_htpasswd
from databases import TABLE, Postgres, rows

EXAMPLES = REPO / "conf-examples"
APP = "https://app.example.com"


def example(name, **subst):
    text = (EXAMPLES / name).read_text()
    for k, v in subst.items():
        text = text.replace(k, v)
    return text


def test_every_example_is_tested():
    tested = {"public-api.conf", "spa-credentials.conf",
              "subdomains-and-localhost.conf", "proxy-backend.conf",
              "auth-protected.conf", "htaccess-shared-hosting.conf",
              "per-vhost.conf", "demo.conf", "observability.conf",
              "saas-origins.conf"}
    assert {p.name for p in EXAMPLES.glob("*.conf")} == tested


@pytest.mark.parametrize("name", ["public-api.conf", "spa-credentials.conf",
                                  "subdomains-and-localhost.conf",
                                  "auth-protected.conf",
                                  "htaccess-shared-hosting.conf"])
def test_example_loads_as_is(name):
    rc, out = config_test(example(name))
    assert rc == 0, out
    assert "[cors:warn]" not in out, out


def test_public_api(httpd_factory):
    s = httpd_factory(example("public-api.conf"), files={"api/x.json": "{}"})
    r = s.get("/api/x.json", "https://any.site.test")
    assert r.header("Access-Control-Allow-Origin") == "*"
    assert r.tokens("Access-Control-Expose-Headers") == [
        "ETag", "X-RateLimit-Remaining"]
    assert "Origin" not in r.tokens("Vary")
    r = s.preflight("/api/x.json", "https://any.site.test", "GET")
    assert r.status == 204
    assert r.header("Access-Control-Max-Age") == "7200"
    assert s.preflight("/api/x.json", "https://a.test", "DELETE").status \
        == 403
    # outside /api/: nothing
    assert s.get("/index.html", "https://any.site.test").acx() == []


def test_spa_credentials(httpd_factory):
    s = httpd_factory(example("spa-credentials.conf"),
                      files={"api/x.json": "{}"})
    r = s.preflight("/api/x.json", APP, "PATCH",
                    "content-type, authorization, x-csrf-token")
    assert r.status == 204
    assert r.header("Access-Control-Allow-Origin") == APP
    assert r.header("Access-Control-Allow-Credentials") == "true"
    assert r.header("Access-Control-Max-Age") == "600"
    r = s.get("/api/x.json", APP)
    assert r.header("Access-Control-Expose-Headers") == "X-Request-Id"
    assert s.get("/api/x.json", "https://evil.test").acx() == []


def test_subdomains_and_localhost(httpd_factory):
    s = httpd_factory(example("subdomains-and-localhost.conf"),
                      files={"api/x.json": "{}"})
    for o in ("https://a.example.com", "https://a.b.example.com",
              "http://localhost:5173", "http://127.0.0.1:8000",
              "https://pr-17.preview.example.net"):
        r = s.get("/api/x.json", o)
        assert r.header("Access-Control-Allow-Origin") == o, o
        assert r.header("Access-Control-Allow-Credentials") == "true"
    for o in ("https://example.com", "https://localhost:5173",
              "https://pr-x.preview.example.net"):
        assert s.get("/api/x.json", o).acx() == [], o
    r = s.preflight("/api/x.json", "https://a.example.com", "PURGE",
                    "x-anything")
    assert r.header("Access-Control-Allow-Methods") == "PURGE"
    assert r.header("Access-Control-Allow-Headers") == "x-anything"


def test_proxy_backend(httpd_factory):
    backend = httpd_factory("""
Header always set Access-Control-Allow-Origin "*"
Header always set Access-Control-Allow-Methods "GET"
Header always set Vary "Accept-Encoding"
""", files={"item.json": "{}"})
    conf = example("proxy-backend.conf",
                   **{"127.0.0.1:8000": f"127.0.0.1:{backend.port}"})
    s = httpd_factory(conf, modules=["proxy", "proxy_http"])
    r = s.get("/service/item.json", APP)
    assert r.status == 200
    assert r.header("Access-Control-Allow-Origin") == APP
    assert r.header("Access-Control-Allow-Credentials") == "true"
    assert r.header("Access-Control-Allow-Methods") is None
    assert sorted(r.tokens("Vary")) == ["Accept-Encoding", "Origin"]
    r = s.get("/service/item.json", "https://evil.test")
    assert r.status == 200 and r.acx() == []
    assert s.preflight("/service/item.json", APP, "PUT").status == 204
    assert s.preflight("/service/item.json", "https://evil.test",
                       "PUT").status == 403
    log = backend.access_log(wait_for="GET /item.json")
    assert "OPTIONS" not in log and "GET /item.json" in log


@pytest.mark.expect_log(r"AH01618|AH01617")
def test_auth_protected(httpd_factory, tmp_path):
    s = httpd_factory(example("auth-protected.conf",
                              **{"/etc/apache2/api.htpasswd":
                                 "{root}/api.htpasswd"}),
                      files={"private/x.json": "{}"})
    (s.root / "api.htpasswd").write_text(sha_htpasswd("alice", "pw"))
    r = s.preflight("/private/x.json", APP, "POST",
                    "authorization, content-type")
    assert r.status == 204
    assert r.header("Access-Control-Allow-Credentials") == "true"
    r = s.get("/private/x.json", APP)
    assert r.status == 401
    assert r.header("Access-Control-Allow-Origin") == APP
    r = s.request("GET", "/private/x.json", [("Origin", APP),
                                             basic_auth("alice", "pw")])
    assert r.status == 200
    assert r.header("Access-Control-Allow-Origin") == APP


def test_htaccess_shared_hosting(httpd_factory):
    text = example("htaccess-shared-hosting.conf")
    htaccess = "\n".join(ln for ln in text.splitlines()
                         if ln and not ln.startswith("#"))
    s = httpd_factory('<Directory "{docroot}/api">\n'
                      "    AllowOverride FileInfo\n</Directory>",
                      files={"api/.htaccess": htaccess + "\n",
                             "api/x.json": "{}"})
    o = "https://www.example.org"
    assert s.get("/api/x.json", o).header("Access-Control-Allow-Origin") == o
    r = s.preflight("/api/x.json", o, "POST", "content-type")
    assert r.status == 204 and r.header("Access-Control-Max-Age") == "600"
    assert s.get("/index.html", o).acx() == []


def test_per_vhost(httpd_factory):
    conf = example("per-vhost.conf")
    conf = conf.replace("*:80", "127.0.0.1:{port}")
    conf = re.sub(r"DocumentRoot /var/www/\w+", 'DocumentRoot "{docroot}"',
                  conf)
    s = httpd_factory(conf)

    def get(host, origin):
        return s.get("/index.html", origin, headers=[("Host", host)])

    r = get("api.example.com", APP)
    assert r.header("Access-Control-Allow-Origin") == APP
    assert r.header("Access-Control-Allow-Credentials") == "true"
    assert get("static.example.com", APP).header(
        "Access-Control-Allow-Origin") == "*"
    r = get("intranet.example.com", APP)
    assert r.acx() == [] and r.headers_named("Vary") == []
    assert get("api.example.com", "https://other.test").acx() == []


def test_demo_config(httpd_factory):
    """conf-examples/demo.conf as demo/run uses it."""
    from conftest import free_port
    import shutil
    page, api = free_port(), free_port()
    env = {"CORS_DEMO_PAGE_PORT": str(page), "CORS_DEMO_API_PORT": str(api)}
    body = example("demo.conf")
    s = httpd_factory(body.replace("${CORS_DEMO_ROOT}", "{root}/demo"),
                      env=env, ports=1, modules=["cgid"])
    shutil.copytree(REPO / "demo" / "api", s.root / "demo" / "api")
    shutil.copytree(REPO / "demo" / "page", s.root / "demo" / "page")
    for p in (s.root / "demo").rglob("*"):
        # readable by httpd's User; the API's CGI script stays executable
        p.chmod(p.stat().st_mode | (0o755 if p.is_dir() else 0o644))
    (s.root / "demo").chmod(0o755)
    page_origin = f"http://127.0.0.1:{page}"
    r = s.preflight("/data.json", page_origin, "PUT", port=api)
    assert r.status == 204
    assert r.header("Access-Control-Allow-Origin") == page_origin
    assert r.header("Access-Control-Allow-Methods") == "PUT"
    r = s.get("/data.json", f"http://localhost:{page}", port=api)
    assert r.status == 200
    assert r.header("Access-Control-Allow-Origin") == \
        f"http://localhost:{page}"
    r = s.get("/public/data.json", "https://any.test", port=api)
    assert r.header("Access-Control-Allow-Origin") == "*"
    # the demo's API answers every method for real (the CGI script)
    r = s.request("PUT", "/data.json", [("Origin", page_origin)],
                  body='{"a": 1}', port=api)
    assert r.status == 200 and json.loads(r.body) == {
        "method": "PUT", "path": "/data.json", "received_bytes": 8}
    assert r.header("Access-Control-Allow-Origin") == page_origin
    assert r.header("X-Request-Id").startswith("demo-")
    r = s.request("DELETE", "/data.json", [("Origin", page_origin)],
                  port=api)
    assert r.status == 204 and r.body == b""
    r = s.request("PATCH", "/strict/data.json", [], body="{}", port=api)
    assert r.status == 200 and json.loads(r.body)["method"] == "PATCH"
    assert s.get("/private/data.json", port=api).status == 401
    assert s.get("/index.html", port=page).status == 200


# the README's one-liner: which refused origins are seen most
TOP_REFUSED = ("awk -F'\"' '$5 ~ /refused:origin/ {n[$4]++} "
               "END {for (o in n) print n[o], o}' %s | sort -rn")


def test_observability(httpd_factory):
    s = httpd_factory(example("observability.conf",
                              **{"${APACHE_LOG_DIR}": "{root}"}),
                      files={"api/x.json": "{}", "api/v2/x.json": "{}"})
    r = s.get("/api/x.json", APP)
    assert r.header("X-CORS-Decision") == "actual:allowed"
    assert s.get("/api/x.json", "https://evil.test").header(
        "X-CORS-Decision") == "actual:refused:origin"
    r = s.preflight("/api/x.json", APP, "PUT", "x-token")
    assert r.status == 403
    assert r.header("X-CORS-Decision") == "preflight:refused:headers"
    # the explain handler, from loopback, says why
    r = s.get("/cors-explain?url=/api/x.json&origin=" + APP
              + "&method=PUT&headers=x-token")
    d = json.loads(r.body)["decision"]
    assert (d["check"], d["value"]) == ("headers", "x-token")
    # ReportOnly: no CORS header sent; the note (here in the header that
    # /api/ adds) says what would have happened
    r = s.get("/api/v2/x.json", "https://evil.test")
    assert r.acx() == []
    assert r.header("X-CORS-Decision") == "actual:refused:origin"
    for _ in range(2):
        s.get("/api/x.json", "https://evil.test")
    s.get("/api/x.json", "https://other.test")
    log = s.root / "cors_log"
    s.access_log(wait_for=lambda _t: log.exists()
                 and log.read_text().count("\n") == 8)
    lines = log.read_text().splitlines()
    tails = {ln.split("] ", 1)[1] for ln in lines}
    assert {'"GET /api/x.json HTTP/1.1" 200 "https://app.example.com" '
            'actual:allowed -',
            '"OPTIONS /api/x.json HTTP/1.1" 403 "https://app.example.com" '
            'preflight:refused:headers -'} <= tails, tails
    v2 = [ln for ln in lines if "/api/v2/" in ln]
    assert len(v2) == 1 and v2[0].endswith(
        '"GET /api/v2/x.json HTTP/1.1" 200 "https://evil.test" '
        'actual:refused:origin 1')
    top = subprocess.run(TOP_REFUSED % log, shell=True, capture_output=True,
                         text=True, timeout=30).stdout
    # three refusals and one that ReportOnly would have made
    assert top.splitlines() == ["4 https://evil.test", "1 https://other.test"]


def test_demo_run_script():
    """demo/run itself (what make run starts): its own generated config
    loads, serves the page and the API, and cors-explain answers; stopped
    by pid (its process group) at the end."""
    import os
    import signal
    import socket
    import time
    from conftest import free_port
    page, api = free_port(), free_port()
    env = {**os.environ, "CORS_DEMO_PAGE_PORT": str(page),
           "CORS_DEMO_API_PORT": str(api)}
    p = subprocess.Popen([str(REPO / "demo" / "run")], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + 15
        while True:
            assert p.poll() is None, p.stdout.read().decode()
            try:
                socket.create_connection(("127.0.0.1", api), 0.2).close()
                break
            except OSError:
                assert time.time() < deadline, "demo/run did not listen"
                time.sleep(0.1)
        import http.client
        c = http.client.HTTPConnection("127.0.0.1", api, timeout=10)
        c.request("GET", "/cors-explain?url=/public/data.json&origin="
                  f"http://127.0.0.1:{page}&method=PUT")
        r = c.getresponse()
        d = json.loads(r.read())["decision"]
        c.close()
        assert (d["CORS"], d["value"]) == ("preflight:refused:method", "PUT")
        c = http.client.HTTPConnection("127.0.0.1", page, timeout=10)
        c.request("GET", "/")
        assert c.getresponse().status == 200
        c.close()
    finally:
        os.killpg(p.pid, signal.SIGTERM)
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        p.stdout.close()


def test_saas_origins():
    """The customers' origins from the file (with the company's own, and
    credentials), and the partners' from a real PostgreSQL database.  httpd
    is stopped before the database: a child that the MPM starts while the
    database shuts down would log mod_dbd's failed child init."""
    pg = Postgres().start()
    servers = Servers()
    try:
        pg.sql(TABLE + rows(["https://partner.example.org"]))
        s = servers.make(example(
            "saas-origins.conf", **{
                "/etc/apache2": "{docroot}",
                "host=127.0.0.1 dbname=app user=httpd":
                    f"host=127.0.0.1 port={pg.port} dbname=postgres "
                    f"user=cors"}),
            modules=["dbd"],
            files={"cors-origins.txt": "https://*.customer.example\n",
                   "api/x.json": "{}", "partners/x.json": "{}"})
        for origin in (APP, "https://shop.customer.example"):
            r = s.preflight("/api/x.json", origin, "PUT",
                            "content-type, authorization")
            assert r.status == 204
            assert r.header("Access-Control-Allow-Origin") == origin
            assert r.header("Access-Control-Allow-Credentials") == "true"
        assert s.get("/api/x.json", "https://evil.example").acx() == []
        r = s.get("/partners/x.json", "https://partner.example.org")
        assert r.header("Access-Control-Allow-Origin") \
            == "https://partner.example.org"
        assert "Origin" in r.tokens("Vary")
        assert s.get("/partners/x.json", APP).acx() == []
    finally:
        servers.cleanup()
        pg.cleanup()
