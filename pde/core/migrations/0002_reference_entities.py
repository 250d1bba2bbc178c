"""Load the 124 municipalities of Chiapas and the state bodies on migrate."""

from django.db import migrations


def load(apps, schema_editor):
    from pde.core.reference_data import load_reference_entities

    load_reference_entities(apps.get_model("core", "PublicEntity"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
