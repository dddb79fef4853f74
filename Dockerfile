# Tact's one image: web (gunicorn), worker and beat (celery) all run from it; docker-compose.yml picks the command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TACT_VAR_DIR=/var/lib/tact

WORKDIR /app

# Dependencies first, from pyproject.toml alone, so a code change does not reinstall them.
COPY pyproject.toml .
RUN python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .

# Run as an unprivileged user; it owns only what it writes: media and beat's schedule, and collected static.
RUN useradd --system --uid 10001 --home-dir /app tact \
    && mkdir -p /var/lib/tact /app/staticfiles \
    && chown tact /var/lib/tact /app/staticfiles
USER tact

EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--config", "gunicorn.conf.py"]
