"""The browser suite reuses the integration harness (real httpd, temporary
ServerRoot, loopback ports, error-log checks)."""

import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "cors_harness", Path(__file__).resolve().parents[1] / "integration"
    / "conftest.py")
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)
sys.modules["cors_harness"] = harness      # tests: import cors_harness

# fixtures and hooks, re-exported for pytest
httpd_factory = harness.httpd_factory
checked_logs = harness.checked_logs
pytest_configure = harness.pytest_configure
