from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('cityhub', '0003_member_indexes_and_check_in_policy')]

    initial = False

    operations = [
        ops.AddField(
            model_name='SmsOutbox',
            name='subject_id',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='SmsOutbox',
            name='subject_type',
            field=fields.CharField(default='', db_default='', max_length=32),
        ),
        # The outbox is a platform service: a message names its subject instead of
        # holding a key into one domain's table.
        ops.RunSQL(
            "UPDATE sms_outbox SET subject_type = 'broadcast_delivery', subject_id = delivery_id"
            " WHERE delivery_id IS NOT NULL"
        ),
        ops.RemoveField(model_name='SmsOutbox', name='delivery'),
        ops.AddIndex(
            model_name='SmsOutbox',
            index=Index(fields=['subject_type', 'subject_id']),
        ),
    ]
