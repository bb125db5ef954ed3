from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('cityhub', '0005_workflow_timeline_channel')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Source',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=64)),
                ('title', fields.CharField(max_length=200)),
                ('title_kind', fields.CharField(max_length=16)),
                ('byline', fields.CharField(null=True, max_length=100)),
                ('published_on', fields.DateField()),
                ('retrieved_on', fields.DateField()),
                ('sort_order', fields.IntField(default=0)),
            ],
            options={'table': 'source', 'app': 'cityhub', 'pk_attr': 'id', 'table_description': "One article of a source page. ``title`` is the article's own headline(s) as the page"},
            bases=['Model'],
        ),
        ops.AlterModelOptions(
            name='PublishedFigure',
            options={'table': 'published_figure', 'app': 'cityhub', 'pk_attr': 'id', 'table_description': 'A number as an article gave it: ``value`` in ``unit`` (a percentage in percent, 93'},
        ),
        ops.AddField(
            model_name='PublishedFigure',
            name='quote',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='PublishedFigure',
            name='as_written',
            field=fields.CharField(default='', db_default='', max_length=32),
        ),
        ops.AddField(
            model_name='PublishedFigure',
            name='precision',
            field=fields.CharField(default='exact', db_default='exact', max_length=16),
        ),
        ops.AddField(
            model_name='PublishedFigure',
            name='source',
            field=fields.ForeignKeyField('cityhub.Source', source_field='source_id', null=True, db_constraint=True, to_field='id', related_name='figures', on_delete=OnDelete.RESTRICT),
        ),
        # The figures cited a publisher and headlines the page does not have: each domain's
        # figures now point at their article as the page gives it (`cityhub seed` then
        # fills in the quotes and qualifiers from seeds/).
        ops.RunSQL(
            "INSERT INTO source (key, title, title_kind, byline, published_on, retrieved_on,"
            " sort_order) VALUES"
            " ('taiyuan-daily-2024-11-21.union', '两年入会 6.5 万人 建设驿站 35 家 / 我市为巡游网约车司机保驾护航',"
            " 'headline', '记者 李俊华', '2024-11-21', '2026-11-29', 0),"
            " ('taiyuan-daily-2024-11-21.housing', '本报讯 11月20日,太原市租赁住房建设投资有限公司与…',"
            " 'opening_words', '陈嘉欣', '2024-11-21', '2026-11-29', 1),"
            " ('taiyuan-daily-2024-11-21.council', '邻里议事会\"议\"出和谐声',"
            " 'headline', NULL, '2024-11-21', '2026-11-29', 2)"
        ),
        ops.RunSQL(
            "UPDATE published_figure SET source_id = (SELECT id FROM source"
            " WHERE source.key = 'taiyuan-daily-2024-11-21.' || published_figure.domain)"
        ),
        ops.RemoveField(model_name='PublishedFigure', name='source_title'),
        ops.RemoveField(model_name='PublishedFigure', name='source_date'),
        ops.RemoveField(model_name='PublishedFigure', name='source_publisher'),
    ]
