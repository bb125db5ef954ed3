"""Every refused report and step: a coded userError (or GraphQL error), and nothing
written — no case, no timeline entry, no state change."""

from __future__ import annotations

import pytest

from cityhub.models.council.cases import CaseMeeting, CasePhoto, CouncilCase, CouncilPolicy
from cityhub.models.workflow import TimelineEntry
from tests.council.case_support import (
    REPORT,
    error_codes,
    grid_worker,
    move,
    places,
    report,
    with_photos,
)
from tests.helpers import codes, gql, make_account, make_key, sign_in

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


async def snapshot() -> tuple[int, int, list[str]]:
    states = (
        await CouncilCase.filter(is_sample=False).order_by("id").values_list("state", flat=True)
    )
    entries = await TimelineEntry.filter(subject_type="council_case").count()
    return await CouncilCase.filter(is_sample=False).count(), entries, list(states)


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"title": "灯"}, "INVALID_LENGTH", "title"),
        ({"description": "太短"}, "INVALID_LENGTH", "description"),
        ({"lat": 37.8}, "INVALID_LOCATION", "location"),
        ({"category": "Q2FzZUNhdGVnb3J5Ojk5OTk="}, "UNKNOWN_CATEGORY", "category"),
        ({"compound": "Q291bmNpbEFyZWE6OTk5OQ=="}, "UNKNOWN_COMPOUND", "compound"),
        (
            {"attributes": [{"code": "charger_kind", "values": ["nuclear"]}]},
            "UNKNOWN_VALUE",
            "attributes.charger_kind",
        ),
        (
            {"attributes": [{"code": "no_such_field", "values": ["x"]}]},
            "UNKNOWN_ATTRIBUTE",
            "attributes.no_such_field",
        ),
        (
            {"onBehalf": {"name": "李先生", "channel": "PHONE"}},
            "FORBIDDEN",
            "onBehalf",
        ),
    ],
)
async def test_a_bad_report_is_refused_and_nothing_is_written(client, changes, code, field):
    before = await snapshot()

    made = await report(client, **changes)

    assert [(e["code"], e["field"]) for e in made["userErrors"]] == [(code, field)]
    assert made["councilCase"] is None
    assert await snapshot() == before


async def test_a_report_needs_someone_signed_in_or_a_key_with_the_scope(client):
    compounds, categories = await places(client)
    data = {
        "category": categories["pets"],
        "compound": compounds["中车国际一期"],
        "title": "遛狗不拴绳",
        "description": "晚上遛狗不拴绳，孩子被吓到。",
    }
    key = await make_key("map app", "stations:usage")
    before = await snapshot()

    assert codes(await gql(client, REPORT, {"input": data})) == ["UNAUTHENTICATED"]
    assert codes(await gql(client, REPORT, {"input": data}, key=key)) == ["FORBIDDEN"]
    assert await snapshot() == before


async def test_a_pdf_is_not_a_photo(client):
    await make_account("with-photo")
    await sign_in(client, "with-photo")
    compounds, categories = await places(client)
    data = {
        "category": categories["facilities"],
        "compound": compounds["中车国际三期"],
        "title": "地砖破损",
        "description": "单元门口的地砖碎了，容易绊倒。",
        "attributes": [{"code": "facility_kind", "values": ["paving"]}],
    }
    photos_before = await CasePhoto.all().count()
    refused = await with_photos(client, data, [("a.pdf", b"%PDF-1.4 x", "application/pdf")])

    assert error_codes(refused) == ["NOT_A_PHOTO"]
    assert await CasePhoto.all().count() == photos_before
    good = await with_photos(client, data, [("tile.png", PNG, "image/png")])
    assert good["userErrors"] == [], good
    photos = good["councilCase"]["photos"]
    assert [p["contentType"] for p in photos] == ["image/png"]


async def test_an_oversized_photo_or_one_too_many_writes_nothing(client, app):
    import dataclasses

    await make_account("big-photo")
    await sign_in(client, "big-photo")
    compounds, categories = await places(client)
    data = {
        "category": categories["sanitation"],
        "compound": compounds["中车国际一期"],
        "title": "垃圾桶满了没人清",
        "description": "三号楼下的垃圾桶已经三天没有清运，气味很大。",
    }
    before, photos_before = await snapshot(), await CasePhoto.all().count()
    settings = app.state.settings
    app.state.settings = dataclasses.replace(settings, upload_max_bytes=len(PNG))
    try:
        big = await with_photos(client, data, [("big.png", PNG + b"0", "image/png")])
        fits = await with_photos(client, data, [("fits.png", PNG, "image/png")])
    finally:
        app.state.settings = settings
    await CouncilPolicy.filter(id=1).update(photos_max=2)
    three = [(f"{n}.png", PNG, "image/png") for n in range(3)]
    many = await with_photos(client, {**data, "title": "垃圾桶又满了"}, three)

    assert [(e["code"], e["field"]) for e in big["userErrors"]] == [("FILE_TOO_LARGE", "photos")]
    assert "big.png" in big["userErrors"][0]["message"] and big["councilCase"] is None
    assert [(e["code"], e["field"]) for e in many["userErrors"]] == [("TOO_MANY_FILES", "photos")]
    assert fits["userErrors"] == [] and len(fits["councilCase"]["photos"]) == 1
    assert (await snapshot())[0] == before[0] + 1  # only the one that fit
    assert await CasePhoto.all().count() == photos_before + 1


@pytest.mark.parametrize(
    ("action", "code"),
    [
        ("START_CONSULTATION", "WRONG_STATE"),  # not accepted yet
        ("CLOSE", "WRONG_STATE"),
        ("MEDIATE", "WRONG_STATE"),
        ("REOPEN", "FORBIDDEN"),  # the reporter's
        ("RATE", "FORBIDDEN"),
        ("WITHDRAW", "FORBIDDEN"),
        ("DECLINE", "NOTE_REQUIRED"),
        ("ADD_UPDATE", "WRONG_STATE"),
    ],
)
async def test_a_step_out_of_turn_is_refused_and_nothing_moves(client, action, code):
    case = (await report(client))["councilCase"]
    await grid_worker(client)
    before = await snapshot()

    refused = await move(client, case["id"], action)

    assert error_codes(refused) == [code]
    assert await snapshot() == before


@pytest.mark.parametrize(
    ("action", "details", "code"),
    [
        ("REFER", {}, "DEPARTMENT_REQUIRED"),
        ("RECORD_MEETING", {}, "MEETING_REQUIRED"),
        (
            "RECORD_MEETING",
            {"meeting": {"heldAt": "2099-01-01T00:00:00Z", "place": "会议室", "minutes": "x"}},
            "MEETING_IN_FUTURE",
        ),
        ("RESOLVE", {}, "OUTCOME_REQUIRED"),
        ("MEDIATE", {"outcome": {"kind": "SOLVED", "summary": "和解"}}, "OUTCOME_KIND"),
        (
            "MEDIATE",
            {
                "outcome": {
                    "kind": "MEDIATION_AGREEMENT",
                    "summary": "赔偿",
                    "settlementAmount": "1800.005",
                    "settlementPayer": "泊车公司",
                }
            },
            "INVALID_AMOUNT",
        ),
        (
            "MEDIATE",
            {
                "outcome": {
                    "kind": "MEDIATION_AGREEMENT",
                    "summary": "赔偿",
                    "settlementAmount": "5",
                }
            },
            "PAYER_REQUIRED",
        ),
        ("ASSIGN", {}, "ASSIGNEE_REQUIRED"),
        ("DEPARTMENT_ANSWER", {}, "WRONG_STATE"),
    ],
)
async def test_a_step_without_what_it_needs_is_refused(client, action, details, code):
    case = (await report(client))["councilCase"]
    await grid_worker(client)
    assert error_codes(await move(client, case["id"], "ACCEPT")) == []
    assert error_codes(await move(client, case["id"], "START_CONSULTATION")) == []
    before = (await snapshot(), await CaseMeeting.all().count())

    refused = await move(client, case["id"], action, **details)

    assert error_codes(refused) == [code]
    assert (await snapshot(), await CaseMeeting.all().count()) == before


async def test_the_categorys_fields_are_kept_as_their_types(client):
    made = await report(
        client,
        category=(await places(client))[1]["property_management"],
        attributes=[{"code": "topics", "values": ["repairs", "fees", "repairs"]}],
    )

    assert made["userErrors"] == []
    assert made["councilCase"]["attributes"] == [{"code": "topics", "values": ["fees", "repairs"]}]


async def test_a_required_field_and_a_bad_number_are_refused(client):
    categories = (await places(client))[1]
    missing = await report(client, category=categories["facilities"])
    bad = await report(
        client,
        "resident-n",
        category=categories["disputes"],
        attributes=[{"code": "claimed_amount", "values": ["很多"]}],
    )

    assert [(e["code"], e["field"]) for e in missing["userErrors"]] == [
        ("REQUIRED", "attributes.facility_kind")
    ]
    assert [(e["code"], e["field"]) for e in bad["userErrors"]] == [
        ("NOT_A_NUMBER", "attributes.claimed_amount")
    ]


async def test_a_bad_rating_is_refused(client):
    case = (await report(client))["councilCase"]

    refused = await move(client, case["id"], "RATE", rating=9)

    assert error_codes(refused) == ["INVALID_RATING"]


async def test_a_grid_worker_of_another_community_cannot_act(client):
    case = (await report(client))["councilCase"]
    await make_account("grid-far", "grid_worker")
    await sign_in(client, "grid-far")

    refused = await move(client, case["id"], "ACCEPT")

    assert error_codes(refused) == ["FORBIDDEN"]
    assert (await CouncilCase.get(reference=case["reference"])).state == "received"


async def test_an_unknown_case_and_a_foreign_id_are_not_found(client):
    await make_account("someone")
    await sign_in(client, "someone")

    missing = await move(client, "Q291bmNpbENhc2U6OTk5OTk5", "WITHDRAW")
    foreign = await move(client, "U3RhdGlvbjox", "WITHDRAW")

    assert error_codes(missing) == ["NOT_FOUND"] == error_codes(foreign)


async def test_a_declined_case_keeps_its_reason(client):
    case = (await report(client))["councilCase"]
    await grid_worker(client)

    declined = await move(client, case["id"], "DECLINE", note="属于私人纠纷，请通过法律途径解决")

    assert declined["councilCase"]["state"] == "DECLINED"
    assert declined["councilCase"]["timeline"][-1]["note"] == "属于私人纠纷，请通过法律途径解决"
