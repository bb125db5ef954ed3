from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('cityhub', '0017_housing_fund_accounts')]

    initial = False

    operations = [
        ops.CreateModel(
            name='FundCentreTransfer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=64)),
                ('fund_account', fields.ForeignKeyField('cityhub.FundAccount', source_field='fund_account_id', db_constraint=True, to_field='id', related_name='transfers', on_delete=OnDelete.CASCADE)),
                ('amount', fields.DecimalField(max_digits=12, decimal_places=2)),
                ('reference', fields.CharField(unique=True, max_length=64)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'housing_fund_centre_transfer', 'app': 'cityhub', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RentTransfer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('application', fields.ForeignKeyField('cityhub.RentalApplication', source_field='application_id', db_constraint=True, to_field='id', related_name='transfers', on_delete=OnDelete.RESTRICT)),
                ('period_start', fields.DateField()),
                ('months', fields.IntField()),
                ('amount', fields.DecimalField(max_digits=12, decimal_places=2)),
                ('key', fields.CharField(unique=True, max_length=64)),
                ('status', fields.CharField(default="pending", max_length=8)),
                ('reference', fields.CharField(default='', max_length=64)),
                ('fund_centre', fields.CharField(default='', max_length=16)),
                ('claimed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('transferred_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('is_sample', fields.BooleanField(default=False)),
            ],
            options={'table': 'housing_rent_transfer', 'app': 'cityhub', 'unique_together': (('application', 'period_start'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RentalDocument',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('application', fields.ForeignKeyField('cityhub.RentalApplication', source_field='application_id', db_constraint=True, to_field='id', related_name='documents', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=16)),
                ('filename', fields.CharField(max_length=200)),
                ('content_type', fields.CharField(max_length=100)),
                ('size', fields.IntField()),
                ('sha256', fields.CharField(max_length=64)),
                ('storage_key', fields.CharField(unique=True, max_length=200)),
                ('uploaded_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'housing_rental_document', 'app': 'cityhub', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='RentPolicy',
            name='max_transfer_months',
            field=fields.IntField(default=12, db_default=12),
        ),
        ops.AddField(
            model_name='RentalApplication',
            name='authorization_signed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='RentalApplication',
            name='centre_attempts',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='RentalApplication',
            name='centre_decided_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='RentalApplication',
            name='centre_error',
            field=fields.CharField(default='', db_default='', max_length=255),
        ),
        ops.AddField(
            model_name='RentalApplication',
            name='centre_next_attempt_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='RentalApplication',
            name='centre_reason',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='RentalApplication',
            name='centre_reference',
            field=fields.CharField(default='', db_default='', max_length=64),
        ),
        ops.AddField(
            model_name='RentalApplication',
            name='fund_centre',
            field=fields.CharField(default='', db_default='', max_length=16),
        ),
        ops.AddIndex(
            model_name='RentalApplication',
            index=Index(fields=['state', 'centre_next_attempt_at']),
        ),
    ]
