"""Staff review pages over HTTP: the queue, actions with and without htmx, invoices."""

from __future__ import annotations

import re

from tests.helpers import csrf_from
from tests.union.test_aid_support import PDF, as_member, as_staff


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


async def test_the_application_page_and_its_invoice_are_for_the_applicant_and_staff(client):
    await as_member(client, "TYDS0001")
    page = await client.get("/union/aid/medical-2024/apply")
    form = {
        "csrf_token": csrf_from(page.text),
        "category": "SPECIAL_DRUGS",
        "selfPaidAmount": "8000",
        "treatmentStartedOn": "2024-03-01",
        "treatmentEndedOn": "2024-06-30",
        "hospital": "山西省肿瘤医院",
    }
    await client.post(
        "/union/aid/medical-2024/apply",
        data=form,
        files=[("invoices", ("票.pdf", PDF, "application/pdf"))],
    )
    mine = await client.get("/union/aid/mine")
    application = re.findall(r'href="/union/aid/applications/([^"]+)"', mine.text)[0]
    detail = await client.get(f"/union/aid/applications/{application}")
    invoice = re.search(r'href="(/union/aid/files/[^"]+)"', detail.text).group(1)
    own_file = await client.get(invoice)

    await as_member(client, "TYDS0004")
    other_detail = await client.get(f"/union/aid/applications/{application}")
    other_file = await client.get(invoice)
    await as_staff(client)
    staff_file = await client.get(invoice)

    assert detail.status_code == 200 and "山西省肿瘤医院" in detail.text
    assert own_file.status_code == 200 and own_file.content == PDF
    assert own_file.headers["content-type"] == "application/pdf"
    assert own_file.headers["x-content-type-options"] == "nosniff"
    assert other_detail.status_code == 404 and other_file.status_code == 404
    assert staff_file.status_code == 200
