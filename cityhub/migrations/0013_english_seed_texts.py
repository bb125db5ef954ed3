from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('cityhub', '0012_medical_categories_threshold_basis')]

    initial = False

    operations = [
        ops.AddField(
            model_name='AidProgram',
            name='name_en',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='AidProgram',
            name='partner_en',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='AidProgram',
            name='summary_en',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Consultation',
            name='note_en',
            field=fields.CharField(default='', db_default='', max_length=500),
        ),
        ops.AddField(
            model_name='Fleet',
            name='name_en',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='MobileWindowSession',
            name='note_en',
            field=fields.CharField(default='', db_default='', max_length=400),
        ),
        ops.AddField(
            model_name='TradeUnion',
            name='name_en',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='TradeUnion',
            name='registered_drivers_note_en',
            field=fields.CharField(default='', db_default='', max_length=300),
        ),
        ops.AddField(
            model_name='AidApplication',
            name='decision_reason_en',
            field=fields.TextField(null=True, unique=False),
        ),
        ops.AddField(
            model_name='TimelineEntry',
            name='actor_label_en',
            field=fields.CharField(default='', db_default='', max_length=100),
        ),
        ops.AddField(
            model_name='TimelineEntry',
            name='note_en',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
    ]
