"""API tokens get a scope and a required expiry.

Tokens minted before this could do everything and never expired: they keep the 'act' scope (so no integration
breaks today) and get an expiry of LENTERA_API_TOKEN_MAX_DAYS from the migration.
"""

import datetime as dt

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def give_old_tokens_an_expiry(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    days = int(getattr(settings, "LENTERA_API_TOKEN_MAX_DAYS", 365))
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=timezone.now() + dt.timedelta(days=days))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[
                    ("read", "Baca saja (hanya operasi GET)"),
                    ("act", "Baca dan bertindak (semua yang diizinkan peran Anda)"),
                ],
                default="act",
                max_length=4,
                verbose_name="cakupan",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(give_old_tokens_an_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="berlaku sampai"),
        ),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.CheckConstraint(
                condition=models.Q(("scope__in", ["read", "act"])), name="apitoken_scope_valid"
            ),
        ),
    ]
