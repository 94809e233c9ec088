"""The demo behind `make run`: every button gives the verdict the page
predicts, in a real browser."""

import json
import shutil

import pytest

import cors_harness as harness
import engines

REPO = harness.REPO


def demo_server(httpd_factory):
    page, api = harness.free_port(), harness.free_port()
    env = {"CORS_DEMO_PAGE_PORT": str(page), "CORS_DEMO_API_PORT": str(api)}
    body = (REPO / "conf-examples" / "demo.conf").read_text()
    s = httpd_factory(engines.REPORT_LOG
                      + body.replace("${CORS_DEMO_ROOT}", "{root}/demo"),
                      env=env, modules=["cgid"])
    shutil.copytree(REPO / "demo" / "api", s.root / "demo" / "api")
    shutil.copytree(REPO / "demo" / "page", s.root / "demo" / "page")
    for p in [s.root / "demo", *(s.root / "demo").rglob("*")]:
        # readable by httpd's User; the API's CGI script stays executable
        p.chmod(p.stat().st_mode | (0o755 if p.is_dir() else 0o644))
    (s.root / "demo" / "htpasswd").write_text(
        harness.sha_htpasswd("demo", "demo"))
    return s, page, api


@pytest.mark.parametrize("engine", engines.ENGINES)
def test_demo_buttons_give_predicted_verdicts(httpd_factory, engine):
    s, page, api = demo_server(httpd_factory)
    got = engines.run_page(engine, s,
                           f"http://127.0.0.1:{page}/?api={api}&auto=1")
    assert len(got) == 8, got
    wrong = {k: v for k, v in got.items() if v["verdict"] != v["expected"]}
    assert wrong == {}, json.dumps(got, indent=1)
    # both verdicts are exercised
    assert {v["verdict"] for v in got.values()} == {"allowed", "blocked"}
    # next to each, the server's side, from cors-explain: the decision for
    # the preflight, or for the request itself when it is simple
    assert {k: v["server"] for k, v in got.items()} == SERVER_SIDE


SERVER_SIDE = {
    "simple GET": "actual:allowed",
    "PUT JSON": "preflight:allowed",
    "DELETE + X-Token": "preflight:allowed",
    "public GET": "actual:allowed",
    # the server allows it with "*"; the browser refuses "*" with cookies
    "public GET with cookies": "actual:allowed",
    "public PUT": "preflight:refused:method",
    "private GET (no password)": "actual:allowed",
    "strict GET": "actual:refused:origin",
}


def test_demo_screenshot(httpd_factory, tmp_path):
    """The picture README shows; set DEMO_SCREENSHOT=path to keep it."""
    import os
    import subprocess
    import tempfile
    from test_browser import CHROMIUM
    s, page, api = demo_server(httpd_factory)
    out = tmp_path / "demo.png"
    profile = tempfile.mkdtemp(prefix="mod_cors-chromium.")
    try:
        subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}",
             "--hide-scrollbars", "--window-size=1300,1150",
             "--virtual-time-budget=20000", f"--screenshot={out}",
             f"http://127.0.0.1:{page}/?api={api}&auto=1"],
            capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20000
    if os.environ.get("DEMO_SCREENSHOT"):
        shutil.copy(out, os.environ["DEMO_SCREENSHOT"])
