"""Staff review pages over HTTP: the queue and its filters, actions with and without htmx,
and the schema's refusals as form messages."""

from __future__ import annotations

import re
from base64 import b64decode

from tests.helpers import csrf_from
from tests.union.aid_support import as_member, as_staff, written


async def test_the_review_queue_is_for_union_staff(client):
    anonymous = await client.get("/union/aid/review")
    await as_member(client, "TYDS0001")
    member = await client.get("/union/aid/review")
    await as_staff(client)
    staff = await client.get("/union/aid/review", params={"state": "under_review"})

    assert anonymous.status_code == 303
    assert member.status_code == 403
    assert staff.status_code == 200
    assert "共 3 份申请" in staff.text
    assert 'value="under_review" selected' in staff.text


async def test_staff_act_from_the_queue_with_and_without_htmx(client):
    await as_staff(client)
    queue = await client.get("/union/aid/review", params={"state": "submitted"})
    token = csrf_from(queue.text)
    first, second = re.findall(r'id="row-([^"]+)"', queue.text)[:2]
    url = "/union/aid/applications/{}/review"

    plain = await client.post(
        url.format(first),
        data={
            "csrf_token": token,
            "action": "START_REVIEW",
            "next": "/union/aid/review?state=submitted",
        },
    )
    swapped = await client.post(
        url.format(second),
        data={"csrf_token": token, "action": "START_REVIEW"},
        headers={"HX-Request": "true"},
    )
    wrong = await client.post(
        url.format(second),
        data={"csrf_token": token, "action": "PAY", "amount": "10"},
        headers={"HX-Request": "true"},
    )
    forged = await client.post(url.format(second), data={"csrf_token": "x", "action": "APPROVE"})

    assert plain.status_code == 303
    assert plain.headers["location"] == "/union/aid/review?state=submitted"
    assert swapped.text.lstrip().startswith(f'<li class="aid-row" id="row-{second}"')
    assert "审核中" in swapped.text
    assert wrong.status_code == 422 and "不能执行此操作" in wrong.text
    assert forged.status_code == 403


async def test_a_refused_action_without_htmx_shows_the_application_again(client):
    await as_staff(client)
    queue = await client.get("/union/aid/review", params={"state": "paid"})
    application = re.findall(r'id="row-([^"]+)"', queue.text)[0]

    response = await client.post(
        f"/union/aid/applications/{application}/review",
        data={"csrf_token": csrf_from(queue.text), "action": "PAY", "amount": "1"},
    )

    assert response.status_code == 422
    assert "不能执行此操作" in response.text and "<h1>" in response.text


async def test_a_reason_over_the_schema_s_limit_is_its_form_message_and_nothing_moves(client):
    await as_staff(client)
    queue = await client.get("/union/aid/review", params={"state": "under_review"})
    application = re.findall(r'id="row-([^"]+)"', queue.text)[0]
    before = await written()

    response = await client.post(
        f"/union/aid/applications/{application}/review",
        data={"csrf_token": csrf_from(queue.text), "action": "REJECT", "reason": "字" * 2001},
    )

    assert response.status_code == 422
    assert '<p class="error" role="alert">原因最多 2000 个字</p>' in response.text
    assert "<h1>" in response.text and "审核中" in response.text
    assert await written() == before


async def test_an_unknown_action_is_a_form_message(client):
    await as_staff(client)
    queue = await client.get("/union/aid/review", params={"state": "submitted"})
    application = re.findall(r'id="row-([^"]+)"', queue.text)[0]

    response = await client.post(
        f"/union/aid/applications/{application}/review",
        data={"csrf_token": csrf_from(queue.text), "action": "DELETE"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 422
    assert "未知操作" in response.text and f'id="row-{application}"' in response.text


async def test_the_approve_form_offers_the_policy_s_amount_to_confirm(client):
    await as_staff(client)
    queue = await client.get("/union/aid/review", params={"state": "under_review"})

    approve_forms = [
        form
        for form in re.findall(r"<form[^>]*>.*?</form>", queue.text, re.S)
        if 'value="APPROVE"' in form
    ]
    offered = [re.search(r'name="amount"[^>]*value="([^"]*)"', form) for form in approve_forms]
    assert offered and all(offered) and all("required" in form for form in approve_forms)
    amounts = [found.group(1) for found in offered if found and found.group(1)]
    assert amounts, "the medical claims under review have a formula"
    for form, amount in zip(approve_forms, amounts, strict=False):
        assert f"按政策计算为 {amount} 元" in form


async def test_the_queue_opens_on_what_needs_the_reviewer_oldest_first(client):
    from cityhub.models.union.aid_applications import AidApplication

    await as_staff(client)
    waiting = await AidApplication.filter(state__in=["submitted", "under_review", "approved"])

    default = await client.get("/union/aid/review")
    everything = await client.get("/union/aid/review", params={"state": "all"})
    english = await client.get("/union/aid/review", params={"lang": "en"})

    assert f"共 {len(waiting)} 份申请" in default.text
    assert 'value="needs_action" selected' in default.text
    assert "已发放" not in default.text.split('id="queue-results"')[1]
    assert f"共 {await AidApplication.all().count()} 份申请" in everything.text
    assert 'value="all" selected' in everything.text
    rows = [
        int(b64decode(r).decode().split(":")[1])
        for r in re.findall(r'id="row-([^"]+)"', default.text)
    ]
    assert rows == sorted(rows)  # oldest first
    assert "Waiting for me" in english.text
