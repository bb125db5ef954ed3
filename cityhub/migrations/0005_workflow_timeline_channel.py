from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('cityhub', '0004_platform_sms_outbox')]

    initial = False

    operations = [
        ops.AddField(
            model_name='TimelineEntry',
            name='channel',
            field=fields.CharField(default='online', db_default='online', max_length=12),
        ),
    ]
