"""Real databases for the tests of CORSAllowOriginMap dbd:"...": an SQLite
file made with the sqlite3 command-line shell, and a PostgreSQL server of
the test's own (initdb in a temporary folder, a free port on 127.0.0.1),
stopped by its pid.

Both hold the table the tests query:
    cors_origins (origin text primary key)
"""

import os
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

TABLE = "CREATE TABLE cors_origins (origin text PRIMARY KEY);"


def rows(origins):
    """An INSERT of the origins into cors_origins ('' quoted)."""
    values = ", ".join("('" + o.replace("'", "''") + "')" for o in origins)
    return f"INSERT INTO cors_origins VALUES {values};"


class SQLite:
    """A database file in a folder of its own under root, owned by the
    httpd User (SQLite may need to write beside the file, for its journal,
    even to read)."""

    def __init__(self, root, origins):
        folder = Path(root) / "db"
        folder.mkdir()
        self.path = folder / "origins.db"
        self.sql(TABLE + rows(origins))
        if os.geteuid() == 0:
            for p in (folder, self.path):
                shutil.chown(p, httpd_layout.USER, httpd_layout.GROUP)

    def sql(self, text):
        subprocess.run(["sqlite3", "-bail", str(self.path)], input=text,
                       text=True, check=True, capture_output=True,
                       timeout=30)

    @contextmanager
    def locked(self):
        """Holds an exclusive lock on the database (an open write
        transaction), in which no other connection can read it."""
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=10)
        try:
            conn.execute("BEGIN EXCLUSIVE")
            yield
            conn.execute("COMMIT")
        finally:
            conn.close()


def _pg_bin():
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"),
                   key=lambda p: int(p.parent.parent.name))
    if not found:
        pytest.fail("no PostgreSQL server in /usr/lib/postgresql "
                    "(Debian: apt-get install postgresql)")
    return found[-1].parent


def _pg_user():
    """The user the server runs as: PostgreSQL refuses to run as root."""
    for name in ("postgres", httpd_layout.USER):
        try:
            import pwd
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    return httpd_layout.USER


class Postgres:
    """A PostgreSQL server in a temporary folder: start() and stop() it
    (by pid, on the same port and data), sql() runs psql, cleanup() stops
    it and removes the folder."""

    DB_USER = "cors"

    def __init__(self):
        self.bin = _pg_bin()
        self.os_user = _pg_user() if os.geteuid() == 0 else None
        self.folder = Path(tempfile.mkdtemp(prefix="mod_cors-pg."))
        self.data = self.folder / "data"
        self.port = free_port()
        self.proc = None
        if self.os_user:
            shutil.chown(self.folder, self.os_user, self.os_user)
        self._run([self.bin / "initdb", "--no-sync", "--auth=trust",
                   "-U", self.DB_USER, "-D", str(self.data)])

    @property
    def params(self):
        """DBDParams for mod_dbd's pgsql driver."""
        return (f"host=127.0.0.1 port={self.port} dbname=postgres "
                f"user={self.DB_USER} connect_timeout=2")

    def _run(self, cmd):
        subprocess.run([str(c) for c in cmd], check=True, cwd=self.folder,
                       capture_output=True, timeout=60, user=self.os_user,
                       group=self.os_user)

    def start(self):
        log = open(self.folder / "postgres.log", "ab")
        self.proc = subprocess.Popen(
            [str(self.bin / "postgres"), "-D", str(self.data),
             "-h", "127.0.0.1", "-p", str(self.port),
             "-k", str(self.folder), "-F"],
            cwd=self.folder, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, user=self.os_user, group=self.os_user,
            start_new_session=True)
        log.close()
        deadline = time.time() + 30
        while time.time() < deadline:
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
        SIGKILL if it is not done in 15 seconds."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def log(self):
        p = self.folder / "postgres.log"
        return p.read_text(errors="replace") if p.exists() else ""

    def sql(self, text):
        subprocess.run([str(self.bin / "psql"), "-X", "-q",
                        "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                        "-p", str(self.port), "-U", self.DB_USER,
                        "-d", "postgres", "-c", text],
                       check=True, capture_output=True, timeout=30)
