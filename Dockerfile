# recoverynav for production (#21): one app server per container; see compose.yaml and README "Production".
# Build: docker build -t recoverynav .   Run: docker compose up (PostgreSQL + PostGIS, two app servers, HAProxy).

FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY src ./src
RUN python -m venv /opt/recoverynav \
 && /opt/recoverynav/bin/pip install --no-cache-dir --upgrade pip \
 && /opt/recoverynav/bin/pip install --no-cache-dir .

FROM python:3.11-slim-bookworm
# Pango for WeasyPrint (the plan PDF) and one font family for its text.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home --home-dir /var/lib/recoverynav recoverynav
COPY --from=build /opt/recoverynav /opt/recoverynav
ENV PATH=/opt/recoverynav/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    RECOVERYNAV_DATA_DIR=/var/lib/recoverynav \
    RECOVERYNAV_LOG_FORMAT=json \
    PROMETHEUS_MULTIPROC_DIR=/tmp/recoverynav-metrics
USER recoverynav
WORKDIR /var/lib/recoverynav
EXPOSE 8000
# Ready = the database answers and its schema is at head (GET /readyz); the first start loads the bundled
# national directory, hence the long start period.
HEALTHCHECK --interval=10s --timeout=4s --start-period=600s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]
# SIGTERM: requests in flight finish (RECOVERYNAV_SHUTDOWN_GRACE_SECONDS), then the server exits.
STOPSIGNAL SIGTERM
CMD ["recoverynav", "serve", "--host", "0.0.0.0", "--port", "8000"]
