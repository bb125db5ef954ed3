from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('cityhub', '0011_sms_delivery_states')]

    initial = False

    operations = [
        ops.CreateModel(
            name='MedicalCategory',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=24)),
                ('name', fields.CharField(max_length=50)),
                ('name_en', fields.CharField(max_length=100)),
                ('description', fields.TextField(default='', unique=False)),
                ('description_en', fields.TextField(default='', unique=False)),
                ('sort_order', fields.IntField(default=0)),
                ('active', fields.BooleanField(default=True)),
                ('yearly_limited', fields.BooleanField(default=False)),
                ('sample_fields', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'medical_category', 'app': 'cityhub', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='AidProgram',
            name='threshold_basis',
            field=fields.CharField(default='per_claim', db_default='per_claim', max_length=16),
        ),
        # The three categories the code enum held, so claims and programs written before
        # keep their categories (`cityhub seed` writes the same, with their descriptions,
        # from seeds/union/medical_categories.json).
        ops.RunSQL(
            "INSERT INTO medical_category"
            " (code, name, name_en, description, description_en, sort_order, active,"
            " yearly_limited, sample_fields) VALUES"
            " ('hospitalisation', '住院', 'Hospitalisation', '', '', 10, true, false, '[]'),"
            " ('chronic_outpatient', '慢性病门诊', 'Chronic-disease outpatient care', '', '',"
            " 20, true, true, '[]'),"
            " ('special_drugs', '特药', 'Special drugs', '', '', 30, true, false, '[]')"
        ),
    ]
