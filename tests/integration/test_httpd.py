"""mod_cors among httpd's other parts: MPMs, HTTP/2, graceful
restarts, mod_cache, internal redirects and subrequests, proxies."""

import threading
import time

import pytest

from conftest import H2_TLS_MODULES, OPENSSL_MISMATCH, curl_client, h2_tls

APP = "https://app.example.com"
B = "https://b.example.com"

POLICY = """
CORSAllowOrigin https://app.example.com
CORSAllowCredentials On
CORSAllowMethods PUT
CORSExposeHeaders X-Id
"""


def core_assertions(get, preflight):
    """The behaviour every MPM and protocol must show."""
    r = get("/index.html", APP)
    assert r.status == 200
    assert r.header("Access-Control-Allow-Origin") == APP
    assert r.header("Access-Control-Allow-Credentials") == "true"
    assert r.header("Access-Control-Expose-Headers") == "X-Id"
    assert [t.lower() for t in r.tokens("Vary")] == ["origin"]
    r = get("/missing", APP)
    assert r.status == 404
    assert r.header("Access-Control-Allow-Origin") == APP
    r = get("/index.html", "https://evil.test")
    assert r.acx() == []
    r = preflight("/index.html", APP, "PUT")
    assert r.status == 204
    assert r.header("Access-Control-Allow-Methods") == "PUT"
    r = preflight("/index.html", APP, "DELETE")
    assert r.status == 403 and r.acx() == []


@pytest.mark.parametrize("mpm", ["event", "worker", "prefork"])
def test_mpms(httpd_factory, mpm):
    s = httpd_factory(POLICY, mpm=mpm)
    core_assertions(s.get, s.preflight)
    # concurrent requests: threads of event/worker, processes of prefork
    errors = []

    def client():
        try:
            for _ in range(20):
                core_assertions(s.get, s.preflight)
        except AssertionError as e:        # pragma: no cover - reported
            errors.append(e)

    threads = [threading.Thread(target=client) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_http2_cleartext(httpd_factory):
    s = httpd_factory(POLICY + "Protocols h2c http/1.1\n",
                      modules=["http2"])
    core_assertions(*curl_client(f"http://127.0.0.1:{s.port}",
                                 ["--http2-prior-knowledge"]))


@pytest.mark.expect_log(OPENSSL_MISMATCH)
def test_http2_tls(httpd_factory, tmp_path):
    s = httpd_factory(POLICY + h2_tls(tmp_path), modules=H2_TLS_MODULES)
    core_assertions(*curl_client(f"https://127.0.0.1:{s.port}",
                                 ["--http2", "-k"]))


def test_graceful_restart_with_changed_policy(httpd_factory):
    s = httpd_factory(POLICY)
    assert s.get("/index.html", APP).header(
        "Access-Control-Allow-Origin") == APP
    failures, stop = [], threading.Event()

    def load():
        while not stop.is_set():
            try:
                r = s.get("/index.html", APP)
                if r.status != 200:
                    failures.append(r.status)
            except OSError as e:            # pragma: no cover - reported
                failures.append(repr(e))

    t = threading.Thread(target=load)
    t.start()
    try:
        s.conf.write_text(s.conf.read_text().replace(
            "CORSAllowOrigin https://app.example.com",
            "CORSAllowOrigin https://b.example.com"))
        s.graceful()
        # children of the old generation finish what they were serving
        # (and, for a moment, may still accept): done when ten rounds in a
        # row on new connections see only the new policy
        deadline, rounds = time.time() + 30, 0
        while rounds < 10:
            if time.time() > deadline:
                pytest.fail("the new policy was never served alone")
            new = s.get("/index.html", B).header(
                "Access-Control-Allow-Origin") == B
            old = s.get("/index.html", APP).acx() != []
            rounds = rounds + 1 if new and not old else 0
            time.sleep(0.05)
    finally:
        stop.set()
        t.join()
    assert failures == []


@pytest.mark.parametrize("quick", ["On", "Off"])
def test_mod_cache_never_serves_another_origins_headers(httpd_factory,
                                                        quick):
    s = httpd_factory(f"""
CacheRoot "{{root}}/cache"
CacheEnable disk /
CacheQuickHandler {quick}
CacheIgnoreNoLastMod On
CacheDefaultExpire 300
Header set Cache-Control "max-age=300"
CORSAllowOrigin https://app.example.com https://b.example.com
CORSAllowCredentials On
""", modules=["cache", "cache_disk"])
    (s.root / "cache").mkdir()
    (s.root / "cache").chmod(0o777)
    a1 = s.get("/data.txt", APP)
    a2 = s.get("/data.txt", APP)
    assert a2.header("Age") is not None, "the second request was not a hit"
    for r in (a1, a2):
        assert r.header("Access-Control-Allow-Origin") == APP
    b = s.get("/data.txt", B)
    assert b.header("Access-Control-Allow-Origin") == B
    assert b.header("Access-Control-Allow-Credentials") == "true"
    none = s.get("/data.txt")
    assert none.acx() == []
    evil = s.get("/data.txt", "https://evil.test")
    assert evil.acx() == []
    assert s.get("/data.txt", B).header("Access-Control-Allow-Origin") == B


SSI = """<!--#include virtual="/inc/part.txt" -->
<!--#include virtual="/other/part.txt" -->
"""


@pytest.fixture(scope="module")
def rs(server_factory):
    return server_factory("""
CORSAllowOrigin https://app.example.com
<Directory "{docroot}/idx">
    DirectoryIndex index.html
</Directory>
<Location /idx>
    CORSExposeHeaders X-Idx
</Location>
<Files "index.html">
    CORSExposeHeaders X-Files-Index
</Files>
<Location /fallback>
    FallbackResource /fallback/app.txt
    CORSAllowOrigin https://b.example.com
</Location>
<Location /other>
    CORSAllowOrigin https://other.example.com
</Location>
RewriteEngine On
RewriteRule ^/rewritten$ /other/part.txt [PT]
<Directory "{docroot}/dirrw">
    RewriteEngine On
    RewriteRule ^page$ /other/part.txt [L]
</Directory>
<Location /ssi>
    Options +Includes
    AddOutputFilter INCLUDES .shtml
</Location>
<Directory "{docroot}/ssi">
    Options +Includes
</Directory>
<Location /inc>
    Header always set Access-Control-Allow-Origin "https://evil.example"
</Location>
""", modules=["include"], files={
        "idx/index.html": "idx\n", "fallback/app.txt": "app\n",
        "other/part.txt": "other\n", "inc/part.txt": "inc\n",
        "dirrw/placeholder": "",
        "ssi/page.shtml": SSI})


def test_directory_index_uses_requested_scope(rs):
    r = rs.get("/idx/", APP)
    assert r.status == 200 and r.body == b"idx\n"
    assert r.header("Access-Control-Allow-Origin") == APP
    # the policy of /idx/, not of the index file it was served from
    assert r.header("Access-Control-Expose-Headers") == "X-Idx"


def test_fallback_resource(rs):
    r = rs.get("/fallback/anything", B)
    assert r.status == 200 and r.body == b"app\n"
    assert r.header("Access-Control-Allow-Origin") == B
    assert rs.get("/fallback/anything", APP).acx() == []


def test_per_directory_rewrite_keeps_requested_scope(rs):
    # a per-directory rewrite is an internal redirect: the policy stays
    # the one of the URL the client asked for
    r = rs.get("/dirrw/page", APP)
    assert r.body == b"other\n"
    assert r.header("Access-Control-Allow-Origin") == APP
    assert rs.get("/dirrw/page", "https://other.example.com").acx() == []


def test_server_rewrite_maps_before_sections(rs):
    # a server-context rewrite changes the URL before httpd maps it to
    # <Location> sections, for mod_cors as for every module (README)
    r = rs.get("/rewritten", "https://other.example.com")
    assert r.body == b"other\n"
    assert r.header("Access-Control-Allow-Origin") == \
        "https://other.example.com"
    assert rs.get("/rewritten", APP).acx() == []


def test_include_subrequests_add_nothing(rs):
    r = rs.get("/ssi/page.shtml", APP)
    assert r.status == 200
    assert b"inc" in r.body and b"other" in r.body
    assert r.header("Access-Control-Allow-Origin") == APP
    assert [t.lower() for t in r.tokens("Vary")] == ["origin"]
    r = rs.get("/ssi/page.shtml", "https://other.example.com")
    assert r.acx() == []


def test_passthrough_preflight_to_proxy_backend(httpd_factory):
    backend = httpd_factory("""
RewriteEngine On
RewriteCond %{REQUEST_METHOD} OPTIONS
RewriteRule ^ - [R=200,L]
Header always set Access-Control-Allow-Origin "*"
Header always set X-Backend "yes"
""")
    s = httpd_factory(f"""
ProxyPass /api/ http://127.0.0.1:{backend.port}/
<Location /api/>
    CORSAllowOrigin https://app.example.com
    CORSAllowMethods PUT
</Location>
<Location /api/pass/>
    CORSPreflight passthrough
</Location>
""", modules=["proxy", "proxy_http"])
    r = s.preflight("/api/x", APP, "PUT")
    assert r.status == 204 and r.header("X-Backend") is None
    r = s.preflight("/api/pass/x", APP, "PUT")
    assert r.header("X-Backend") == "yes"
    assert r.header("Access-Control-Allow-Origin") == APP
    assert r.header("Access-Control-Allow-Methods") == "PUT"
    log = backend.access_log(wait_for="OPTIONS /pass/x")
    assert log.count("OPTIONS") == 1 and "OPTIONS /pass/x" in log


def test_mod_cgi_under_prefork(httpd_factory):
    s = httpd_factory(POLICY + 'ScriptAlias /cgi/ "{docroot}/cgi/"\n',
                      mpm="prefork", modules=["cgi"], files={
                          "cgi/t.cgi": "#!/bin/sh\n"
                          "echo 'Status: 418 Teapot'\n"
                          "echo 'Content-Type: text/plain'\n"
                          "echo 'Access-Control-Allow-Origin: *'\n"
                          "echo 'Access-Control-Expose-Headers: X-Other'\n"
                          "echo\necho tea\n"})
    (s.docroot / "cgi" / "t.cgi").chmod(0o755)
    r = s.get("/cgi/t.cgi", APP)
    assert r.status == 418 and r.body == b"tea\n"
    assert r.header("Access-Control-Allow-Origin") == APP
    assert r.header("Access-Control-Expose-Headers") == "X-Id"
    r = s.get("/cgi/t.cgi", "https://evil.test")
    assert r.status == 418 and r.acx() == []
