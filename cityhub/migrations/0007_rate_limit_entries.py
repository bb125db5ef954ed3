from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('cityhub', '0006_figure_sources')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RateLimitEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(max_length=255)),
                ('at', fields.FloatField()),
                ('expires_at', fields.FloatField(db_index=True)),
            ],
            options={'table': 'rate_limit_entry', 'app': 'cityhub', 'indexes': [Index(fields=['key', 'at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
