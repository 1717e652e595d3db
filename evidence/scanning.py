"""Virus scanning by ClamAV's daemon, clamd, over its own protocol (docs/decisions/0030).

A file is streamed to clamd with ``zINSTREAM``: the command, then the file in chunks each
preceded by its length as four bytes in network order, then a chunk of length zero. clamd
answers ``stream: OK``, or ``stream: <signature> FOUND``, and closes the connection. It is
reached on its Unix socket (CLAMD_SOCKET) or over TCP (CLAMD_HOST and CLAMD_PORT), and given
CLAMD_TIMEOUT_SECONDS for each step.

Any other answer (clamd's "size limit exceeded" among them), a refused connection or a
timeout is ``ScannerUnavailable``: the caller must not take the file as clean.
"""

import socket
import struct
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings

CHUNK_BYTES = 64 * 1024
# clamd's longest answer is a signature name and a few words.
MAX_REPLY_BYTES = 4096
END_OF_STREAM = struct.pack("!L", 0)


class ScannerUnavailable(Exception):
    """clamd could not be reached, did not answer in time, or could not scan the file."""


@dataclass(frozen=True)
class Verdict:
    infected: bool
    signature: str = ""


def scanner_configured() -> bool:
    return bool(settings.CLAMD_SOCKET or settings.CLAMD_HOST)


def _connect() -> socket.socket:
    timeout = settings.CLAMD_TIMEOUT_SECONDS
    if settings.CLAMD_SOCKET:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(timeout)
        try:
            connection.connect(settings.CLAMD_SOCKET)
        except OSError:
            connection.close()
            raise
        return connection
    return socket.create_connection((settings.CLAMD_HOST, settings.CLAMD_PORT),
                                    timeout=timeout)


def _reply(connection: socket.socket) -> str:
    """clamd's answer: up to its NUL terminator, or until it closes the connection."""
    received = b""
    while b"\0" not in received and len(received) < MAX_REPLY_BYTES:
        data = connection.recv(MAX_REPLY_BYTES)
        if not data:
            break
        received += data
    return received.split(b"\0", 1)[0].decode("utf-8", "replace").strip()


def verdict_of(reply: str) -> Verdict:
    """What clamd's answer to one zINSTREAM says of the file."""
    if reply == "stream: OK":
        return Verdict(infected=False)
    if reply.startswith("stream: ") and reply.endswith(" FOUND"):
        return Verdict(infected=True, signature=reply[len("stream: "):-len(" FOUND")])
    raise ScannerUnavailable(f"clamd could not scan the file: {reply or 'no answer'}")


def scan(stream: BinaryIO) -> Verdict:
    """Stream the file, from its start, to clamd and return its verdict; the file is left at
    its start. Raises ScannerUnavailable rather than ever answering "clean" unasked."""
    stream.seek(0)
    try:
        with _connect() as connection:
            connection.sendall(b"zINSTREAM\0")
            while chunk := stream.read(CHUNK_BYTES):
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(END_OF_STREAM)
            reply = _reply(connection)
    except OSError as error:  # refused, reset, broken pipe, timed out
        raise ScannerUnavailable(f"clamd could not be reached: {error}") from error
    finally:
        stream.seek(0)
    return verdict_of(reply)
