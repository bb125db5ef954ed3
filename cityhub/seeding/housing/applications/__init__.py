"""Seed import of the sample rental applications: each on a unit whose state matches it,
its dates, fund-centre fields and timeline derived from its state (paths.py), and for one
paid from the fund its rent transfers with the simulator's own record of them.

Keyed by reference (transfers by their key); a second run changes nothing. A sample
application moved since (a demonstration) is put back: its row, its transfers and its
timeline are the seed's again."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any, cast

from cityhub import clock
from cityhub.models.accounts import Account
from cityhub.models.housing.applications import (
    PaymentMethod,
    RentalApplication,
    RentTransfer,
    TransferStatus,
)
from cityhub.models.housing.fund_accounts import FundAccount, FundCentreTransfer
from cityhub.models.housing.projects import HousingUnit, ProjectStatus, UnitStatus
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers.housing.applications.transfers import month_index
from cityhub.resolvers.housing.applications.workflow import OPEN_STATES, SUBJECT, A, S
from cityhub.resolvers.housing.eligibility import current_policy
from cityhub.resolvers.housing.fund_accounts import SIMULATION
from cityhub.seeding.housing.applications import paths
from cityhub.seeding.imports import ImportCounts, one_record, upsert

REFERENCE_FLOOR = 900_000  # live references number the row id: samples sit above them


@dataclass(frozen=True)
class Known:
    """What the applications refer to, read once: units by (project, room), applicants
    by username, their fund accounts, and the policy's numbers."""

    units: dict[tuple[str, str], dict[str, Any]]
    applicants: dict[str, paths.Applicant]
    funds: dict[int, int]  # account id -> fund account id
    policy: dict[str, Any]


def _moment(text: str) -> dt.datetime:
    """A time given with its offset, as stored: in UTC."""
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


def _maybe(text: str | None) -> dt.datetime | None:
    return _moment(text) if text else None


async def _known(records: list[dict[str, Any]]) -> Known:
    units = await HousingUnit.filter(project__status=ProjectStatus.OPERATING).values(
        "id", "code", "status", "monthly_rent", "project_id", "project__code"
    )
    names = sorted({r["applicant"] for r in records})
    accounts = await Account.filter(username__in=names).values("id", "username", "display_name")
    funds = await FundAccount.filter(account_id__in=[a["id"] for a in accounts]).values(
        "id", "account_id", "consecutive_months"
    )
    months = {f["account_id"]: f["consecutive_months"] for f in funds}
    walk_ins = {r["applicant"] for r in records if r.get("walk_in")}
    return Known(
        units={(u["project__code"], u["code"]): u for u in units},
        applicants={
            a["username"]: paths.Applicant(
                a["id"], a["display_name"], months.get(a["id"], 0), a["username"] in walk_ins
            )
            for a in accounts
        },
        funds={f["account_id"]: f["id"] for f in funds},
        policy=await current_policy(),
    )


def _check_records(records: list[dict[str, Any]]) -> None:
    """Each a sample above the live numbers; at most one open application per applicant
    (reserveUnit refuses a second)."""
    for record in records:
        number = int(record["reference"].rsplit("-", 1)[1])
        if not record["sample"] or number <= REFERENCE_FLOOR:
            raise ValueError(f"{record['reference']}: a sample numbered above {REFERENCE_FLOOR}")
    open_ones = Counter(r["applicant"] for r in records if r["state"] in OPEN_STATES)
    if twice := sorted(name for name, n in open_ones.items() if n > 1):
        raise ValueError(f"more than one open application for {', '.join(twice)}")


def unit_status(state: str, steps: list[paths.Step]) -> UnitStatus:
    """The unit's state the application implies: held while reserved, leased once the
    lease is signed (whatever follows), free after a reservation that ended unsigned."""
    if state == S.RESERVED:
        return UnitStatus.RESERVED
    signed = any(step.action == A.SIGN_LEASE for step in steps)
    return UnitStatus.LEASED if signed else UnitStatus.AVAILABLE


def _unit(record: dict[str, Any], known: Known, steps: list[paths.Step]) -> dict[str, Any]:
    unit = known.units.get((record["project"], record["unit"]))
    if unit is None:
        raise ValueError(f"{record['reference']}: no unit {record['unit']} being let there")
    wanted = unit_status(record["state"], steps)
    if unit["status"] != wanted:
        raise ValueError(f"{record['reference']}: unit {record['unit']} is not {wanted.value}")
    return unit


def _transfers(
    record: dict[str, Any], rent: Any, steps: list[paths.Step], policy: dict[str, Any]
) -> list[dict[str, Any]]:
    """The record's transfers, checked as transferRent checks them: whole months from the
    lease's month on, no two covering the same month."""
    signed = next((s.at for s in steps if s.action == A.SIGN_LEASE), None)
    done: list[dict[str, Any]] = []
    for given in record.get("transfers", []):
        start, months = dt.date.fromisoformat(given["period_start"]), int(given["months"])
        first, last = month_index(start), month_index(start) + months
        wrong = start.day != 1 or not 1 <= months <= policy["max_transfer_months"]
        early = signed is None or first < month_index(clock.local_date(signed))
        covered = any(first < d["_last"] and d["_first"] < last for d in done)
        if wrong or early or covered:
            raise ValueError(f"{record['reference']}: transfer from {start} breaks the rules")
        done.append(
            {
                "key": f"{record['reference']}:{start:%Y-%m}",
                "period_start": start,
                "months": months,
                "amount": paths.amount(rent, months),
                "reference": given["reference"],
                "at": _moment(given["at"]),
                "_first": first,
                "_last": last,
            }
        )
    return done


def _application_row(
    record: dict[str, Any], unit: dict[str, Any], applicant: int, steps: list[paths.Step]
) -> dict[str, Any]:
    at = {step.action: step.at for step in steps}
    decided = at.get(A.CENTRE_APPROVE) or at.get(A.CENTRE_REJECT)
    method = PaymentMethod.FUND if A.CHOOSE_FUND in at else None
    method = PaymentMethod.SELF if A.CHOOSE_SELF in at else method
    return {
        "reference": record["reference"],
        "state": record["state"],
        "applicant_id": applicant,
        "project_id": unit["project_id"],
        "unit_id": unit["id"],
        "monthly_rent": unit["monthly_rent"],
        "lease_signed_at": at.get(A.SIGN_LEASE),
        "payment_method": method.value if method else None,
        "authorization_signed_at": at.get(A.SIGN_AUTHORIZATION),
        "fund_centre": SIMULATION if A.SUBMIT_TO_CENTRE in at else "",
        "centre_reference": f"SIM-{record['reference']}" if decided else "",
        "centre_attempts": record.get("centre_attempts", 0),
        "centre_next_attempt_at": _maybe(record.get("centre_next_attempt_at")),
        "centre_error": record.get("centre_error", ""),
        "centre_decided_at": decided,
        "centre_reason": record.get("centre_reason", "") if decided else "",
        "submitted_at": steps[0].at,
        "updated_at": steps[-1].at,
        "is_sample": True,
    }


async def _write_transfers(
    application_id: int, fund_id: int | None, transfers: list[dict[str, Any]]
) -> list[ImportCounts]:
    """The application's done transfers and the simulator's ledger of them; any other
    transfer of it (made since, in a demonstration) removed with its ledger row."""
    keys = [t["key"] for t in transfers]
    stale = cast(
        "list[str]",
        await RentTransfer.filter(application_id=application_id)
        .exclude(key__in=keys or [""])
        .values_list("key", flat=True),
    )
    await FundCentreTransfer.filter(key__in=stale or [""]).delete()
    await RentTransfer.filter(key__in=stale or [""]).delete()
    if transfers and fund_id is None:
        raise ValueError("rent transferred from the fund of an applicant who has no fund account")
    rows = [
        {
            **{name: t[name] for name in ("key", "period_start", "months", "amount", "reference")},
            "application_id": application_id,
            "status": TransferStatus.DONE.value,
            "fund_centre": SIMULATION,
            "claimed_at": t["at"] - dt.timedelta(seconds=3),
            "transferred_at": t["at"],
            "is_sample": True,
        }
        for t in transfers
    ]
    ledger = [
        {
            **{name: t[name] for name in ("key", "amount", "reference")},
            "fund_account_id": fund_id,
            "at": t["at"] - dt.timedelta(seconds=1),
        }
        for t in transfers
    ]
    made, _ = await upsert(RentTransfer, "key", rows)
    paid, _ = await upsert(FundCentreTransfer, "key", ledger)
    return [made, paid, ImportCounts(updated=len(stale))]


async def _write_timeline(application_id: int, entries: list[TimelineEntry], again: bool) -> None:
    """The timeline the state implies, where there is none or the application changed."""
    mine = TimelineEntry.filter(subject_type=SUBJECT, subject_id=application_id)
    if await mine.exists() and not again:
        return
    await mine.delete()
    await TimelineEntry.bulk_create(entries)


async def _import_one(record: dict[str, Any], known: Known) -> ImportCounts:
    applicant = known.applicants[record["applicant"]]
    submitted = _moment(record["submitted_at"])
    hold = dt.timedelta(hours=known.policy["reservation_hours"])
    reserved_until = _maybe(record.get("reserved_until")) or submitted + hold
    steps = paths.path(record, submitted, reserved_until)
    unit = _unit(record, known, steps)
    transfers = _transfers(record, unit["monthly_rent"], steps, known.policy)
    for transfer in transfers:
        steps.append(paths.transfer_step(steps[-1], transfer))
    if steps[-1].target != record["state"]:
        raise ValueError(f"{record['reference']}: its moves end in {steps[-1].target}")
    row = _application_row(record, unit, applicant.id, steps)
    own, ids = await upsert(
        RentalApplication, "reference", [{**row, "reserved_until": reserved_until}]
    )
    application_id = ids[record["reference"]]
    parts = [own, *await _write_transfers(application_id, known.funds.get(applicant.id), transfers)]
    changed = one_record(*parts).unchanged == 0
    await _write_timeline(
        application_id, paths.timeline_rows(application_id, steps, applicant), changed
    )
    return one_record(*parts)


async def import_applications(records: list[dict[str, Any]]) -> ImportCounts:
    _check_records(records)
    known = await _known(records)
    counts = ImportCounts()
    for record in records:
        counts += await _import_one(record, known)
    return counts
