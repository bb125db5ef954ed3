"""Applications to rent a unit and pay its rent from the housing provident fund."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from cityhub.models.workflow import WorkflowSubject

if TYPE_CHECKING:
    from cityhub.models.accounts import Account
    from cityhub.models.housing.projects import HousingProject, HousingUnit


class PaymentMethod(StrEnum):
    FUND = "fund"  # 公积金支付: the fund centre transfers the rent to the operator
    SELF = "self"  # paid by the tenant


class RentalApplication(WorkflowSubject):
    id = fields.IntField(primary_key=True)
    applicant: fields.ForeignKeyRelation["Account"] = fields.ForeignKeyField(
        "cityhub.Account", related_name="rental_applications", on_delete=fields.RESTRICT
    )
    project: fields.ForeignKeyRelation["HousingProject"] = fields.ForeignKeyField(
        "cityhub.HousingProject", related_name="applications", on_delete=fields.RESTRICT
    )
    unit: fields.ForeignKeyRelation["HousingUnit"] = fields.ForeignKeyField(
        "cityhub.HousingUnit", related_name="applications", on_delete=fields.RESTRICT
    )
    monthly_rent = fields.DecimalField(max_digits=10, decimal_places=2)  # at reservation
    reserved_until = fields.DatetimeField()  # a lease must be signed before this
    lease_signed_at = fields.DatetimeField(null=True)
    payment_method = fields.CharField(max_length=8, null=True)
    authorization_signed_at = fields.DatetimeField(null=True)  # 提取授权书
    # The submission to the fund centre: which centre (simulator or the real one), its
    # case reference once it took the submission, the attempts that failed and when the
    # next one is due, then its decision (and the reason of a refusal).
    fund_centre = fields.CharField(max_length=16, default="", db_default="")
    centre_reference = fields.CharField(max_length=64, default="", db_default="")
    centre_attempts = fields.IntField(default=0, db_default=0)
    centre_next_attempt_at = fields.DatetimeField(null=True)
    centre_error = fields.CharField(max_length=255, default="", db_default="")
    centre_decided_at = fields.DatetimeField(null=True)
    centre_reason = fields.TextField(default="", db_default="")

    class Meta:
        table = "rental_application"
        indexes = (
            ("applicant_id", "submitted_at"),
            ("project_id", "state"),
            ("state", "reserved_until"),
            ("state", "centre_next_attempt_at"),
        )


class DocumentKind(StrEnum):
    ID_CARD = "id_card"  # 身份证
    RESIDENCE = "residence"  # 户口簿或居住证
    EMPLOYMENT = "employment"  # 劳动合同或在职证明
    TALENT = "talent"  # 人才认定证明
    OTHER = "other"


# A document uploaded with an application (step 5); the bytes live in the data directory.
class RentalDocument(Model):
    id = fields.IntField(primary_key=True)
    application: fields.ForeignKeyRelation[RentalApplication] = fields.ForeignKeyField(
        "cityhub.RentalApplication", related_name="documents", on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=16)
    filename = fields.CharField(max_length=200)
    content_type = fields.CharField(max_length=100)
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    storage_key = fields.CharField(max_length=200, unique=True)
    uploaded_at = fields.DatetimeField()

    class Meta:
        table = "housing_rental_document"


class TransferStatus(StrEnum):
    PENDING = "pending"  # claimed: the centre is being asked (again with the same key)
    DONE = "done"  # the centre transferred it: reference is its receipt


# One transfer of rent from the fund to the operator: a period of whole months, once per
# application (the claim is written before the centre is asked, with the key it is asked
# under, so a repeated call asks again under the same key and never pays twice).
class RentTransfer(Model):
    id = fields.IntField(primary_key=True)
    application: fields.ForeignKeyRelation[RentalApplication] = fields.ForeignKeyField(
        "cityhub.RentalApplication", related_name="transfers", on_delete=fields.RESTRICT
    )
    period_start = fields.DateField()  # the first day of the first month paid
    months = fields.IntField()
    amount = fields.DecimalField(max_digits=12, decimal_places=2)
    key = fields.CharField(max_length=64, unique=True)  # what the centre is asked under
    status = fields.CharField(max_length=8, default=TransferStatus.PENDING)
    reference = fields.CharField(max_length=64, default="")  # the centre's receipt
    fund_centre = fields.CharField(max_length=16, default="")
    claimed_at = fields.DatetimeField()
    transferred_at = fields.DatetimeField(null=True)
    is_sample = fields.BooleanField(default=False)

    class Meta:
        table = "housing_rent_transfer"
        unique_together = (("application", "period_start"),)
