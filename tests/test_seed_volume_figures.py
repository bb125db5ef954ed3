"""`cityhub seed --scale 1` makes the volumes the source published, within the article's
qualifiers (余/多: more than, below the next step of its last digit; 近: nearly, within 5%
below), seeded sample rows counted, and every generated row is marked sample."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal

from cityhub import db
from cityhub.models.union.aid_applications import AidApplication
from cityhub.models.union.aid_enrolments import AidEnrolment
from cityhub.models.union.consultations import Consultation
from cityhub.models.union.members import Member
from cityhub.seeding.union.volume import targets
from cityhub.settings import PROJECT_DIR
from tests.conftest import make_settings
from tests.test_seed_volume_rules import seed_volume, shrunk  # noqa: F401 (a fixture)

SEEDS = PROJECT_DIR / "seeds"


def published(domain: str = "union") -> dict[str, dict]:
    path = SEEDS / domain / "published_figures.json"
    records = json.loads(path.read_text(encoding="utf-8"))["records"]
    return {r["key"]: r for r in records}


def within(figure: dict, value: Decimal) -> bool:
    """Whether ``value`` is what the figure's words allow: 120余 is 121-129, 8万多 is
    80,001-89,999, 近5万 is 47,500-49,999, 93% is 92.5-93.5."""
    stated = Decimal(figure["value"])
    digits = str(int(stated))
    step = Decimal(10) ** (len(digits) - len(digits.rstrip("0")))
    if figure["precision"] == "more_than":
        return stated < value < stated + step
    if figure["precision"] == "nearly":
        return stated * Decimal("0.95") <= value < stated
    if figure["unit"] == "%":
        return abs(value - stated) <= Decimal("0.5")
    return value == stated


def test_each_target_stands_for_its_published_figure_within_its_words():
    figures = published()

    wrong = {key: v for key, v in targets.FIGURES.items() if not within(figures[key], Decimal(v))}

    assert wrong == {}
    assert set(targets.FIGURES) <= set(figures)
    rate = Decimal(targets.MEMBERS_PER_SCALE) / 69_892 * 100  # the union's registered drivers
    assert within(figures["union.membership_rate"], rate)


async def live(program: str, **where) -> list[dict]:
    query = AidApplication.filter(program__code=program, **where)
    return await query.values("member_id", "paid_amount", "state", "is_sample", "reference")


async def live_volumes(settings) -> dict[str, object]:
    async with db.database(settings):
        paid_2024 = await live("medical-2024", state="paid")
        student = await live("jinqiu-2024")
        holiday = Consultation.filter(day__gte=targets.MAY_DAY[0], day__lte=targets.MAY_DAY[1])
        generated = [*await live("medical-2023"), *await live("medical-2024"), *student]
        return {
            "union.medical_aid.enrolled_2023": await AidEnrolment.filter(
                program__code="medical-2023"
            ).count(),
            "union.medical_aid.enrolled_2024": await AidEnrolment.filter(
                program__code="medical-2024"
            ).count(),
            "union.medical_aid.recipients_2024": len({r["member_id"] for r in paid_2024}),
            "union.medical_aid.paid_2024": sum(r["paid_amount"] for r in paid_2024),
            "union.medical_aid.reimbursed_2023": sum(
                r["paid_amount"] for r in await live("medical-2023", state="paid")
            ),
            "union.student_aid.applications_2024": len(student),
            "union.student_aid.approved_2024": sum(
                r["state"] in ("approved", "paid") for r in student
            ),
            "union.hotline.calls_may_day_2024": await holiday.filter(channel="hotline").count(),
            "union.hotline.sms_may_day_2024": await holiday.filter(channel="sms").count(),
            "unmarked": await Member.filter(is_sample=False).count()
            + sum(not r["is_sample"] for r in generated)
            + await Consultation.filter(is_sample=False).count(),
        }


def test_the_generated_volumes_meet_the_published_figures(shrunk, database_url, tmp_path):  # noqa: F811
    seed_volume(database_url, tmp_path)

    found = asyncio.run(live_volumes(make_settings(database_url, tmp_path)))

    figures = published()
    assert found.pop("unmarked") == 0
    # Shrunk: 1,500 members stand for 65,000, so the enrolments are the shrunk targets.
    assert found.pop("union.medical_aid.enrolled_2023") == 600
    assert found.pop("union.medical_aid.enrolled_2024") == 1_200
    wrong = {key: value for key, value in found.items() if not within(figures[key], Decimal(value))}
    assert wrong == {}, found
    assert found["union.hotline.calls_may_day_2024"] == targets.CALLS
