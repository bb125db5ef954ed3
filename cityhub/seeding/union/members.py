"""Seeds and generated volume for the union's fleets and members."""

from __future__ import annotations

import random
from datetime import date
from typing import Any, cast

from stdnum.cn import ric
from tortoise.queryset import QuerySet

from cityhub.models.union.members import Fleet, Member, MemberStatus, VehicleType
from cityhub.resolvers.transactions import atomic
from cityhub.seeding.batches import batches, unit_random
from cityhub.seeding.imports import ImportCounts, upsert
from cityhub.seeding.registry import Progress
from cityhub.seeding.union.volume import people, targets

BATCH = 1_000
MEMBER_PREFIX = "TYDV"
CRUISING_SHARE = 0.3  # Taiyuan's ~8,300 taxis against a larger ride-hailing fleet
Fleets = dict[str, tuple[list[int], list[float]]]  # kind: (fleet ids, how many drivers each)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"  # noqa: E501
GIVEN = "建国志强海军晓东国庆永刚建华红梅丽娜文斌俊杰明亮卫东春生利民秀英德胜宏伟小平振华金凤玉兰立新学军晋生太平晋龙宇航"  # noqa: E501


async def import_fleets(records: list[dict[str, Any]]) -> ImportCounts:
    rows = [
        {k: r[k] for k in ("code", "name", "name_en", "kind")} | {"is_sample": r["sample"]}
        for r in records
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
    rng: random.Random, index: int, fleets: Fleets, taken: set[str], *, left: bool
) -> Member:
    vehicle = (
        VehicleType.CRUISING_TAXI if rng.random() < CRUISING_SHARE else VehicleType.RIDE_HAILING
    )
    kind = "taxi_company" if vehicle is VehicleType.CRUISING_TAXI else "platform"
    ids, weights = fleets.get(kind, ([], []))
    name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2, 2))))
    return Member(
        member_no=f"{MEMBER_PREFIX}{index:07d}",
        name=name,
        phone=f"1{rng.choice('35789')}{rng.randrange(10**9):09d}",
        id_number=people.id_number(rng, taken),
        vehicle_type=vehicle.value,
        fleet_id=rng.choices(ids, weights=weights)[0] if ids else None,
        joined_on=people.joined_on(rng),
        status=MemberStatus.LEFT.value if left else MemberStatus.ACTIVE.value,
        on_hardship_register=rng.random() < 0.04,
        sms_opt_out=rng.random() < 0.02,
        is_sample=True,
    )


def _has_left(index: int) -> bool:
    """Each scale's block of members: MEMBERS_PER_SCALE active, then LEFT_PER_SCALE who left."""
    active = targets.MEMBERS_PER_SCALE
    return index % (active + targets.LEFT_PER_SCALE) >= active


def generated() -> QuerySet[Member]:
    return Member.filter(member_no__startswith=MEMBER_PREFIX)


async def generate_members(count: int, seed: int, progress: Progress) -> int:
    """Insert the generated members 0..count-1 that are not there yet, a batch per
    transaction; each batch is drawn from its own random, so a re-run after a kill makes
    the very members the killed run would have. Returns how many were added."""
    if await generated().count() >= count:
        progress("members", count, count)
        return 0
    # Every number there, generated ones too: a batch's numbers avoid those of the batches
    # before it, which a resumed run finds committed. Tortoise types every values_list()
    # as tuples; flat=True gives the column's values.
    taken = set(cast("list[str]", await Member.all().values_list("id_number", flat=True)))
    fleets = await _fleets()
    added = 0
    for batch in batches(count, BATCH):
        numbers = [f"{MEMBER_PREFIX}{i:07d}" for i in range(batch.start, batch.stop)]
        found = await Member.filter(member_no__in=numbers).values_list("member_no", flat=True)
        have = set(cast("list[str]", found))
        if len(have) < batch.size:
            rng = unit_random(seed, "members", batch.number)
            drawn = [
                _member(rng, i, fleets, taken, left=_has_left(i))
                for i in range(batch.start, batch.stop)
            ]
            async with atomic():
                await Member.bulk_create([m for m in drawn if m.member_no not in have])
            added += batch.size - len(have)
        progress("members", batch.stop, count)
    return added


async def _fleets() -> Fleets:
    """Each kind's fleets in code order, the first largest (a few big companies and
    platforms carry most drivers)."""
    fleets: Fleets = {}
    for fleet_id, kind in await Fleet.all().order_by("code").values_list("id", "kind"):
        ids, weights = fleets.setdefault(kind, ([], []))
        ids.append(fleet_id)
        weights.append(1 / len(ids))
    return fleets


async def generated_active() -> list[dict[str, Any]]:
    """The generated active members (id, id_number, name, joined_on, on_hardship_register),
    in member-number order."""
    query = generated().filter(status=MemberStatus.ACTIVE.value).order_by("member_no")
    return await query.values("id", "id_number", "name", "joined_on", "on_hardship_register")
