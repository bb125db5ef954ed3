"""A member applies for aid: the program's rules are checked, then the application, its
invoices and its first timeline entry are written together, or nothing is."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from cityhub import clock
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.union.aid_applications import AidApplication, AidAttachment
from cityhub.models.union.aid_programs import AidKind, StudentAidChannel
from cityhub.resolvers import uploads, workflow
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.transactions import atomic
from cityhub.resolvers.union.aid_applications import (
    LIVE_STATES,
    applications_by_id,
    count_for_member,
    reference,
)
from cityhub.resolvers.union.aid_applications.facts import member_facts
from cityhub.resolvers.union.aid_applications.workflow import AID_WORKFLOW
from cityhub.resolvers.union.aid_programs import is_money, programs_by_id
from cityhub.resolvers.union.aid_programs.categories import category_by_code
from cityhub.resolvers.union.aid_programs.eligibility import medical_rules, member_rule
from cityhub.resolvers.union.members import lock_member, member_for_account

EARLIEST_ADMISSION = 2000


@dataclass(frozen=True)
class StudentDetails:
    child_name: str
    school: str
    admission_year: int
    channel: str


@dataclass(frozen=True)
class MedicalDetails:
    category: str
    self_paid_amount: Decimal
    treatment_started_on: date
    treatment_ended_on: date
    hospital: str


def _p(code: str, message: str, field: str, **params: object) -> Problem:
    return Problem(code, message, field, dict(params))


def _student_problems(
    program: dict[str, Any], member: dict[str, Any], details: StudentDetails
) -> list[Problem]:
    """What is wrong with the child's details and the channel, before any counting."""
    problems = []
    if not 0 < len(details.child_name.strip()) <= 50:
        problems.append(_p("INVALID", N_("子女姓名须为 1-50 个字"), "student.childName"))
    if not 0 < len(details.school.strip()) <= 100:
        problems.append(_p("INVALID", N_("学校名称须为 1-100 个字"), "student.school"))
    if not EARLIEST_ADMISSION <= details.admission_year <= program["year"]:
        message = N_("入学年份须在 {first}-{last} 年之间")
        limits = {"first": EARLIEST_ADMISSION, "last": program["year"]}
        problems.append(_p("INVALID", message, "student.admissionYear", **limits))
    if details.channel == StudentAidChannel.NON_HARDSHIP and not program["non_hardship_channel"]:
        message = N_("本年度未开放非建档困难职工渠道")
        problems.append(_p("CHANNEL_CLOSED", message, "student.channel"))
    on_register = member["on_hardship_register"]
    if details.channel == StudentAidChannel.HARDSHIP_REGISTER and not on_register:
        message = N_("您不在困难职工档案中，请选择非建档渠道")
        problems.append(_p("NOT_ON_HARDSHIP_REGISTER", message, "student.channel"))
    return problems


async def _student_limits(
    program: dict[str, Any], member: dict[str, Any], child: str
) -> list[Problem]:
    """The yearly limit of children per member, and one application per child."""
    problems = []
    live = await count_for_member(program["id"], member["id"], LIVE_STATES)
    limit = program["max_students_per_member"]
    if limit is not None and live >= limit:
        message = N_("每名会员每年最多为 {max} 名子女申请")
        problems.append(_p("TOO_MANY_STUDENTS", message, "student", max=limit))
    if await count_for_member(program["id"], member["id"], LIVE_STATES, child_name=child):
        problems.append(_p("DUPLICATE_CHILD", N_("已为这名子女提交过申请"), "student.childName"))
    return problems


async def _check_student(
    program: dict[str, Any], member: dict[str, Any], details: StudentDetails | None
) -> tuple[list[Problem], dict[str, Any]]:
    if details is None:
        return [_p("DETAILS_REQUIRED", N_("请填写子女的就学信息"), "student")], {}
    child = details.child_name.strip()
    problems = _student_problems(program, member, details)
    problems += await _student_limits(program, member, child)
    row = {
        "child_name": child,
        "school": details.school.strip(),
        "admission_year": details.admission_year,
        "channel": details.channel,
    }
    return problems, row


def _check_treatment(program: dict[str, Any], details: MedicalDetails) -> list[Problem]:
    problems = []
    amount = details.self_paid_amount
    if not (is_money(amount) and amount > 0):
        problems.append(
            _p("INVALID_AMOUNT", N_("金额须大于 0，最多两位小数"), "medical.selfPaidAmount")
        )
    started, ended = details.treatment_started_on, details.treatment_ended_on
    if started > ended or ended > clock.today():
        problems.append(_p("INVALID_DATES", N_("治疗日期不正确"), "medical.treatmentEndedOn"))
    elif ended.year != program["year"]:
        problems.append(
            _p(
                "OUTSIDE_PROGRAM_YEAR",
                N_("治疗须在 {year} 年内结束"),
                "medical.treatmentEndedOn",
                year=program["year"],
            )
        )
    if not 0 < len(details.hospital.strip()) <= 100:
        problems.append(_p("INVALID", N_("医院名称须为 1-100 个字"), "medical.hospital"))
    return problems


async def _check_medical(
    program: dict[str, Any], member: dict[str, Any], details: MedicalDetails | None, invoices: int
) -> tuple[list[Problem], dict[str, Any]]:
    if details is None:
        return [_p("DETAILS_REQUIRED", N_("请填写就医信息"), "medical")], {}
    category = await category_by_code(details.category)
    facts = await member_facts(program, member, category, details.self_paid_amount)
    # The claim checker's rules, refused on here; the amount's form is checked first.
    amount_ok = is_money(details.self_paid_amount) and details.self_paid_amount > 0
    problems = [
        Problem(rule.code, rule.message, rule.field, rule.params)
        for rule in medical_rules(program, facts)
        # membership is _applicant's to report, for either kind of program
        if not rule.passed and rule.rule != "member_active"
        if amount_ok or rule.rule != "self_paid_threshold"
    ]
    if category is None:  # a code no category has, in place of "not covered"
        problems = [p for p in problems if p.code != "CATEGORY_NOT_COVERED"]
        message = N_("未知的费用类别：{category}")
        code = details.category[:24]
        problems.insert(0, _p("UNKNOWN_CATEGORY", message, "medical.category", category=code))
    problems += _check_treatment(program, details)
    if invoices == 0:
        problems.append(_p("INVOICE_REQUIRED", N_("请上传发票"), "invoices"))
    row = {
        "category": category["code"] if category else details.category,
        "self_paid_amount": details.self_paid_amount,
        "treatment_started_on": details.treatment_started_on,
        "treatment_ended_on": details.treatment_ended_on,
        "hospital": details.hospital.strip(),
    }
    return problems, row


async def _applicant(viewer: Viewer) -> tuple[dict[str, Any], list[Problem]]:
    """The applicant, and the problem with their membership (if any) among the others."""
    member = await member_for_account(viewer.account_id)
    if member is None:
        raise Rejected(_p("NOT_A_MEMBER", N_("当前账户没有关联会员"), "program"))
    active = member_rule(member["status"])
    return member, [] if active.passed else [Problem(active.code, active.message, "program")]


async def _program(program_id: int | None) -> tuple[dict[str, Any], list[Problem]]:
    """The program, and whether it takes applications today (a problem among the others)."""
    (program,) = await programs_by_id([program_id or 0])
    if program is None:
        raise Rejected(_p("UNKNOWN_PROGRAM", N_("找不到该资助项目"), "program"))
    today = clock.today()
    if (program["opens_on"] and today < program["opens_on"]) or (
        program["closes_on"] and today > program["closes_on"]
    ):
        return program, [_p("PROGRAM_CLOSED", N_("该项目当前不接受申请"), "program")]
    return program, []


async def apply(
    viewer: Viewer,
    program_id: int | None,
    *,
    student: StudentDetails | None,
    medical: MedicalDetails | None,
    files: list[uploads.IncomingFile],
    policy: uploads.UploadPolicy,
    validate_only: bool = False,
) -> dict[str, Any] | None:
    """The member's new application, submitted; Rejected with every problem otherwise.
    With ``validate_only``, nothing is written and None is returned when all is well."""
    member, problems = await _applicant(viewer)
    program, closed = await _program(program_id)
    problems += closed
    async with atomic():
        # Two applications sent at once cannot both pass the yearly limits counted below.
        await lock_member(member["id"])
        if program["kind"] == AidKind.STUDENT_AID:
            found, details = await _check_student(program, member, student)
        else:
            found, details = await _check_medical(program, member, medical, len(files))
        problems += found + uploads.check_files(files, policy, "invoices")
        if problems:
            raise Rejected(*problems)
        if validate_only:
            return None
        application_id = await _write(viewer, program, member, details, files, policy)
    (row,) = await applications_by_id([application_id])
    assert row is not None, "the application was just written"
    return row


async def _write(
    viewer: Viewer,
    program: dict[str, Any],
    member: dict[str, Any],
    details: dict[str, Any],
    files: list[uploads.IncomingFile],
    policy: uploads.UploadPolicy,
) -> int:
    now = clock.now()
    stored: list[uploads.StoredFile] = []
    try:
        async with atomic():
            created = await AidApplication.create(
                reference=f"NEW-{secrets.token_hex(8)}",
                program_id=program["id"],
                member_id=member["id"],
                state=AID_WORKFLOW.initial,
                submitted_at=now,
                updated_at=now,
                is_sample=False,
                **details,
            )
            # The number follows the id, so concurrent applications never collide.
            number = reference(program["kind"], program["year"], created.id)
            await AidApplication.filter(id=created.id).update(reference=number)
            stored = await uploads.store(files, policy, f"aid/{program['year']}")
            await AidAttachment.bulk_create(
                [AidAttachment(application_id=created.id, **vars(item)) for item in stored]
            )
            await workflow.start(AID_WORKFLOW, created.id, workflow.Actor(viewer))
    except BaseException:
        uploads.remove(stored, policy)
        raise
    return created.id
