"""Scopes and merging: per-field merge across server, virtual
host, <Directory>, <Files>, <Location> and .htaccess; CORSEnable."""


import pytest

A = "https://a.example.com"
B = "https://b.example.com"

CONF = """
CORSAllowOrigin https://a.example.com
CORSAllowMethods PUT
CORSAllowHeaders X-Base
CORSExposeHeaders X-Base-Out
CORSMaxAge 100

<Directory "{docroot}/dir">
    CORSAllowCredentials On
</Directory>
<Directory "{docroot}/dir/sub">
    CORSAllowOrigin https://b.example.com
</Directory>
<Files "special.txt">
    CORSMaxAge 300
</Files>
<Location /dir/sub/loc>
    CORSAllowMethods DELETE
</Location>
<Directory "{docroot}/ht">
    AllowOverride FileInfo
</Directory>
<Directory "{docroot}/ht-authconfig">
    AllowOverride AuthConfig
</Directory>
<Directory "{docroot}/ht-none">
    AllowOverride None
</Directory>
<Location /repeat>
    CORSAllowOrigin https://b.example.com
    CORSAllowOrigin https://c.example.com
    CORSAllowOriginMatch "^https://d[0-9]\\.example\\.com$"
    CORSAllowHeaders X-One
    CORSAllowHeaders X-Two
</Location>
<Location /regexonly>
    CORSAllowOriginMatch "^https://d[0-9]\\.example\\.com$"
</Location>
<Location /credsdir/expose-star>
    CORSExposeHeaders *
</Location>
<Directory "{docroot}/credsdir">
    CORSAllowCredentials On
</Directory>
<Location /off>
    CORSEnable Off
</Location>
<Location /off/on-again>
    CORSEnable On
</Location>
<Location /report>
    CORSEnable ReportOnly
</Location>

# The main server answers on {port0}.
<VirtualHost 127.0.0.1:{port1}>
    ServerName vhost-b
    DocumentRoot "{docroot}"
    CORSAllowOrigin https://b.example.com
</VirtualHost>
<VirtualHost 127.0.0.1:{port2}>
    ServerName vhost-none
    DocumentRoot "{docroot}"
    CORSEnable Off
</VirtualHost>
<VirtualHost 127.0.0.1:{port3}>
    ServerName named-b.test
    DocumentRoot "{docroot}"
    CORSAllowOrigin https://b.example.com
</VirtualHost>
<VirtualHost 127.0.0.1:{port3}>
    ServerName named-a.test
    DocumentRoot "{docroot}"
</VirtualHost>
"""

FILES = {
    "dir/x.txt": "x\n", "dir/special.txt": "s\n", "dir/sub/x.txt": "x\n",
    "dir/sub/loc/x.txt": "x\n", "ht/x.txt": "x\n",
    "ht/.htaccess": "CORSAllowOrigin https://b.example.com\n",
    "ht-authconfig/x.txt": "x\n",
    "ht-authconfig/.htaccess": "CORSAllowOrigin https://b.example.com\n",
    "ht-none/x.txt": "x\n",
    "ht-none/.htaccess": "CORSAllowOrigin https://b.example.com\n",
    "repeat/x.txt": "x\n", "off/x.txt": "x\n", "off/on-again/x.txt": "x\n",
    "report/x.txt": "x\n", "regexonly/x.txt": "x\n",
    "credsdir/expose-star/x.txt": "x\n",
}


SERVER = dict(body=CONF, files=FILES, ports=4)


def acao(r):
    return r.header("Access-Control-Allow-Origin")


def test_server_level_policy(s):
    r = s.preflight("/x.txt", A, "PUT", "x-base")
    assert r.status == 204
    assert r.header("Access-Control-Max-Age") == "100"
    assert acao(s.get("/index.html", A)) == A
    assert s.get("/index.html", A).header(
        "Access-Control-Allow-Credentials") is None


def test_directory_sets_one_field_inherits_rest(s):
    r = s.get("/dir/x.txt", A)
    assert acao(r) == A
    assert r.header("Access-Control-Allow-Credentials") == "true"
    assert r.header("Access-Control-Expose-Headers") == "X-Base-Out"
    r = s.preflight("/dir/x.txt", A, "PUT", "x-base")
    assert r.status == 204
    assert r.header("Access-Control-Max-Age") == "100"


def test_nested_directory_replaces_origins_keeps_credentials(s):
    assert s.get("/dir/sub/x.txt", A).acx() == []
    r = s.get("/dir/sub/x.txt", B)
    assert acao(r) == B
    assert r.header("Access-Control-Allow-Credentials") == "true"


def test_files_section(s):
    r = s.preflight("/dir/special.txt", A, "PUT")
    assert r.header("Access-Control-Max-Age") == "300"
    assert r.header("Access-Control-Allow-Credentials") == "true"


def test_location_over_directories(s):
    r = s.preflight("/dir/sub/loc/x.txt", B, "DELETE", "x-base")
    assert r.status == 204
    assert r.header("Access-Control-Allow-Methods") == "DELETE"
    assert r.header("Access-Control-Allow-Credentials") == "true"
    assert r.status == 204
    assert s.preflight("/dir/sub/loc/x.txt", B, "PUT").status == 403


def test_htaccess_fileinfo(s):
    assert s.get("/ht/x.txt", A).acx() == []
    r = s.get("/ht/x.txt", B)
    assert acao(r) == B
    assert r.header("Access-Control-Expose-Headers") == "X-Base-Out"
    # preflights see the .htaccess policy too
    assert s.preflight("/ht/x.txt", B, "PUT", "x-base").status == 204


def test_htaccess_change_without_restart(s):
    path = s.docroot / "ht" / ".htaccess"
    old = path.read_text()
    try:
        path.write_text("CORSAllowOrigin https://c.example.com\n")
        assert acao(s.get("/ht/x.txt", "https://c.example.com")) == \
            "https://c.example.com"
        assert s.get("/ht/x.txt", B).acx() == []
    finally:
        path.write_text(old)
    assert acao(s.get("/ht/x.txt", B)) == B


@pytest.mark.expect_log(r"CORSAllowOrigin not allowed here")
def test_htaccess_without_fileinfo_is_500(s):
    r = s.get("/ht-authconfig/x.txt", B)
    assert r.status == 500
    log = s.peek_log()
    assert "CORSAllowOrigin not allowed here" in log


def test_htaccess_not_read_under_none(s):
    assert s.get("/ht-none/x.txt", B).acx() == []
    assert acao(s.get("/ht-none/x.txt", A)) == A


def test_repeated_list_directive_appends(s):
    for o in (B, "https://c.example.com", "https://d7.example.com"):
        assert acao(s.get("/repeat/x.txt", o)) == o
    assert s.get("/repeat/x.txt", A).acx() == []
    r = s.preflight("/repeat/x.txt", B, "PUT", "x-one, x-two")
    assert r.status == 204
    assert r.tokens("Access-Control-Allow-Headers") == ["X-One", "X-Two"]
    assert s.preflight("/repeat/x.txt", B, "PUT", "x-base").status == 403


def test_enable_off_leaves_responses_untouched(s):
    r = s.get("/off/x.txt", A)
    assert r.acx() == [] and r.headers_named("Vary") == []
    r = s.preflight("/off/x.txt", A, "PUT")
    assert r.status == 200                  # httpd's own OPTIONS answer
    assert r.acx() == [] and r.headers_named("Vary") == []


def test_enable_on_again_below_off(s):
    assert acao(s.get("/off/on-again/x.txt", A)) == A


def test_report_only_logs_and_changes_nothing(s):
    r = s.get("/report/x.txt", A)
    assert r.acx() == [] and r.headers_named("Vary") == []
    r = s.get("/report/x.txt", "https://evil.test")
    assert r.acx() == []
    r = s.preflight("/report/x.txt", A, "PUT")
    assert r.status == 200 and r.acx() == []
    log = s.peek_log()
    info = [ln for ln in log.splitlines() if "[cors:info]" in ln]
    assert len(info) == 3, log
    assert "would have allowed request" in info[0]
    assert "would have refused request" in info[1]
    assert "evil.test" in info[1]
    assert "would have allowed preflight" in info[2]


def test_port_based_vhosts_do_not_leak(s):
    assert acao(s.get("/x.txt", B, port=s.ports[1])) == B
    assert s.get("/x.txt", A, port=s.ports[1]).acx() == []
    r = s.get("/x.txt", A, port=s.ports[2])
    assert r.acx() == [] and r.headers_named("Vary") == []


def test_name_based_vhosts_do_not_leak(s):
    p = s.ports[3]
    r = s.get("/index.html", B, headers=[("Host", "named-b.test")], port=p)
    assert acao(r) == B
    r = s.get("/index.html", B, headers=[("Host", "named-a.test")], port=p)
    assert r.acx() == []
    assert acao(s.get("/index.html", A, headers=[("Host", "named-a.test")],
                      port=p)) == A


def test_origin_match_alone_replaces_inherited_origins(s):
    assert s.get("/regexonly/x.txt", A).acx() == []
    r = s.get("/regexonly/x.txt", "https://d1.example.com")
    assert acao(r) == "https://d1.example.com"


@pytest.mark.expect_log(r"\[cors:error\].*CORSAllowCredentials On is "
                        r"inherited.*CORSExposeHeaders '\*'")
def test_expose_star_meeting_inherited_credentials(s):
    r = s.get("/credsdir/expose-star/x.txt", A)
    assert acao(r) == A
    assert r.header("Access-Control-Expose-Headers") == "*"
    assert r.header("Access-Control-Allow-Credentials") is None
