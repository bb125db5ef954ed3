from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('cityhub', '0002_union_members_aid_broadcasts')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Broadcast',
            name='request_key',
            field=fields.CharField(null=True, unique=True, max_length=64),
        ),
    ]
