"""Seeds and generated volume for the union's fleets and members."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any, cast

from stdnum.cn import ric

from cityhub.models.union.members import Fleet, Member, MemberStatus, VehicleType
from cityhub.seeding.imports import ImportCounts, upsert
from cityhub.seeding.registry import Progress

BATCH = 1_000
MEMBERS_PER_SCALE = 65_000  # active members
LEFT_PER_SCALE = 2_000  # former members, numbered after the active ones
MEMBER_PREFIX = "TYDV"
# Birth-place codes valid for births from 1960 on (python-stdnum checks them).
REGIONS = ("140100", "140121", "140122", "140123")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"  # noqa: E501
GIVEN = "建国志强海军晓东国庆永刚建华红梅丽娜文斌俊杰明亮卫东春生利民秀英德胜宏伟小平振华金凤玉兰立新学军晋生太平晋龙宇航"  # noqa: E501


async def import_fleets(records: list[dict[str, Any]]) -> ImportCounts:
    rows = [
        {k: r[k] for k in ("code", "name", "kind")} | {"is_sample": r["sample"]} for r in records
    ]
    counts, _ = await upsert(Fleet, "code", rows)
    return counts


async def import_members(records: list[dict[str, Any]]) -> ImportCounts:
    fleets = dict(await Fleet.all().values_list("code", "id"))
    rows = [
        {
            "member_no": r["member_no"],
            "name": r["name"],
            "phone": r["phone"],
            "id_number": ric.validate(r["id_number"]),
            "vehicle_type": r["vehicle_type"],
            "fleet_id": fleets[r["fleet"]] if r.get("fleet") else None,
            "joined_on": date.fromisoformat(r["joined_on"]),
            "status": r.get("status", MemberStatus.ACTIVE.value),
            "on_hardship_register": r.get("on_hardship_register", False),
            "sms_opt_out": r.get("sms_opt_out", False),
            "is_sample": r["sample"],
        }
        for r in records
    ]
    counts, _ = await upsert(Member, "member_no", rows)
    return counts


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
    # Tortoise types every values_list() as tuples; flat=True gives the column's values.
    taken = set(cast("list[str]", await others.values_list("id_number", flat=True)))
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
    return list(cast("list[int]", await ids.order_by("id").values_list("id", flat=True)))
