"""Council cases on the portal: the board and its filters, the report form as a plain
form (messages beside fields, nothing written; a redirect to the new case), the similar
cases beside it, a case's step forms for the grid worker and the reporter, and what a
visitor may not see (a private case, a missing photo)."""

from __future__ import annotations

import re
import struct
import zlib

from cityhub.models.council.cases import CouncilCase
from tests.council.case_support import grid_worker, move, places, report
from tests.helpers import csrf_from, make_account, sign_in

EV_TITLE = "地下车库装不了充电桩"


def _png() -> bytes:
    """A 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


async def _form(client) -> tuple[str, dict[str, str], dict[str, str]]:
    page = await client.get("/council/cases/new")
    assert page.status_code == 200
    compounds, categories = await places(client)
    return csrf_from(page.text), compounds, categories


def _fields(token: str, compounds: dict, categories: dict, **changes: str) -> dict[str, str]:
    return {
        "csrf_token": token,
        "compound": compounds["中车国际二期"],
        "category": categories["sanitation"],
        "title": "垃圾桶满了没人清",
        "description": "三号楼下的垃圾桶已经三天没有清运，气味很大。",
        "address": "三号楼下",
        "public": "1",
        **changes,
    }


async def _act(client, case_id: str, action: str, **fields: str):
    page = await client.get(f"/council/cases/{case_id}")
    data = {"csrf_token": csrf_from(page.text), "action": action, **fields}
    return await client.post(f"/council/cases/{case_id}/act", data=data)


async def test_the_board_lists_a_reported_case_and_filters_by_status(client):
    reference = (await report(client))["councilCase"]["reference"]

    board = await client.get("/council/cases")
    received = await client.get("/council/cases", params={"status": "received"})
    closed = await client.get("/council/cases", params={"status": "closed"})

    assert board.status_code == received.status_code == closed.status_code == 200
    assert EV_TITLE in board.text and reference in board.text and "已受理登记" in board.text
    assert "中车国际二期" in board.text and "充电桩安装" in board.text
    assert reference in received.text
    assert reference not in closed.text and "已办结" in closed.text
    fragment = await client.get("/council/cases", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and 'id="case-results"' in fragment.text


async def test_a_bad_report_is_said_beside_its_field_and_nothing_is_written(client):
    await make_account("writer", phone="13800000002")
    await sign_in(client, "writer")
    token, compounds, categories = await _form(client)
    before = await CouncilCase.all().count()

    refused = await client.post(
        "/council/cases/new", data=_fields(token, compounds, categories, title="脏")
    )

    assert refused.status_code == 422
    assert 'id="title-error"' in refused.text and "请填写 4 到 60 个字" in refused.text
    assert "三号楼下的垃圾桶已经三天没有清运" in refused.text  # what was typed stays
    assert await CouncilCase.all().count() == before


async def test_a_good_report_leads_to_its_case_page(client):
    await make_account("writer2", phone="13800000003")
    await sign_in(client, "writer2")
    token, compounds, categories = await _form(client)

    sent = await client.post(
        "/council/cases/new",
        data=_fields(token, compounds, categories),
        files={"photos": ("垃圾桶.png", _png(), "image/png")},
    )

    assert sent.status_code == 303
    location = sent.headers["location"]
    assert re.fullmatch(r"/council/cases/[^/?]+\?reported=1", location)
    page = await client.get(location)
    assert page.status_code == 200
    assert (
        "垃圾桶满了没人清" in page.text
        and "已受理登记" in page.text
        and "已提交，编号" in page.text
    )


async def test_an_oversized_photo_is_a_message_beside_the_field(client, app):
    import dataclasses

    await make_account("writer3", phone="13800000004")
    await sign_in(client, "writer3")
    token, compounds, categories = await _form(client)
    before = await CouncilCase.all().count()
    settings = app.state.settings
    app.state.settings = dataclasses.replace(settings, upload_max_bytes=16)
    try:
        refused = await client.post(
            "/council/cases/new",
            data=_fields(token, compounds, categories),
            files={"photos": ("大照片.png", _png(), "image/png")},
        )
    finally:
        app.state.settings = settings

    assert refused.status_code == 422
    assert 'id="photos-error"' in refused.text and "大照片.png" in refused.text
    assert "三号楼下的垃圾桶已经三天没有清运" in refused.text  # what was typed stays
    assert await CouncilCase.all().count() == before


async def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = await client.get("/council/cases/new")

    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=%2Fcouncil%2Fcases%2Fnew")


async def test_the_similar_cases_find_the_ev_charger_case(client):
    reported = await report(client)
    compounds, _ = await places(client)
    params = {"compound": compounds["中车国际二期"], "title": "地库充电桩装不了"}

    fragment = await client.get(
        "/council/cases/similar", params=params, headers={"HX-Request": "true"}
    )
    page = await client.get("/council/cases/similar", params=params)

    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "可能相同的议事" in fragment.text and EV_TITLE in fragment.text
    assert f"/council/cases/{reported['councilCase']['id']}" in fragment.text
    assert "<html" in page.text and EV_TITLE in page.text and "返回填写反映表" in page.text


async def test_a_resident_follows_a_suggested_case_instead_of_reporting_it(client):
    case_id = (await report(client))["councilCase"]["id"]
    await make_account("second", phone="13800000004")
    await sign_in(client, "second")
    token, compounds, categories = await _form(client)
    params = {"compound": compounds["中车国际二期"], "title": "地库充电桩装不了"}
    fragment = await client.get(
        "/council/cases/similar", params=params, headers={"HX-Request": "true"}
    )
    page = await client.get("/council/cases/similar", params=params)
    before = await CouncilCase.all().count()
    fields = _fields(token, compounds, categories, title="地库充电桩装不了", category="")
    checked = await client.post("/council/cases/new", data={**fields, "check": "1"})

    assert checked.status_code == 200 and EV_TITLE in checked.text  # without JavaScript
    assert "地库充电桩装不了" in checked.text and await CouncilCase.all().count() == before
    # The suggestion's button posts the report form (its token) to the case's follow.
    assert f'formaction="/council/cases/{case_id}/follow"' in fragment.text
    assert f'action="/council/cases/{case_id}/follow"' in page.text  # a form of its own
    followed = await client.post(
        f"/council/cases/{case_id}/follow",
        data={**_fields(token, compounds, categories), "follow": "1"},
    )

    assert followed.status_code == 303 and followed.headers["location"].endswith(case_id)
    shown = await client.get(followed.headers["location"])
    assert "已关注" in shown.text
    assert await CouncilCase.all().count() == before


async def test_a_grid_worker_accepts_the_case_from_its_page(client):
    case_id = (await report(client))["councilCase"]["id"]
    await grid_worker(client)

    accepted = await _act(client, case_id, "ACCEPT")

    assert accepted.status_code == 303
    page = await client.get(accepted.headers["location"])
    assert "已接单" in page.text and "13800000001" in page.text  # the reporter's phone
    assert 'value="START_CONSULTATION"' in page.text
    refused = await _act(client, case_id, "DEPARTMENT_ANSWER", note="x")
    assert refused.status_code == 422 and "已接单" in refused.text


async def test_the_reporter_rates_a_closed_case(client):
    case_id = (await report(client))["councilCase"]["id"]
    await grid_worker(client)
    for action, details in [
        ("ACCEPT", {}),
        ("RESOLVE", {"outcome": {"kind": "SOLVED", "summary": "供电公司为地库扩容"}}),
        ("CLOSE", {}),
    ]:
        assert (await move(client, case_id, action, **details))["userErrors"] == []
    await sign_in(client, "resident-a")

    rated = await _act(client, case_id, "RATE", rating="4", note="办得很快")

    assert rated.status_code == 303
    page = await client.get(f"/council/cases/{case_id}")
    assert "4 星" in page.text and "办得很快" in page.text and "供电公司为地库扩容" in page.text
    assert 'value="RATE"' not in page.text


async def test_a_private_case_is_not_found_for_another_resident(client):
    case_id = (await report(client, isPublic=False))["councilCase"]["id"]
    assert (await client.get(f"/council/cases/{case_id}")).status_code == 200
    await make_account("resident-c", phone="13800000004")
    await sign_in(client, "resident-c")

    assert (await client.get(f"/council/cases/{case_id}")).status_code == 404
    assert EV_TITLE not in (await client.get("/council/cases")).text


async def test_a_missing_photo_or_case_is_not_found(client):
    assert (await client.get("/council/photos/999999")).status_code == 404
    assert (await client.get("/council/photos/abc")).status_code == 404
    assert (await client.get("/council/cases/not-an-id")).status_code == 404


async def test_a_grid_worker_records_a_meeting_and_mediates_with_a_settlement(client):
    case_id = (await report(client))["councilCase"]["id"]
    await grid_worker(client)
    for action in ("ACCEPT", "START_CONSULTATION"):
        assert (await move(client, case_id, action))["userErrors"] == []

    met = await _act(
        client,
        case_id,
        "RECORD_MEETING",
        heldAt="2026-01-05T19:30",
        place="社区议事厅",
        attendees="居民代表，物业",
        minutes="物业同意地库扩容",
    )
    mediated = await _act(
        client,
        case_id,
        "MEDIATE",
        kind="MEDIATION_AGREEMENT",
        summary="物业出资扩容",
        parties="居民、物业公司",
        settlementAmount="1200",
        settlementPayer="物业公司",
    )

    assert met.status_code == mediated.status_code == 303
    page = (await client.get(f"/council/cases/{case_id}")).text
    assert "2026-01-05 19:30" in page and "社区议事厅" in page and "居民代表、物业" in page
    assert "已调解" in page and "1,200.00 元" in page and "由 物业公司 支付" in page
    wrong = await _act(
        client, case_id, "RESOLVE", kind="SOLVED", summary="x", settlementAmount="abc"
    )
    assert wrong.status_code == 422 and "请输入正确的金额" in wrong.text
