"""debian/: dpkg-buildpackage builds libapache2-mod-cors; installed into
this machine's httpd (as root), a2enmod has enabled it and a server that
loads it through mods-enabled answers a CORS request; removing the package
removes it again.  (Debian's own layout, by definition: the paths are the
ones apxs -q gives for Debian's httpd.)"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import cors_harness as harness

REPO = harness.REPO
PKG = "libapache2-mod-cors"
LAYOUT = harness.httpd_layout
MODULE = Path(LAYOUT.MODULES) / "mod_cors.so"
CONF = Path(LAYOUT.ROOT)


@pytest.fixture(scope="module")
def deb(tmp_path_factory):
    work = tmp_path_factory.mktemp("deb")
    src = work / "src"
    for f in harness.release_files():
        (src / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / f, src / f)
    p = subprocess.run(["dpkg-buildpackage", "-us", "-uc", "-b"], cwd=src,
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    debs = [d for d in work.glob(f"{PKG}_*.deb")]
    assert len(debs) == 1, list(work.iterdir())
    return debs[0]


def test_package_contents(deb):
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], check=True,
                             capture_output=True, text=True).stdout
    for path in (MODULE, CONF / "mods-available" / "cors.load",
                 CONF / "mods-available" / "cors.conf"):
        assert f".{path}" in listing, (path, listing)
    info = subprocess.run(["dpkg-deb", "-I", str(deb)], check=True,
                          capture_output=True, text=True).stdout
    assert "libpsl5" in info and "apache2-api-20120211" in info


def test_install_enable_request_remove(deb, httpd_factory):
    assert os.geteuid() == 0, "installing a package needs root (as in CI)"
    # an earlier "a2dismod cors" on this machine is remembered here and
    # would keep the package from enabling the module: start clean
    for state in Path("/var/lib/apache2/module").glob("*/cors"):
        state.unlink()
    subprocess.run(["dpkg", "-i", str(deb)], check=True, capture_output=True,
                   timeout=300)
    try:
        enabled = CONF / "mods-enabled" / "cors.load"
        assert enabled.is_symlink(), "a2enmod did not enable cors"
        s = httpd_factory(f"""
Include {enabled}
Include {CONF}/mods-enabled/cors.conf
CORSAllowOrigin https://app.example.com
CORSAllowCredentials On
""", with_cors=False)
        r = s.get("/index.html", "https://app.example.com")
        assert r.header("Access-Control-Allow-Origin") == \
            "https://app.example.com"
        assert r.header("Access-Control-Allow-Credentials") == "true"
        assert s.preflight("/index.html", "https://evil.test",
                           "PUT").status == 403
    finally:
        subprocess.run(["dpkg", "--purge", PKG], check=True,
                       capture_output=True, timeout=300)
    assert not MODULE.exists()
    assert not (CONF / "mods-enabled" / "cors.load").exists()
