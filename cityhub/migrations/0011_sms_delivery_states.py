from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('cityhub', '0010_sessions')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Lease',
            fields=[
                ('name', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('holder', fields.CharField(max_length=64)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'lease', 'app': 'cityhub', 'pk_attr': 'name'},
            bases=['Model'],
        ),
        ops.RenameField(
            model_name='Broadcast',
            old_name='sent_at',
            new_name='queued_at',
        ),
        ops.RenameField(
            model_name='BroadcastDelivery',
            old_name='sent_at',
            new_name='queued_at',
        ),
        ops.AddField(
            model_name='SmsOutbox',
            name='attempts',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='SmsOutbox',
            name='batch_id',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='SmsOutbox',
            name='batch_type',
            field=fields.CharField(default='', db_default='', max_length=32),
        ),
        ops.AddField(
            model_name='SmsOutbox',
            name='error_code',
            field=fields.CharField(default='', db_default='', max_length=64),
        ),
        ops.AddField(
            model_name='SmsOutbox',
            name='error_message',
            field=fields.CharField(default='', db_default='', max_length=255),
        ),
        ops.AddField(
            model_name='SmsOutbox',
            name='finished_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='SmsOutbox',
            name='gateway',
            field=fields.CharField(default='', db_default='', max_length=16),
        ),
        ops.AddField(
            model_name='SmsOutbox',
            name='gateway_ref',
            field=fields.CharField(default='', db_default='', max_length=64),
        ),
        ops.AddField(
            model_name='SmsOutbox',
            name='handed_over_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='SmsOutbox',
            name='next_attempt_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='SmsOutbox',
            name='status',
            field=fields.CharField(default='queued', db_default='queued', max_length=12),
        ),
        ops.AddIndex(
            model_name='SmsOutbox',
            index=Index(fields=['batch_type', 'batch_id', 'status']),
        ),
        ops.AddIndex(
            model_name='SmsOutbox',
            index=Index(fields=['status', 'next_attempt_at']),
        ),
        # Deliveries said "sent" when they had only reached the outbox: a delivery is now
        # pending (not in the outbox yet) or outboxed, and its message holds the state it
        # reached. Messages already in the outbox are queued, except those to sample members,
        # which are held and never handed to a gateway.
        ops.RunSQL([
            "UPDATE broadcast_delivery SET status = 'pending' WHERE status = 'queued'",
            "UPDATE broadcast_delivery SET status = 'outboxed' WHERE status IN ('sent', 'failed')",
            "UPDATE sms_outbox SET batch_type = 'broadcast', batch_id = (SELECT d.broadcast_id"
            " FROM broadcast_delivery d WHERE d.id = sms_outbox.subject_id)"
            " WHERE subject_type = 'broadcast_delivery'",
            "UPDATE sms_outbox SET status = 'held', finished_at = created_at"
            " WHERE subject_type = 'broadcast_delivery' AND subject_id IN (SELECT d.id"
            " FROM broadcast_delivery d JOIN member m ON m.id = d.member_id WHERE m.is_sample)",
        ]),
    ]
