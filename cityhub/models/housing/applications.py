"""Applications to rent a unit and pay its rent from the housing provident fund."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields

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

    class Meta:
        table = "rental_application"
        indexes = (
            ("applicant_id", "submitted_at"),
            ("project_id", "state"),
            ("state", "reserved_until"),
        )
