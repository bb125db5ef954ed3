"""The council's sample volume for `cityhub seed --scale N`: CASES_PER_SCALE sample cases a
scale unit, by the sample residents of each compound, in every state of the workflow.

Each is written as a seed record and goes through the seed's own checks (seeding.council.
cases: every step a move the workflow allows from the state before, by one who may take
it, the category's fields as submitCouncilCase checks them), then is written in bulk with
its meetings, referrals, outcome and timeline, a batch per transaction. References are
YS2025-950000 and on (above the seeds' and any live number); a batch whose first case is
there was committed whole, so a re-run adds only what is missing."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, cast

from cityhub.models.council import cases as m
from cityhub.models.council.communities import CommunityWorker
from cityhub.models.council.residents import Resident
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers.council.cases import SUBJECT
from cityhub.resolvers.transactions import atomic
from cityhub.seeding.batches import batches, unit_random
from cityhub.seeding.council import cases
from cityhub.seeding.registry import Progress

CASES_PER_SCALE = 300
BATCH = 100
FLOOR = 950_000
TZ = dt.timezone(dt.timedelta(hours=8))
FIRST_DAY, DAYS = dt.datetime(2025, 1, 6, 8, tzinfo=TZ), 300  # reports through 2025-11
HELP = f"{CASES_PER_SCALE} sample council cases across every state of the workflow"
# (category, title, title_en, account, account_en, attributes)
TOPICS: tuple[tuple[str, str, str, str, str, dict[str, Any]], ...] = (
    (
        "noise",
        "夜间噪声扰民",
        "Noise at night",
        "晚上十点后仍有噪声，影响休息",
        "Noise after 10 pm keeps us awake",
        {},
    ),
    (
        "parking",
        "车辆占用消防通道",
        "Cars in the fire lane",
        "消防通道经常停满车辆",
        "The fire lane is often full of cars",
        {"location": "消防通道"},
    ),
    (
        "pets",
        "宠物粪便未清理",
        "Pet waste left behind",
        "草坪上常有宠物粪便无人清理",
        "Pet waste is left on the lawns",
        {"pet_kind": "dog"},
    ),
    (
        "sanitation",
        "垃圾清运不及时",
        "Rubbish not collected",
        "垃圾桶满了两天没人清运",
        "The bins have been full for two days",
        {},
    ),
    (
        "greening",
        "树枝遮挡路灯",
        "Branches hide a lamp",
        "树枝挡住路灯，夜里看不清路",
        "Branches cover a street lamp; the path is dark",
        {},
    ),
    (
        "facilities",
        "单元门禁损坏",
        "Broken entrance lock",
        "单元门禁坏了，外人随意进出",
        "The entrance lock is broken; anyone walks in",
        {"facility_kind": "other"},
    ),
    (
        "property_management",
        "物业维修拖延",
        "Slow repairs",
        "报修一周还没有人来修",
        "A repair reported a week ago is still waiting",
        {"topics": ["repairs"]},
    ),
    (
        "safety",
        "楼道堆放杂物",
        "Clutter in the stairwell",
        "楼道里堆放纸箱和旧家具，有火灾隐患",
        "Boxes and old furniture in the stairwell could catch fire",
        {},
    ),
    (
        "ev_charging",
        "想安装充电桩",
        "A charger for my space",
        "想在自有车位安装充电桩，需要协调物业",
        "I want a charger at my own space and need the property company's help",
        {"charger_kind": "slow"},
    ),
    (
        "disputes",
        "邻里漏水纠纷",
        "A leak between neighbours",
        "楼上漏水，双方协商不成",
        "A leak from upstairs; the neighbours cannot agree",
        {},
    ),
)
# The moves to each state after the report, and how often each state is drawn.
MOVES: dict[str, tuple[str, ...]] = {
    "received": (),
    "accepted": ("accept",),
    "in_consultation": ("accept", "start_consultation", "add_update"),
    "referred": ("accept", "start_consultation", "refer"),
    "resolved": ("accept", "start_consultation", "record_meeting", "resolve"),
    "mediated": ("accept", "start_consultation", "record_meeting", "mediate"),
    "closed": ("accept", "start_consultation", "resolve", "close", "rate"),
    "declined": ("decline",),
    "withdrawn": ("accept", "withdraw"),
}
WEIGHTS = (8, 8, 10, 5, 8, 4, 45, 6, 6)
NOTE = ("（示例）", "(Sample)")
DETAILS: dict[str, dict[str, Any]] = {
    "add_update": {
        "note": "（示例）已联系物业，正在协商处理方案",
        "note_en": "(Sample) The property company is working on a plan",
    },
    "refer": {
        "department": "杏花岭区城市管理局",
        "department_en": "Xinghualing District Urban Management Bureau",
    },
    "decline": {
        "note": "（示例）不属于社区议事范围，已告知反映渠道",
        "note_en": "(Sample) Not a council matter; told where to take it",
    },
    "withdraw": {"note": "（示例）问题已自行解决", "note_en": "(Sample) Sorted out by themselves"},
    "record_meeting": {
        "meeting": {
            "place": "社区议事厅",
            "place_en": "The community council hall",
            "attendees": ["网格员", "物业公司", "居民"],
            "minutes": "（示例）各方协商，商定处理办法",
            "minutes_en": "(Sample) The parties agreed what to do",
        }
    },
    "resolve": {
        "outcome": {
            "kind": "solved",
            "summary": "（示例）问题已处理",
            "summary_en": "(Sample) Dealt with",
            "parties": ["物业公司"],
        }
    },
    "mediate": {
        "outcome": {
            "kind": "mediation_agreement",
            "summary": "（示例）双方达成调解协议",
            "summary_en": "(Sample) The parties reached an agreement",
            "parties": ["居民双方"],
        }
    },
}


async def generate(scale: int, seed: int, progress: Progress) -> dict[str, int]:
    """The cases for the scale, a batch per transaction; only the batches missing."""
    people = (
        await Resident.filter(is_sample=True)
        .order_by("account__username")
        .values("account__username", "compound__code")
    )
    query = CommunityWorker.filter(duty="grid_worker").order_by("code")
    workers = cast("list[str]", await query.values_list("code", flat=True))
    if not people or not workers:
        return {"council cases": 0}
    known, total, added = await cases.read_known(), CASES_PER_SCALE * scale, 0
    for batch in batches(total, BATCH):
        if not await m.CouncilCase.exists(reference=_reference(batch.start)):
            rng = unit_random(seed, "council-cases", batch.number)
            drawn = [_record(rng, i, people, workers) for i in range(batch.start, batch.stop)]
            added += await _write(drawn, known)
        progress("council cases", batch.stop, total)
    return {"council cases": added}


def _reference(position: int) -> str:
    return f"YS2025-{FLOOR + position:06d}"


def _record(
    rng: random.Random, position: int, people: list[dict[str, Any]], workers: list[str]
) -> dict[str, Any]:
    category, title, title_en, text, text_en, attributes = rng.choice(TOPICS)
    person = rng.choice(people)
    state = rng.choices(list(MOVES), weights=WEIGHTS)[0]
    worker, at = rng.choice(workers), FIRST_DAY + dt.timedelta(minutes=rng.randrange(DAYS * 1440))
    steps = [{"action": "submit", "at": at.isoformat(), "by": "reporter"}]
    for action in MOVES[state]:
        if action == "rate" and rng.random() < 0.4:
            continue
        at += dt.timedelta(minutes=rng.randrange(30, 3 * 1440))
        by = "reporter" if action in cases.OWNER_ACTIONS else worker
        step = {"action": action, "at": at.isoformat(), "by": by, **DETAILS.get(action, {})}
        if action == "rate":
            step |= {
                "rating": rng.choice((3, 4, 4, 5, 5, 5)),
                "note": "（示例）满意",
                "note_en": "(Sample) Satisfied",
            }
        steps.append(step)
    return {
        "reference": _reference(position),
        "state": state,
        "category": category,
        "compound": person["compound__code"],
        "reporter": person["account__username"],
        "assignee": worker if any(s["action"] == "accept" for s in steps) else None,
        "title": f"{title}（示例）",
        "title_en": f"{title_en} (sample)",
        "description": f"{NOTE[0]}{text}。",
        "description_en": f"{NOTE[1]} {text_en}.",
        "attributes": attributes,
        "steps": steps,
        "sample": True,
    }


async def _write(records: list[dict[str, Any]], known: cases.Known) -> int:
    """The batch's cases and all they carry, in one transaction."""
    paths = [cases.path(r, known) for r in records]
    rows = [cases.case_row(r, known, p) for r, p in zip(records, paths, strict=True)]
    async with atomic():
        await m.CouncilCase.bulk_create([m.CouncilCase(**row) for row in rows])
        refs = [r["reference"] for r in records]
        ids = dict(await m.CouncilCase.filter(reference__in=refs).values_list("reference", "id"))
        made: dict[Any, list[Any]] = {}
        for record, steps in zip(records, paths, strict=True):
            case_id = ids[record["reference"]]
            for model, children in cases.children(record, known, steps).items():
                made.setdefault(model, []).extend(model(case_id=case_id, **c) for c in children)
            entries = cases.timeline(steps)
            made.setdefault(TimelineEntry, []).extend(
                TimelineEntry(subject_type=SUBJECT, subject_id=case_id, **e) for e in entries
            )
        for model, objects in made.items():
            await model.bulk_create(objects)
    return len(records)
