"""Background work of the training service (django-tasks): its e-mails, sent after the commit."""

from __future__ import annotations

from django_tasks import task


@task()
def send_training_mail(subject: str, body: str, recipients: list[str]) -> int:
    """Send one message to each recipient (no address sees the others)."""
    from django.core.mail import send_mail

    return sum(send_mail(subject, body, None, [address]) for address in recipients)
