"""The seeded council cases: the three the source tells of 中车社区's 邻里议事会 (the garage
charger, dogs off the leash, the e-bike fall mediated at 1,800 yuan) with their states,
participants, meetings and outcomes; samples in every state of the workflow; every
timeline a path the workflow allows; and seeds that a second run leaves alone."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from itertools import pairwise

from cityhub.models.council.cases import (
    CaseMeeting,
    CaseOutcome,
    CaseParticipant,
    CaseReferral,
    CouncilCase,
)
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers.council.cases import SUBJECT
from cityhub.resolvers.council.cases.workflow import CASE_WORKFLOW
from cityhub.resolvers.workflow import SUBMIT
from cityhub.seeding import load_seeds, read_seed
from cityhub.settings import PROJECT_DIR
from tests.council.case_support import grid_worker
from tests.helpers import gql

SEEDS = PROJECT_DIR / "seeds"
RECORDS = read_seed(SEEDS, "council/cases.json")
EV, DOGS, EBIKE = "YS2024-900001", "YS2024-900002", "YS2024-900003"
LIST = """{ councilCases(first: 100) { totalCount nodes {
  id reference state isSample isPublic
  outcome { kind settlementAmount settlementPayer parties }
  meetings { place attendees minutes }
  timeline { action fromState toState actor channel }
} } }"""
ONE = """query($id: ID!) { councilCase(id: $id) {
  reference state title reporterName category { code } compound { name }
  outcome { kind summary settlementAmount settlementPayer }
  meetings { place placeEn attendees minutes minutesEn }
  referrals { department answer }
  timeline { action toState actor actorEn note noteEn }
} }"""


async def listed(client) -> dict[str, dict]:
    body = await gql(client, LIST)
    assert "errors" not in body, body
    return {node["reference"]: node for node in body["data"]["councilCases"]["nodes"]}


async def test_the_source_s_three_cases_with_their_outcomes(client):
    cases = await listed(client)

    assert {cases[r]["state"] for r in (EV, DOGS, EBIKE)} == {"CLOSED"}
    assert cases[EV]["outcome"]["kind"] == "SOLVED"
    assert cases[DOGS]["outcome"]["kind"] == "COMMUNITY_RULES"
    assert "5个“便便屋”" in cases[DOGS]["meetings"][0]["minutes"]
    mediation = cases[EBIKE]["outcome"]
    assert mediation["kind"] == "MEDIATION_AGREEMENT"
    assert (mediation["settlementAmount"], mediation["settlementPayer"]) == ("1800.00", "泊车公司")
    (meeting,) = cases[EBIKE]["meetings"]
    assert meeting["place"] == "社区议事厅"
    assert {"驻地法官", "巨轮派出所民警", "物业公司负责人", "泊车公司负责人"} <= set(
        meeting["attendees"]
    )
    actions = [step["action"] for step in cases[EBIKE]["timeline"]]
    assert actions == [SUBMIT, "accept", "start_consultation", "record_meeting", "mediate", "close"]


async def test_one_source_case_read_by_its_id_by_a_grid_worker(client):
    cases = await listed(client)
    await grid_worker(client)
    body = await gql(client, ONE, {"id": cases[EBIKE]["id"]})

    case = body["data"]["councilCase"]
    assert (case["category"]["code"], case["compound"]["name"]) == ("disputes", "中车国际三期")
    assert "1800元" in case["outcome"]["summary"]
    assert case["meetings"][0]["minutesEn"]
    assert case["reporterName"] == "梁先生"
    assert case["timeline"][-2]["actor"] == "薄丽娜"
    assert case["timeline"][-2]["actorEn"] == "Bo Lina"


async def test_the_source_cases_participants(app):
    kinds = {}
    for reference in (EV, DOGS, EBIKE):
        case = await CouncilCase.get(reference=reference)
        rows = await CaseParticipant.filter(case_id=case.id).values("kind", "talent_id")
        kinds[reference] = rows
    assert {r["kind"] for r in kinds[EV]} == {"resident", "community", "talent", "property_company"}
    assert [r["talent_id"] is not None for r in kinds[EV] if r["kind"] == "talent"] == [True]
    assert {r["kind"] for r in kinds[EBIKE]} == {
        "resident",
        "community",
        "resident_judge",
        "police",
        "property_company",
        "parking_company",
    }
    outcome = await CaseOutcome.get(case__reference=EBIKE)
    assert outcome.settlement_amount == Decimal("1800.00")


async def test_every_timeline_is_a_path_of_the_workflow(app):
    cases = await CouncilCase.all().values("id", "reference", "state", "submitted_at")
    assert len(cases) == len(RECORDS)
    for case in cases:
        entries = (
            await TimelineEntry.filter(subject_type=SUBJECT, subject_id=case["id"])
            .order_by("at", "id")
            .values("action", "from_state", "to_state", "at")
        )
        first = entries[0]
        assert (first["action"], first["from_state"]) == (SUBMIT, None), case["reference"]
        assert first["to_state"] == CASE_WORKFLOW.initial
        assert first["at"] == case["submitted_at"]
        for before, entry in pairwise(entries):
            step = CASE_WORKFLOW.step(entry["action"])
            assert step is not None, (case["reference"], entry["action"])
            assert entry["from_state"] == before["to_state"], case["reference"]
            assert entry["from_state"] in step.sources, (case["reference"], entry["action"])
            assert entry["to_state"] == (step.target or entry["from_state"])
        assert entries[-1]["to_state"] == case["state"], case["reference"]


async def test_samples_are_marked_and_cover_every_state(app):
    rows = await CouncilCase.all().values(
        "reference",
        "state",
        "is_sample",
        "is_public",
        "reporter_id",
        "reporter_name",
        "reporter_phone",
        "rating",
        "search_text",
        "title",
    )
    assert all(r["is_sample"] for r in rows)
    assert all(re.fullmatch(r"YS20\d\d-9\d{5}", r["reference"]) for r in rows)
    assert all(int(r["reference"][-6:]) > 900_000 for r in rows)
    assert {r["state"] for r in rows} == {s.name for s in CASE_WORKFLOW.states}
    assert Counter(r["is_public"] for r in rows)[False] == 1
    assert any(r["rating"] for r in rows)
    assert all(r["title"].lower() in r["search_text"] for r in rows)
    invented = [r for r in rows if not r["reference"].startswith("YS2024-")]
    named = [r["reporter_name"] for r in invented if r["reporter_name"]]
    assert named and all(name.endswith("（示例）") for name in named)
    assert all(r["reporter_phone"].startswith("1390000") for r in rows if r["reporter_phone"])


async def test_declined_referred_and_phoned_in_cases(app):
    declined = await CouncilCase.get(state="declined")
    note = await TimelineEntry.get(subject_type=SUBJECT, subject_id=declined.id, action="decline")
    assert note.note and note.note_en
    referred = await CouncilCase.filter(state="referred").values_list("id", flat=True)
    answered = await CaseReferral.exclude(answered_at=None).values("department", "answer")
    assert await CaseReferral.filter(case_id__in=referred, answered_at=None).exists()
    assert any(a["department"] == "杏花岭区住房和城乡建设局" and a["answer"] for a in answered)
    phoned = await CouncilCase.get(reporter_id=None, reporter_phone__startswith="1390000")
    first = await TimelineEntry.get(subject_type=SUBJECT, subject_id=phoned.id, action=SUBMIT)
    assert first.channel == "phone"
    assert first.actor_label.endswith("（示例）")


async def test_every_listed_timeline_is_a_path_of_the_workflow(client):
    cases = await listed(client)

    assert len(cases) >= 15
    for reference, case in cases.items():
        steps = case["timeline"]
        assert (steps[0]["action"], steps[0]["fromState"]) == (SUBMIT, None), reference
        for before, step in pairwise(steps):
            move = CASE_WORKFLOW.step(step["action"])
            assert move is not None and step["fromState"] == before["toState"], reference
            assert step["fromState"] in move.sources, (reference, step["action"])
        assert steps[-1]["toState"].upper() == case["state"], reference


async def test_private_cases_are_not_listed_to_the_public(client):
    cases = await listed(client)

    private = await CouncilCase.filter(is_public=False).values_list("reference", flat=True)
    assert private and not set(private) & set(cases)
    assert all(node["isSample"] for node in cases.values())


async def snapshot() -> list:
    return [
        await CouncilCase.all().order_by("id").values(),
        await CaseParticipant.all().order_by("id").values(),
        await CaseMeeting.all().order_by("id").values(),
        await CaseOutcome.all().order_by("id").values(),
        await CaseReferral.all().order_by("id").values(),
        await TimelineEntry.filter(subject_type=SUBJECT).order_by("id").values(),
    ]


async def test_a_second_seed_changes_nothing(app):
    before = await snapshot()
    seen: dict[str, object] = {}

    await load_seeds(SEEDS, lambda name, counts: seen.setdefault(name, counts))

    counts = seen["council/cases.json"]
    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, len(RECORDS))
    assert await snapshot() == before


async def test_a_seed_puts_back_a_case_moved_since(app):
    case = await CouncilCase.get(reference=EBIKE)
    await CouncilCase.filter(id=case.id).update(state="accepted")
    await CaseOutcome.filter(case_id=case.id).delete()
    await TimelineEntry.filter(subject_type=SUBJECT, subject_id=case.id, action="close").delete()

    await load_seeds(SEEDS)

    assert (await CouncilCase.get(id=case.id)).state == "closed"
    assert await CaseOutcome.filter(case_id=case.id, settlement_payer="泊车公司").exists()
    assert await TimelineEntry.filter(subject_type=SUBJECT, subject_id=case.id).count() == 6
