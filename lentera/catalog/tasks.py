"""Background work of the catalogue (django-tasks): the e-mail copy of an e-purchasing notice."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_catalog_mail(subject: str, body: str, recipients: list[str]) -> int:
    """Send one notice to each recipient (one message each, so no address sees the others)."""
    sent = 0
    for address in recipients:
        sent += send_mail(f"[{settings.LENTERA_SITE_NAME}] {subject}", body, None, [address])
    return sent
