"""The grid workers' console on a case's page: the ASSIGN form with the community's
workers, and an update carrying a photo (a staff note's refused photo writes nothing)."""

from __future__ import annotations

import re

from cityhub.models.council.cases import CasePhoto
from cityhub.models.workflow import TimelineEntry
from tests.council.case_support import grid_worker, report
from tests.council.test_cases_pages import _png
from tests.helpers import csrf_from


async def test_a_grid_worker_assigns_a_case_from_its_page(client):
    case_id = (await report(client))["councilCase"]["id"]
    await grid_worker(client)
    page = await client.get(f"/council/cases/{case_id}")
    token = csrf_from(page.text)
    accepted = await client.post(
        f"/council/cases/{case_id}/act", data={"csrf_token": token, "action": "ACCEPT"}
    )
    assert accepted.status_code == 303
    page = await client.get(f"/council/cases/{case_id}")
    worker = re.search(r'<option value="([^"]+)"[^>]*>薄丽娜', page.text)
    assert worker, "the ASSIGN form lists the community's workers"

    blank = await client.post(
        f"/council/cases/{case_id}/act", data={"csrf_token": token, "action": "ASSIGN"}
    )
    assigned = await client.post(
        f"/council/cases/{case_id}/act",
        data={"csrf_token": token, "action": "ASSIGN", "assignee": worker.group(1)},
    )

    assert blank.status_code == 422 and "请选择要指派的工作人员" in blank.text
    assert assigned.status_code == 303
    shown = await client.get(f"/council/cases/{case_id}")
    assert "薄丽娜" in shown.text.split("<h2")[0]


async def test_a_grid_workers_update_carries_its_photo_from_the_page(client):
    case_id = (await report(client))["councilCase"]["id"]
    await grid_worker(client)
    token = csrf_from((await client.get(f"/council/cases/{case_id}")).text)
    act = f"/council/cases/{case_id}/act"
    await client.post(act, data={"csrf_token": token, "action": "ACCEPT"})

    posted = await client.post(
        act,
        data={"csrf_token": token, "action": "ADD_UPDATE", "note": "物业已到现场"},
        files={"photos": ("现场.png", _png(), "image/png")},
    )
    entries = await TimelineEntry.filter(subject_type="council_case").count()
    refused = await client.post(
        act,
        data={"csrf_token": token, "action": "STAFF_NOTE", "note": "附件"},
        files={"photos": ("a.pdf", b"%PDF-1.4 " + b"0" * 64, "application/pdf")},
    )

    assert posted.status_code == 303
    page = await client.get(f"/council/cases/{case_id}")
    assert "物业已到现场" in page.text and page.text.count('src="/council/photos/') == 1
    assert refused.status_code == 422 and "照片须为 JPEG 或 PNG" in refused.text
    assert await TimelineEntry.filter(subject_type="council_case").count() == entries
    assert await CasePhoto.all().count() == 1
