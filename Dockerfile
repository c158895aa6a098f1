# Teleconsult in a container: `docker build -t teleconsult .`
# Alone it runs `teleconsult serve` with its embedded Redis; packaging/compose.yaml runs the
# parts one per container against a shared Redis. Data (files are the truth) in /var/lib/teleconsult.
FROM python:3.11-slim-bookworm

# redis-server: the embedded default; fonts-wqy-zenhei: the CJK font embedded in report PDFs
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        redis-server fonts-wqy-zenhei \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /var/lib/teleconsult --create-home teleconsult

WORKDIR /opt/teleconsult
COPY pyproject.toml README.md ./
COPY teleconsult ./teleconsult
COPY workers ./workers
COPY dicom ./dicom
COPY config ./config
RUN pip install --no-cache-dir .

ENV TELECONSULT_CONFIG=/opt/teleconsult/config/teleconsult.toml \
    TELECONSULT_DATA_DIR=/var/lib/teleconsult
USER teleconsult
VOLUME /var/lib/teleconsult
EXPOSE 8080 11112 2762
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s \
    CMD python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"
CMD ["teleconsult", "serve"]
