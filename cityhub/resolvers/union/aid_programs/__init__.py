"""Aid programs as data: 金秋助学 and 新业态医疗互助, one row per kind and year.

Thresholds, ratios and limits are policy an admin changes (audited), never literals.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from cityhub.errors import BadInput
from cityhub.i18n import N_
from cityhub.models.union.aid_programs import AidKind, AidProgram
from cityhub.resolvers.batching import rows_by_id
from cityhub.resolvers.pagination import Page, keyset_page

CENT = Decimal("0.01")
MONEY_MAX = Decimal("10000000000")  # 12 digits, 2 of them after the point
PROGRAM_FIELDS = (
    "id",
    "code",
    "kind",
    "year",
    "name",
    "summary",
    "partner",
    "name_en",
    "summary_en",
    "partner_en",
    "opens_on",
    "closes_on",
    "self_paid_threshold",
    "threshold_basis",
    "covered_categories",
    "chronic_outpatient_per_year",
    "reimbursement_ratio",
    "max_amount_per_claim",
    "amount_per_student",
    "max_students_per_member",
    "non_hardship_channel",
    "sample_fields",
)
# Published figures about a program carry this key prefix and end in _<year>.
FIGURE_PREFIXES = {AidKind.STUDENT_AID: "union.student_aid.", AidKind.MEDICAL: "union.medical_aid."}


def is_money(value: Decimal) -> bool:
    """Finite, at most two decimal places, and fits the 12-digit columns."""
    # In this order: quantize() raises for a value of more than 28 digits.
    return value.is_finite() and abs(value) < MONEY_MAX and value == value.quantize(CENT)


def money_argument(value: Any, argument: str) -> Decimal:
    """A non-negative amount from a query argument; BAD_USER_INPUT otherwise."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        amount = Decimal("NaN")
    if not amount.is_finite() or not is_money(amount) or amount < 0:
        raise BadInput(
            N_("金额须为不小于 0 的数字，最多两位小数"), argument=argument, code="BAD_USER_INPUT"
        )
    return amount.quantize(CENT)


def payout(program: dict[str, Any], self_paid: Decimal) -> Decimal | None:
    """Self-paid x ratio, capped at the per-claim maximum; None if the ratio is not set."""
    ratio: Decimal | None = program["reimbursement_ratio"]
    if ratio is None:
        return None
    amount = (self_paid * ratio).quantize(CENT, rounding=ROUND_HALF_UP)
    cap: Decimal | None = program["max_amount_per_claim"]
    return min(amount, cap) if cap is not None else amount


async def list_programs(
    *, kind: str | None, year: int | None, first: int | None, after: str | None
) -> Page:
    query = AidProgram.all()
    if kind:
        query = query.filter(kind=kind)
    if year is not None:
        query = query.filter(year=year)
    return await keyset_page(query, PROGRAM_FIELDS, first=first, after=after)


async def programs_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(AidProgram, PROGRAM_FIELDS, ids)


async def program_by_code(code: str) -> dict[str, Any] | None:
    return await AidProgram.filter(code=code).first().values(*PROGRAM_FIELDS)


async def medical_program(year: int | None) -> dict[str, Any] | None:
    """The medical mutual aid program of ``year``, or the latest one when year is None."""
    query = AidProgram.filter(kind=AidKind.MEDICAL)
    if year is not None:
        query = query.filter(year=year)
    return await query.order_by("-year").first().values(*PROGRAM_FIELDS)


async def latest_program_id(kind: str) -> int | None:
    row = await AidProgram.filter(kind=kind).order_by("-year").first().values("id")
    return row["id"] if row else None


def figure_matches(program: dict[str, Any], figure_key: str) -> bool:
    """Whether a published figure (by its key) is about this program and year."""
    prefix = FIGURE_PREFIXES.get(AidKind(program["kind"]), "\0")
    return figure_key.startswith(prefix) and figure_key.endswith(f"_{program['year']}")
