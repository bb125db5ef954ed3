"""Joining the talent pool on the portal: the form asks a visitor to sign in, saves what
a resident offers (then shows it again, ticked), and each refusal is a message beside its
field with what was typed kept and nothing written."""

from __future__ import annotations

import re

from cityhub.models.council.residents import Resident, TalentMember
from tests.council.case_support import places
from tests.helpers import csrf_from, make_account, sign_in

PATH = "/council/talent"


async def _token(client) -> str:
    page = await client.get(PATH)
    assert page.status_code == 200
    return csrf_from(page.text)


async def test_a_visitor_is_sent_to_sign_in_and_the_community_page_links_here(client):
    response = await client.get(PATH)
    community = await client.get("/council")

    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=%2Fcouncil%2Ftalent")
    assert f'href="{PATH}"' in community.text and "加入人才库" in community.text


async def test_a_resident_joins_and_sees_what_they_offered(client):
    await make_account("sparks", phone="13800000021")
    await sign_in(client, "sparks")
    compounds, _ = await places(client)
    token = await _token(client)
    form = {
        "csrf_token": token,
        "compound": compounds["中车国际二期"],
        "building": "7号楼",
        "skills": ["ELECTRICIAN", "ENGINEER"],
        "technician": "1",
        "occupation": "电力公司检修工",
        "availability": "工作日晚上",
        "consent": "1",
    }

    sent = await client.post(PATH, data=form)
    page = await client.get(sent.headers["location"])

    assert sent.status_code == 303 and sent.headers["location"] == f"{PATH}?joined=1"
    assert "已保存，您在社区人才库中" in page.text and "电工" in page.text
    assert re.search(r'value="ELECTRICIAN" checked', page.text)
    assert not re.search(r'value="LAWYER" checked', page.text)
    assert re.search(r'name="consent" value="1" checked', page.text)
    assert not re.search(r'name="smsAlerts" value="1" checked', page.text)
    assert 'value="电力公司检修工"' in page.text and 'value="7号楼"' in page.text
    member = await TalentMember.get(resident__account__username="sparks")
    assert member.skills == ["electrician", "engineer"] and member.consent and member.technician
    home = await Resident.get(account__username="sparks").values("compound__name", "sms_alerts")
    assert home == {"compound__name": "中车国际二期", "sms_alerts": False}


async def test_each_refusal_stands_beside_its_field_and_writes_nothing(client):
    await make_account("unsure")
    await sign_in(client, "unsure")
    compounds, _ = await places(client)
    token = await _token(client)
    home = compounds["中车国际一期"]
    before = await Resident.all().count(), await TalentMember.all().count()
    cases = [
        ({"skills": "LAWYER"}, "compound", "请选择您居住的小区"),
        ({"compound": "SG91c2luZ1Byb2plY3Q6MQ==", "skills": "LAWYER"}, "compound", None),
        ({"compound": home}, "skills", "请至少选择一项专长"),
        ({"compound": home, "skills": "ASTRONAUT"}, "skills", "请至少选择一项专长"),
        ({"compound": home, "skills": "IT", "occupation": "长" * 101}, "occupation", "最多 100"),
        ({"compound": home, "volunteer": "1", "building": "楼" * 41}, "building", "最多 40"),
    ]

    for fields, name, message in cases:
        refused = await client.post(PATH, data={"csrf_token": token, **fields})
        assert refused.status_code == 422, fields
        assert f'id="{name}-error"' in refused.text, fields
        assert message is None or message in refused.text, fields
    kept = await client.post(
        PATH, data={"csrf_token": token, "skills": "DOCTOR", "availability": "周末上午"}
    )

    assert re.search(r'value="DOCTOR" checked', kept.text) and 'value="周末上午"' in kept.text
    assert (await Resident.all().count(), await TalentMember.all().count()) == before
