"""Seed import of the community surveys: each with its questions and its responses, the
responses checked as respondToSurvey checks them (the questions' kinds, choices and
required answers), keyed by the sample residents' usernames."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cityhub import clock
from cityhub.errors import Rejected
from cityhub.models.accounts import Account
from cityhub.models.council.cases import CouncilCase
from cityhub.models.council.communities import AreaKind, CouncilArea
from cityhub.models.council.residents import Resident
from cityhub.models.council.surveys import Survey, SurveyQuestion, SurveyResponse
from cityhub.resolvers.council.surveys import QUESTION_FIELDS, Answer, QuestionKind, checked_answers
from cityhub.seeding.imports import ImportCounts, one_record, upsert


def moment(text: str) -> dt.datetime:
    """A seed time with its offset, in UTC; "T24:00" is the end of that day in Taiyuan."""
    if "T24:00" in text:
        return clock.at_local(dt.date.fromisoformat(text[:10]), "24:00")
    if (at := dt.datetime.fromisoformat(text)).tzinfo is None:
        raise ValueError(f"{text}: a seed time carries its offset")
    return at.astimezone(dt.UTC)


def _survey_row(r: dict[str, Any], community: int, case: int | None) -> dict[str, Any]:
    opens, closes = moment(r["opens_at"]), moment(r["closes_at"])
    if closes <= opens:
        raise ValueError(f"survey {r['code']}: it closes before it opens")
    return {
        "code": r["code"],
        "community_id": community,
        "case_id": case,
        "title": r["title"],
        "title_en": r.get("title_en", ""),
        "description": r.get("description", ""),
        "opens_at": opens,
        "closes_at": closes,
        "is_sample": r["sample"],
    }


def _question_row(q: dict[str, Any], survey_id: int) -> dict[str, Any]:
    return {
        "survey_id": survey_id,
        "position": q["position"],
        "kind": QuestionKind(q["kind"]).value,
        "text": q["text"],
        "text_en": q.get("text_en", ""),
        "choices": q.get("choices", []),
        "required": q.get("required", True),
    }


def _answers(record: dict[str, Any], questions: list[dict[str, Any]]) -> dict[str, Any]:
    """The response's answers by question id, checked as the API checks them."""
    by_position = {str(q["position"]): q["id"] for q in questions}
    answers = []
    for position, value in record["answers"].items():
        if position not in by_position:
            raise ValueError(f"{record['username']}: no question {position}")
        text = value if isinstance(value, str) else ""
        choices = tuple(value) if isinstance(value, list) else ()
        kind = next(q["kind"] for q in questions if str(q["position"]) == position)
        if kind == QuestionKind.SINGLE:
            choices, text = (value,), ""
        answers.append(Answer(by_position[position], choices, text))
    try:
        return checked_answers(questions, answers)
    except Rejected as refused:
        raise ValueError(f"{record['username']}: {refused.problems}") from None


async def _import_one(r: dict[str, Any], places: dict[str, int], cases: dict[str, int]) -> Any:
    if r["community"] not in places or (r.get("case") and r["case"] not in cases):
        raise ValueError(f"survey {r['code']}: unknown community or case")
    row = _survey_row(r, places[r["community"]], cases.get(r.get("case") or ""))
    own, ids = await upsert(Survey, "code", [row])
    survey_id = ids[r["code"]]
    rows = [_question_row(q, survey_id) for q in r["questions"]]
    asked, _ = await upsert(SurveyQuestion, "position", rows, {"survey_id": survey_id})
    questions = await SurveyQuestion.filter(survey_id=survey_id).values(*QUESTION_FIELDS)
    names = [x["username"] for x in r["responses"]]
    accounts = dict(await Account.filter(username__in=names).values_list("username", "id"))
    if missing := set(names) - set(accounts):
        raise ValueError(f"survey {r['code']}: no accounts {sorted(missing)}")
    living = Resident.filter(
        account_id__in=list(accounts.values()), compound__community_id=places[r["community"]]
    )
    here = set(await living.values_list("account_id", flat=True))
    if elsewhere := sorted(n for n, i in accounts.items() if i not in here):
        raise ValueError(f"survey {r['code']}: not residents of its community {elsewhere}")
    responses = [
        {
            "survey_id": survey_id,
            "account_id": accounts[x["username"]],
            "answers": _answers(x, questions),
            "at": moment(x["at"]),
            "is_sample": r["sample"],
        }
        for x in r["responses"]
    ]
    answered, _ = await upsert(SurveyResponse, "account_id", responses, {"survey_id": survey_id})
    return one_record(own, asked, answered)


async def import_surveys(records: list[dict[str, Any]]) -> ImportCounts:
    """Surveys keyed by code, their questions by position, responses by the account."""
    query = CouncilArea.filter(kind=AreaKind.COMMUNITY)
    places = dict(await query.values_list("code", "id"))
    references = [r["case"] for r in records if r.get("case")]
    cases = dict(await CouncilCase.filter(reference__in=references).values_list("reference", "id"))
    counts = ImportCounts()
    for record in records:
        counts += await _import_one(record, places, cases)
    return counts
