from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('cityhub', '0007_rate_limit_entries')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SourceExcerpt',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=64)),
                ('domain', fields.CharField(db_index=True, max_length=32)),
                ('source', fields.ForeignKeyField('cityhub.Source', source_field='source_id', db_constraint=True, to_field='id', related_name='excerpts', on_delete=OnDelete.RESTRICT)),
                ('topic', fields.CharField(max_length=50)),
                ('topic_en', fields.CharField(max_length=100)),
                ('quote', fields.CharField(max_length=400)),
                ('sort_order', fields.IntField(default=0)),
            ],
            options={'table': 'source_excerpt', 'app': 'cityhub', 'pk_attr': 'id', 'table_description': "A passage of an article in the page's own words (``quote``, verbatim), under a topic"},
            bases=['Model'],
        ),
    ]
