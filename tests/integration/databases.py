"""Real databases for the tests of CORSAllowOriginMap dbd:"...": an SQLite
file made with the sqlite3 command-line shell, and a PostgreSQL server of
the test's own (initdb in a temporary folder, a free port on 127.0.0.1),
stopped by its pid.

TABLE is the table the tests query; rows() the INSERT of some origins."""

import os
import pwd
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import free_port
import httpd_layout

TABLE = "CREATE TABLE cors_origins (origin text PRIMARY KEY);\n"


def rows(origins):
    """An INSERT of the origins into cors_origins."""
    values = ", ".join("('" + o.replace("'", "''") + "')" for o in origins)
    return f"INSERT INTO cors_origins VALUES {values};\n"


class SQLite:
    """A database file made by running sql, in a folder of its own under
    root.  Both belong to the httpd User when the tests run as root: SQLite
    writes beside the file even to read it (its journal)."""

    def __init__(self, root, sql):
        folder = Path(root) / "db"
        folder.mkdir()
        self.path = folder / "origins.db"
        self.sql(sql)
        if os.geteuid() == 0:
            for p in (folder, self.path):
                shutil.chown(p, httpd_layout.USER, httpd_layout.GROUP)

    def sql(self, text):
        """Runs text in the sqlite3 shell, which waits up to 10 seconds for
        a lock httpd's connections hold (it fails at once by default)."""
        subprocess.run(["sqlite3", "-cmd", ".timeout 10000", "-bail",
                        str(self.path)], input=text,
                       text=True, check=True, capture_output=True,
                       timeout=30)

    @contextmanager
    def locked(self):
        """Holds an exclusive lock on the database (an open write
        transaction of this process), under which no other connection
        can read it."""
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=10)
        try:
            conn.execute("BEGIN EXCLUSIVE")
            yield
            conn.execute("COMMIT")
        finally:
            conn.close()


def _pg_bin():
    """The bin folder of the newest PostgreSQL server installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"),
                   key=lambda p: int(p.parent.parent.name))
    if not found:
        pytest.fail("no PostgreSQL server in /usr/lib/postgresql "
                    "(Debian: apt-get install postgresql)")
    return found[-1].parent


def _pg_os_user():
    """Whom the server runs as: PostgreSQL refuses to run as root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
        return "postgres"
    except KeyError:
        return httpd_layout.USER


class Postgres:
    """A PostgreSQL server of its own in a temporary folder, made with
    initdb: start() and stop() it (by pid, on the same port and data as
    often as needed), sql() runs psql on its database postgres, cleanup()
    stops it and removes the folder.  Anyone on 127.0.0.1 may connect as
    the user cors, without a password."""

    def __init__(self):
        self.bin = _pg_bin()
        self.os_user = _pg_os_user()
        self.folder = Path(tempfile.mkdtemp(prefix="mod_cors-pg."))
        self.port = free_port()
        self.proc = None
        if self.os_user:
            shutil.chown(self.folder, self.os_user, self.os_user)
        self._run("initdb", "--no-sync", "--auth=trust", "-U", "cors",
                  "-D", "data")

    # DBDParams for mod_dbd's pgsql driver
    @property
    def params(self):
        return (f"host=127.0.0.1 port={self.port} dbname=postgres user=cors "
                "connect_timeout=2")

    def _run(self, program, *args):
        subprocess.run([str(self.bin / program), *args], check=True,
                       cwd=self.folder, capture_output=True, timeout=60,
                       user=self.os_user, group=self.os_user)

    def start(self):
        """Starts the server (fsync off: nothing here needs to last) and
        waits until it accepts connections, 30 seconds at most."""
        with open(self.folder / "postgres.log", "ab") as log:
            self.proc = subprocess.Popen(
                [str(self.bin / "postgres"), "-D", "data", "-F",
                 "-h", "127.0.0.1", "-p", str(self.port),
                 "-k", str(self.folder)],
                cwd=self.folder, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, user=self.os_user,
                group=self.os_user, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("postgres exited:\n" + self.log())
            ready = subprocess.run(
                [str(self.bin / "pg_isready"), "-q", "-h", "127.0.0.1",
                 "-p", str(self.port)], timeout=10)
            if ready.returncode == 0:
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("postgres did not start:\n" + self.log())

    def stop(self):
        """A fast shutdown (SIGINT: sessions cut, no wait for clients);
        SIGKILL to its process group if it is not done in 15 seconds."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None

    def freeze(self):
        """Stops every process of the server where it is (SIGSTOP to its
        process group): its port still takes connections, which nobody
        answers, as of a server that hangs."""
        os.killpg(self.proc.pid, signal.SIGSTOP)

    def thaw(self):
        os.killpg(self.proc.pid, signal.SIGCONT)

    def cleanup(self):
        if self.proc and self.proc.poll() is None:
            self.thaw()
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def log(self):
        p = self.folder / "postgres.log"
        return p.read_text(errors="replace") if p.exists() else ""

    def sql(self, text):
        subprocess.run([str(self.bin / "psql"), "-X", "-q",
                        "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                        "-p", str(self.port), "-U", "cors", "-d", "postgres"],
                       input=text.encode(), check=True, capture_output=True,
                       timeout=30)
