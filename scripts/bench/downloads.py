"""One CSV download, timed: to its first byte of body, to its last, and its rows counted.

Plain http.client, so the same code runs alone (sequential downloads) and inside locust
(whose gevent makes the socket cooperative).
"""

import csv
import http.client
import io
import time
from dataclasses import dataclass

from scripts.bench.processes import BEHIND_PROXY, HOST

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Download:
    status: int
    first_byte_s: float
    total_s: float
    rows: int  # not counting the header
    size: int


def csv_rows(body: bytes) -> int:
    """Records in a CSV body, less its header row (a field may hold a line break)."""
    return max(0, sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1)


def download(*, port: int, path: str, cookie: str, timeout: float = 120) -> Download:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers={**BEHIND_PROXY, "Cookie": cookie})
        response = connection.getresponse()
        chunks = [response.read1(CHUNK)]
        first_byte = time.perf_counter() - started
        while chunk := response.read1(CHUNK):
            chunks.append(chunk)
        total = time.perf_counter() - started
    finally:
        connection.close()
    body = b"".join(chunks)
    rows = csv_rows(body) if response.status == 200 else 0
    return Download(status=response.status, first_byte_s=first_byte, total_s=total, rows=rows,
                    size=len(body))
