"""The housing provident fund centre's accounts as CityHub's simulator of the centre keeps
them: a stand-in for the outside system, labelled as simulation wherever it shows."""

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from cityhub.models.accounts import Account


class FundAccount(Model):
    id = fields.IntField(primary_key=True)
    # The CityHub account whose fund account this is (the simulation links them directly;
    # the real centre matches on the ID number).
    account: fields.OneToOneRelation["Account"] = fields.OneToOneField(
        "cityhub.Account", related_name="fund_account", on_delete=fields.CASCADE
    )
    consecutive_months = fields.IntField(default=0)  # full contributions in a row, to now
    monthly_deposit = fields.DecimalField(max_digits=10, decimal_places=2)
    balance = fields.DecimalField(max_digits=12, decimal_places=2)
    # normal, pledged, frozen or under_loan (resolvers.housing.eligibility.FundAccount)
    state = fields.CharField(max_length=16, default="normal")
    # Another rent withdrawal made for a lease that runs to this day (None: none).
    other_withdrawal_until = fields.DateField(null=True)
    is_sample = fields.BooleanField(default=True)

    class Meta:
        table = "housing_fund_account"


# The simulator's own record of the transfers it made, by the key CityHub asked under: a
# second request under the same key gets the first one's receipt, and no second payment.
class FundCentreTransfer(Model):
    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=64, unique=True)
    fund_account: fields.ForeignKeyRelation[FundAccount] = fields.ForeignKeyField(
        "cityhub.FundAccount", related_name="transfers", on_delete=fields.CASCADE
    )
    amount = fields.DecimalField(max_digits=12, decimal_places=2)
    reference = fields.CharField(max_length=64, unique=True)
    at = fields.DatetimeField()

    class Meta:
        table = "housing_fund_centre_transfer"
