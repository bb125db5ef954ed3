from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('cityhub', '0014_housing_projects_units')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RentPolicy',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=40)),
                ('youth_min_age', fields.IntField()),
                ('youth_max_age', fields.IntField()),
                ('new_citizen_hukou_years', fields.IntField()),
                ('min_contribution_months', fields.IntField()),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'housing_rent_policy', 'app': 'cityhub', 'pk_attr': 'id', 'table_description': 'One row per policy (code "taiyuan"): the numbers of the published rules.'},
            bases=['Model'],
        ),
    ]
