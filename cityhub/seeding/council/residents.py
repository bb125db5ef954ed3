"""Seed import of the sample residents: citizen accounts that cannot sign in, each in its
compound, some of them in the talent pool (人才库)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cityhub.models.accounts import Account
from cityhub.models.council.communities import AreaKind, CouncilArea
from cityhub.models.council.residents import Resident, Skill, TalentMember
from cityhub.resolvers.registry import CITIZEN
from cityhub.seeding.imports import ImportCounts, one_record, upsert

# Not an argon2 hash: the verifier finds no argon2 header in it and refuses every password
# (resolvers.accounts._verify_password returns False on InvalidHashError). The housing
# domain's sample tenants use the same value; domains import nothing of each other.
UNUSABLE_HASH = "!sample-account:no-password"
FLAGS = ("party_member", "graduate", "technician", "volunteer", "consent")


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"{text}: a seed time carries its offset")
    return moment.astimezone(UTC)


def _account_row(r: dict[str, Any]) -> dict[str, Any]:
    if not r["sample"] or not r["display_name"].endswith("（示例）"):
        raise ValueError(f"{r['username']}: a sample resident's name ends in （示例）")
    return {
        "username": r["username"],
        "display_name": r["display_name"],
        "password_hash": UNUSABLE_HASH,
        "phone": r.get("phone") or None,
        "roles": [CITIZEN],
        "is_active": True,
    }


def _talent_row(resident_id: int, talent: dict[str, Any]) -> dict[str, Any]:
    return {
        "resident_id": resident_id,
        "skills": sorted({Skill(s).value for s in talent["skills"]}),
        **{flag: bool(talent.get(flag, False)) for flag in FLAGS},
        "occupation": talent.get("occupation", ""),
        "availability": talent.get("availability", ""),
        "joined_at": _moment(talent["joined_at"]),
        "is_sample": True,
    }


async def _import_one(r: dict[str, Any], compounds: dict[str, int]) -> ImportCounts:
    own, accounts = await upsert(Account, "username", [_account_row(r)])
    resident = {
        "account_id": accounts[r["username"]],
        "compound_id": compounds[r["compound"]],
        "building": r.get("building", ""),
        "sms_alerts": r.get("sms_alerts", False),
        "joined_at": _moment(r["joined_at"]),
        "is_sample": True,
    }
    lives, residents = await upsert(Resident, "account_id", [resident])
    resident_id = residents[resident["account_id"]]
    if r.get("talent") is None:  # not in the pool: none may be left from before
        gone = await TalentMember.filter(resident_id=resident_id, is_sample=True).delete()
        return one_record(own, lives, ImportCounts(updated=1 if gone else 0))
    held, _ = await upsert(TalentMember, "resident_id", [_talent_row(resident_id, r["talent"])])
    return one_record(own, lives, held)


async def import_residents(records: list[dict[str, Any]]) -> ImportCounts:
    """Accounts keyed by username, residents by the account, members by the resident."""
    query = CouncilArea.filter(kind=AreaKind.COMPOUND)
    compounds = dict(await query.values_list("code", "id"))
    counts = ImportCounts()
    for record in records:
        if record["compound"] not in compounds:
            raise ValueError(f"{record['username']}: {record['compound']} is not a compound")
        counts += await _import_one(record, compounds)
    return counts
