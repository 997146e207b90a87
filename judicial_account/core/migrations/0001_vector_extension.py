from django.db import migrations
from pgvector.django import VectorExtension


class Migration(migrations.Migration):
    """pgvector is the one extension we rely on: the embedded server ships it and no
    contrib extensions, so everything else is written in plain SQL and plpgsql."""

    initial = True
    dependencies = []
    operations = [VectorExtension()]
