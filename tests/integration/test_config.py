"""Startup validation: apache2 -t fails naming the directive,
the value and the reason; warnings leave the configuration valid."""

import re

import pytest

from conftest import config_test


@pytest.mark.parametrize("directive,value,reason", [
    ("CORSAllowOrigin", "https://a.example.com/x", "path"),
    ("CORSAllowOrigin", "https://a.example.com/", "trailing slash"),
    ("CORSAllowOrigin", "https://a.example.com?x=1", "query"),
    ("CORSAllowOrigin", "https://a.example.com#top", "fragment"),
    ("CORSAllowOrigin", "https://user@a.example.com", "user information"),
    ("CORSAllowOrigin", "a.example.com", "scheme"),
    ("CORSAllowOrigin", "://a.example.com", "scheme"),
    ("CORSAllowOrigin", "1http://a.example.com", "scheme"),
    ("CORSAllowOrigin", "https://", "host is empty"),
    ("CORSAllowOrigin", "https://:8080", "host is empty"),
    ("CORSAllowOrigin", "https://a..example.com", "empty label"),
    ("CORSAllowOrigin", "https://a b.com", "not allowed"),
    ("CORSAllowOrigin", "https://a.example.com:99999", "above 65535"),
    ("CORSAllowOrigin", "https://a.example.com:0", "port is 0"),
    ("CORSAllowOrigin", "https://a.example.com:abc", "not a number"),
    ("CORSAllowOrigin", "https://a.example.com:", "port is empty"),
    ("CORSAllowOrigin", "https://*", "public suffix|leftmost|empty"),
    ("CORSAllowOrigin", "https://*example.com", "leftmost label"),
    ("CORSAllowOrigin", "*.example.com", "scheme"),
    ("CORSAllowOrigin", "https://a.*.com", "leftmost label"),
    ("CORSAllowOrigin", "https://*.*.example.com", "leftmost label"),
    ("CORSAllowOrigin", "https://*.com", "public suffix"),
    ("CORSAllowOrigin", "https://*.co.uk", "public suffix"),
    ("CORSAllowOrigin", "https://*.github.io", "public suffix"),
    ("CORSAllowOrigin", "http://*.127.0.0.1", "IP address"),
    ("CORSAllowOrigin", "http://127.1", "IPv4"),
    ("CORSAllowOrigin", "http://[::1", "bracket"),
    ("CORSAllowOrigin", "http://[::g]", "IPv6"),
    ("CORSAllowOriginMatch", "https://x[.]example[.]com", "anchored"),
    ("CORSAllowOriginMatch", "^https://x[.]example[.]com", "anchored"),
    ("CORSAllowOriginMatch", "https://x[.]example[.]com$", "anchored"),
    ("CORSAllowOriginMatch", "^https://(x$", "regular expression"),
    ("CORSAllowMethods", "GE(T", "token"),
    ("CORSAllowHeaders", "X(bad)", "token"),
    ("CORSExposeHeaders", "X/bad", "token"),
    ("CORSMaxAge", "-1", "whole number"),
    ("CORSMaxAge", "abc", "whole number"),
    ("CORSMaxAge", "99999999999", "whole number"),
    ("CORSPreflightStatus", "302", "200 or 204"),
    ("CORSPreflight", "foo", "passthrough"),
    ("CORSEnable", "maybe", "ReportOnly"),
])
def test_bad_value_refused(directive, value, reason):
    rc, out = config_test(f'{directive} "{value}"')
    assert rc != 0, out
    assert directive in out
    assert value in out
    assert re.search(reason, out), out


def test_quoted_space_in_method_refused():
    rc, out = config_test('CORSAllowMethods "GE T"')
    assert rc != 0 and "CORSAllowMethods 'GE T'" in out and "token" in out


def test_error_names_file_and_line():
    rc, out = config_test("\n\nCORSAllowOrigin https://*.com")
    assert rc != 0
    assert re.search(r"Syntax error on line \d+ of .*httpd\.conf", out)


@pytest.mark.parametrize("body", [
    "CORSAllowOrigin *\nCORSAllowCredentials On",
    "CORSAllowCredentials On\nCORSAllowOrigin *",
    "<Location /x>\nCORSAllowCredentials On\nCORSAllowOrigin *\n</Location>",
])
def test_star_with_credentials_in_one_section(body):
    rc, out = config_test(body)
    assert rc != 0
    assert "'*'" in out and "CORSAllowCredentials" in out


@pytest.mark.parametrize("body", [
    "CORSAllowOrigin https://a.example.com\n"
    "CORSExposeHeaders *\nCORSAllowCredentials On",
    "CORSAllowOrigin https://a.example.com\n"
    "CORSAllowCredentials On\nCORSExposeHeaders *",
])
def test_expose_star_with_credentials_in_one_section(body):
    rc, out = config_test(body)
    assert rc != 0
    assert "CORSExposeHeaders" in out and "'*'" in out


@pytest.mark.parametrize("body", [
    "CORSAllowOrigin * https://a.example.com",
    "CORSAllowOrigin https://a.example.com *",
    "CORSAllowOrigin *\nCORSAllowOriginMatch ^https://a$",
    "CORSAllowMethods * PUT",
    "CORSAllowHeaders X-A *",
])
def test_star_must_stand_alone(body):
    rc, out = config_test(body)
    assert rc != 0
    assert "'*'" in out


@pytest.mark.parametrize("body", [
    "CORSAllowOrigin http://*.localhost:*",
    "CORSAllowOrigin https://*.example.com http://localhost:* null",
    "CORSAllowOrigin http://[::1]:8080 capacitor://localhost",
    "CORSAllowOriginMatch ^https://pr-[0-9]+\\.preview\\.example\\.net$",
    "CORSAllowMethods *\nCORSAllowHeaders *\nCORSExposeHeaders *",
    "CORSAllowOrigin https://a.example.com\nCORSAllowCredentials On\n"
    "CORSAllowMethods *\nCORSAllowHeaders *",
    "CORSMaxAge 0\nCORSPreflight passthrough\nCORSPreflightStatus 200\n"
    "CORSAllowPrivateNetwork On\nCORSEnable ReportOnly",
    "CORSPreflight ANSWER\nCORSEnable off\nCORSAllowCredentials off",
])
def test_valid_configs(body):
    rc, out = config_test(body)
    assert rc == 0, out
    assert "Syntax OK" in out


@pytest.mark.parametrize("body,needle", [
    ("CORSAllowOrigin null", "'null'"),
    ("CORSMaxAge 86400", "CORSMaxAge '86400'"),
    ("CORSAllowCredentials On\nCORSAllowOrigin http://app.example.com",
     "plain-http"),
    ("CORSAllowOrigin http://app.example.com\nCORSAllowCredentials On",
     "plain-http"),
    ("CORSAllowOriginMatch ^https://.*$\nCORSAllowCredentials On",
     "example.invalid"),
    ("CORSAllowCredentials On\nCORSAllowOriginMatch ^https://.*\\.com$",
     "example.invalid"),
])
def test_warnings(body, needle):
    rc, out = config_test(body)
    assert rc == 0, out
    warn = [ln for ln in out.splitlines() if "[cors:warn]" in ln]
    assert len(warn) == 1, out
    assert needle in warn[0]
    assert re.search(r"httpd\.conf:\d+:", warn[0])


@pytest.mark.parametrize("body", [
    "CORSMaxAge 7200",
    "CORSAllowCredentials On\nCORSAllowOrigin http://localhost:3000 "
    "http://127.0.0.1:8080 http://[::1]:8080 http://*.localhost:*",
    "CORSAllowOriginMatch ^https://pr-[0-9]+\\.example\\.net$\n"
    "CORSAllowCredentials On",
    "CORSAllowOrigin http://app.example.com",
])
def test_no_warning(body):
    rc, out = config_test(body)
    assert rc == 0
    assert "[cors:warn]" not in out, out


def test_hundred_thousand_origins_load():
    origins = " ".join(f"https://o{i}.example.com" for i in range(100000))
    rc, out = config_test(f"CORSAllowOrigin {origins}")
    assert rc == 0, out[-500:]
