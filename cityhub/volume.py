"""`cityhub seed --scale N`: realistic volume for benchmarks, every row marked sample.

N = 1 gives the source's scale: 65,000 active members (so the live membership rate meets
the published 93% of the 69,892 registered drivers) and 2,000 who have left, 50,000
medical-aid enrolments, the 35 stations (already seeded), thousands of aid applications,
check-ins and consultations.
The generator is deterministic (a seeded random); a second run at the same scale adds
nothing, a larger scale adds the difference.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from stdnum.cn import ric

from cityhub.models.union.members import Fleet, Member, MemberStatus, VehicleType

BATCH = 1_000
MEMBERS_PER_SCALE = 65_000  # active members
LEFT_PER_SCALE = 2_000  # former members, numbered after the active ones
ENROLMENTS_PER_SCALE = 50_000
APPLICATIONS_PER_SCALE = 3_000
CHECK_INS_PER_SCALE = 40_000
CONSULTATIONS_PER_SCALE = 12_540  # the May Day holiday's 2,680 calls and 9,860 SMS
MEMBER_PREFIX = "TYDV"
# Birth-place codes valid for births from 1960 on (python-stdnum checks them).
REGIONS = ("140100", "140121", "140122", "140123")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"  # noqa: E501
GIVEN = "建国志强海军晓东国庆永刚建华红梅丽娜文斌俊杰明亮卫东春生利民秀英德胜宏伟小平振华金凤玉兰立新学军晋生太平晋龙宇航"  # noqa: E501

Progress = Callable[[str, int, int], None]


@dataclass
class VolumeCounts:
    members: int = 0
    enrolments: int = 0
    applications: int = 0
    check_ins: int = 0
    consultations: int = 0


def _member(
    rng: random.Random, index: int, fleets: dict[str, list[int]], taken: set[str], *, left: bool
) -> Member:
    vehicle = VehicleType.CRUISING_TAXI if rng.random() < 0.55 else VehicleType.RIDE_HAILING
    kind = "taxi_company" if vehicle is VehicleType.CRUISING_TAXI else "platform"
    joined = date(2022, 9, 1) + timedelta(days=rng.randrange(800))
    name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))
    return Member(
        member_no=f"{MEMBER_PREFIX}{index:07d}",
        name=name,
        phone=f"1{rng.choice('35789')}{rng.randrange(10**9):09d}",
        id_number=_unique_id(index, taken),
        vehicle_type=vehicle.value,
        fleet_id=rng.choice(fleets[kind]) if fleets.get(kind) else None,
        joined_on=joined,
        status=MemberStatus.LEFT.value if left else MemberStatus.ACTIVE.value,
        on_hardship_register=rng.random() < 0.04,
        sms_opt_out=rng.random() < 0.02,
        is_sample=True,
    )


def _unique_id(index: int, taken: set[str]) -> str:
    """Unique by construction: the birth date carries index // 1000, the serial index % 1000;
    the region changes only to avoid a number some non-generated member already has."""
    birth = date(1962, 1, 1) + timedelta(days=index // 1000)
    for region in REGIONS:
        body = f"{region}{birth:%Y%m%d}{index % 1000:03d}"
        number = body + ric.calc_check_digit(body + "0")
        if number not in taken:
            return number
    raise RuntimeError(f"no free ID number for generated member {index}")


def _has_left(index: int) -> bool:
    """Each scale's block of members: MEMBERS_PER_SCALE active, then LEFT_PER_SCALE who left."""
    return index % (MEMBERS_PER_SCALE + LEFT_PER_SCALE) >= MEMBERS_PER_SCALE


async def generate_members(count: int, rng: random.Random, progress: Progress) -> list[int]:
    """Insert the members not there yet; returns the ids of all generated active members."""
    existing = await Member.filter(member_no__startswith=MEMBER_PREFIX).count()
    others = Member.exclude(member_no__startswith=MEMBER_PREFIX)
    taken = set(await others.values_list("id_number", flat=True))
    fleets: dict[str, list[int]] = {}
    for fleet_id, kind in await Fleet.all().values_list("id", "kind"):
        fleets.setdefault(kind, []).append(fleet_id)
    for start in range(existing, count, BATCH):
        batch = [
            _member(rng, i, fleets, taken, left=_has_left(i))
            for i in range(start, min(start + BATCH, count))
        ]
        await Member.bulk_create(batch)
        progress("members", min(start + BATCH, count), count)
    progress("members", count, count)
    ids = Member.filter(member_no__startswith=MEMBER_PREFIX, status=MemberStatus.ACTIVE.value)
    return list(await ids.order_by("id").values_list("id", flat=True))


async def generate(scale: int, progress: Progress, *, seed: int = 20241121) -> VolumeCounts:
    """Members first, then the other domains' volume generators in dependency order."""
    from cityhub.resolvers.union import aid, broadcasts, checkins

    rng = random.Random(seed)  # noqa: S311 (sample data, not secrets)
    counts = VolumeCounts()
    target = (MEMBERS_PER_SCALE + LEFT_PER_SCALE) * scale
    already = await Member.filter(member_no__startswith=MEMBER_PREFIX).count()
    member_ids = await generate_members(target, rng, progress)
    counts.members = max(target - already, 0)
    if already >= target:  # generated before: the rows that hang off members exist too
        return counts
    counts.enrolments, counts.applications = await aid.generate_aid(
        member_ids,
        rng,
        enrolments=ENROLMENTS_PER_SCALE * scale,
        applications=APPLICATIONS_PER_SCALE * scale,
    )
    progress("aid", 1, 1)
    counts.check_ins = await checkins.generate_check_ins(CHECK_INS_PER_SCALE * scale, rng)
    progress("check-ins", 1, 1)
    counts.consultations = await broadcasts.generate_consultations(
        CONSULTATIONS_PER_SCALE * scale, rng
    )
    progress("consultations", 1, 1)
    return counts
