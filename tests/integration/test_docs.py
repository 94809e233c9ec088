"""The documentation stays true: every directive of the command table is in
the reference with the syntax and default of the README's table, and every
configuration snippet of README.md and docs/ loads with apache2 -t (the
files of its origin maps made for it)."""

import re
import subprocess

import pytest

from conftest import REPO, config_test

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def directives():
    src = (REPO / "cors_config.c").read_text()
    return re.findall(r'AP_INIT_\w+\("(CORS\w+)"', src)


def plain(text):
    return re.sub(r"[`\\]", "", text).strip()


def reference_fields(name):
    ref = (REPO / "docs" / "mod_cors.md").read_text()
    m = re.search(rf"^## {name}\n(.*?)(?=^## |\Z)", ref, re.S | re.M)
    assert m, f"{name} has no section in docs/mod_cors.md"
    fields = dict(re.findall(r"^\| (\w[\w ]*): \| (.*) \|$", m.group(1),
                             re.M))
    return fields, m.group(1)


def readme_row(name):
    readme = (REPO / "README.md").read_text()
    m = re.search(rf"^\| `{name}` \| (.*?) \| (.*?) \| (.*?) \|$", readme,
                  re.M)
    assert m, f"{name} is not in README's directive table"
    return [plain(c) for c in m.groups()]


def test_command_table_has_every_directive():
    assert len(directives()) == 13


@pytest.mark.parametrize("name", directives())
def test_reference_matches_readme(name):
    fields, text = reference_fields(name)
    syntax, default, example = readme_row(name)
    assert plain(fields["Syntax"]) == f"{name} {syntax}"
    ref_default = plain(fields["Default"])
    if ref_default.startswith(name + " "):
        ref_default = ref_default[len(name) + 1:]
    assert ref_default == default
    assert plain(fields["Context"]) == \
        "server config, virtual host, directory, .htaccess"
    assert plain(fields["Override"]) == "FileInfo"
    assert plain(fields["Module"]) == "mod_cors"
    assert example.startswith(name)
    blocks = re.findall(r"```apache\n(.*?)```", text, re.S)
    assert any(re.search(rf"^\s*{name} ", b, re.M) for b in blocks)


def snippets():
    for doc in DOCS:
        text = doc.read_text()
        for i, m in enumerate(re.finditer(r"```apache\n(.*?)```", text,
                                          re.S)):
            yield pytest.param(m.group(1), id=f"{doc.name}-{i}")


def with_map_files(body, folder):
    """The snippet with each file its CORSAllowOriginMap names made (a list
    or a DBM file of one origin) in folder, and named there."""
    maps = re.findall(r"\b(txt|dbm[=\w]*):([^\s\"]+)", body)
    for i, (kind, path) in enumerate(maps):
        made = folder / f"map{i}"
        if kind == "txt":
            made.write_text("https://app.example.com\n")
        else:
            src = folder / "origins.in"
            src.write_text("https://app.example.com 1\n")
            dbm_type = {"dbm=sdbm": ["-f", "SDBM"], "dbm=gdbm": ["-f", "GDBM"],
                        "dbm=db": ["-f", "DB"]}.get(kind, [])
            subprocess.run(["httxt2dbm", *dbm_type, "-i", str(src), "-o",
                            str(made)], check=True, capture_output=True,
                           timeout=60)
        body = body.replace(path, str(made))
    return body


@pytest.mark.parametrize("snippet", list(snippets()))
def test_snippet_loads(snippet, tmp_path):
    body = "\n".join(ln for ln in snippet.splitlines()
                     if not ln.startswith("LoadModule cors_module"))
    body = with_map_files(body, tmp_path)
    rc, out = config_test(body, modules=["proxy", "proxy_http", "dbd"])
    assert rc == 0, out
    assert "Syntax OK" in out
