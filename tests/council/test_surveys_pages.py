"""Community surveys on the portal: the list, a closed survey's results, the form of an
open one as a plain POST (a message beside the question, nothing written; once only),
registering the compound one lives in first (a message beside the field when refused),
and the case page's link to its survey."""

from __future__ import annotations

import re

from cityhub.models.council.residents import Resident
from cityhub.models.council.surveys import SurveyResponse
from tests.helpers import csrf_from, gql, make_account, sign_in

IDS = "{ councilSurveys { id code case { id } questions { position choices { code } } } }"
COMPOUNDS = "{ communities { compounds { id name } } }"


async def _surveys(client) -> dict[str, dict]:
    data = (await gql(client, IDS))["data"]["councilSurveys"]
    return {s["code"]: s for s in data}


async def test_the_list_and_a_closed_surveys_results(client):
    surveys = await _surveys(client)
    listed = await client.get("/council/surveys")
    dogs = await client.get(f"/council/surveys/{surveys['zc-dogs-2024']['id']}")

    assert listed.status_code == dogs.status_code == 200
    assert "养宠情况和文明养犬意见征集（示例）" in listed.text and "填写中" in listed.text
    assert "示例" in listed.text and "10 份答卷" in listed.text
    assert "已结束" in dogs.text and "<form" not in dogs.text.split('id="results-heading"')[0]
    assert "YS2024-900002" in dogs.text and "问卷和答卷均为示例数据" in dogs.text
    assert re.search(r'<progress max="10" value="6"', dogs.text)  # six keep no dog
    assert "希望投放点离楼门近一些" not in dogs.text  # written answers stay with staff
    case = await client.get(f"/council/cases/{surveys['zc-dogs-2024']['case']['id']}")
    assert f"/council/surveys/{surveys['zc-dogs-2024']['id']}" in case.text


async def test_a_visitor_is_asked_to_sign_in_and_a_bad_id_is_not_found(client):
    survey = (await _surveys(client))["zc-chargers-2025"]
    page = await client.get(f"/council/surveys/{survey['id']}")

    assert "登录后填写问卷" in page.text and 'name="q1"' not in page.text
    assert (await client.get("/council/surveys/nonsense")).status_code == 404
    missing = "Q291bmNpbFN1cnZleTo5OTk="  # CouncilSurvey:999
    assert (await client.get(f"/council/surveys/{missing}")).status_code == 404


async def _register(client, path: str) -> str:
    """Register 中车国际二期 by the survey page's own form; the CSRF token."""
    page = await client.get(path)
    assert 'name="q1"' not in page.text and "请先登记您居住的小区" in page.text
    compounds = (await gql(client, COMPOUNDS))["data"]["communities"][0]["compounds"]
    second = next(c["id"] for c in compounds if c["name"] == "中车国际二期")
    token = csrf_from(page.text)
    form = {"csrf_token": token, "compound": second, "building": "8号楼"}
    registered = await client.post(f"{path}/residence", data=form)
    assert registered.status_code == 303 and registered.headers["location"].startswith(path)
    return token


async def test_a_stranger_registers_where_they_live_by_the_page_first(client):
    await make_account("neighbour")
    await sign_in(client, "neighbour")
    path = f"/council/surveys/{(await _surveys(client))['zc-chargers-2025']['id']}"
    token = csrf_from((await client.get(path)).text)

    none = await client.post(f"{path}/residence", data={"csrf_token": token, "compound": ""})
    bogus = {"csrf_token": token, "compound": "SG91c2luZ1Byb2plY3Q6MQ==", "building": "3号楼"}
    foreign = await client.post(f"{path}/residence", data=bogus)
    long = {"csrf_token": token, "building": "楼" * 41}
    compounds = (await gql(client, COMPOUNDS))["data"]["communities"][0]["compounds"]
    too_long = await client.post(f"{path}/residence", data={**long, "compound": compounds[0]["id"]})
    answered = await client.post(path, data={"csrf_token": token, "q1": "now"})

    assert none.status_code == foreign.status_code == too_long.status_code == 422
    assert 'id="compound-error"' in none.text and "请选择您居住的小区" in none.text
    assert 'id="compound-error"' in foreign.text and 'value="3号楼"' in foreign.text
    assert 'id="building-error"' in too_long.text and "最多 40 个字" in too_long.text
    assert answered.status_code == 422 and "请先登记您居住的小区" in answered.text
    assert await Resident.filter(account__username="neighbour").count() == 0
    assert await SurveyResponse.filter(is_sample=False).count() == 0

    await _register(client, path)
    page = await client.get(path)
    assert 'name="q1"' in page.text and "请先登记您居住的小区" not in page.text
    home = await Resident.get(account__username="neighbour").values("building", "compound__name")
    assert home == {"building": "8号楼", "compound__name": "中车国际二期"}


async def test_a_resident_responds_by_the_plain_form_once(client):
    await make_account("neighbour")
    await sign_in(client, "neighbour")
    path = f"/council/surveys/{(await _surveys(client))['zc-chargers-2025']['id']}"
    token = await _register(client, path)

    missing = await client.post(path, data={"csrf_token": token, "q2": "shared", "q3": "好"})
    assert missing.status_code == 422
    assert 'id="q1-error"' in missing.text and "请回答这个问题" in missing.text
    assert re.search(r'value="shared" checked', missing.text)  # what was ticked stays
    assert await SurveyResponse.filter(is_sample=False).count() == 0

    sent = await client.post(
        path, data={"csrf_token": token, "q1": "later", "q2": ["private", "shared"]}
    )
    assert sent.status_code == 303 and sent.headers["location"].endswith("?responded=1")
    done = await client.get(sent.headers["location"])
    assert "您的答卷已提交" in done.text and "您已填写过这份问卷" in done.text
    assert 'name="q1"' not in done.text
    again = await client.post(path, data={"csrf_token": token, "q1": "now"})
    assert again.status_code == 422 and "您已填写过该问卷" in again.text
    assert await SurveyResponse.filter(is_sample=False).count() == 1
