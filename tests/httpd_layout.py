"""Where the httpd under test keeps its parts, as httpd itself says: `apxs
-q` and `httpd -V`, and the User of its own configuration.

APXS in the environment (default: the apxs on PATH) selects the httpd, so
the same tests run against Debian's apache2 and against an httpd built from
source (make -f Makefile.apxs test-source-httpd).
"""

import os
import pwd
import re
import shutil
import subprocess
from pathlib import Path

APXS = os.environ.get("APXS") or shutil.which("apxs") or "apxs"


def apxs_query(name):
    """One value of apxs -q."""
    try:
        return subprocess.run([APXS, "-q", name], capture_output=True,
                              text=True, check=True,
                              timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError) as e:
        raise SystemExit(f"httpd_layout: '{APXS} -q {name}' failed ({e}): "
                         "install httpd's development files (Debian: "
                         "apache2-dev) or set APXS=/path/to/apxs") from e


# the server binary and the folder of its modules
HTTPD = str(Path(apxs_query("SBINDIR")) / apxs_query("TARGET"))
MODULES = apxs_query("LIBEXECDIR")

_V = subprocess.run([HTTPD, "-V"], capture_output=True, text=True,
                    timeout=30).stdout


def compiled_in(name):
    """A -D NAME="value" that httpd -V lists, or None."""
    m = re.search(rf'-D {name}="([^"]*)"', _V)
    return m.group(1) if m else None


# the modules built into the binary (httpd -l): never loaded again
BUILT_IN = set(re.findall(
    r"^\s*mod_(\w+)\.c$",
    subprocess.run([HTTPD, "-l"], capture_output=True, text=True,
                   timeout=30).stdout, re.M))


def load_modules(names):
    """LoadModule lines for the modules names that the binary lacks."""
    return [f"LoadModule {n}_module {MODULES}/mod_{n}.so" for n in names
            if n not in BUILT_IN]


ROOT = compiled_in("HTTPD_ROOT") or "/"
_version = re.search(r"Apache/(\S+)", _V)
if _version is None:
    raise SystemExit(f"httpd_layout: '{HTTPD} -V' printed no version")
VERSION = _version.group(1)


def in_root(path):
    return path if os.path.isabs(path) else os.path.join(ROOT, path)


SERVER_CONFIG = in_root(compiled_in("SERVER_CONFIG_FILE") or "")

# httpd's own MIME table when it has one (source builds); else the
# system's shared table, which Debian's configuration names
_types = in_root(compiled_in("AP_TYPES_CONFIG_FILE") or "mime.types")
MIME_TYPES = _types if os.path.isfile(_types) else "/etc/mime.types"


def _configured(directive):
    """The value of User or Group in httpd's own configuration, its
    ${VARIABLE} resolved from the envvars file beside it (Debian's) or
    the environment; None when there is none."""
    try:
        text = Path(SERVER_CONFIG).read_text(errors="replace")
    except OSError:
        return None
    m = re.search(rf"^\s*{directive}\s+(\S+)", text, re.M)
    if not m:
        return None
    value = m.group(1)
    var = re.fullmatch(r"\$\{(\w+)\}", value)
    if not var:
        return value
    envvars = Path(ROOT) / "envvars"
    if envvars.is_file():
        m = re.search(rf"^\s*export\s+{var.group(1)}=(\S+)",
                      envvars.read_text(errors="replace"), re.M)
        if m:
            return m.group(1).strip("'\"")
    return os.environ.get(var.group(1))


def _user_exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


# the user and group the server's children run as when started by root
USER = _configured("User") or "daemon"
GROUP = _configured("Group") or USER
if not _user_exists(USER):
    USER = GROUP = "daemon"


if __name__ == "__main__":
    # for shell scripts (demo/run):
    #   eval "$(python3 tests/httpd_layout.py [module ...])"
    # with module names as arguments, HTTPD_LAYOUT_LOAD has the LoadModule
    # lines of those the binary lacks
    import shlex
    import sys
    for name in ("HTTPD", "MODULES", "MIME_TYPES", "USER", "GROUP"):
        print(f"HTTPD_LAYOUT_{name}={shlex.quote(globals()[name])}")
    print("HTTPD_LAYOUT_LOAD="
          + shlex.quote("\n".join(load_modules(sys.argv[1:]))))
