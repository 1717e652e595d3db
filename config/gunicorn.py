"""Gunicorn settings for the container image (`gunicorn --config python:config.gunicorn`)."""

import os

# In a container the published port is the only way in, so listen on every interface.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Addresses of the TLS-terminating proxy, whose X-Forwarded-* headers gunicorn trusts.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Worker heartbeats on tmpfs: on a container's overlay filesystem they can stall. Gunicorn
# makes its own unique, private files there (mkstemp), so a shared folder is safe: hence the
# exemption from the shared-temporary-folder check.
worker_tmp_dir = "/dev/shm"  # noqa: S108 # nosec B108
accesslog = "-"
