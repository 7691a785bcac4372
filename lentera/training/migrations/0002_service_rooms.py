"""The LPSE's three service rooms (Permendagri 53/2021 Lampiran 2.5.2 huruf a): every installation has them."""

from django.db import migrations

ROOMS = [
    ("BIDDING", "Ruang Pemasukan Penawaran (Bidding Room)", "BIDDING", 8),
    ("TRAINING", "Ruang Pelatihan", "TRAINING", 24),
    ("VERIFICATION", "Ruang Verifikasi", "VERIFICATION", 2),
]


def add_rooms(apps, schema_editor):
    Room = apps.get_model("training", "Room")
    for code, name, kind, seats in ROOMS:
        Room.objects.get_or_create(code=code, defaults={"name": name, "kind": kind, "seats": seats})


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(add_rooms, migrations.RunPython.noop)]
