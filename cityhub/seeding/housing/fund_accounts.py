"""Seed import of the sample tenants: citizen accounts that cannot sign in, each with the
fund-centre simulator's account for it (or none), one for each branch of the check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from cityhub.models.accounts import Account
from cityhub.models.housing.fund_accounts import FundAccount
from cityhub.resolvers.housing.eligibility import FundAccount as AccountState
from cityhub.resolvers.registry import CITIZEN
from cityhub.seeding.imports import ImportCounts, one_record, upsert

# Not an argon2 hash: the verifier finds no argon2 header in it and refuses every password
# (resolvers.accounts._verify_password returns False on InvalidHashError). Plain ASCII,
# which the verifier needs before it looks at the header.
UNUSABLE_HASH = "!sample-account:no-password"
CENT = Decimal("0.01")


def _money(text: str) -> Decimal:
    amount = Decimal(text)
    if amount != amount.quantize(CENT) or amount < 0:
        raise ValueError(f"{text} is not an amount of yuan to the cent")
    return amount


def _account_row(record: dict[str, Any]) -> dict[str, Any]:
    if not record["display_name"].endswith("（示例）"):
        raise ValueError(f"{record['username']}: a sample tenant's name ends in （示例）")
    return {
        "username": record["username"],
        "display_name": record["display_name"],
        "password_hash": UNUSABLE_HASH,
        "roles": [CITIZEN],
        "is_active": True,
    }


def _fund_row(account_id: int, fund: dict[str, Any]) -> dict[str, Any]:
    until = fund.get("other_withdrawal_until")
    return {
        "account_id": account_id,
        "consecutive_months": int(fund["consecutive_months"]),
        "monthly_deposit": _money(fund["monthly_deposit"]),
        "balance": _money(fund["balance"]),
        "state": AccountState(fund["state"]).value,
        "other_withdrawal_until": dt.date.fromisoformat(until) if until else None,
        "is_sample": True,
    }


async def _import_one(record: dict[str, Any]) -> ImportCounts:
    own, ids = await upsert(Account, "username", [_account_row(record)])
    account_id = ids[record["username"]]
    fund = record.get("fund_account")
    if fund is None:  # the branch with no fund account: none may be left from before
        gone = await FundAccount.filter(account_id=account_id, is_sample=True).delete()
        return one_record(own, ImportCounts(updated=1 if gone else 0))
    held, _ = await upsert(FundAccount, "account_id", [_fund_row(account_id, fund)])
    return one_record(own, held)


async def import_fund_accounts(records: list[dict[str, Any]]) -> ImportCounts:
    """Accounts keyed by username, their fund accounts by the account."""
    counts = ImportCounts()
    for record in records:
        if not record["sample"]:
            raise ValueError(f"{record['username']}: every sample tenant is sample data")
        counts += await _import_one(record)
    return counts
