from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('cityhub', '0002_union_members_aid_broadcasts')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='AidEnrolment',
            index=Index(fields=['member_id']),
        ),
        ops.AddIndex(
            model_name='Member',
            index=Index(fields=['fleet_id']),
        ),
        ops.AddIndex(
            model_name='Member',
            index=Index(fields=['name']),
        ),
        ops.AddField(
            model_name='TradeUnion',
            name='check_in_repeat_minutes',
            field=fields.IntField(default=30, db_default=30),
        ),
    ]
