"""apachectl -t -D DUMP_CORS: every section holding CORS directives, per
virtual host, nested as in the files, with the file and line of each."""

import subprocess

from conftest import APACHE, Httpd

CONF = """
CORSAllowOrigin https://top.example
<Location /api>
    CORSAllowOrigin https://app.example.com
    <If "%{QUERY_STRING} == 'x'">
        CORSMaxAge 5
    </If>
</Location>
<Location /none>
    Header set X-Unrelated 1
</Location>
<IfModule headers_module>
<Directory "{docroot}/d">
    <Files "*.json">
        CORSAllowMethods PUT DELETE
    </Files>
</Directory>
</IfModule>
<IfModule no_such_module>
    CORSAllowOrigin https://never.example
</IfModule>
Include "{root}/extra.conf"
<VirtualHost 127.0.0.1:{port1}>
    ServerName api.example.com
    CORSAllowOrigin https://v.example
    <Location /v>
        CORSAllowCredentials On
        CORSAllowHeaders X-One \\
                         X-Two
    </Location>
</VirtualHost>
<VirtualHost 127.0.0.1:{port1}>
    ServerName quiet.example.com
    <Location /q>
        Header set X-Unrelated 1
    </Location>
</VirtualHost>
"""

EXTRA = """<Location /included>
    CORSAllowHeaders X-Token
</Location>
"""


def run(h, *args):
    p = subprocess.run([APACHE, "-t", *args, "-d", str(h.root), "-f",
                        str(h.conf)], capture_output=True, text=True,
                       env=h.env, timeout=60)
    return p.returncode, p.stdout, p.stderr


def at(path, text):
    lines = path.read_text().splitlines()
    n = next(i for i, ln in enumerate(lines) if text in ln)
    return f"({path}:{n + 1})"


def test_dump_cors():
    h = Httpd(CONF, ports=2)
    try:
        (h.root / "extra.conf").write_text(EXTRA)
        rc, out, err = run(h, "-D", "DUMP_CORS")
        assert rc == 0 and "Syntax OK" in err
        c, x = h.conf, h.root / "extra.conf"
        expected = [
            "CORS sections:",
            "main server  ServerName localhost",
            f"    CORSAllowOrigin https://top.example  "
            f"{at(c, 'CORSAllowOrigin https://top')}",
            f"    <Location /api>  {at(c, '<Location /api>')}",
            f"        CORSAllowOrigin https://app.example.com  "
            f"{at(c, 'CORSAllowOrigin https://app')}",
            f"""        <If "%{{QUERY_STRING}} == 'x'">  {at(c, '<If ')}""",
            f"            CORSMaxAge 5  {at(c, 'CORSMaxAge 5')}",
            f'    <Directory "{h.docroot}/d">  '
            f'{at(c, f"<Directory {chr(34)}{h.docroot}/d")}',
            f'        <Files "*.json">  {at(c, "<Files")}',
            f"            CORSAllowMethods PUT DELETE  "
            f"{at(c, 'CORSAllowMethods')}",
            f"    <Location /included>  {at(x, '<Location /included>')}",
            f"        CORSAllowHeaders X-Token  {at(x, 'CORSAllowHeaders')}",
            f"<VirtualHost 127.0.0.1:{h.ports[1]}>  "
            f"{at(c, '<VirtualHost')}  ServerName api.example.com",
            f"    CORSAllowOrigin https://v.example  "
            f"{at(c, 'CORSAllowOrigin https://v.')}",
            f"    <Location /v>  {at(c, '<Location /v>')}",
            f"        CORSAllowCredentials On  "
            f"{at(c, 'CORSAllowCredentials On')}",
            # a continued line, its spaces squeezed (httpd numbers it by
            # its last line)
            f"        CORSAllowHeaders X-One X-Two  "
            f"{at(c, '                 X-Two')}",
        ]
        assert out.splitlines() == expected, out
    finally:
        h.cleanup()


def test_no_dump_without_the_define():
    h = Httpd(CONF.replace('Include "{root}/extra.conf"', ""), ports=2)
    try:
        rc, out, err = run(h)
        assert rc == 0 and "Syntax OK" in err
        assert "CORS" not in out
    finally:
        h.cleanup()


def test_no_dump_of_a_config_that_fails():
    h = Httpd("<Location /api>\n    CORSMaxAge soon\n</Location>\n")
    try:
        rc, out, err = run(h, "-D", "DUMP_CORS")
        assert rc != 0 and "CORSMaxAge 'soon'" in err
        assert "CORS sections" not in out
    finally:
        h.cleanup()
