from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('cityhub', '0015_housing_rent_policy')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RentalApplication',
            fields=[
                ('reference', fields.CharField(unique=True, max_length=24)),
                ('state', fields.CharField(db_index=True, max_length=16)),
                ('submitted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('is_sample', fields.BooleanField(default=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('applicant', fields.ForeignKeyField('cityhub.Account', source_field='applicant_id', db_constraint=True, to_field='id', related_name='rental_applications', on_delete=OnDelete.RESTRICT)),
                ('project', fields.ForeignKeyField('cityhub.HousingProject', source_field='project_id', db_constraint=True, to_field='id', related_name='applications', on_delete=OnDelete.RESTRICT)),
                ('unit', fields.ForeignKeyField('cityhub.HousingUnit', source_field='unit_id', db_constraint=True, to_field='id', related_name='applications', on_delete=OnDelete.RESTRICT)),
                ('monthly_rent', fields.DecimalField(max_digits=10, decimal_places=2)),
                ('reserved_until', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('lease_signed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('payment_method', fields.CharField(null=True, max_length=8)),
            ],
            options={'table': 'rental_application', 'app': 'cityhub', 'indexes': [Index(fields=['applicant_id', 'submitted_at']), Index(fields=['project_id', 'state']), Index(fields=['state', 'reserved_until'])], 'pk_attr': 'id'},
            bases=['WorkflowSubject'],
        ),
        ops.AddField(
            model_name='RentPolicy',
            name='reservation_hours',
            field=fields.IntField(default=48, db_default=48),
        ),
    ]
