# Fairbid application image: one image for the web process, the Celery
# worker, Celery beat and migrations. The process is chosen by the command
# given to bin/fairbid (default: web).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_ENV=production

RUN groupadd --system fairbid \
    && useradd --system --gid fairbid --create-home --home-dir /home/fairbid \
       --shell /usr/sbin/nologin fairbid

WORKDIR /app

# Dependencies first, so code changes do not invalidate this layer.
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

# The code stays owned by root (read-only for the app user); only var/, where
# Celery beat keeps its schedule, is writable.
COPY . .
RUN mkdir -p var && chown fairbid:fairbid var

# Static files are collected at build time with the production settings. They
# need a secret key, allowed hosts, a site URL and a shared cache to load; these
# placeholders exist only for this command and are not part of the image's
# environment (nothing connects to the cache while collecting).
RUN DJANGO_SECRET_KEY=collectstatic-build-placeholder \
    DJANGO_ALLOWED_HOSTS=localhost \
    DJANGO_SITE_URL=http://localhost \
    CACHE_URL=redis://localhost:6379/1 \
    python manage.py collectstatic --noinput

USER fairbid

EXPOSE 8000

ENTRYPOINT ["bin/fairbid"]
CMD ["web"]
