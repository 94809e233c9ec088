"""make dist: the release tarball holds exactly the release's files under
mod_cors-VERSION/, with their modes and a MANIFEST, and nothing built; the
tree it unpacks to builds, passes the unit tests and makes the same tarball
again, with no .git."""

import re
import shutil
import subprocess
import tarfile

from conftest import REPO, release_files

# the Makefile's VERSION: what stands between the first parentheses of
# debian/changelog
VERSION = re.search(r"\(([^)]*)\)",
                    (REPO / "debian" / "changelog").read_text()).group(1)
TOP = f"mod_cors-{VERSION}"



def make(cwd, *args, timeout=600):
    p = subprocess.run(["make", "-s", "-f", "Makefile.apxs", *args],
                       cwd=cwd, capture_output=True, text=True,
                       timeout=timeout)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    return p.stdout


def members(tarball):
    with tarfile.open(tarball) as t:
        return {m.name: m for m in t.getmembers()}


def test_dist(tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    make(REPO, "dist", f"DISTDIR={first}")
    tarball = first / f"{TOP}.tar.gz"
    files = members(tarball)
    listed = sorted(release_files() + ["MANIFEST"])
    regular = sorted(n[len(TOP) + 1:] for n, m in files.items() if m.isfile())
    assert regular == sorted(set(listed)), set(regular) ^ set(listed)
    assert all(n == TOP or n.startswith(TOP + "/") for n in files)
    assert not any(re.search(r"(^|/)(\.git|\.libs)(/|$)|\.(so|o|lo|la)$", n)
                   for n in files)
    for script in ("demo/run", "bench/run", "tests/fuzz/run",
                   "tests/soak/run", "tests/source-httpd/build", ".ci/run"):
        assert files[f"{TOP}/{script}"].mode & 0o111, script
    with tarfile.open(tarball) as t:
        manifest = t.extractfile(f"{TOP}/MANIFEST").read().decode().split()
        t.extractall(tmp_path)
    assert manifest == sorted(set(listed))

    # the unpacked release: no .git, and it builds and tests itself
    tree = tmp_path / TOP
    assert not (tree / ".git").exists()
    make(tree, "all")
    assert (tree / ".libs" / "mod_cors.so").exists()
    out = make(tree, "unit")
    assert "Failures: 0, Errors: 0" in out
    second = tmp_path / "second"
    second.mkdir()
    make(tree, "dist", f"DISTDIR={second}")
    again = members(second / f"{TOP}.tar.gz")
    assert {n: (m.mode, m.size) for n, m in again.items()} == {
        n: (m.mode, m.size) for n, m in files.items()}
    shutil.rmtree(tree)


def test_dockerfile_builds_what_the_makefile_builds():
    """The Dockerfile's apxs command compiles the Makefile's SOURCES with
    its warnings and libraries (the image is not built here: no Docker
    engine)."""
    mk = (REPO / "Makefile.apxs").read_text()
    sources = re.search(r"^SOURCES\s*=\s*((?:.*\\\n)*.*)$", mk, re.M).group(1)
    sources = sources.replace("\\\n", " ").split()
    docker = (REPO / "Dockerfile").read_text().replace("\\\n", " ")
    cmd = re.search(r"RUN (/usr/local/apache2/bin/apxs -c .*)", docker)
    words = cmd.group(1).split()
    assert words[words.index("-o") + 2:] == sources
    assert {"-Wc,-Wall", "-Wc,-Wextra", "-Wc,-Werror", "-lpsl"} <= set(words)
