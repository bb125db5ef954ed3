"""Rental applications on the portal: reserving from a project's page, the application
page (the eight steps, what to do next, the timeline), the steps as plain forms, the
applicant's list and the officers' queue; refusals said on the page."""

from __future__ import annotations

import re

from cityhub.models.housing.applications import RentalApplication
from cityhub.models.housing.projects import HousingUnit, UnitStatus
from tests.helpers import csrf_from, gql, make_account, sign_in

RESERVED = 11  # the seeded units already reserved: one in each operating project


async def _project_page(client) -> tuple[str, str]:
    body = await gql(client, "{ housingProjects(first: 50) { nodes { id code } } }")
    project = next(
        n["id"] for n in body["data"]["housingProjects"]["nodes"] if n["code"] == "zjt-wuyue"
    )
    path = f"/housing/projects/{project}"
    return path, (await client.get(path)).text


async def _reserve_first(client) -> tuple[str, object]:
    path, html = await _project_page(client)
    action = re.search(r'action="(/housing/units/[^"]+/reserve)"', html).group(1)
    project = path.rsplit("/", 1)[1]
    return action, await client.post(
        action, data={"csrf_token": csrf_from(html), "project": project}, follow_redirects=False
    )


async def test_a_visitor_is_asked_to_sign_in_to_reserve(client):
    _, html = await _project_page(client)
    assert "登录后预订" in html and "/reserve" not in html


async def test_reserving_leads_to_the_application_page_with_its_steps(client):
    await make_account("tenant", "citizen")
    await sign_in(client, "tenant")
    _, response = await _reserve_first(client)
    assert response.status_code == 303
    page = await client.get(response.headers["location"])

    assert page.status_code == 200 and "租房申请 ZL" in page.text
    assert page.text.count('class="done"') == 1 and "线上选房并预订" in page.text
    assert "请在" in page.text and "前签订租赁合同" in page.text
    html = page.text
    sign = await client.post(
        response.headers["location"] + "/step",
        data={"csrf_token": csrf_from(html), "action": "sign_lease"},
        follow_redirects=True,
    )
    assert sign.status_code == 200 and sign.text.count('class="done"') == 2
    mine = await client.get("/housing/applications")
    assert "已签约" in mine.text


async def test_a_refused_step_or_reservation_is_said_on_the_page(client):
    await make_account("tenant2", "citizen")
    await sign_in(client, "tenant2")
    action, first = await _reserve_first(client)
    location = first.headers["location"]
    page = await client.get(location)
    early = await client.post(
        location + "/step", data={"csrf_token": csrf_from(page.text), "action": "choose_fund"}
    )
    assert early.status_code == 422 and "不能执行此操作" in early.text
    bogus = await client.post(
        location + "/step", data={"csrf_token": csrf_from(page.text), "action": "x"}
    )
    assert bogus.status_code == 422
    path, html = await _project_page(client)
    again = await client.post(
        action,
        data={"csrf_token": csrf_from(html), "project": path.rsplit("/", 1)[1]},
        follow_redirects=True,
    )
    assert "您已有一份办理中的申请" in again.text
    assert await HousingUnit.filter(status=UnitStatus.RESERVED).count() == RESERVED + 1


async def test_without_the_form_token_nothing_happens(client):
    await make_account("tenant3", "citizen")
    await sign_in(client, "tenant3")
    _, html = await _project_page(client)
    action = re.search(r'action="(/housing/units/[^"]+/reserve)"', html).group(1)
    refused = await client.post(action, data={"project": "x"})
    assert refused.status_code == 403
    assert await HousingUnit.filter(status=UnitStatus.RESERVED).count() == RESERVED


async def test_the_officers_queue_is_for_officers(client):
    await make_account("tenant4", "citizen")
    await sign_in(client, "tenant4")
    assert (await client.get("/housing/queue")).status_code == 403
    await _reserve_first(client)
    await make_account("officer", "housing_officer")
    await sign_in(client, "officer")
    queue = await client.get("/housing/queue", params={"state": "reserved"})
    samples = await RentalApplication.filter(state="reserved", is_sample=True).count()
    assert queue.status_code == 200 and f"共 {1 + samples} 份" in queue.text
