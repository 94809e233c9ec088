"""The three browser engines, from Debian's packages: Chromium (Blink),
Firefox ESR (Gecko) and WebKitGTK's MiniBrowser (WebKit, under xvfb-run).

run_page(engine, server, url) loads url in a fresh profile, with no
network but loopback, and returns the page's results: Chromium's from its
DOM (--dump-dom), the others' from the one request the page sends to its
own server with ?report=1 (tests/browser/*.html), read from the server's
report_log (REPORT_LOG in its configuration).  Every wait is bounded; the
browser is stopped by its process group.
"""

import glob
import html
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.parse

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FIREFOX = shutil.which("firefox-esr") or "/usr/bin/firefox-esr"
MINIBROWSER = next(iter(sorted(glob.glob(
    "/usr/lib/*/webkit2gtk-4.1/MiniBrowser"))), "MiniBrowser")

ENGINES = ("chromium", "firefox", "webkit")

# the line a server's configuration needs for run_page's reports
REPORT_LOG = 'CustomLog "{root}/report_log" "%U%q"\n'

# Firefox: no first-run pages, updates, telemetry or other connections
FIREFOX_PREFS = """
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("app.update.enabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("extensions.update.enabled", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
"""


def version(engine):
    cmd = {"chromium": [CHROMIUM, "--version"],
           "firefox": [FIREFOX, "--version"]}.get(engine)
    if cmd is None:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}",
                              "libwebkit2gtk-4.1-0"], capture_output=True,
                             text=True, timeout=30).stdout
        return "WebKitGTK " + out
    return subprocess.run(cmd, capture_output=True, text=True,
                          timeout=60).stdout.strip()


def _start(cmd, profile, env=None, stdout="output"):
    """A browser in a process group of its own, everything it writes in
    its profile folder (HOME and TMPDIR too: nothing left elsewhere)."""
    env = {**os.environ, "HOME": profile, "TMPDIR": profile, **(env or {})}
    with open(os.path.join(profile, stdout), "wb") as out, \
            open(os.path.join(profile, "output"), "ab") as err:
        return subprocess.Popen(cmd, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, env=env,
                                start_new_session=True)


def _stop(p):
    """Stops the browser's whole process group (helpers, Xvfb)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(p.pid, sig)
        except ProcessLookupError:
            break
        try:
            p.wait(15)
            break
        except subprocess.TimeoutExpired:
            continue
    p.wait()


def _output(profile):
    """The last lines the browser wrote, for a failure's message."""
    try:
        with open(os.path.join(profile, "output"), "rb") as f:
            return f.read()[-2000:].decode(errors="replace")
    except OSError:
        return ""


def chromium_dom(url, extra=()):
    """The DOM of a page after its fetches settle, from headless
    Chromium: no browser download, loopback only, a fresh profile."""
    profile = tempfile.mkdtemp(prefix="mod_cors-chromium.")
    try:
        p = _start([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={profile}",
                    "--virtual-time-budget=20000", *extra, "--dump-dom",
                    url], profile, stdout="dom")
        try:
            p.wait(120)
        except subprocess.TimeoutExpired:
            pass
        finally:
            _stop(p)
        with open(os.path.join(profile, "dom"), errors="replace") as f:
            dom = f.read()
        assert "<pre" in dom, "chromium wrote no page:\n" + _output(profile)
        return dom
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def dom_results(dom):
    m = re.search(r'<pre id="results"[^>]*>(.*?)</pre>', dom, re.S)
    assert m, dom[-2000:]
    return json.loads(html.unescape(m.group(1)))


def reports(server):
    log = server.root / "report_log"
    text = log.read_text() if log.exists() else ""
    return [json.loads(urllib.parse.unquote(ln[len("/report?"):]))
            for ln in text.splitlines() if ln.startswith("/report?")]


def run_page(engine, server, url, timeout=90, trust=None):
    """The results of the page at url in engine; trust: the folder of a
    test certificate (harness.self_signed_cert) the engine accepts for
    this run only: Firefox trusts its CA, the others ignore TLS errors."""
    if engine == "chromium":
        return dom_results(chromium_dom(
            url, ["--ignore-certificate-errors"] if trust else []))
    before = len(reports(server))
    url += ("&" if "?" in url else "?") + "report=1"
    profile = tempfile.mkdtemp(prefix=f"mod_cors-{engine}.")
    env = {}
    if engine == "firefox":
        with open(os.path.join(profile, "user.js"), "w") as f:
            f.write(FIREFOX_PREFS)
        if trust:
            # the test CA, trusted in the profile's own NSS store
            subprocess.run(["certutil", "-N", "-d", f"sql:{profile}",
                            "--empty-password"], check=True,
                           capture_output=True, timeout=60)
            subprocess.run(["certutil", "-A", "-d", f"sql:{profile}",
                            "-n", "mod_cors-test", "-t", "C,,", "-i",
                            str(trust / "ca.pem")], check=True,
                           capture_output=True, timeout=60)
        cmd = [FIREFOX, "--headless", "--no-remote", "--profile", profile,
               url]
    else:
        cmd = ["xvfb-run", "-a", MINIBROWSER,
               *(["--ignore-tls-errors"] if trust else []), url]
        # WebKit's caches and cookies under the fresh HOME
        env = {"XDG_CACHE_HOME": os.path.join(profile, "cache"),
               "XDG_DATA_HOME": os.path.join(profile, "data")}
    p = _start(cmd, profile, env)
    try:
        deadline = time.time() + timeout
        while len(reports(server)) == before:
            exited = p.poll() is not None
            if exited:
                time.sleep(0.5)         # a report still being logged
            if len(reports(server)) > before:
                break
            assert not exited, (f"{engine} exited without reporting:\n"
                                + _output(profile))
            assert time.time() < deadline, (f"{engine}: no report in "
                                            f"{timeout}s:\n"
                                            + _output(profile))
            time.sleep(0.1)
        return reports(server)[before]
    finally:
        _stop(p)
        shutil.rmtree(profile, ignore_errors=True)
