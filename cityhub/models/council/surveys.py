"""Surveys (the dog-leash questionnaire): questions, one response per resident."""

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from cityhub.models.accounts import Account
    from cityhub.models.council.cases import CouncilCase
    from cityhub.models.council.communities import CouncilArea


class Survey(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    community: fields.ForeignKeyRelation["CouncilArea"] = fields.ForeignKeyField(
        "cityhub.CouncilArea", related_name="surveys", on_delete=fields.RESTRICT
    )
    case: fields.ForeignKeyNullableRelation["CouncilCase"] = fields.ForeignKeyField(
        "cityhub.CouncilCase", related_name="surveys", null=True, on_delete=fields.SET_NULL
    )
    title = fields.CharField(max_length=100)
    title_en = fields.CharField(max_length=200, default="")
    description = fields.TextField(default="")
    opens_at = fields.DatetimeField()
    closes_at = fields.DatetimeField()
    is_sample = fields.BooleanField(default=False)

    class Meta:
        table = "council_survey"
        ordering = ["-opens_at", "id"]


class SurveyQuestion(Model):
    id = fields.IntField(primary_key=True)
    survey: fields.ForeignKeyRelation[Survey] = fields.ForeignKeyField(
        "cityhub.Survey", related_name="questions", on_delete=fields.CASCADE
    )
    position = fields.SmallIntField()
    kind = fields.CharField(max_length=12)  # single, multiple, text
    text = fields.CharField(max_length=200)
    text_en = fields.CharField(max_length=400, default="")
    # [{code, label, label_en}] for single and multiple choice.
    choices: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(default=list)
    required = fields.BooleanField(default=True)

    class Meta:
        table = "council_survey_question"
        ordering = ["position", "id"]
        unique_together = (("survey", "position"),)


class SurveyResponse(Model):
    id = fields.IntField(primary_key=True)
    survey: fields.ForeignKeyRelation[Survey] = fields.ForeignKeyField(
        "cityhub.Survey", related_name="responses", on_delete=fields.CASCADE
    )
    account: fields.ForeignKeyRelation["Account"] = fields.ForeignKeyField(
        "cityhub.Account", related_name="survey_responses", on_delete=fields.CASCADE
    )
    # {question id (str): choice code, [choice codes] or text}
    answers: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    at = fields.DatetimeField()
    is_sample = fields.BooleanField(default=False)

    class Meta:
        table = "council_survey_response"
        unique_together = (("survey", "account"),)
