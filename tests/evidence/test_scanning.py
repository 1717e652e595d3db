"""Virus scanning by a real clamd over its own protocol (evidence/scanning.py)."""

import io
import socket
import threading

import pytest

from evidence import scanning
from tests.storage.daemons import eicar


def test_the_eicar_test_file_is_found_infected(scanner):
    verdict = scanning.scan(io.BytesIO(eicar()))

    assert verdict == scanning.Verdict(infected=True,
                                       signature="Eicar-Test-Signature.UNOFFICIAL")


def test_a_clean_file_is_found_clean(scanner):
    assert scanning.scan(io.BytesIO(b"area,plans\nMedway,412\n")).infected is False


def test_a_file_sent_in_many_chunks_is_scanned_as_one_stream(scanner, monkeypatch):
    # The signature is the digest of the whole file: found only if every chunk arrives.
    monkeypatch.setattr(scanning, "CHUNK_BYTES", 10)
    assert scanning.scan(io.BytesIO(eicar())).infected is True


def test_the_file_is_left_at_its_start(scanner):
    stream = io.BytesIO(eicar())
    scanning.scan(stream)
    assert stream.read(4) == b"X5O!"


def test_a_socket_nobody_listens_on_is_unavailable(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "absent.sock")

    with pytest.raises(scanning.ScannerUnavailable):
        scanning.scan(io.BytesIO(b"hello"))


def test_a_tcp_port_nobody_listens_on_is_unavailable(settings):
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", 9

    with pytest.raises(scanning.ScannerUnavailable):
        scanning.scan(io.BytesIO(b"hello"))


def test_a_daemon_that_never_answers_times_out_as_unavailable(settings):
    # A listener that accepts and then says nothing, as a hung clamd would.
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = []
    threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", listener.getsockname()[1]
    settings.CLAMD_TIMEOUT_SECONDS = 1

    with pytest.raises(scanning.ScannerUnavailable):
        scanning.scan(io.BytesIO(b"hello"))
    listener.close()


@pytest.mark.parametrize("reply", ["INSTREAM size limit exceeded. ERROR", "", "stream: huh"])
def test_an_answer_that_is_no_verdict_is_unavailable_never_clean(reply):
    with pytest.raises(scanning.ScannerUnavailable):
        scanning.verdict_of(reply)
