# GOV.UK Frontend styles, fonts and scripts, compiled into static/build/.
FROM node:20-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/ scripts/
COPY static/scss/ static/scss/
RUN npm run build


# The runtime dependencies, in a virtualenv built here so the compiler and libpq headers that
# psycopg2 needs never reach the final image.
FROM python:3.11-slim-bookworm AS python-deps
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
WORKDIR /src
COPY pyproject.toml ./
# Only [project] dependencies (not the dev extra), so this layer survives code changes.
RUN python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' \
        > requirements.txt \
    && /opt/venv/bin/pip install --no-cache-dir -r requirements.txt


FROM python:3.11-slim-bookworm
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# libpq5 for psycopg2; Pango and HarfBuzz for WeasyPrint's PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpq5 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home app

COPY --from=python-deps /opt/venv /opt/venv

WORKDIR /app
COPY . .
COPY --from=assets /src/static/build static/build/
# Editable, and without dependencies (installed above): settings look for templates/ and
# static/ beside the code, so the code must run from /app, not from site-packages.
RUN pip install --no-cache-dir --no-deps --editable .

# Throwaway values: collectstatic only needs the settings to load, and connects to neither.
RUN DEBUG=0 SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://collectstatic@localhost/unused REDIS_URL=redis://localhost/0 \
    python manage.py collectstatic --no-input

# var/media holds uploads and generated reports; mount a volume there.
RUN mkdir -p var/media && chown -R app:app var
# Numeric, so orchestrators can verify that the user is not root.
USER 10001:10001

EXPOSE 8000
# The request must look like it came through the TLS proxy (allowed Host, X-Forwarded-Proto)
# or the app answers 400 or redirects to HTTPS.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c 'import os, urllib.request as u; host = os.environ["ALLOWED_HOSTS"].split(",")[0].strip().lstrip("."); u.urlopen(u.Request("http://127.0.0.1:8000/sign-in/", headers={"Host": host, "X-Forwarded-Proto": "https"}), timeout=4)'
CMD ["gunicorn", "--config", "python:config.gunicorn", "config.wsgi"]
