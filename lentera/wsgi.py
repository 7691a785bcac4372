"""WSGI entry point (granian or gunicorn: `granian --interface wsgi lentera.wsgi:application`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lentera.settings.production")
application = get_wsgi_application()
