"""Local development: DEBUG on, SQLite and local files unless the environment says otherwise."""

import os

os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: E402,F403
from .base import BASE_DIR, MIDDLEWARE, STORAGES  # noqa: E402

SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
STATICFILES_DIRS: list = []
_ = BASE_DIR

# the real 404 page for unknown addresses, not Django's English debug page (LENTERA_DEBUG_404=1 brings it back)
if os.environ.get("LENTERA_DEBUG_404", "") not in ("1", "true", "yes"):
    MIDDLEWARE = [*MIDDLEWARE, "lentera.core.devpages.FriendlyNotFoundMiddleware"]
