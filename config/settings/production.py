from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DJANGO_ENV = "production"
DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
# Links in emails sent by workers (no request to build them from) must lead to this site.
SITE_URL = env("DJANGO_SITE_URL").rstrip("/")

# Rate limits (log-in attempts, the API's throttles, concerns) count in the cache, so every web
# process must count in the same one: Redis (CACHE_URL=redis://...) or the database cache
# (dbcache://table, after `manage.py createcachetable`).
CACHES = {"default": env.cache_url("CACHE_URL")}
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}
if CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
    raise ImproperlyConfigured(
        "CACHE_URL must name a cache every web process shares, such as redis://host:6379/1 "
        f"or dbcache://fairbid_cache, not {CACHES['default']['BACKEND']}."
    )

# Staff open Django admin only with a second factor (config/admin_site.py).
FAIRBID_STAFF_REQUIRE_MFA = env.bool("FAIRBID_STAFF_REQUIRE_MFA", default=True)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://localhost:25")
vars().update(EMAIL_CONFIG)

STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS everywhere. Behind a proxy that terminates TLS and redirects plain HTTP itself,
# set DJANGO_SECURE_SSL_REDIRECT=false, and DJANGO_TRUST_X_FORWARDED_PROTO=true when that
# proxy sets (and strips client-sent) X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
if env.bool("DJANGO_TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not SECURE_SSL_REDIRECT:
    SILENCED_SYSTEM_CHECKS = ["security.W008"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
