"""Test harness: the real httpd with the freshly built module.

The httpd is the one APXS selects (default: the apxs on PATH, Debian's
/usr/sbin/apache2 here); its binary, modules, MIME table and User come
from apxs -q and httpd -V (tests/httpd_layout.py).

Each server gets a temporary ServerRoot, a generated httpd.conf that loads
.libs/mod_cors.so, a free 127.0.0.1 port, and is stopped by pid when its
fixture ends.  After every test (the autouse fixture checked_logs) the new
error-log lines of every server the test touched are checked: any [warn],
[error], [crit], [alert], [emerg] or crash line fails the test unless the
test declared it with @pytest.mark.expect_log(regex, ...).

A test module that needs one server for all its tests declares it as
SERVER = dict(body=CONF, **Httpd options) and takes the fixture s.
"""

import base64
import hashlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
import httpd_layout  # noqa: E402  (needs the path above)

# make test-asan points this at a build with AddressSanitizer and
# UndefinedBehaviorSanitizer, and asks for the runtime to be preloaded
# into httpd (only httpd: pytest itself runs without it).
MODULE = Path(os.environ.get("MOD_CORS_SO", REPO / ".libs" / "mod_cors.so"))
HTTPD_ENV = {k: os.environ[k] for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS")
             if k in os.environ}
if os.environ.get("MOD_CORS_PRELOAD"):
    HTTPD_ENV["LD_PRELOAD"] = os.environ["MOD_CORS_PRELOAD"]
# make test-valgrind runs every httpd under memcheck, logs in this folder
VALGRIND_LOGS = os.environ.get("MOD_CORS_VALGRIND")
APACHE = httpd_layout.HTTPD
MODDIR = httpd_layout.MODULES

# (those built into the binary, as Debian builds unixd and log_config,
# are left out when the config is written)
BASE_MODULES = [
    "unixd", "log_config", "authz_core", "authz_host", "authn_core",
    "authn_file", "auth_basic", "authz_user", "mime", "dir", "alias", "headers", "setenvif", "env",
    "rewrite",
]

BAD_LOG = re.compile(r"\[(?:[a-z_0-9]+:)?(warn|error|crit|alert|emerg)\]"
                     r"|Segmentation fault|exit signal|AH00052")

# mod_ssl's warning, on every start, that it was built against a newer
# OpenSSL than the one installed: a fact of this machine, not of the config
OPENSSL_MISMATCH = (r"\[ssl:warn\].*AH01882: Init: this version of mod_ssl "
                    r"was compiled against a newer library")

# Every started server, until the check after a test found it cleaned up
# (checked_logs reads the new error-log lines of each).
SERVERS = []


def release_files():
    """The files of the release: those git tracks in a checkout, those the
    MANIFEST of an unpacked release tarball lists (make dist)."""
    if (REPO / ".git").exists():
        return subprocess.run(["git", "ls-files"], cwd=REPO, check=True,
                              capture_output=True, text=True).stdout.split()
    return (REPO / "MANIFEST").read_text().split()


# One child process (with the event MPM's threads), for the tests of what
# is a process's own: a map's answer cache, its once-a-second error line,
# when it looks at a file.
ONE_PROCESS = ("ServerLimit 1\nStartServers 1\nThreadsPerChild 25\n"
               "MaxRequestWorkers 25\nMinSpareThreads 5\nMaxSpareThreads 25")


_PORTS_GIVEN = set()


def free_port():
    """A port of 127.0.0.1 that nobody listens on now and that no earlier
    call handed out: the kernel may offer the same free port twice in a
    row, before the server given the first listens on it (a config with
    two such ports then fails: "Cannot define multiple Listeners")."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _PORTS_GIVEN:
            _PORTS_GIVEN.add(port)
            return port


def sha_htpasswd(user, password):
    """A line of an htpasswd file in the {SHA} format httpd accepts."""
    digest = base64.b64encode(hashlib.sha1(password.encode()).digest())
    return f"{user}:{{SHA}}{digest.decode()}\n"


def protected_location(path):
    """A <Location> that requires a user of {root}/htpasswd (Basic)."""
    return (f"<Location {path}>\n    AuthType Basic\n"
            '    AuthName "secret"\n    AuthBasicProvider file\n'
            '    AuthUserFile "{root}/htpasswd"\n    Require valid-user\n'
            "</Location>\n")


def basic_auth(user, password):
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return ("Authorization", "Basic " + token)


class Response:
    """A response with its header lines kept in order, duplicates and all."""

    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers          # list of (name, value)
        self.body = body

    def headers_named(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def header(self, name):
        """The single value of a header, or None.  A duplicate is a defect:
        browsers reject a response with two Access-Control-Allow-Origin."""
        values = self.headers_named(name)
        assert len(values) <= 1, f"{name} appears {len(values)} times: {values}"
        return values[0] if values else None

    def tokens(self, name):
        """All comma-separated elements of every line of a list header."""
        out = []
        for v in self.headers_named(name):
            out += [t.strip() for t in v.split(",") if t.strip()]
        return out

    def acx(self):
        """Every Access-Control-* response header."""
        return [(k, v) for k, v in self.headers
                if k.lower().startswith("access-control-")]

    def __repr__(self):
        return f"<Response {self.status} {self.headers}>"


class Httpd:
    """One real httpd, configured from a body of directives."""

    def __init__(self, body, files=None, mpm="event", modules=(),
                 with_cors=True, loglevel="warn cors:debug", ports=1,
                 head="", env=None):
        self.root = Path(tempfile.mkdtemp(prefix="mod_cors-test."))
        os.chmod(self.root, 0o755)
        self.docroot = self.root / "htdocs"
        self.docroot.mkdir()
        # httpd's own layout: what a snippet's "logs/..." names
        (self.root / "logs").mkdir()
        os.chmod(self.root / "logs", 0o755)
        self.ports = [free_port() for _ in range(ports)]
        self.port = self.ports[0]
        self.proc = None
        files = {"index.html": "<p>index</p>\n", "data.txt": "data\n",
                 **(files or {})}
        for name, content in files.items():
            self.write(name, content)
        self.mpm = mpm
        self.env = {"PATH": os.environ["PATH"], **HTTPD_ENV, **(env or {})}
        self.conf = self.root / "httpd.conf"
        self.conf.write_text(self.config(body, modules, with_cors, loglevel,
                                         head))
        self.log_offset = 0
        self.last_log = None            # the error log, kept by cleanup()

    def write(self, name, content, mode=0o644):
        path = self.docroot / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for d in [path.parent, *path.parent.parents]:
            if d == self.root:
                break
            os.chmod(d, 0o755)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        os.chmod(path, mode)
        return path

    def fmt(self, text):
        subst = {"root": str(self.root), "docroot": str(self.docroot),
                 "port": str(self.port)}
        for i, p in enumerate(self.ports):
            subst[f"port{i}"] = str(p)
        for k, v in subst.items():
            text = text.replace("{" + k + "}", v)
        return text

    def config(self, body, modules, with_cors, loglevel, head):
        lines = [f'ServerRoot "{self.root}"',
                 *httpd_layout.load_modules(
                     [f"mpm_{self.mpm}", *BASE_MODULES,
                      *(m for m in modules if not m.startswith("mpm_"))])]
        if with_cors:
            if not MODULE.exists():
                pytest.fail(f"{MODULE} is missing: run make -f Makefile.apxs")
            lines.append(f'LoadModule cors_module "{MODULE}"')
        if os.geteuid() == 0:
            lines += [f"User {httpd_layout.USER}",
                      f"Group {httpd_layout.GROUP}"]
        lines += [f"Listen 127.0.0.1:{p}" for p in self.ports]
        lines += [
            "ServerName localhost",
            f'PidFile "{self.root}/httpd.pid"',
            f'ErrorLog "{self.root}/error_log"',
            f"LogLevel {loglevel}",
            f'CustomLog "{self.root}/access_log" "%h %m %U %>s"',
            f'DefaultRuntimeDir "{self.root}"',
            f'Mutex file:{self.root} default',
            f'TypesConfig "{httpd_layout.MIME_TYPES}"',
            f'DocumentRoot "{self.docroot}"',
            "DirectoryIndex index.html",
            "KeepAliveTimeout 2",
            # without it mod_ssl warns on every start (AH01873)
            (f'SSLSessionCache "shmcb:{self.root}/ssl_scache(512000)"'
             if "ssl" in modules else ""),
            f'<Directory "{self.docroot}">',
            "    AllowOverride None",
            "    Require all granted",
            "</Directory>",
            self.fmt(head),
            self.fmt(body),
        ]
        return "\n".join(lines) + "\n"

    # --- lifecycle ---------------------------------------------------------

    def start(self):
        out = open(self.root / "stderr", "wb")
        cmd = [APACHE, "-d", str(self.root), "-f", str(self.conf),
               "-DFOREGROUND"]
        if VALGRIND_LOGS:
            cmd = ["valgrind", "--tool=memcheck", "--error-limit=no",
                   f"--log-file={VALGRIND_LOGS}/vg.%p", *cmd]
        self.proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, env=self.env,
            # prefork signals its whole process group on stop and restart:
            # a group of its own keeps pytest out of it
            start_new_session=True)
        deadline = time.time() + (120 if VALGRIND_LOGS else 15)
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("httpd exited:\n" + self.startup_output())
            try:
                for p in self.ports:
                    socket.create_connection(("127.0.0.1", p), 0.2).close()
            except OSError:
                time.sleep(0.05)
                continue
            # httpd listens before it has read its configuration for the
            # second time (when the module's warnings are logged): started
            # is when it logs its command line (AH00094)
            if "AH00094" in self.error_log():
                SERVERS.append(self)
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("httpd did not listen:\n" + self.startup_output())

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(120 if VALGRIND_LOGS else 15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def cleanup(self):
        """Stops httpd and removes its ServerRoot, keeping the error log as
        it was before the stop for the check after the test (what a stop
        logs, such as the event MPM's races with requests it cuts short,
        is not the test's)."""
        self.last_log = self.error_log()
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def graceful(self):
        self.proc.send_signal(signal.SIGUSR1)

    def startup_output(self):
        text = ""
        for name in ("stderr", "error_log"):
            p = self.root / name
            if p.exists():
                text += p.read_text(errors="replace")
        return text

    # --- logs --------------------------------------------------------------

    def error_log(self):
        if self.last_log is not None:
            return self.last_log
        p = self.root / "error_log"
        return p.read_text(errors="replace") if p.exists() else ""

    def new_log(self):
        """Error-log text written since the last call (checked_logs calls it
        before and after each test)."""
        text = self.error_log()
        new, self.log_offset = text[self.log_offset:], len(text)
        return new

    def peek_log(self):
        """Error-log text written since the last new_log(), left for the
        check after the test."""
        return self.error_log()[self.log_offset:]

    def log_lines(self, tag):
        """The new error-log lines tagged tag ("[cors:debug]"), left for
        the check after the test."""
        return [ln for ln in self.peek_log().splitlines() if tag in ln]

    def access_log(self, wait_for=None, timeout=10):
        """The access log; httpd writes a request's line after sending the
        response, so wait_for names a line (or a test of the text) to wait
        for, within timeout seconds."""
        p = self.root / "access_log"
        deadline = time.time() + timeout
        while True:
            text = p.read_text(errors="replace") if p.exists() else ""
            done = (wait_for is None
                    or (wait_for(text) if callable(wait_for)
                        else wait_for in text))
            if done or time.time() > deadline:
                return text
            time.sleep(0.05)

    # --- requests ----------------------------------------------------------

    def request(self, method, path, headers=(), body=None, port=None,
                timeout=10):
        conn = http.client.HTTPConnection("127.0.0.1", port or self.port,
                                          timeout=timeout)
        try:
            skip_host = any(k.lower() == "host" for k, _ in headers)
            conn.putrequest(method, path, skip_host=skip_host,
                            skip_accept_encoding=True)
            for k, v in headers:
                conn.putheader(k, v)
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body.encode() if isinstance(body, str) else body)
            r = conn.getresponse()
            data = r.read()
            return Response(r.status, r.reason, r.getheaders(), data)
        finally:
            conn.close()

    def get(self, path, origin=None, headers=(), **kw):
        h = list(headers)
        if origin is not None:
            h.insert(0, ("Origin", origin))
        return self.request("GET", path, h, **kw)

    def preflight(self, path, origin, method, req_headers=None, headers=(),
                  **kw):
        h = [("Origin", origin), ("Access-Control-Request-Method", method)]
        if req_headers is not None:
            h.append(("Access-Control-Request-Headers", req_headers))
        return self.request("OPTIONS", path, h + list(headers), **kw)

    def raw(self, data, port=None, timeout=10):
        """Sends bytes as they are; returns the parsed first response."""
        with socket.create_connection(("127.0.0.1", port or self.port),
                                      timeout) as s:
            s.sendall(data)
            buf = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                buf += chunk
                if b"\r\n\r\n" in buf:
                    head, _, rest = buf.partition(b"\r\n\r\n")
                    m = re.search(rb"(?im)^content-length:\s*(\d+)", head)
                    if m and len(rest) >= int(m.group(1)):
                        break
        head, _, body = buf.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = [tuple(x.strip() for x in ln.split(":", 1))
                   for ln in lines[1:] if ":" in ln]
        return Response(status, "", headers, body)


def curl(args, url):
    """Headers of a response fetched with curl (for HTTP/2)."""
    p = subprocess.run(["curl", "-s", "-D", "-", "-o", "/dev/null",
                        "--max-time", "10", *args, url],
                       capture_output=True, text=True, timeout=30)
    lines = [ln.rstrip("\r") for ln in p.stdout.splitlines()]
    status = int(lines[0].split()[1])
    headers = [tuple(x.strip() for x in ln.split(":", 1))
               for ln in lines[1:] if ":" in ln]
    return Response(status, "", headers, b""), lines[0]


def curl_client(base, args):
    """get() and preflight() for core_assertions, over curl, checking that
    every response came over HTTP/2."""
    def get(path, origin):
        r, line = curl([*args, "-H", f"Origin: {origin}"], base + path)
        assert line.startswith("HTTP/2")
        return r

    def preflight(path, origin, method):
        r, line = curl([*args, "-X", "OPTIONS", "-H", f"Origin: {origin}",
                        "-H", f"Access-Control-Request-Method: {method}"],
                       base + path)
        assert line.startswith("HTTP/2")
        return r

    return get, preflight


def config_test(body, modules=(), with_cors=True):
    """httpd -t on a generated config: (returncode, output)."""
    h = Httpd(body, modules=modules, with_cors=with_cors)
    try:
        p = subprocess.run([APACHE, "-t", "-d", str(h.root), "-f",
                            str(h.conf)], capture_output=True, text=True,
                           env=h.env, timeout=60)
        return p.returncode, p.stdout + p.stderr
    finally:
        h.cleanup()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "expect_log(*regex): error-log lines this test expects")
    config.addinivalue_line(
        "markers", "at_end: runs after every other test of the session, "
        "which fill the time it waits for")


def pytest_collection_modifyitems(items):
    """The at_end tests last, each group in its order."""
    items.sort(key=lambda item: item.get_closest_marker("at_end") is not None)


def self_signed_cert(folder):
    """A key and a certificate for localhost and 127.0.0.1, made with
    openssl: (key path, certificate path).  It is signed by a test CA made
    beside it (folder/ca.pem), which a browser can be told to trust; not a
    CA certificate itself, which mod_ssl would warn about (AH01906)."""
    folder = Path(folder)
    key, crt = folder / "key.pem", folder / "cert.pem"
    ca_key, ca = folder / "ca-key.pem", folder / "ca.pem"
    ext = folder / "ext.cnf"
    ext.write_text("basicConstraints=critical,CA:FALSE\n"
                   "subjectAltName=DNS:localhost,IP:127.0.0.1\n")

    def openssl(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True,
                       timeout=60)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=mod_cors test CA", "-addext",
            "basicConstraints=critical,CA:TRUE", "-keyout", str(ca_key),
            "-out", str(ca))
    openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj",
            "/CN=localhost", "-keyout", str(key), "-out",
            str(folder / "req.pem"))
    openssl("x509", "-req", "-in", str(folder / "req.pem"), "-CA", str(ca),
            "-CAkey", str(ca_key), "-CAcreateserial", "-days", "2",
            "-extfile", str(ext), "-out", str(crt))
    key.chmod(0o644)                # read by httpd's User too
    return key, crt


# the modules h2_tls() needs
H2_TLS_MODULES = ["ssl", "socache_shmcb", "http2"]


def h2_tls(folder):
    """Directives for TLS with HTTP/2 and HTTP/1.1 on a self-signed
    certificate made in folder (load H2_TLS_MODULES; the check after the
    test should allow OPENSSL_MISMATCH)."""
    key, crt = self_signed_cert(folder)
    return (f'SSLEngine on\nSSLCertificateFile "{crt}"\n'
            f'SSLCertificateKeyFile "{key}"\nProtocols h2 http/1.1\n')


class Servers(list):
    """The servers a fixture started: make() starts one more."""

    def make(self, body, **kw):
        h = Httpd(body, **kw).start()
        self.append(h)
        return h

    def cleanup(self):
        for h in self:
            h.cleanup()


@pytest.fixture(scope="module")
def server_factory():
    """Starts servers for a whole test module; stops them by pid at its
    end."""
    servers = Servers()
    yield servers.make
    servers.cleanup()


@pytest.fixture(scope="module")
def s(request):
    """The server of the test module's SERVER = dict(body=..., **options
    of Httpd), for all the module's tests; stopped by pid at its end.  The
    lines it logs as it starts are checked here: SERVER's expect_log lists
    the regular expressions of those it expects."""
    options = dict(request.module.SERVER)
    expect = options.pop("expect_log", ())
    servers = Servers()
    h = servers.make(**options)
    check_log(h.new_log(), expect)
    yield h
    servers.cleanup()


@pytest.fixture
def httpd_factory(request):
    """Starts servers for one test; stops them by pid after it."""
    servers = Servers()
    yield servers.make
    servers.cleanup()
    if "checked_logs" not in request.fixturenames:
        # a suite that takes only this fixture (tests/package/)
        for h in servers:
            check_log(h.new_log(), expected(request))


@pytest.fixture(autouse=True)
def checked_logs(request):
    """Checks, after every test, what each server running during it (or
    started by it) wrote to its error log since the last check: the test's
    lines, and before them those of the time between tests (such as the
    start of a server_factory server).  peek_log() and log_lines() see only
    the test's."""
    SERVERS[:] = [h for h in SERVERS if h.last_log is None]     # running
    earlier = {h: h.new_log() for h in SERVERS}
    yield
    check_log("".join(earlier.get(h, "") + h.new_log() for h in SERVERS),
              expected(request))


def expected(request):
    """The regular expressions of the test's expect_log marker."""
    marker = request.node.get_closest_marker("expect_log")
    return marker.args if marker else ()


def check_log(text, expect=()):
    """Fails on the lines of text that BAD_LOG finds and no regular
    expression of expect allows."""
    bad = [ln for ln in text.splitlines()
           if BAD_LOG.search(ln) and not any(re.search(p, ln) for p in expect)]
    assert not bad, "unexpected error-log lines:\n" + "\n".join(bad)
