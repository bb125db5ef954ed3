from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Account',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username', fields.CharField(unique=True, max_length=64)),
                ('display_name', fields.CharField(max_length=100)),
                ('password_hash', fields.CharField(max_length=255)),
                ('phone', fields.CharField(null=True, max_length=20)),
                ('roles', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_login_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'account', 'app': 'cityhub', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ApiKey',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=100)),
                ('prefix', fields.CharField(max_length=16)),
                ('key_hash', fields.CharField(unique=True, max_length=64)),
                ('scopes', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'api_key', 'app': 'cityhub', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='District',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=32)),
                ('name', fields.CharField(max_length=32)),
                ('name_en', fields.CharField(max_length=64)),
                ('kind', fields.CharField(max_length=16)),
                ('sort_order', fields.IntField(default=0)),
            ],
            options={'table': 'district', 'app': 'cityhub', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PublishedFigure',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=64)),
                ('domain', fields.CharField(db_index=True, max_length=32)),
                ('label', fields.CharField(max_length=100)),
                ('label_en', fields.CharField(max_length=200)),
                ('value', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('unit', fields.CharField(max_length=16)),
                ('unit_en', fields.CharField(max_length=32)),
                ('as_of', fields.DateField()),
                ('source_title', fields.CharField(max_length=200)),
                ('source_publisher', fields.CharField(max_length=100)),
                ('source_date', fields.DateField()),
                ('sort_order', fields.IntField(default=0)),
            ],
            options={'table': 'published_figure', 'app': 'cityhub', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Station',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=40)),
                ('name', fields.CharField(max_length=100)),
                ('kind', fields.CharField(default='station', max_length=20)),
                ('district', fields.ForeignKeyField('cityhub.District', source_field='district_id', db_constraint=True, to_field='id', related_name='stations', on_delete=OnDelete.RESTRICT)),
                ('address', fields.CharField(max_length=200)),
                ('lat', fields.FloatField()),
                ('lng', fields.FloatField()),
                ('is_sample', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'station', 'app': 'cityhub', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StationAmenity',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('station', fields.ForeignKeyField('cityhub.Station', source_field='station_id', db_constraint=True, to_field='id', related_name='amenity_rows', on_delete=OnDelete.CASCADE)),
                ('amenity', fields.CharField(db_index=True, max_length=20)),
            ],
            options={'table': 'station_amenity', 'app': 'cityhub', 'unique_together': (('station', 'amenity'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
