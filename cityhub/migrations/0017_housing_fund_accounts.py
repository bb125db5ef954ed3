from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('cityhub', '0016_rental_applications')]

    initial = False

    operations = [
        ops.CreateModel(
            name='FundAccount',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.OneToOneField('cityhub.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='fund_account', on_delete=OnDelete.CASCADE)),
                ('consecutive_months', fields.IntField(default=0)),
                ('monthly_deposit', fields.DecimalField(max_digits=10, decimal_places=2)),
                ('balance', fields.DecimalField(max_digits=12, decimal_places=2)),
                ('state', fields.CharField(default='normal', max_length=16)),
                ('other_withdrawal_until', fields.DateField(null=True)),
                ('is_sample', fields.BooleanField(default=True)),
            ],
            options={'table': 'housing_fund_account', 'app': 'cityhub', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
