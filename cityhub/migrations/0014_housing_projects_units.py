from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('cityhub', '0013_english_seed_texts')]

    initial = False

    operations = [
        ops.CreateModel(
            name='HousingOperator',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=40)),
                ('name', fields.CharField(max_length=100)),
                ('short_name', fields.CharField(max_length=40)),
                ('name_en', fields.CharField(max_length=200)),
                ('wechat_account', fields.CharField(default='', max_length=100)),
                ('phones', fields.CharField(default='', max_length=200)),
                ('is_sample', fields.BooleanField(default=False)),
            ],
            options={'table': 'housing_operator', 'app': 'cityhub', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='HousingProject',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=40)),
                ('operator', fields.ForeignKeyField('cityhub.HousingOperator', source_field='operator_id', db_constraint=True, to_field='id', related_name='projects', on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=100)),
                ('name_en', fields.CharField(default='', max_length=200)),
                ('district', fields.ForeignKeyField('cityhub.District', source_field='district_id', db_constraint=True, to_field='id', related_name='housing_projects', on_delete=OnDelete.RESTRICT)),
                ('address', fields.CharField(max_length=200)),
                ('address_en', fields.CharField(default='', max_length=200)),
                ('lat', fields.FloatField()),
                ('lng', fields.FloatField()),
                ('status', fields.CharField(db_index=True, max_length=16)),
                ('opened_on', fields.DateField(null=True)),
                ('planned_units', fields.IntField(default=0)),
                ('phones', fields.CharField(default='', max_length=200)),
                ('fund_payment', fields.BooleanField(default=False)),
                ('fund_payment_from', fields.DateField(null=True)),
                ('is_sample', fields.BooleanField(default=False)),
                ('inferred', fields.CharField(default='', max_length=100)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'housing_project', 'app': 'cityhub', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='HousingUnit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('cityhub.HousingProject', source_field='project_id', db_constraint=True, to_field='id', related_name='units', on_delete=OnDelete.CASCADE)),
                ('code', fields.CharField(max_length=20)),
                ('layout', fields.CharField(max_length=16)),
                ('area_m2', fields.DecimalField(max_digits=7, decimal_places=2)),
                ('monthly_rent', fields.DecimalField(max_digits=10, decimal_places=2)),
                ('floor', fields.IntField()),
                ('status', fields.CharField(default='available', max_length=16)),
                ('residents', fields.IntField(default=0)),
                ('is_sample', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'housing_unit', 'app': 'cityhub', 'unique_together': (('project', 'code'),), 'indexes': [Index(fields=['project_id', 'status']), Index(fields=['status', 'project_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
