# Each search row's clinic as a point on the unit sphere, so that the database can test
# "within r miles" and order by distance with a dot product (exact: the same test as haversine).

import math

from django.db import migrations, models

BATCH = 5000


def fill_unit_vectors(apps, schema_editor):
    """x, y, z for the rows already there (in batches, by id: a big register has 250,000)."""
    SearchEntry = apps.get_model("register", "SearchEntry")
    table = schema_editor.quote_name(SearchEntry._meta.db_table)
    last = 0
    while True:
        rows = list(
            SearchEntry.objects.filter(id__gt=last)
            .order_by("id")
            .values_list("id", "latitude", "longitude")[:BATCH]
        )
        if not rows:
            return
        values = []
        for pk, latitude, longitude in rows:
            phi, lam = math.radians(latitude), math.radians(longitude)
            values.append((math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi), pk))
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET x = %s, y = %s, z = %s WHERE id = %s", values)
        last = rows[-1][0]


class Migration(migrations.Migration):

    dependencies = [
        ('register', '0005_merge_0004_audit_mac_chain_0004_name_lookup'),
    ]

    operations = [
        migrations.AddField(model_name='searchentry', name='x', field=models.FloatField(default=0.0)),
        migrations.AddField(model_name='searchentry', name='y', field=models.FloatField(default=0.0)),
        migrations.AddField(model_name='searchentry', name='z', field=models.FloatField(default=0.0)),
        migrations.RunPython(fill_unit_vectors, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name='searchentry', name='register_search_covering'),
        migrations.AddIndex(
            model_name='searchentry',
            index=models.Index(
                fields=['treatment', 'status', 'latitude', 'longitude', 'accredited_until', 'nation', 'practitioner', 'clinic', 'x', 'y', 'z'],
                name='register_search_covering',
            ),
        ),
    ]
