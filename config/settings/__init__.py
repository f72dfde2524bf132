"""Pick the settings module from DJANGO_ENV: local (default), test or production."""

import os

_ENVIRONMENTS = {"local", "test", "production"}
DJANGO_ENV = os.environ.get("DJANGO_ENV", "local")
if DJANGO_ENV not in _ENVIRONMENTS:
    raise RuntimeError(f"DJANGO_ENV must be one of {sorted(_ENVIRONMENTS)}, not {DJANGO_ENV!r}.")

if DJANGO_ENV == "production":
    from .production import *  # noqa: F403
elif DJANGO_ENV == "test":
    from .test import *  # noqa: F403
else:
    from .local import *  # noqa: F403
