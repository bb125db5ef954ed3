"""Community surveys in the schema: a survey with its questions and results, the lists by
community or case, and respondToSurvey (one response per resident of the community while
it is open)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from cityhub import clock
from cityhub.i18n import N_
from cityhub.resolvers.council import residents as people
from cityhub.resolvers.council import surveys
from cityhub.resolvers.council.surveys import QuestionKind
from cityhub.schema.connections import node_pk, node_pks
from cityhub.schema.context import Info, batch_loader
from cityhub.schema.council.cases import CaseLoader, CouncilCase, cases_from_rows
from cityhub.schema.council.communities import AreaLoader, CouncilArea, viewer_communities
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.inputs import max_length
from cityhub.schema.labels import labelled_enum
from cityhub.schema.permissions import signed_in

ANSWERS_MAX = 50
CHOICES_MAX = 20

labelled_enum(
    QuestionKind,
    {
        QuestionKind.SINGLE: N_("单选"),
        QuestionKind.MULTIPLE: N_("多选"),
        QuestionKind.TEXT: N_("填写"),
    },
    name="SurveyQuestionKind",
    description="How a survey question is answered.",
)


SurveyLoader = batch_loader(surveys.surveys_by_id)
QuestionsLoader = batch_loader(surveys.questions_of)
ResultsLoader = batch_loader(surveys.results_of)
CaseSurveysLoader = batch_loader(surveys.surveys_of_cases)
HomeLoader = batch_loader(people.home_communities)


class ResponsesLoader(DataLoader[tuple[int, int], Any]):
    """The viewer's own answers, by (account id, survey id)."""

    def __init__(self) -> None:
        super().__init__(load_fn=surveys.responses_of)


@strawberry.type(description="One of a question's choices.")
class SurveyChoice:
    code: str = strawberry.field(description="Stable short code (what an answer gives).")
    label: str = strawberry.field(description="The choice in Chinese.")
    label_en: str = strawberry.field(description="The choice in English.")


@strawberry.type(description="A survey question.")
class SurveyQuestion:
    id: strawberry.ID = strawberry.field(description="What an answer names.")
    position: int = strawberry.field(description="Its place in the survey, from 1.")
    kind: QuestionKind = strawberry.field(description="Single or multiple choice, or written.")
    text: str = strawberry.field(description="The question in Chinese.")
    text_en: str = strawberry.field(description="The question in English.")
    required: bool = strawberry.field(description="Must be answered.")
    choices: list[SurveyChoice] = strawberry.field(description="Its choices (none if written).")

    @classmethod
    def from_row(cls, row: dict) -> SurveyQuestion:
        return cls(
            id=strawberry.ID(relay.to_base64("SurveyQuestion", row["id"])),
            position=row["position"],
            kind=QuestionKind(row["kind"]),
            text=row["text"],
            text_en=row["text_en"],
            required=row["required"],
            choices=[
                SurveyChoice(code=c["code"], label=c["label"], label_en=c.get("label_en", ""))
                for c in row["choices"]
            ],
        )


@strawberry.type(description="How often a choice was picked.")
class ChoiceCount:
    code: str = strawberry.field(description="The choice's code.")
    count: int = strawberry.field(description="Responses that picked it.")


@strawberry.type(description="What one question's responses came to.")
class QuestionResult:
    question: SurveyQuestion = strawberry.field(description="The question.")
    answered: int = strawberry.field(description="Responses that answered it.")
    choices: list[ChoiceCount] = strawberry.field(description="Each choice, in order.")
    texts: list[str] | None = strawberry.field(
        description="The written answers: the community's grid workers only (null otherwise)."
    )


@strawberry.type(description="What the survey's responses came to.")
class SurveyResults:
    responses: int = strawberry.field(description="Responses in all.")
    sample_responses: int = strawberry.field(description="Of them, sample data (示例).")
    questions: list[QuestionResult] = strawberry.field(description="Question by question.")


@strawberry.type(description="A community survey (e.g. the dog-leash questionnaire).")
class CouncilSurvey(relay.Node):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="Stable short code.")
    title: str = strawberry.field(description="Its title in Chinese.")
    title_en: str = strawberry.field(description="Its title in English.")
    description: str = strawberry.field(description="What it asks about and why.")
    opens_at: dt.datetime = strawberry.field(description="From when it takes responses (UTC).")
    closes_at: dt.datetime = strawberry.field(description="Until when (UTC, exclusive).")
    is_open: bool = strawberry.field(description="Taking responses now.")
    is_sample: bool = strawberry.field(description="Sample data (示例), not from the source.")
    raw: strawberry.Private[dict]

    @classmethod
    def from_row(cls, row: dict) -> CouncilSurvey:
        names = ("id", "code", "title", "title_en", "description", "opens_at", "closes_at")
        return cls(
            **{n: row[n] for n in names},
            is_open=surveys.is_open(row, clock.now()),
            is_sample=row["is_sample"],
            raw=row,
        )

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Any, required: bool = False):
        rows = await info.context.loader(SurveyLoader).load_many(
            [i or 0 for i in node_pks(node_ids)]
        )
        return [cls.from_row(r) if r else None for r in rows]

    @strawberry.field(description="The community that asks.")
    async def community(self, info: Info) -> CouncilArea:
        return CouncilArea.from_row(
            await info.context.loader(AreaLoader).load(self.raw["community_id"])
        )

    @strawberry.field(description="The case it was asked for, if one (and you may see it).")
    async def case(self, info: Info) -> CouncilCase | None:
        case_id = self.raw["case_id"]
        row = await info.context.loader(CaseLoader).load(case_id) if case_id else None
        built = await cases_from_rows(info, [row]) if row else []
        return built[0] if built else None

    @strawberry.field(description="Its questions, in order.")
    async def questions(self, info: Info) -> list[SurveyQuestion]:
        rows = await info.context.loader(QuestionsLoader).load(self.id)
        return [SurveyQuestion.from_row(r) for r in rows]

    @strawberry.field(description="Whether you have responded (false when signed out).")
    async def responded(self, info: Info) -> bool:
        account = info.context.viewer.account_id
        if account is None:
            return False
        return await info.context.loader(ResponsesLoader).load((account, self.id)) is not None

    @strawberry.field(
        description="Whether you live in its community (a resident of one of its compounds), "
        "whom it asks; false when signed out."
    )
    async def resident_here(self, info: Info) -> bool:
        account = info.context.viewer.account_id
        if account is None:
            return False
        home = await info.context.loader(HomeLoader).load(account)
        return home is not None and home == self.raw["community_id"]

    @strawberry.field(description="What the responses came to so far.")
    async def results(self, info: Info) -> SurveyResults:
        tallied = await info.context.loader(ResultsLoader).load(self.id)
        questions = await info.context.loader(QuestionsLoader).load(self.id)
        staff = self.raw["community_id"] in await viewer_communities(info)
        return SurveyResults(
            responses=tallied.responses,
            sample_responses=tallied.samples,
            questions=[_result(q, tallied.questions.get(q["id"]), staff) for q in questions],
        )


def _result(question: dict, tally: surveys.Tally | None, staff: bool) -> QuestionResult:
    tally = tally or surveys.Tally()
    return QuestionResult(
        question=SurveyQuestion.from_row(question),
        answered=tally.answered,
        choices=[
            ChoiceCount(code=c["code"], count=tally.choices[c["code"]]) for c in question["choices"]
        ],
        texts=list(tally.texts) if staff else None,
    )


@strawberry.input(description="One question's answer: choices, or a written text.")
class SurveyAnswerInput:
    question: relay.GlobalID = strawberry.field(description="SurveyQuestion.id.")
    choices: list[str] = strawberry.field(
        default_factory=list,
        description="The choice codes picked (one for a single-choice question).",
        directives=max_length(40),
    )
    text: str = strawberry.field(
        default="", description="A written answer.", directives=max_length(surveys.TEXT_MAX)
    )


@strawberry.input(description="A response to a survey.")
class RespondToSurveyInput:
    survey: relay.GlobalID = strawberry.field(description="The CouncilSurvey.")
    answers: list[SurveyAnswerInput] = strawberry.field(description="The answers, any order.")


@strawberry.type(description="The survey after your response, or why nothing was written.")
class SurveyPayload:
    survey: CouncilSurvey | None = strawberry.field(default=None, description="The survey.")
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing was written."
    )


def _answers(data: RespondToSurveyInput) -> list[surveys.Answer]:
    return [
        surveys.Answer(
            question_id=node_pk(a.question, "SurveyQuestion") or 0,
            choices=tuple(a.choices[:CHOICES_MAX]),
            text=a.text,
        )
        for a in data.answers[:ANSWERS_MAX]
    ]


@strawberry.type
class SurveysQuery:
    @strawberry.field(
        description="Community surveys, open ones first, then newest first: of a community, "
        "or of a case, or all."
    )
    async def council_surveys(
        self,
        info: Info,
        community: Annotated[
            relay.GlobalID | None, strawberry.argument(description="A community.")
        ] = None,
        case: Annotated[
            relay.GlobalID | None, strawberry.argument(description="A council case.")
        ] = None,
        open_only: Annotated[
            bool, strawberry.argument(description="Only those taking responses now.")
        ] = False,
    ) -> list[CouncilSurvey]:
        if case is not None:
            pk = node_pk(case, "CouncilCase") or 0
            rows = await info.context.loader(CaseSurveysLoader).load(pk)
            rows = [r for r in rows if surveys.is_open(r) or not open_only]
        else:
            where = (node_pk(community, "CouncilArea") or 0) if community else None
            rows = await surveys.list_surveys(where, open_only)
        return [CouncilSurvey.from_row(r) for r in rows]

    @strawberry.field(description="A survey by its ID; null if none.")
    async def council_survey(self, info: Info, id: relay.GlobalID) -> CouncilSurvey | None:
        pk = node_pk(id, "CouncilSurvey")
        row = await info.context.loader(SurveyLoader).load(pk) if pk else None
        return CouncilSurvey.from_row(row) if row else None


@strawberry.type
class SurveysMutation:
    @strawberry.mutation(
        description="Respond to an open survey of the community you live in, once (register "
        "your residence first). Every problem (not a resident there, a required question "
        "left out, a choice that is not one, a second response) is a userError and "
        "nothing is written.",
        extensions=signed_in(),
    )
    async def respond_to_survey(self, info: Info, input: RespondToSurveyInput) -> SurveyPayload:
        pk = node_pk(input.survey, "CouncilSurvey")
        found, errors = await attempt(
            info, surveys.respond(info.context.viewer, pk, _answers(input))
        )
        if found is None:
            return SurveyPayload(user_errors=errors)
        row = await info.context.loader(SurveyLoader).load(found)
        return SurveyPayload(survey=CouncilSurvey.from_row(row), user_errors=errors)
