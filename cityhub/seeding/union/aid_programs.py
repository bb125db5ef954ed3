"""Seed import of the aid programs and the medical categories they cover: their policy as the
source and samples give it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from cityhub.models.union.aid_programs import AidProgram, MedicalCategory, ThresholdBasis
from cityhub.resolvers.union.aid_programs import CENT
from cityhub.seeding.imports import ImportCounts, upsert

MONEY = ("self_paid_threshold", "max_amount_per_claim", "amount_per_student")
DATES = ("opens_on", "closes_on")
RATIO = Decimal("0.0001")


def money(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(CENT)


def day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _program_row(record: dict[str, Any]) -> dict[str, Any]:
    ratio = record.get("reimbursement_ratio")
    return {
        "code": record["code"],
        "kind": record["kind"],
        "year": record["year"],
        "name": record["name"],
        "summary": record.get("summary", ""),
        "partner": record.get("partner", ""),
        "threshold_basis": record.get("threshold_basis", ThresholdBasis.PER_CLAIM.value),
        "name_en": record.get("name_en", ""),
        "summary_en": record.get("summary_en", ""),
        "partner_en": record.get("partner_en", ""),
        "covered_categories": record.get("covered_categories", []),
        "chronic_outpatient_per_year": record.get("chronic_outpatient_per_year"),
        "reimbursement_ratio": None if ratio is None else Decimal(ratio).quantize(RATIO),
        "max_students_per_member": record.get("max_students_per_member"),
        "non_hardship_channel": record.get("non_hardship_channel", False),
        "sample_fields": record.get("sample_fields", []),
        **{key: money(record.get(key)) for key in MONEY},
        **{key: day(record.get(key)) for key in DATES},
    }


async def import_programs(records: list[dict[str, Any]]) -> ImportCounts:
    counts, _ = await upsert(AidProgram, "code", [_program_row(r) for r in records])
    return counts


CATEGORY_TEXTS = ("name", "name_en", "description", "description_en")


async def import_categories(records: list[dict[str, Any]]) -> ImportCounts:
    rows = [
        {
            "code": r["code"],
            **{key: r.get(key, "") for key in CATEGORY_TEXTS},
            "sort_order": r.get("sort_order", 0),
            "active": r.get("active", True),
            "yearly_limited": r.get("yearly_limited", False),
            "sample_fields": r.get("sample_fields", []),
        }
        for r in records
    ]
    counts, _ = await upsert(MedicalCategory, "code", rows)
    return counts
