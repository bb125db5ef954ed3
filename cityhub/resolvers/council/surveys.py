"""Community surveys (the dog-leash questionnaire): their questions, one response per
resident of the community while a survey is open, checked question by question, and the
results counted from the responses (choices for everyone; written answers for the
community's grid workers only)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from cityhub import clock
from cityhub.errors import Problem, Rejected, Unauthenticated
from cityhub.i18n import N_
from cityhub.models.council.residents import Resident
from cityhub.models.council.surveys import Survey, SurveyQuestion, SurveyResponse
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.batching import rows_by_id, rows_by_parent
from cityhub.resolvers.transactions import atomic

TEXT_MAX = 500
SURVEY_FIELDS = (
    "id",
    "code",
    "community_id",
    "case_id",
    "title",
    "title_en",
    "description",
    "opens_at",
    "closes_at",
    "is_sample",
)
QUESTION_FIELDS = (
    "id",
    "survey_id",
    "position",
    "kind",
    "text",
    "text_en",
    "choices",
    "required",
)


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TEXT = "text"


@dataclass(frozen=True)
class Answer:
    """One question's answer: choice codes (single: one), or a written text."""

    question_id: int
    choices: tuple[str, ...] = ()
    text: str = ""


@dataclass
class Tally:
    """What one question's responses came to."""

    answered: int = 0
    choices: Counter[str] = field(default_factory=Counter)
    texts: list[str] = field(default_factory=list)


async def surveys_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(Survey, SURVEY_FIELDS, ids)


async def surveys_of_cases(case_ids: list[int]) -> list[list[dict[str, Any]]]:
    order = ("-opens_at", "id")
    return await rows_by_parent(Survey, SURVEY_FIELDS, "case_id", case_ids, order_by=order)


async def questions_of(survey_ids: list[int]) -> list[list[dict[str, Any]]]:
    order = ("position", "id")
    return await rows_by_parent(SurveyQuestion, QUESTION_FIELDS, "survey_id", survey_ids, order)


async def list_surveys(community_id: int | None, open_only: bool) -> list[dict[str, Any]]:
    """The surveys of a community (or all), open ones first, newest first."""
    query = Survey.all()
    if community_id is not None:
        query = query.filter(community_id=community_id)
    rows = await query.order_by("-opens_at", "id").limit(200).values(*SURVEY_FIELDS)
    now = clock.now()
    if open_only:
        rows = [r for r in rows if is_open(r, now)]
    return sorted(rows, key=lambda r: not is_open(r, now))


async def search_surveys(text: str, first: int) -> tuple[list[dict[str, Any]], int, int]:
    """Surveys whose title (in either language) contains ``text``: the newest ``first``,
    how many in all, and how many of those are samples."""
    words = text.strip()
    matching = Survey.filter(Q(title__icontains=words) | Q(title_en__icontains=words))
    found = await matching.order_by("-opens_at", "id").limit(first).values(*SURVEY_FIELDS)
    return found, await matching.count(), await matching.filter(is_sample=True).count()


def is_open(survey: dict[str, Any], now: Any = None) -> bool:
    moment = now or clock.now()
    return bool(survey["opens_at"] <= moment < survey["closes_at"])


async def responses_of(keys: list[tuple[int, int]]) -> list[dict[str, Any] | None]:
    """For each (account id, survey id): the account's own answers, None if it did not
    respond."""
    if not keys:
        return []
    accounts = sorted({a for a, _ in keys})
    query = SurveyResponse.filter(
        account_id__in=accounts, survey_id__in=sorted({s for _, s in keys})
    )
    rows = await query.values("account_id", "survey_id", "answers")
    found = {(r["account_id"], r["survey_id"]): r["answers"] for r in rows}
    return [found.get(key) for key in keys]


@dataclass
class Results:
    """A survey's responses (of them, sample ones) and each question's tally by id."""

    responses: int = 0
    samples: int = 0
    questions: dict[int, Tally] = field(default_factory=dict)


async def results_of(survey_ids: list[int]) -> list[Results]:
    """Per survey: how many responded, and per question how many answered, each choice's
    count and the texts written."""
    query = SurveyResponse.filter(survey_id__in=survey_ids).order_by("id")
    found = {i: Results() for i in survey_ids}
    for row in await query.values("survey_id", "answers", "is_sample"):
        results = found[row["survey_id"]]
        results.responses += 1
        results.samples += row["is_sample"]
        for key, value in row["answers"].items():
            tally = results.questions.setdefault(int(key), Tally())
            tally.answered += 1
            if isinstance(value, list):
                tally.choices.update(value)
            elif isinstance(value, str):
                tally.texts.append(value)
    return [found[i] for i in survey_ids]


def _checked(question: dict[str, Any], answer: Answer | None) -> tuple[Any, list[Problem]]:
    """The stored value of one answer (None: not answered), or what is wrong with it."""
    where = f"answers.{question['position']}"
    codes = {c["code"] for c in question["choices"]}
    picked = list(dict.fromkeys(answer.choices)) if answer else []
    text = answer.text.strip() if answer else ""
    if question["kind"] == QuestionKind.TEXT:
        if len(text) > TEXT_MAX:
            return None, [Problem("TOO_LONG", N_("最多 {max} 个字"), where, {"max": TEXT_MAX})]
        value: Any = text or None
    elif set(picked) - codes or (question["kind"] == QuestionKind.SINGLE and len(picked) > 1):
        return None, [Problem("INVALID_CHOICE", N_("请从给出的选项中选择"), where)]
    else:
        value = picked or None
    if value is None and question["required"]:
        return None, [Problem("ANSWER_REQUIRED", N_("请回答这个问题"), where)]
    return value, []


def checked_answers(questions: list[dict[str, Any]], answers: list[Answer]) -> dict[str, Any]:
    """{question id: choices or text} for the questions answered; Rejected with every
    problem (unknown questions, invalid choices, required questions left out)."""
    given = {a.question_id: a for a in answers}
    known = {q["id"] for q in questions}
    problems = [
        Problem("UNKNOWN_QUESTION", N_("问卷中没有这个问题"), "answers")
        for qid in given
        if qid not in known
    ][:1]
    stored: dict[str, Any] = {}
    for question in questions:
        value, wrong = _checked(question, given.get(question["id"]))
        problems += wrong
        if value is not None:
            stored[str(question["id"])] = value
    if problems:
        raise Rejected(*problems)
    return stored


async def respond(viewer: Viewer, survey_id: int | None, answers: list[Answer]) -> int:
    """Record the viewer's one response to an open survey of the community they live in
    (a resident of one of its compounds); returns the survey's id."""
    if viewer.account_id is None:
        raise Unauthenticated(N_("请先登录"))
    (survey,) = await surveys_by_id([survey_id or 0])
    if survey is None:
        raise Rejected(Problem("NOT_FOUND", N_("找不到该问卷"), "survey"))
    if not is_open(survey):
        raise Rejected(Problem("SURVEY_CLOSED", N_("该问卷不在填写时间内"), "survey"))
    lives_here = Resident.filter(
        account_id=viewer.account_id, compound__community_id=survey["community_id"]
    )
    if not await lives_here.exists():
        message = N_("这份问卷请本社区居民填写，请先登记您居住的小区")
        raise Rejected(Problem("NOT_A_RESIDENT", message, "survey"))
    (questions,) = await questions_of([survey["id"]])
    stored = checked_answers(questions, answers)
    try:
        async with atomic():
            await SurveyResponse.create(
                survey_id=survey["id"], account_id=viewer.account_id, answers=stored, at=clock.now()
            )
    except IntegrityError:
        raise Rejected(Problem("ALREADY_RESPONDED", N_("您已填写过该问卷"), "survey")) from None
    return int(survey["id"])
