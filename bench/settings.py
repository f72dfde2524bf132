"""Production settings for the benchmark's gunicorn: the product's production.py, served over
plain HTTP on the loopback, with the cache on the benchmark's own Redis and a URL conf that
adds the trivial baseline view."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SITE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6390/0")
# The API's throttles still count every request (in the cache), but never refuse wrk's.
os.environ.setdefault("API_THROTTLE_ANON", "100000000/minute")
os.environ.setdefault("API_THROTTLE_USER", "100000000/minute")

from config.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
# Nothing leaves the machine during a run.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
