"""Test settings: fast hashing, in-memory e-mail, immediate tasks, isolated file storage."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import STORAGES

SECRET_KEY = "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
_MEDIA = tempfile.mkdtemp(prefix="lentera-test-media-")
MEDIA_ROOT = Path(_MEDIA)
STORAGES["default"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": _MEDIA},
}
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="lentera-test-static-"))
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
if not os.environ.get("DATABASE_URL"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}  # noqa: F811
LANGUAGE_CODE = "id"
AXES_FAILURE_LIMIT = 5
LENTERA_DASHBOARD_STRICT = True
