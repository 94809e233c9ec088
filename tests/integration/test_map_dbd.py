"""CORSAllowOriginMap dbd:"SELECT ...": origins kept in a real database
that mod_dbd connects to, an SQLite file and a PostgreSQL server of the
test's own (databases.py).  What an administrator relies on: the listed
origins are allowed and no others, answers are cached per process, and a
database that fails refuses every origin it would have decided (fail
closed), quickly, with one error line a second, until it is back, when
the map works again by itself."""

import itertools
import re
import socket
import threading
import time
from collections import Counter, namedtuple

import pytest

from conftest import ONE_PROCESS, Httpd, Servers, config_test
from databases import TABLE, Postgres, SQLite, rows

APP = "https://app.example.com"
QUERY = "SELECT 1 FROM cors_origins WHERE origin = %s"

# Both databases list https://l0.example ... https://l99999.example
# (fresh() hands them out), APP, and these values, which are "null" or not
# serialised origins: they must never be allowed, for they are never
# looked up.
NOT_LOOKED_UP = ["null", "https://a b", "HTTPS://APP.EXAMPLE.COM",
                 "https://app.example.com/", "app.example.com"]
INVALID = "https://listed.invalid"
CONTENT = (TABLE + rows([APP, INVALID, *NOT_LOOKED_UP])
           + "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n"
           " WHERE i < 99999) INSERT INTO cors_origins"
           " SELECT 'https://l' || i || '.example' FROM n;\n")

_numbers = itertools.count()


def fresh(listed=True):
    """An origin no request asked for before, so that no process has an
    answer for it in its cache: listed in the database, or not."""
    return f"https://{'l' if listed else 'u'}{next(_numbers)}.example"


# mod_dbd's own lines when the database is away
DBD_ERRORS = r"\[dbd:(error|crit)\]"
# mod_cors's line, at most once a second per process, on a map's failure
MAP_ERROR = rf"\[cors:error\].*CORSAllowOriginMap dbd:{re.escape(QUERY)}: "


def conf(driver, params):
    """The map under /api (its decision in the response's X-Cors, its note
    in note_log); with credentials; quoted as a whole; with a '%' in the
    query."""
    return f"""
DBDriver {driver}
DBDParams "{params}"
LogFormat "%U%q [%{{CORS}}n]" note
CustomLog "{{root}}/note_log" note
<Location /api>
    CORSAllowOriginMap dbd:"{QUERY}"
    CORSAllowMethods PUT
    Header always set X-Cors "%{{CORS}}e"
</Location>
<Location /credentials>
    CORSAllowOriginMap dbd:"{QUERY} LIMIT 1"
    CORSAllowCredentials On
</Location>
<Location /whole>
    CORSAllowOriginMap "dbd:SELECT origin FROM cors_origins WHERE origin = %s"
</Location>
<Location /percent>
    CORSAllowOriginMap "dbd:{QUERY} AND origin NOT LIKE '%%.invalid'"
</Location>
<Directory "{{docroot}}/htaccess">
    AllowOverride FileInfo
</Directory>
"""


SQLITE_CONF = conf("sqlite3", "{root}/db/origins.db")
FILES = {f"{d}/data.txt": "data\n"
         for d in ("api", "credentials", "whole", "percent")}


def sqlite_server(servers, **options):
    """A server of SQLITE_CONF, its database made in its root before it
    starts (mod_dbd connects as a child process starts)."""
    h = Httpd(SQLITE_CONF, files=FILES, modules=["dbd"], **options)
    servers.append(h)
    h.db = SQLite(h.root, CONTENT)
    return h.start()


@pytest.fixture(scope="session")
def lite():
    """The SQLite tests' server, in one process (kept for the at_end test
    of the cache's expiry)."""
    servers = Servers()
    try:
        yield sqlite_server(servers, head=ONE_PROCESS)
    finally:
        servers.cleanup()


@pytest.fixture
def own_lite():
    """A server and SQLite database for one test (event MPM, several
    processes)."""
    servers = Servers()
    try:
        yield sqlite_server(servers)
    finally:
        servers.cleanup()


@pytest.fixture
def one_lite():
    """A server and SQLite database for one test, in one process (whose
    cache then holds every answer given)."""
    servers = Servers()
    try:
        yield sqlite_server(servers, head=ONE_PROCESS)
    finally:
        servers.cleanup()


@pytest.fixture(scope="session")
def aged(lite):
    """Two answers lite caches as the module's tests begin, their rows
    changed at once: a "yes" whose row is deleted and a "no" whose row is
    added; and when.  The last test of the session looks at them again
    when 60 seconds have passed, which the tests in between fill."""
    yes, no = fresh(listed=False), fresh(listed=False)
    lite.db.sql(rows([yes]))
    assert allowed(ask(lite, yes), yes)
    assert refused(ask(lite, no), "origin")
    lite.db.sql(rows([no])
                + f"DELETE FROM cors_origins WHERE origin = '{yes}';")
    return yes, no, time.monotonic()


@pytest.fixture(scope="module")
def pg():
    """The PostgreSQL server of the module's tests."""
    db = Postgres()
    try:
        db.start()
        db.sql(CONTENT)
        yield db
    finally:
        db.cleanup()


@pytest.fixture
def pg_up(pg):
    """pg, started again after the test if the test left it stopped."""
    yield pg
    if pg.proc is None:
        pg.start()


@pytest.fixture(scope="module")
def pgs(pg, server_factory):
    """A server of the PostgreSQL database (event MPM, several
    processes)."""
    return server_factory(conf("pgsql", pg.params), files=FILES,
                          modules=["dbd"])


def ask(h, origin):
    return h.get("/api/data.txt", origin)


def allowed(r, origin):
    return (r.status == 200 and r.header("X-Cors") == "actual:allowed"
            and r.header("Access-Control-Allow-Origin") == origin
            and r.tokens("Vary") == ["Origin"])


def refused(r, reason):
    """reason: origin (not listed) or map-error (the database failed).  A
    refusal varies on Origin too: the answer for another origin differs."""
    return (r.status == 200 and r.acx() == []
            and r.header("X-Cors") == "actual:refused:" + reason
            and r.tokens("Vary") == ["Origin"])


def wrong_answers(h):
    """20 requests in a row, listed and unlisted origins in turn: those not
    given the database's answer, with their decision."""
    wrong = []
    for listed in [True, False] * 10:
        origin = fresh(listed)
        r = ask(h, origin)
        if not (allowed(r, origin) if listed else refused(r, "origin")):
            wrong.append((origin, r.header("X-Cors")))
    return wrong


def recovers(h, seconds):
    """True when, within seconds, 20 requests in a row get the database's
    answer."""
    deadline = time.monotonic() + seconds
    while wrong_answers(h):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def error_lines_per_second(h, tag="[cors:error]", expect=MAP_ERROR):
    """The test's error lines of tag (each matching expect), counted by
    (time to the second, year, pid)."""
    counts = Counter()
    for ln in h.log_lines(tag):
        if not re.search(expect, ln):
            assert tag != "[cors:error]", ln
            continue
        m = re.match(r"\[([^]]+)\.\d+ (\d+)\] \[[a-z_]+:error\] "
                     r"\[pid (\d+)", ln)
        counts[m.groups()] += 1
    return counts


def note(h, url):
    """The CORS note of the request for url, from note_log."""
    log = h.root / "note_log"
    prefix = url + " ["
    h.access_log(wait_for=lambda _: log.exists()
                 and prefix in log.read_text())
    lines = [ln for ln in log.read_text().splitlines()
             if ln.startswith(prefix)]
    assert len(lines) == 1, lines
    return lines[0][len(prefix):-1]


def parallel(count, fn):
    """[fn(0), ..., fn(count - 1)], each in a thread of its own."""
    out = [None] * count

    def run(i):
        out[i] = fn(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads)
    return out


# --- SQLite ------------------------------------------------------------------


def test_sqlite_listed_origin_allowed(lite):
    assert allowed(ask(lite, APP), APP)
    r = lite.get("/whole/data.txt", APP)
    assert r.header("Access-Control-Allow-Origin") == APP


def test_sqlite_unlisted_origin_refused(lite):
    assert refused(ask(lite, "https://evil.example.com"), "origin")
    # a request without Origin varies on it as well
    assert ask(lite, None).tokens("Vary") == ["Origin"]


@pytest.mark.parametrize("origin", NOT_LOOKED_UP)
def test_sqlite_not_an_origin_never_looked_up(lite, origin):
    assert refused(ask(lite, origin), "origin")


def test_sqlite_preflight(lite):
    r = lite.preflight("/api/data.txt", APP, "PUT")
    assert r.status == 204 and r.header("X-Cors") == "preflight:allowed"
    assert r.header("Access-Control-Allow-Origin") == APP
    r = lite.preflight("/api/data.txt", "https://evil.example.com", "PUT")
    assert r.status == 403 and r.acx() == []
    assert r.header("X-Cors") == "preflight:refused:origin"


def test_sqlite_credentials_echo_the_origin(lite):
    r = lite.get("/credentials/data.txt", APP)
    assert r.header("Access-Control-Allow-Origin") == APP
    assert r.header("Access-Control-Allow-Credentials") == "true"
    assert r.tokens("Vary") == ["Origin"]


def test_sqlite_percent_sign_written_twice(lite):
    """%% in the query is the '%' of SQL (here NOT LIKE '%.invalid')."""
    assert lite.get("/api/data.txt", INVALID).header(
        "Access-Control-Allow-Origin") == INVALID
    assert lite.get("/percent/data.txt", INVALID).acx() == []
    assert lite.get("/percent/data.txt", APP).header(
        "Access-Control-Allow-Origin") == APP


def test_sqlite_answers_are_cached(lite, aged):
    """A row added while the server runs counts at once for an origin the
    process never asked about, while the "no" it already has for another
    stays (for 60 seconds); a "yes" stays too when its row is deleted."""
    yes, no, _ = aged
    assert allowed(ask(lite, yes), yes)
    assert refused(ask(lite, no), "origin")
    asked_before, new = fresh(listed=False), fresh(listed=False)
    assert refused(ask(lite, asked_before), "origin")
    lite.db.sql(rows([asked_before, new]))
    assert allowed(ask(lite, new), new)
    assert refused(ask(lite, asked_before), "origin")
    lite.db.sql(f"DELETE FROM cors_origins WHERE origin = '{new}';")
    assert allowed(ask(lite, new), new)


@pytest.mark.expect_log(MAP_ERROR, DBD_ERRORS)
def test_sqlite_locked_database_fails_closed(lite):
    """While another connection holds an exclusive lock the query fails:
    every listed origin not in the cache is refused (map-error) and an
    error line is logged at most once a second; an origin allowed before
    stays allowed from the cache, and what is never looked up is refused
    as usual, not for the error.  Errors are not cached: once the lock is
    gone, the same origins are allowed."""
    waiting, cached = [fresh() for _ in range(30)], fresh()
    assert allowed(ask(lite, cached), cached)
    with lite.db.locked():
        # (SQLite's driver tries a locked database again for 1.6 seconds)
        answers = parallel(len(waiting), lambda i: ask(lite, waiting[i]))
        assert all(refused(r, "map-error") for r in answers), answers
        assert allowed(ask(lite, cached), cached)
        for origin in NOT_LOOKED_UP:
            assert refused(ask(lite, origin), "origin")
        r = lite.preflight("/api/data.txt", fresh(), "PUT")
        assert r.status == 403 and r.acx() == []
        assert r.header("X-Cors") == "preflight:refused:map-error"
        lite.get("/api/data.txt?locked", fresh())
        assert (note(lite, "/api/data.txt?locked")
                == "actual:refused:map-error")
    counts = error_lines_per_second(lite)
    assert counts and max(counts.values()) == 1, counts
    assert any("refused request: origin map failed: " in ln
               for ln in lite.log_lines("[cors:debug]"))
    # each process asks the database again a second after its last failure
    deadline = time.monotonic() + 5
    for origin in waiting:
        while not allowed(ask(lite, origin), origin):
            assert time.monotonic() < deadline, origin
            time.sleep(0.1)


@pytest.mark.expect_log(r"\[core:alert\].*/\.htaccess: CORSAllowOriginMap "
                        + re.escape(f"'dbd:{QUERY}': a dbd: map can not be "
                                    "given in .htaccess"))
def test_sqlite_not_in_htaccess(lite):
    """mod_dbd prepares its queries at startup: a dbd: map in .htaccess is
    an error of that file, a 500, named in the error log."""
    lite.write("htaccess/.htaccess", f'CORSAllowOriginMap dbd:"{QUERY}"\n')
    lite.write("htaccess/data.txt", "data\n")
    r = lite.get("/htaccess/data.txt", APP)
    assert r.status == 500 and r.acx() == []


def test_sqlite_connection_held_for_the_query_only():
    """With one database connection per process (DBDMax 1), a response the
    client is slow to read (a large file, its origin looked up) does not
    keep the connection: a request with a new origin is answered at once,
    not after the download."""
    servers = Servers()
    try:
        h = sqlite_server(servers, head=ONE_PROCESS + "\nDBDMin 0\n"
                          "DBDKeep 1\nDBDMax 1")
        h.write("api/big.bin", b"x" * (32 << 20))
        with socket.create_connection(("127.0.0.1", h.port), 10) as slow:
            slow.sendall(f"GET /api/big.bin HTTP/1.1\r\nHost: localhost\r\n"
                         f"Origin: {fresh()}\r\n\r\n".encode())
            assert b"X-Cors: actual:allowed" in slow.recv(4096)
            origin = fresh()
            assert allowed(ask(h, origin), origin)
    finally:
        servers.cleanup()


def ask_pipelined(h, origins):
    """The X-Cors decisions of requests for origins, sent 100 to a
    connection (httpd's MaxKeepAliveRequests) without waiting for the
    answers."""
    decisions = []
    for i in range(0, len(origins), 100):
        batch = origins[i:i + 100]
        data = "".join(f"GET /api/data.txt HTTP/1.1\r\nHost: localhost\r\n"
                       f"Origin: {o}\r\n\r\n" for o in batch)
        with socket.create_connection(("127.0.0.1", h.port), 60) as s:
            s.sendall(data.encode())
            buf = b""
            while buf.count(b"\r\nX-Cors: ") < len(batch) \
                    or not buf.endswith(b"data\n"):
                chunk = s.recv(65536)
                if not chunk:
                    break
                buf += chunk
        decisions += re.findall(rb"\r\nX-Cors: ([^\r]*)", buf)
    return [d.decode() for d in decisions]


def test_sqlite_cache_is_bounded(one_lite):
    """A process keeps at most 10,000 answers: the one that would be the
    10,001st empties its cache, and an origin whose "no" it held is asked
    about again."""
    h = one_lite
    no = fresh(listed=False)
    assert refused(ask(h, no), "origin")
    h.db.sql(rows([no]))
    others = [fresh(listed=False) for _ in range(9_999)]
    assert ask_pipelined(h, others) == ["actual:refused:origin"] * 9_999
    assert refused(ask(h, no), "origin")        # the 10,000th answer held
    assert refused(ask(h, fresh(listed=False)), "origin")
    assert allowed(ask(h, no), no)


@pytest.mark.expect_log(MAP_ERROR, DBD_ERRORS)
def test_sqlite_schema_change(own_lite):
    """An index added to the table changes the database's schema, which
    leaves every statement SQLite had prepared out of date: the next query
    on each connection may fail, but the map must be back within seconds."""
    assert not wrong_answers(own_lite)
    own_lite.db.sql("CREATE INDEX by_origin ON cors_origins (origin);")
    assert recovers(own_lite, 5), wrong_answers(own_lite)


# --- Configuration -----------------------------------------------------------


def map_conf(query):
    return (f'<Location />\n    CORSAllowOriginMap dbd:"{query}"\n'
            "</Location>\n")


@pytest.mark.parametrize("query,why", [
    ("SELECT 1 FROM cors_origins", "must have exactly one %s"),
    ("SELECT 1 FROM cors_origins WHERE origin = %s OR origin = %s",
     "must have exactly one %s"),
    ("SELECT 1 FROM cors_origins WHERE origin = %s AND id = %d",
     "other % directives are not allowed"),
], ids=["none", "two", "percent-d"])
def test_query_needs_one_origin_parameter(query, why):
    rc, out = config_test(map_conf(query), modules=["dbd"])
    assert rc != 0
    assert f"CORSAllowOriginMap 'dbd:{query}': " in out and why in out, out


def test_same_query_in_two_places():
    """Two scopes may well share a query: mod_dbd gets it once, without
    its warning about two queries of one label."""
    rc, out = config_test("DBDriver sqlite3\n" + map_conf(QUERY)
                          + map_conf(QUERY).replace("/>", "/b>"),
                          modules=["dbd"])
    assert rc == 0 and "AH02653" not in out, out


def test_needs_mod_dbd():
    rc, out = config_test(map_conf(QUERY))
    assert rc != 0
    assert (f"CORSAllowOriginMap 'dbd:{QUERY}': a dbd: map needs mod_dbd"
            in out), out


# --- PostgreSQL --------------------------------------------------------------


def test_pg_listed_origin_allowed(pgs):
    origin = fresh()
    assert allowed(ask(pgs, origin), origin)
    r = pgs.get("/whole/data.txt", APP)
    assert r.header("Access-Control-Allow-Origin") == APP
    r = pgs.get("/credentials/data.txt", APP)
    assert r.header("Access-Control-Allow-Origin") == APP
    assert r.header("Access-Control-Allow-Credentials") == "true"
    r = pgs.preflight("/api/data.txt", fresh(), "PUT")
    assert r.status == 204 and r.header("X-Cors") == "preflight:allowed"


def test_pg_unlisted_origin_refused(pgs):
    assert refused(ask(pgs, fresh(listed=False)), "origin")
    r = pgs.preflight("/api/data.txt", fresh(listed=False), "PUT")
    assert r.status == 403 and r.header("X-Cors") == "preflight:refused:origin"
    for origin in NOT_LOOKED_UP:
        assert refused(ask(pgs, origin), "origin")


def test_pg_concurrent_clients(pgs):
    """4 clients of 100 requests each, listed and unlisted origins in
    turn, most never asked before, one asked again and again: every answer
    is the database's."""
    def client(_):
        wrong = []
        for i in range(100):
            listed = i % 2 == 0
            origin = APP if i % 10 == 0 else fresh(listed)
            r = ask(pgs, origin)
            if not (allowed(r, origin) if listed else refused(r, "origin")):
                wrong.append((origin, r))
        return wrong

    wrong = sum(parallel(4, client), [])
    assert not wrong, f"{len(wrong)} wrong answers, such as {wrong[:3]}"


Record = namedtuple("Record", "start end listed origin response")


class Traffic(threading.Thread):
    """A client sending requests one after another, each with a new origin,
    listed and unlisted in turn, until stop(): a Record of each (the
    response, or the exception of a request that failed)."""

    def __init__(self, h):
        super().__init__(daemon=True)
        self.h = h
        self.records = []
        self.done = threading.Event()

    def run(self):
        listed = False
        while not self.done.is_set():
            listed = not listed
            origin = fresh(listed)
            start = time.monotonic()
            try:
                r = ask(self.h, origin)     # 10 seconds at most
            except OSError as e:
                r = e
            self.records.append(Record(start, time.monotonic(), listed,
                                       origin, r))
            time.sleep(0.005)

    def stop(self):
        self.done.set()
        self.join(30)
        assert not self.is_alive()

    def wait_allowed(self, since, timeout):
        """True when, within timeout seconds, a request sent after since
        is allowed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(rec.start > since and allowed(rec.response, rec.origin)
                   for rec in list(self.records)):
                return True
            time.sleep(0.05)
        return False


@pytest.mark.expect_log(MAP_ERROR, DBD_ERRORS)
def test_pg_stopped_in_the_middle_of_traffic(pg_up, httpd_factory):
    """The database stops under a client's requests, and starts again 2
    seconds later on the same port and data.  While it is down every new
    origin is refused (map-error) without delay, with one error line a
    second per process at most, and the database asked about once a second
    per process; no unlisted origin is ever allowed; once
    it is up, the listed origins are allowed again within 20 seconds,
    httpd untouched."""
    h = httpd_factory(conf("pgsql", pg_up.params), files=FILES,
                      modules=["dbd"])
    traffic = Traffic(h)
    traffic.start()
    try:
        assert traffic.wait_allowed(0, 10), "nothing allowed before the stop"
        pg_up.stop()
        down = time.monotonic()
        time.sleep(2)
        up = time.monotonic()
        pg_up.start()
        back = traffic.wait_allowed(up, 20)
    finally:
        traffic.stop()
    records = traffic.records
    assert not [rec for rec in records if isinstance(rec.response, OSError)]
    slowest = max(rec.end - rec.start for rec in records)
    assert slowest < 5, f"a request took {slowest:.1f} s"
    assert not [rec.origin for rec in records
                if not rec.listed and rec.response.acx()]
    while_down = [rec.response for rec in records
                  if rec.start > down and rec.end < up]
    assert len(while_down) > 10
    assert not [r.header("X-Cors") for r in while_down
                if not refused(r, "map-error")]
    counts = error_lines_per_second(h)
    assert counts and max(counts.values()) == 1, counts
    # a database that failed is not asked again within the second: each
    # process tries to connect about once a second, not for every request;
    # mod_dbd logs a try as AH00629 (a new connection failed) or AH00639
    # (a pooled one failed its check, in which the driver reconnects)
    tries = error_lines_per_second(h, "[dbd:error]", "AH00629|AH00639")
    assert tries and max(tries.values()) <= 2, tries
    assert back, "no listed origin allowed within 20 s of the restart"
    assert recovers(h, 10), wrong_answers(h)


@pytest.mark.expect_log(MAP_ERROR, DBD_ERRORS)
def test_httpd_starts_without_the_database(pg_up, httpd_factory):
    """httpd starts while the database is down (mod_dbd's children can not
    connect): listed origins are refused (map-error), and allowed once the
    database is up, httpd untouched."""
    pg_up.stop()
    h = httpd_factory(conf("pgsql", pg_up.params), files=FILES,
                      modules=["dbd"])
    for _ in range(5):
        assert refused(h.get("/api/data.txt", origin=fresh()), "map-error")
    pg_up.start()
    assert recovers(h, 20), wrong_answers(h)


@pytest.mark.expect_log(MAP_ERROR, DBD_ERRORS)
def test_pg_hanging_holds_up_one_request_at_a_time(pg_up, httpd_factory):
    """The database restarted (mod_dbd's connections broken) and then hung:
    each try to connect waits out connect_timeout (2 seconds).  Under four
    clients asking new origins, the process tries one connection at a
    time, a second after the last failed (about one every 3 seconds, not
    one per request), the other requests refused (map-error) at once
    meanwhile, and none waits longer than its own try; once the database
    answers again, so does the map."""
    h = httpd_factory(conf("pgsql", pg_up.params), files=FILES,
                      modules=["dbd"], head=ONE_PROCESS)
    assert recovers(h, 10), wrong_answers(h)
    pg_up.stop()
    pg_up.start()
    pg_up.freeze()
    clients = [Traffic(h) for _ in range(4)]
    try:
        # the request that finds it hung (requests that come before that,
        # together, each wait for their own try)
        assert refused(ask(h, fresh()), "map-error")
        for t in clients:
            t.start()
        time.sleep(9)
    finally:
        try:
            for t in clients:       # before the database answers again
                t.stop()
        finally:
            pg_up.thaw()
    records = [rec for t in clients for rec in t.records]
    assert not [rec for rec in records if isinstance(rec.response, OSError)]
    assert not [rec.origin for rec in records
                if not rec.listed and rec.response.acx()]
    held = [rec for rec in records if rec.end - rec.start > 1]
    fast = [rec for rec in records if rec.end - rec.start < 0.5]
    assert len(fast) > 10 * len(held), (len(fast), len(held))
    assert all(refused(rec.response, "map-error") for rec in held)
    assert max(rec.end - rec.start for rec in held) < 4
    # the first, then one about every 3 seconds
    tries = error_lines_per_second(h, "[dbd:error]", "AH00629|AH00639")
    assert 3 <= sum(tries.values()) <= 5, tries
    assert recovers(h, 20), wrong_answers(h)


@pytest.mark.expect_log(MAP_ERROR, DBD_ERRORS)
def test_pg_restarted_between_requests(pg_up, httpd_factory):
    """A restart of the database that no request saw, as at night: the
    connections mod_dbd keeps are broken all the same.  The first requests
    after it may be refused, but within 20 seconds every answer must be the
    database's again."""
    h = httpd_factory(conf("pgsql", pg_up.params), files=FILES,
                      modules=["dbd"])
    assert not wrong_answers(h)
    pg_up.stop()
    pg_up.start()
    assert recovers(h, 20), wrong_answers(h)


# --- Last: the answers aged cached at the start ------------------------------


@pytest.mark.at_end
def test_sqlite_cached_answers_expire(lite, aged):
    """60 seconds after they were given, cached answers are asked for again:
    the "yes" whose row is gone is now a "no", and the "no" whose row was
    added a "yes"."""
    yes, no, since = aged
    time.sleep(max(0.0, since + 61 - time.monotonic()))
    assert refused(ask(lite, yes), "origin")
    assert allowed(ask(lite, no), no)
