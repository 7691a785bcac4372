"""Seed the 17 LPSE standards (the list in shared/REFERENCE.md, "The 17 LPSE standards")."""

from django.db import migrations

STANDARDS = (
    "Kebijakan Layanan",
    "Pengorganisasian",
    "Pengelolaan Aset",
    "Pengelolaan Risiko",
    "Gangguan, Masalah dan Permintaan Layanan",
    "Pengelolaan Perubahan",
    "Kapasitas",
    "Sumber Daya Manusia",
    "Keamanan Perangkat",
    "Operasional Keamanan Layanan",
    "Keamanan Server dan Jaringan",
    "Kelangsungan Layanan",
    "Anggaran",
    "Pendukung Layanan",
    "Hubungan Bisnis",
    "Kepatuhan",
    "Penilaian Internal",
)


def seed(apps, schema_editor):
    model = apps.get_model("governance", "LpseStandard")
    for number, name in enumerate(STANDARDS, start=1):
        model.objects.get_or_create(number=number, defaults={"name": name})


def unseed(apps, schema_editor):
    apps.get_model("governance", "LpseStandard").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0005_standards")]

    operations = [migrations.RunPython(seed, unseed)]
