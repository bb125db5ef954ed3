from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('cityhub', '0008_source_excerpts')]

    initial = False

    operations = [
        ops.AddField(
            model_name='MobileWindowSession',
            name='inferred',
            field=fields.CharField(default='', db_default='', max_length=100),
        ),
        ops.AddField(
            model_name='Station',
            name='inferred',
            field=fields.CharField(default='', db_default='', max_length=100),
        ),
        # Published records seeded before: mark what their source does not give
        # (`cityhub seed` writes the same from seeds/union/).
        ops.RunSQL(
            "UPDATE station SET inferred = 'location,amenities'"
            " WHERE code IN ('xd-dianzijie', 'bzh-service-centre')"
        ),
        ops.RunSQL(
            "UPDATE mobile_window_session SET inferred = 'hours' WHERE is_sample = false"
        ),
    ]
