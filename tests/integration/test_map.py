"""CORSAllowOriginMap txt: and dbm:, origins kept in files outside the
configuration: what the files allow, how they combine with the rest of the
policy, what bad files get at startup, and how each process follows a file
that changes while it serves (re-read at most every 5 seconds, once the
file has been left alone for a second; an invalid new file keeps the last
good list).  The database maps (dbd:) are in test_map_dbd.py."""

import json
import os
import re
import subprocess
import threading
import time

import pytest

import conftest
from conftest import ONE_PROCESS, Httpd, config_test

APP = "https://app.example.com"
TENANT = "https://shop.tenant.example.net"
NEW = "https://new.example.com"
EVIL = "https://evil.example.com"

LIST = f"""# origins of the customers' front-ends
{APP}

HTTPS://Shop.Tenant.Example.NET:443
https://*.preview.example.org
http://localhost:*
"""

# A file is looked at every 5 seconds and read once it is a second old:
# a change shows within 7 seconds, and these tests wait up to 20.
CHANGE_SECONDS = 20


def servers():
    """A function that starts a server whose files are prepared (by
    prepare(h)) before it starts, and the list of those it started."""
    made = []

    def make(body, prepare=None, **kw):
        h = Httpd(body, **kw)
        made.append(h)
        if prepare:
            prepare(h)
        return h.start()

    return make, made


@pytest.fixture
def server():
    """Starts servers for one test (servers()); stops them by pid after
    it."""
    make, made = servers()
    yield make
    for h in made:
        h.cleanup()


@pytest.fixture(scope="module")
def shared_server():
    """The same, for the tests of the module that change nothing."""
    make, made = servers()
    yield make
    for h in made:
        h.cleanup()


def acao(h, origin, path="/data.txt"):
    return h.get(path, origin=origin).header("Access-Control-Allow-Origin")


def replace(path, text):
    """Replaces a file as deployment tools do: written aside, renamed."""
    tmp = path.with_name(path.name + ".new")
    tmp.write_text(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def until(check, seconds=CHANGE_SECONDS, rounds=10):
    """Waits until check() holds for rounds requests in a row (every child
    process of the server has seen the change); fails after seconds."""
    deadline = time.time() + seconds
    streak = 0
    while time.time() < deadline:
        streak = streak + 1 if check() else 0
        if streak >= rounds:
            return
        time.sleep(0.1)
    pytest.fail(f"not seen within {seconds} s")


def notes(h, n):
    """The first n lines of the note log, once httpd has written them."""
    path = h.root / "note_log"
    deadline = time.time() + 10
    lines = []
    while len(lines) < n and time.time() < deadline:
        time.sleep(0.05)
        lines = path.read_text().splitlines() if path.exists() else []
    return lines


def dbm(folder, name, lines, kind=None):
    """A DBM file made with httxt2dbm from "origin value" lines, in folder
    (readable by the server's User)."""
    src = folder / (name + ".in")
    src.write_text("".join(f"{ln} 1\n" for ln in lines))
    cmd = ["httxt2dbm", "-i", str(src), "-o", str(folder / name)]
    if kind:
        cmd[1:1] = ["-f", kind]
    subprocess.run(cmd, check=True, capture_output=True, timeout=60)
    for f in folder.iterdir():
        if f.is_file():
            os.chmod(f, 0o644)


TXT = """
<Location /api>
    CORSAllowOriginMap txt:{docroot}/origins.txt
</Location>
<Location /api/mixed>
    CORSAllowOrigin https://static.example.com
    CORSAllowOriginMap txt:{docroot}/origins.txt
    CORSAllowCredentials On
</Location>
<Location /api/own>
    CORSAllowOrigin https://static.example.com
</Location>
<Location /api/inherits>
    CORSMaxAge 60
</Location>
"""


TXT_FILES = {"origins.txt": LIST, "api/data.txt": "d\n",
             "api/mixed/data.txt": "d\n", "api/own/data.txt": "d\n",
             "api/inherits/data.txt": "d\n"}


@pytest.fixture(scope="module")
def txt_shared(shared_server):
    """The TXT server for the tests that only read."""
    return shared_server(TXT, files=TXT_FILES)



def test_txt_map_allows_its_patterns_normalised(txt_shared):
    """Each line is a pattern in CORSAllowOrigin's syntax, normalised: the
    upper-case line with its default port matches what browsers send."""
    for origin in (APP, TENANT, "https://pr-7.preview.example.org",
                   "http://localhost:3000", "http://localhost"):
        r = txt_shared.get("/api/data.txt", origin=origin)
        assert r.header("Access-Control-Allow-Origin") == origin
        assert r.tokens("Vary") == ["Origin"]
    for origin in (EVIL, "https://preview.example.org",
                   "http://app.example.com",
                   "https://shop.tenant.example.net:8443"):
        r = txt_shared.get("/api/data.txt", origin=origin)
        assert r.acx() == [], origin
        assert r.tokens("Vary") == ["Origin"], origin


def test_txt_map_never_sees_a_malformed_origin(txt_shared):
    """A value that is not a serialised origin is refused before any map is
    asked, however close to a listed one."""
    for origin in ("HTTPS://APP.EXAMPLE.COM", APP + "/", APP + ":443",
                   "https://app.example.com.", "null", "*"):
        r = txt_shared.get("/api/data.txt", origin=origin)
        assert r.acx() == [], origin


def test_txt_map_preflight(txt_shared):
    r = txt_shared.preflight("/api/data.txt", APP, "GET")
    assert r.status == 204
    assert r.header("Access-Control-Allow-Origin") == APP
    assert txt_shared.preflight("/api/data.txt", EVIL, "GET").status == 403


def test_map_with_static_origins_and_credentials(txt_shared):
    """A map and CORSAllowOrigin in one section form one set; credentials
    echo the origin, from either."""
    for origin in (APP, "https://static.example.com"):
        r = txt_shared.get("/api/mixed/data.txt", origin=origin)
        assert r.header("Access-Control-Allow-Origin") == origin
        assert r.header("Access-Control-Allow-Credentials") == "true"
    assert txt_shared.get("/api/mixed/data.txt", origin=EVIL).acx() == []


def test_section_with_origins_replaces_the_inherited_map(txt_shared):
    assert acao(txt_shared, APP, "/api/own/data.txt") is None
    assert acao(txt_shared, "https://static.example.com",
                "/api/own/data.txt") == "https://static.example.com"


def test_section_without_origins_inherits_the_map(txt_shared):
    r = txt_shared.preflight("/api/inherits/data.txt", APP, "GET")
    assert r.header("Access-Control-Allow-Origin") == APP
    assert r.header("Access-Control-Max-Age") == "60"


@pytest.mark.parametrize("line, reason", [
    ("*", "'*' allows every origin"),
    ("https://*.com", "public suffix"),
    ("https://a.example.com/path", "path"),
    ("https://a.example.com https://b.example.com", "one origin per line"),
    ("app.example.com", "no scheme"),
])
def test_bad_line_fails_startup_naming_file_line_value(tmp_path, line,
                                                       reason):
    path = tmp_path / "origins.txt"
    path.write_text(f"# ok\n{APP}\n\n{line}\n")
    rc, out = config_test(f"CORSAllowOriginMap txt:{path}")
    assert rc != 0
    assert f"CORSAllowOriginMap 'txt:{path}': {path}:4: '{line}'" in out
    assert reason in out


@pytest.mark.parametrize("arg, reason", [
    ("txt:/nonexistent/origins.txt", "can not be read: No such file"),
    ("txt:", "nothing follows the ':'"),
    ("ldap:/x", "a map is txt:/path, dbm[=type]:/path or dbd:"),
    ("dbm=cdb:/x", "unknown DBM type"),
    ("dbm:/nonexistent/origins", "can not be read"),
])
def test_bad_map_fails_startup(arg, reason):
    rc, out = config_test(f"CORSAllowOriginMap {arg}")
    assert rc != 0
    assert f"CORSAllowOriginMap '{arg}'" in out and reason in out


@pytest.mark.parametrize("body", [
    "CORSAllowCredentials On\nCORSAllowOriginMap txt:{path}",
    "CORSAllowOriginMap txt:{path}\nCORSAllowCredentials On",
])
def test_plain_http_line_with_credentials_warns(tmp_path, body):
    """A plain-http origin in a txt: map with credentials draws the
    warning a listed one does, once, naming the map and the origin."""
    path = tmp_path / "origins.txt"
    path.write_text(f"{APP}\nhttp://old.example.com\nhttp://b.example.com\n")
    rc, out = config_test(body.format(path=path))
    assert rc == 0, out
    warn = [ln for ln in out.splitlines() if "[cors:warn]" in ln]
    assert len(warn) == 1, out
    assert re.search(rf"httpd\.conf:\d+: CORSAllowOriginMap 'txt:{path}': "
                     r"'http://old\.example\.com' is a plain-http origin",
                     warn[0]), warn


@pytest.mark.parametrize("lines, creds", [
    ("http://old.example.com\n", "Off"),
    ("http://localhost:*\nhttp://127.0.0.1:8080\nhttp://*.localhost\n", "On"),
])
def test_no_plain_http_warning(tmp_path, lines, creds):
    path = tmp_path / "origins.txt"
    path.write_text(f"{APP}\n{lines}")
    rc, out = config_test(f"CORSAllowOriginMap txt:{path}\n"
                          f"CORSAllowCredentials {creds}")
    assert rc == 0 and "[cors:warn]" not in out, out


NULL_WARNING = (r"\[cors:warn\].*CORSAllowOriginMap 'txt:\S+/origins\.txt': "
                r"its line 'null': the opaque origin 'null' is also sent by "
                r"sandboxed iframes")


@pytest.mark.expect_log(NULL_WARNING)
def test_null_line_allows_null_and_warns(server, tmp_path):
    """A null line allows the opaque origin, as CORSAllowOrigin null does,
    and draws the same startup warning."""
    path = tmp_path / "origins.txt"
    path.write_text(f"{APP}\nnull\n")
    rc, out = config_test(f"CORSAllowOriginMap txt:{path}")
    assert rc == 0, out
    warn = [ln for ln in out.splitlines() if "[cors:warn]" in ln]
    assert len(warn) == 1 and re.search(NULL_WARNING, warn[0]), out
    h = server("""
<Location />
    CORSAllowOriginMap txt:{docroot}/origins.txt
</Location>
""", files={"origins.txt": f"{APP}\nnull\n"})
    assert acao(h, "null") == "null"
    assert acao(h, APP) == APP


def test_file_over_64_mib_fails_startup(tmp_path):
    path = tmp_path / "origins.txt"
    path.write_text(APP + "\n")
    os.truncate(path, 64 * 1024 * 1024 + 1)     # sparse: no disk used
    rc, out = config_test(f"CORSAllowOriginMap txt:{path}")
    assert rc != 0
    assert f"CORSAllowOriginMap 'txt:{path}': {path} is larger than 64 MiB" \
        in out


def test_dbm_file_of_another_type_fails_startup(tmp_path):
    """A file that is not a DBM of the type given: the error names the
    file and the type."""
    dbm(tmp_path, "origins", [APP], "SDBM")
    path = tmp_path / "origins.pag"
    rc, out = config_test(f"CORSAllowOriginMap dbm=gdbm:{path}")
    assert rc != 0
    assert (f"CORSAllowOriginMap 'dbm=gdbm:{path}': {path} can not be "
            f"opened as a GDBM DBM file (as httxt2dbm -f GDBM makes)") in out, out


def test_map_and_star_in_one_section_fail_startup(tmp_path):
    path = tmp_path / "origins.txt"
    path.write_text(APP + "\n")
    rc, out = config_test(f"CORSAllowOrigin *\nCORSAllowOriginMap txt:{path}")
    assert rc != 0 and "CORSAllowOriginMap" in out


def test_map_argument_quoted(tmp_path):
    """The argument may be quoted whole or after its kind, as a path with a
    space needs."""
    folder = tmp_path / "a folder"
    folder.mkdir()
    (folder / "origins.txt").write_text(APP + "\n")
    for arg in (f'txt:"{folder}/origins.txt"', f'"txt:{folder}/origins.txt"'):
        rc, out = config_test(f"CORSAllowOriginMap {arg}")
        assert rc == 0, out


# --- a file that changes ----------------------------------------------------

def test_changed_file_serves_new_requests(server):
    """The new list is in force in every process within seconds, without a
    restart, and only it: the origin removed is refused."""
    txt = server(TXT, files=TXT_FILES)
    path = txt.docroot / "origins.txt"
    assert acao(txt, NEW, "/api/data.txt") is None
    replace(path, f"{NEW}\n")
    until(lambda: acao(txt, NEW, "/api/data.txt") == NEW
          and acao(txt, APP, "/api/data.txt") is None)
    assert acao(txt, TENANT, "/api/data.txt") is None


def noticed_while_serving(h, what, path="/api/data.txt"):
    """Waits until the error log says what, APP allowed all along; then 20
    requests in a row still allow APP and refuse NEW."""
    deadline = time.time() + CHANGE_SECONDS
    while what not in h.peek_log():
        assert time.time() < deadline, f"{what!r} not logged"
        assert acao(h, APP, path) == APP
        time.sleep(0.2)
    for _ in range(20):
        assert acao(h, APP, path) == APP
        assert acao(h, NEW, path) is None


@pytest.mark.expect_log(r"\[cors:error\].*CORSAllowOriginMap "
                        r"txt:\S+/origins.txt: \S+/origins.txt:2: "
                        r"'https://\*\.co\.uk': .*public suffix.*; the last "
                        r"good list stays in force")
def test_invalid_new_file_keeps_the_last_good_list(server):
    """A changed file with a bad line is not used, the error names the file
    and line; the file once fixed is used."""
    txt = server(TXT, files=TXT_FILES)
    path = txt.docroot / "origins.txt"
    replace(path, f"{NEW}\nhttps://*.co.uk\n")
    noticed_while_serving(txt, "origins.txt:2:")
    # the same bad version is not reported again at the next looks
    time.sleep(6)
    assert acao(txt, APP, "/api/data.txt") == APP
    lines = [ln for ln in txt.peek_log().splitlines() if "origins.txt:2:" in ln]
    pids = [re.search(r"\[pid (\d+)", ln).group(1) for ln in lines]
    assert len(pids) == len(set(pids)), lines
    replace(path, f"{NEW}\n")
    until(lambda: acao(txt, NEW, "/api/data.txt") == NEW)


@pytest.mark.expect_log(r"\[cors:error\].*CORSAllowOriginMap txt:\S+/origins"
                        r"\.txt: \S+/origins\.txt can not be read: No such "
                        r"file .*; the last list read stays in force")
def test_file_gone_keeps_the_last_list(server):
    """A file removed while serving: the list read last stays in force, and
    each look at the file says it can not be read; a new file is used."""
    txt = server(TXT, files=TXT_FILES)
    path = txt.docroot / "origins.txt"
    os.unlink(path)
    noticed_while_serving(txt, "can not be read")
    replace(path, f"{NEW}\n")
    until(lambda: acao(txt, NEW, "/api/data.txt") == NEW
          and acao(txt, APP, "/api/data.txt") is None)


# A file left alone for this long mid-write may be read half-way: the
# module waits a second (less a margin for the file system's coarser clock)
SETTLE = 0.9
# The half-way file of chunks that stopped for longer than SETTLE: its
# last line cut short, or (cut after a whole line) without APP, served
# until the next look at the file, 5 seconds on and a second settled
HALF_READ = r"\[cors:error\].*origins\.txt:\d+: .*the last good list stays"
HALF_READ_SECONDS = 7


def write_in_place(path, chunks, pause):
    """Rewrites path in place, in chunks with pause seconds between them.
    Returns the times (time.time()) of the stretches in which the file,
    incomplete, was left alone for longer than SETTLE: none unless the
    machine stalled this process."""
    stalls = []
    last = time.time()              # the truncation is the first change
    with open(path, "w") as f:
        for n, chunk in enumerate(chunks):
            if n:
                time.sleep(pause)
            begun = time.time()
            f.write(chunk)
            f.flush()
            if time.time() - last > SETTLE:
                stalls.append((last, time.time()))
            last = begun
    return stalls


def test_file_dated_in_the_future_is_read(server):
    """A new file whose time is an hour ahead (a clock's error, as a copy
    from another machine keeps it) is read like any other, not waited for
    until then."""
    txt = server(TXT, files=TXT_FILES)
    path = txt.docroot / "origins.txt"
    replace(path, f"{NEW}\n")
    ahead = time.time() + 3600
    os.utime(path, (ahead, ahead))
    until(lambda: acao(txt, NEW, "/api/data.txt") == NEW)


def test_file_rewritten_under_load(server, request):
    """Clients on the threaded event MPM while the file is replaced, both
    by renaming and by rewriting it in place (slowly, as an editor or a
    script might): an origin in every version is never refused, one in
    none is never allowed, and the last version is served at the end.  A
    loaded machine (valgrind) may stop the writer for more than a second
    between two chunks, which a server may take for a finished file: the
    answers that stretch explains are excused, and only those."""
    h = server("""
<Location />
    CORSAllowOriginMap txt:{docroot}/origins.txt
</Location>
""", files={"origins.txt": f"{APP}\n"})
    path = h.docroot / "origins.txt"
    errors, stalls, counts = [], [], {"requests": 0}
    stop = threading.Event()

    def client():
        while not stop.is_set():
            try:
                if acao(h, APP) != APP:
                    errors.append((time.time(), "APP refused"))
                if acao(h, EVIL) is not None:
                    errors.append((time.time(), "EVIL allowed"))
                counts["requests"] += 2
            except OSError as e:
                errors.append((time.time(), repr(e)))

    clients = [threading.Thread(target=client) for _ in range(4)]
    for t in clients:
        t.start()
    try:
        for i in range(4):
            extra = "".join(f"https://t{i}-{n}.example.com\n"
                            for n in range(2000))
            if i % 2:
                replace(path, f"{APP}\n{extra}")
            else:
                stalls += write_in_place(path, (extra[:30000], extra[30000:],
                                                f"{APP}\n"), 0.3)
            time.sleep(2)
        until(lambda: acao(h, "https://t3-1999.example.com")
              == "https://t3-1999.example.com")
    finally:
        stop.set()
        for t in clients:
            t.join(30)
    if stalls:
        request.node.add_marker(pytest.mark.expect_log(HALF_READ))
    unexplained = [what for at, what in errors
                   if what != "APP refused" or not any(
                       begun <= at <= ended + HALF_READ_SECONDS
                       for begun, ended in stalls)]
    assert not unexplained, (unexplained[:5], stalls)
    assert counts["requests"] > 100


ONE_TXT = """
<Location />
    CORSAllowOriginMap txt:{docroot}/origins.txt
</Location>
"""


def test_file_looked_at_at_most_every_5_seconds(server):
    """One process, a new version of its file every 0.3 seconds for 11
    seconds, each already older than a second: the process reads the file
    at most once every 5 seconds (3 times in 11, and once more should a
    version change while it is read), not at each change."""
    h = server(ONE_TXT, files={"origins.txt": f"{APP}\n"}, head=ONE_PROCESS)
    path = h.docroot / "origins.txt"
    end = time.time() + 11
    n = 0
    while time.time() < end:
        n += 1
        replace(path, f"{APP}\nhttps://v{n}.example.com\n")
        settled = time.time() - 2
        os.utime(path, (settled, settled))
        assert acao(h, APP) == APP
        time.sleep(0.3)
    reads = [ln for ln in h.peek_log().splitlines() if "read again" in ln]
    assert 2 <= len(reads) <= 4, (n, reads)


def test_file_written_slowly_is_not_read_half_way(server):
    """One process, its file rewritten in place, whole lines a quarter of a
    second apart for 6 seconds, the listed origin last: the look at the
    file in that time finds it changed less than a second ago and leaves
    it, so the origin is never refused; the whole new file is read once
    it is left alone.  (A stall of the writer for over a second excuses
    what it explains, as in test_file_rewritten_under_load.)"""
    h = server(ONE_TXT, files={"origins.txt": f"{APP}\n"}, head=ONE_PROCESS)
    path = h.docroot / "origins.txt"
    chunks = ["".join(f"https://w{n}-{i}.example.com\n" for i in range(50))
              for n in range(24)] + [f"{APP}\n"]
    refusals = []
    stop = threading.Event()

    def client():
        while not stop.is_set():
            if acao(h, APP) != APP:
                refusals.append(time.time())
            time.sleep(0.02)

    t = threading.Thread(target=client)
    t.start()
    try:
        stalls = write_in_place(path, chunks, 0.25)
        time.sleep(1)
    finally:
        stop.set()
        t.join(30)
    until(lambda: acao(h, "https://w23-49.example.com")
          == "https://w23-49.example.com", rounds=3)
    assert not [at for at in refusals if not any(
        begun <= at <= ended + HALF_READ_SECONDS for begun, ended in stalls)]
    assert acao(h, APP) == APP


# --- .htaccess --------------------------------------------------------------

def test_map_in_htaccess_is_read_with_it(server):
    """In .htaccess a map is read with the file, on each request: a change
    shows at once."""
    h = server("""
<Directory "{docroot}/app">
    AllowOverride FileInfo
</Directory>
""", files={"app/.htaccess": "CORSAllowOriginMap txt:origins.txt\n",
            "app/data.txt": "d\n"},
               # a relative path is the ServerRoot's
               prepare=lambda h: replace(h.root / "origins.txt", f"{APP}\n"))
    assert acao(h, APP, "/app/data.txt") == APP
    replace(h.root / "origins.txt", f"{NEW}\n")
    assert acao(h, NEW, "/app/data.txt") == NEW
    assert acao(h, APP, "/app/data.txt") is None


def test_dbm_map_in_htaccess(server):
    """A DBM file named in .htaccess is opened for the request that reads
    it, and a new file shows at once."""
    h = server("""
<Directory "{docroot}/app">
    AllowOverride FileInfo
</Directory>
""", files={"app/.htaccess": "CORSAllowOriginMap dbm:origins.db\n",
            "app/data.txt": "d\n"},
               prepare=lambda h: dbm(h.root, "origins.db", [APP]))
    for _ in range(5):
        assert acao(h, APP, "/app/data.txt") == APP
        assert acao(h, NEW, "/app/data.txt") is None
    aside = h.root / "aside"
    aside.mkdir()
    dbm(aside, "origins.db", [NEW])
    os.replace(aside / "origins.db", h.root / "origins.db")
    assert acao(h, NEW, "/app/data.txt") == NEW
    assert acao(h, APP, "/app/data.txt") is None


# --- dbm: -------------------------------------------------------------------

DBM = """
<Location /default>
    CORSAllowOriginMap dbm:{docroot}/origins.db
</Location>
<Location /sdbm>
    CORSAllowOriginMap dbm=sdbm:{docroot}/origins.sdbm
</Location>
<Location /gdbm>
    CORSAllowOriginMap dbm=gdbm:{docroot}/origins.gdbm
</Location>
"""


def prepare_dbms(h):
    # "null" a key too, which must never be looked up
    dbm(h.docroot, "origins.db", [APP, TENANT, "null"])
    dbm(h.docroot, "origins.sdbm", [APP, TENANT, "null"], "SDBM")
    dbm(h.docroot, "origins.gdbm", [APP, TENANT, "null"], "GDBM")


@pytest.fixture(scope="module")
def dbms_shared(shared_server):
    """The DBM server for the tests that only read."""
    return shared_server(DBM, prepare=prepare_dbms)



@pytest.mark.parametrize("kind", ["default", "sdbm", "gdbm"])
def test_dbm_map_allows_its_keys(dbms_shared, kind):
    """Keys are exact normalised origins: nothing else matches them, and
    "null" is never looked up."""
    for origin in (APP, TENANT):
        r = dbms_shared.get(f"/{kind}/", origin=origin)
        assert r.header("Access-Control-Allow-Origin") == origin
        assert r.tokens("Vary") == ["Origin"]
    for origin in (EVIL, "null", "https://app.example.com:443"):
        assert dbms_shared.get(f"/{kind}/", origin=origin).acx() == [], origin


@pytest.mark.parametrize("kind, name, files", [
    ("default", "origins.db", ["origins.db"]),
    # two files, the keys in .pag: renamed last
    ("sdbm", "origins.sdbm", ["origins.sdbm.dir", "origins.sdbm.pag"]),
])
def test_replaced_dbm_is_reopened(server, kind, name, files):
    """A DBM file rebuilt (aside, then renamed over the old) is reopened by
    every process within seconds."""
    dbms = server(DBM, prepare=prepare_dbms)
    assert acao(dbms, NEW, f"/{kind}/") is None
    aside = dbms.root / "aside"
    aside.mkdir()
    dbm(aside, name, [NEW], "SDBM" if kind == "sdbm" else None)
    for f in files:
        os.replace(aside / f, dbms.docroot / f)
    until(lambda: acao(dbms, NEW, f"/{kind}/") == NEW
          and acao(dbms, APP, f"/{kind}/") is None)


DBM_KEPT = (r"\[cors:error\].*CORSAllowOriginMap dbm:\S+/origins\.db: "
            r"\S+/origins\.db (can not be read: No such file|can not be "
            r"opened as a default DBM file).*; the last file opened stays "
            r"in force")


@pytest.mark.expect_log(DBM_KEPT)
def test_bad_or_removed_dbm_keeps_the_last_good_file(server):
    """A DBM file replaced by one that is not a DBM file, or removed: a
    process keeps the file it has open, reports the change once, and opens
    the next good file.  (One process: another, started later by the MPM,
    would not have the good file open, and would fail closed.)"""
    dbms = server(DBM, prepare=prepare_dbms, head=ONE_PROCESS)
    path = dbms.docroot / "origins.db"
    assert acao(dbms, APP, "/default/") == APP          # opened
    (dbms.root / "bad").write_text(f"{NEW} 1\n")
    os.chmod(dbms.root / "bad", 0o644)
    os.replace(dbms.root / "bad", path)
    noticed_while_serving(dbms, "can not be opened as a default DBM file",
                          "/default/")
    os.unlink(path)
    # 5 seconds on: the bad file reported once only
    noticed_while_serving(dbms, "can not be read", "/default/")
    lines = [ln for ln in dbms.peek_log().splitlines() if "stays in" in ln]
    assert len(lines) == 2, lines
    aside = dbms.root / "aside"
    aside.mkdir()
    dbm(aside, "origins.db", [NEW])
    os.replace(aside / "origins.db", path)
    until(lambda: acao(dbms, NEW, "/default/") == NEW
          and acao(dbms, APP, "/default/") is None)


@pytest.mark.expect_log(r"\[cors:error\].*CORSAllowOriginMap "
                        r"dbm:\S+origins.db: \S+origins.db can not be read")
def test_missing_dbm_fails_closed(server):
    """A DBM file gone before a process opens it: its origins are refused
    (map-error in the CORS note), one error line a second at most, and
    service resumes by itself when the file is back."""
    h = server("""
LogFormat "%{CORS}n" note
CustomLog "{root}/note_log" note
<Location />
    CORSAllowOriginMap dbm:{docroot}/origins.db
</Location>
""", prepare=lambda h: dbm(h.docroot, "origins.db", [APP]))
    os.replace(h.docroot / "origins.db", h.root / "origins.db")
    start = time.time()
    for _ in range(30):
        assert acao(h, APP) is None
    took = time.time() - start
    assert set(notes(h, 30)) == {"actual:refused:map-error"}
    errors = [ln for ln in h.peek_log().splitlines() if "[cors:error]" in ln]
    per_second = {}
    for ln in errors:
        key = (re.search(r"\[pid (\d+)", ln).group(1), ln[:20])
        per_second[key] = per_second.get(key, 0) + 1
    assert errors and max(per_second.values()) == 1
    assert len(errors) <= 2 * (int(took) + 2)
    os.replace(h.root / "origins.db", h.docroot / "origins.db")
    until(lambda: acao(h, APP) == APP)


# --- what the administrator sees -------------------------------------------

SEEN = """
LogFormat "%U %{CORS}n [%{CORS_REPORT_ONLY}n]" note
CustomLog "{root}/note_log" note
<Location /cors-explain>
    SetHandler cors-explain
    Require local
</Location>
<Location /api>
    CORSAllowOrigin https://static.example.com
    CORSAllowOriginMap txt:{docroot}/origins.txt dbm:{docroot}/gone.db
</Location>
<Location /trial>
    CORSAllowOriginMap txt:{docroot}/origins.txt
    CORSEnable ReportOnly
</Location>
<Location /first>
    CORSAllowOriginMap dbm:{docroot}/gone.db txt:{docroot}/origins.txt
</Location>
"""


@pytest.fixture
def seen(server):
    def prepare(h):
        dbm(h.docroot, "gone.db", [NEW])
    h = server(SEEN, files={"origins.txt": f"{APP}\n", "api/x": "x\n",
                            "trial/x": "x\n", "first/x": "x\n"},
               prepare=prepare)
    # the DBM file is gone before any process opened it
    os.unlink(h.docroot / "gone.db")
    return h


def explain(h, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    r = h.get("/cors-explain?" + query)
    assert r.status == 200, r
    return json.loads(r.body)


@pytest.mark.expect_log(r"\[cors:error\].*CORSAllowOriginMap "
                        r"dbm:\S+gone.db: \S+gone.db can not be read")
def test_explain_shows_the_maps_and_a_map_error(seen):
    """The policy lists the maps with the origins, where they were set; a
    refusal because a map failed says so, with the map's error."""
    e = explain(seen, url="/api/x", origin=NEW)
    origins = e["policy"]["fields"]["CORSAllowOrigin"]
    assert origins["value"] == (f"https://static.example.com "
                                f"txt:{seen.docroot}/origins.txt "
                                f"dbm:{seen.docroot}/gone.db")
    assert str(seen.conf) in origins["set_at"]
    d = e["decision"]
    assert d["CORS"] == "actual:refused:map-error"
    assert d["check"] == "map-error"
    assert "gone.db can not be read" in d["value"]
    assert explain(seen, url="/api/x", origin=APP)["decision"]["CORS"] \
        == "actual:allowed"


@pytest.mark.expect_log(r"\[cors:error\].*gone.db can not be read")
def test_note_reports_map_errors_and_report_only(seen):
    """The CORS note: map-error when a map failed and nothing else allowed
    the origin; allowed when another source did, a later map too (maps are
    asked in order, and a failed one does not end the search); under
    ReportOnly what would have happened."""
    for url, origin in (("/api/x", NEW), ("/api/x", APP),
                        ("/api/x", "https://static.example.com"),
                        ("/trial/x", APP), ("/trial/x", EVIL),
                        ("/first/x", APP), ("/first/x", EVIL)):
        r = seen.get(url, origin=origin)
        if url == "/trial/x":
            assert r.acx() == []
    # (each line is written by the process that answered: in any order)
    assert sorted(notes(seen, 7)) == sorted([
        "/api/x actual:refused:map-error [-]",
        "/api/x actual:allowed [-]",
        "/api/x actual:allowed [-]",
        "/trial/x actual:allowed [1]",
        "/trial/x actual:refused:origin [1]",
        "/first/x actual:allowed [-]",
        "/first/x actual:refused:map-error [-]",
    ])


def test_dump_lists_the_maps(tmp_path):
    path = tmp_path / "origins.txt"
    path.write_text(APP + "\n")
    h = Httpd(f"<Location /api>\n    CORSAllowOriginMap txt:{path}\n"
              f"</Location>\n")
    try:
        p = subprocess.run([conftest.APACHE, "-t", "-D", "DUMP_CORS", "-d",
                            str(h.root), "-f", str(h.conf)],
                           capture_output=True, text=True, env=h.env,
                           timeout=60)
        assert p.returncode == 0, p.stderr
        assert f"        CORSAllowOriginMap txt:{path}  (" in p.stdout
    finally:
        h.cleanup()
