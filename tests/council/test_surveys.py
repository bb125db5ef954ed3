"""Community surveys over GraphQL: the seeded dog-leash questionnaire and its results,
one response per resident of the community while a survey is open (an account that has
not registered where it lives, or lives in another community, is refused), every bad
answer refused with nothing written, written answers for the community's grid workers
only, statements pinned."""

from __future__ import annotations

import datetime as dt

import pytest

from cityhub import clock
from cityhub.models.council.communities import AreaKind, CouncilArea
from cityhub.models.council.residents import Resident
from cityhub.models.council.surveys import Survey, SurveyQuestion, SurveyResponse
from tests.council.case_support import grid_worker, live_in
from tests.helpers import codes, count_statements, gql, make_account, make_key, sign_in

SURVEYS = """
query($case: ID, $openOnly: Boolean) {
  councilSurveys(case: $case, openOnly: $openOnly) {
    id code title isOpen isSample responded residentHere
    community { name }
    case { id reference }
    questions { id position kind required choices { code label } }
    results { responses sampleResponses
      questions { answered texts question { position } choices { code count } } }
  }
}
"""
RESPOND = """
mutation($input: RespondToSurveyInput!) {
  respondToSurvey(input: $input) {
    survey { id responded results { responses } }
    userErrors { code field }
  }
}
"""


async def _surveys(client, **variables) -> dict[str, dict]:
    data = (await gql(client, SURVEYS, variables))["data"]["councilSurveys"]
    return {s["code"]: s for s in data}


def _counts(survey: dict, position: int) -> dict[str, int]:
    result = next(
        r for r in survey["results"]["questions"] if r["question"]["position"] == position
    )
    return {c["code"]: c["count"] for c in result["choices"]}


def _texts(survey: dict, position: int) -> list[str] | None:
    result = next(
        r for r in survey["results"]["questions"] if r["question"]["position"] == position
    )
    return result["texts"]


def _answers(survey: dict, **by_position) -> list[dict]:
    ids = {q["position"]: q["id"] for q in survey["questions"]}
    answers = []
    for key, value in by_position.items():
        position = int(key.removeprefix("q"))
        field = "text" if isinstance(value, str) else "choices"
        answers.append({"question": ids[position], field: value})
    return answers


async def test_the_dog_survey_is_seeded_with_its_case_and_sample_results(client):
    surveys = await _surveys(client)
    dogs, chargers = surveys["zc-dogs-2024"], surveys["zc-chargers-2025"]

    assert list(surveys) == ["zc-chargers-2025", "zc-dogs-2024"]  # the open one first
    assert chargers["isOpen"] and not dogs["isOpen"] and dogs["isSample"]
    assert dogs["case"]["reference"] == "YS2024-900002" and dogs["community"]["name"] == "中车社区"
    assert [q["kind"] for q in dogs["questions"]] == ["SINGLE", "SINGLE", "MULTIPLE", "TEXT"]
    assert dogs["results"]["responses"] == dogs["results"]["sampleResponses"] == 10
    assert _counts(dogs, 1) == {"yes": 4, "no": 6}
    assert _counts(dogs, 3)["stations"] == 8
    assert _texts(dogs, 4) is None  # written answers stay with the community
    by_case = await gql(client, SURVEYS, {"case": dogs["case"]["id"]})
    assert [s["code"] for s in by_case["data"]["councilSurveys"]] == ["zc-dogs-2024"]
    only_open = await _surveys(client, openOnly=True)
    assert list(only_open) == ["zc-chargers-2025"]


async def test_grid_workers_read_the_written_answers_a_partner_key_does_not(client):
    key = await make_key("partner", "stations:usage")
    seen = (await gql(client, SURVEYS, key=key))["data"]["councilSurveys"]
    assert all(_texts(s, 4 if s["code"] == "zc-dogs-2024" else 3) is None for s in seen)
    await grid_worker(client)

    dogs = (await _surveys(client))["zc-dogs-2024"]

    texts = _texts(dogs, 4)
    assert texts is not None and len(texts) == 2
    assert "希望投放点离楼门近一些（示例）" in texts


async def test_a_resident_responds_once_and_the_results_count_it(client):
    await make_account("neighbour")
    await sign_in(client, "neighbour")
    await live_in(client)
    survey = (await _surveys(client))["zc-chargers-2025"]
    answers = _answers(survey, q1=["now"], q2=["private", "shared"], q3="希望尽快")

    done = await gql(client, RESPOND, {"input": {"survey": survey["id"], "answers": answers}})
    payload = done["data"]["respondToSurvey"]
    again = await gql(client, RESPOND, {"input": {"survey": survey["id"], "answers": answers}})

    assert payload["userErrors"] == [] and payload["survey"]["responded"]
    assert payload["survey"]["results"]["responses"] == 3
    assert [e["code"] for e in again["data"]["respondToSurvey"]["userErrors"]] == [
        "ALREADY_RESPONDED"
    ]
    after = (await _surveys(client))["zc-chargers-2025"]
    assert after["results"]["responses"] == 3 and after["results"]["sampleResponses"] == 2
    assert _counts(after, 1)["now"] == 2 and _texts(after, 3) is None
    stored = await SurveyResponse.filter(survey__code="zc-chargers-2025", is_sample=False).get()
    assert list(stored.answers.values()) == [["now"], ["private", "shared"], "希望尽快"]


BAD = [
    ({"q2": ["private"]}, "ANSWER_REQUIRED", "answers.1"),
    ({"q1": ["someday"]}, "INVALID_CHOICE", "answers.1"),
    ({"q1": ["now", "later"]}, "INVALID_CHOICE", "answers.1"),
    ({"q1": ["now"], "q2": ["private", "nowhere"]}, "INVALID_CHOICE", "answers.2"),
]


@pytest.mark.parametrize(("answers", "code", "field"), BAD)
async def test_a_bad_answer_is_refused_and_nothing_is_written(client, answers, code, field):
    await make_account("neighbour")
    await sign_in(client, "neighbour")
    await live_in(client)
    survey = (await _surveys(client))["zc-chargers-2025"]
    data = {"survey": survey["id"], "answers": _answers(survey, **answers)}

    refused = (await gql(client, RESPOND, {"input": data}))["data"]["respondToSurvey"]

    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [(code, field)]
    assert await SurveyResponse.filter(is_sample=False).count() == 0


async def test_a_closed_survey_a_foreign_question_and_no_account_are_refused(client):
    surveys = await _surveys(client)
    dogs, chargers = surveys["zc-dogs-2024"], surveys["zc-chargers-2025"]
    first = _answers(chargers, q1=["now"])
    anonymous = await gql(client, RESPOND, {"input": {"survey": chargers["id"], "answers": first}})
    assert codes(anonymous) == ["UNAUTHENTICATED"]
    await make_account("neighbour")
    await sign_in(client, "neighbour")
    await live_in(client)

    closed = await gql(client, RESPOND, {"input": {"survey": dogs["id"], "answers": []}})
    foreign = first + _answers(dogs, q1=["yes"])
    mixed = await gql(client, RESPOND, {"input": {"survey": chargers["id"], "answers": foreign}})
    too_long = first + _answers(chargers, q3="长" * 501)
    long = await gql(client, RESPOND, {"input": {"survey": chargers["id"], "answers": too_long}})
    unknown = await gql(client, RESPOND, {"input": {"survey": first[0]["question"], "answers": []}})

    def errors(body):
        return [e["code"] for e in body["data"]["respondToSurvey"]["userErrors"]]

    assert errors(closed) == ["SURVEY_CLOSED"]
    assert errors(mixed) == ["UNKNOWN_QUESTION"]
    assert codes(long) == ["BAD_USER_INPUT"]
    assert errors(unknown) == ["NOT_FOUND"]
    assert await SurveyResponse.filter(is_sample=False).count() == 0


async def test_only_a_resident_of_the_surveys_community_may_respond(client):
    account = await make_account("neighbour")
    await sign_in(client, "neighbour")
    survey = (await _surveys(client))["zc-chargers-2025"]
    answers = _answers(survey, q1=["now"])
    assert not survey["residentHere"]

    stranger = await gql(client, RESPOND, {"input": {"survey": survey["id"], "answers": answers}})
    street = await CouncilArea.get(code="julun")
    elsewhere = await CouncilArea.create(
        code="far", kind=AreaKind.COMMUNITY, name="远方社区", parent_id=street.id
    )
    far = await CouncilArea.create(
        code="far-1",
        kind=AreaKind.COMPOUND,
        name="远方小区",
        parent_id=elsewhere.id,
        community_id=elsewhere.id,
    )
    await Resident.create(account_id=account["id"], compound=far, joined_at=clock.now())
    other = await gql(client, RESPOND, {"input": {"survey": survey["id"], "answers": answers}})
    moved = await live_in(client, "中车国际三期", building="5号楼")
    here = (await _surveys(client))["zc-chargers-2025"]
    done = await gql(client, RESPOND, {"input": {"survey": survey["id"], "answers": answers}})

    def errors(body):
        return [(e["code"], e["field"]) for e in body["data"]["respondToSurvey"]["userErrors"]]

    assert errors(stranger) == errors(other) == [("NOT_A_RESIDENT", "survey")]
    assert moved["userErrors"] == [] and moved["resident"]["compound"]["name"] == "中车国际三期"
    assert here["residentHere"] and errors(done) == []
    assert await SurveyResponse.filter(is_sample=False).count() == 1


async def test_a_survey_not_yet_open_takes_no_response(client):
    soon = clock.now() + dt.timedelta(days=1)
    await Survey.filter(code="zc-chargers-2025").update(opens_at=soon)
    await make_account("neighbour")
    await sign_in(client, "neighbour")
    await live_in(client)
    survey = (await _surveys(client))["zc-chargers-2025"]

    refused = await gql(
        client,
        RESPOND,
        {"input": {"survey": survey["id"], "answers": _answers(survey, q1=["now"])}},
    )

    assert not survey["isOpen"]
    assert [e["code"] for e in refused["data"]["respondToSurvey"]["userErrors"]] == [
        "SURVEY_CLOSED"
    ]


def _copied(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("id", "survey_id")}


async def test_the_list_sends_as_many_statements_for_many_surveys_as_for_two(client):
    await make_account("neighbour")
    await sign_in(client, "neighbour")
    two, _ = await count_statements(client, SURVEYS)
    template = await Survey.get(code="zc-dogs-2024")
    questions = await SurveyQuestion.filter(survey_id=template.id).values()
    for n in range(3):
        copy = await Survey.create(
            code=f"extra-{n}",
            community_id=template.community_id,
            case_id=template.case_id,
            title=f"加问卷{n}",
            opens_at=template.opens_at,
            closes_at=template.closes_at,
            is_sample=True,
        )
        await SurveyQuestion.bulk_create(
            [
                SurveyQuestion(
                    **{k: v for k, v in q.items() if k not in ("id", "survey_id")},
                    survey_id=copy.id,
                )
                for q in questions
            ]
        )

    five, data = await count_statements(client, SURVEYS)

    assert len(data["councilSurveys"]) == 5
    assert five == two


async def test_the_site_search_finds_a_survey_by_its_title_in_either_language(client):
    query = """query($t: String!) {
      search(text: $t) { domain totalCount sampleCount hits { title summary path isSample } }
    }"""

    chinese = (await gql(client, query, {"t": "充电桩需求"}))["data"]["search"]
    english = (await gql(client, query, {"t": "charger needs"}))["data"]["search"]

    for sections in (chinese, english):
        council = next(s for s in sections if s["domain"] == "council")
        surveys = [h for h in council["hits"] if h["path"].startswith("/council/surveys/")]
        assert len(surveys) == 1 and surveys[0]["isSample"]
        assert council["sampleCount"] >= 1 and "社区问卷" in surveys[0]["summary"]
