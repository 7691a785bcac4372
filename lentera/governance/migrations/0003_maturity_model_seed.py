"""Seed the first version of the UKPBJ maturity model from its data file (maturity/data/, source stated in it)."""

from types import SimpleNamespace

from django.db import migrations


def seed(apps, schema_editor):
    from lentera.governance.maturity import loader

    names = ("MaturityModel", "MaturityLevel", "MaturityDomain", "MaturityVariable", "MaturityCriterion")
    classes = SimpleNamespace(**{n: apps.get_model("governance", n) for n in names})
    data = loader.read(loader.FIRST_VERSION)
    if not classes.MaturityModel.objects.filter(code=data["code"]).exists():
        loader.write_version(data, classes=classes)


def unseed(apps, schema_editor):
    apps.get_model("governance", "MaturityModel").objects.filter(code="LKPP-10-2021-lentera-1").delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0002_maturity")]

    operations = [migrations.RunPython(seed, unseed)]
