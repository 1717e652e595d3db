"""Links in emails lead to the address the service runs on: in development, HOST_PORT, the
address `make run` serves on (Makefile, Procfile.dev)."""

import subprocess
import sys

from tests.test_deployment import ROOT, clean_env

PRINT_SERVICE_URL = "import config.settings as s; print(s.SERVICE_URL)"


def _service_url(**values: str) -> str:
    result = subprocess.run([sys.executable, "-c", PRINT_SERVICE_URL], cwd=ROOT,
                            env=clean_env(DEBUG="1", **values), capture_output=True,
                            text=True, timeout=60, check=True)
    return result.stdout.strip()


def test_the_service_url_follows_host_port_in_development():
    assert _service_url(HOST_PORT="127.0.0.1:8012") == "http://127.0.0.1:8012"


def test_without_host_port_it_is_the_default_address_of_make_run():
    assert _service_url() == "http://127.0.0.1:8000"


def test_a_service_url_given_is_used_as_it_is():
    assert _service_url(HOST_PORT="127.0.0.1:8012",
                        SERVICE_URL="https://inspections.example.gov.uk/") == \
        "https://inspections.example.gov.uk"


def test_the_makefile_and_procfile_serve_on_host_port():
    assert "HOST_PORT=$(HOST_PORT)" in (ROOT / "Makefile").read_text()
    assert "runserver $HOST_PORT" in (ROOT / "Procfile.dev").read_text()
