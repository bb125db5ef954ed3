"""What `cityhub seed --scale 1` makes, each beside the published figure it stands for
(seeds/union/published_figures.json; 余/多 = more than, 近 = nearly, so a value a little
above or below). Totals count the seeded sample rows too: the generator makes the rest.
--scale N multiplies the members, the enrolments and the check-ins; the source's events
(the year's aid, the May Day holiday) happened once and are made once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

MEMBERS_PER_SCALE = 65_000  # union.members 6.5万人: generated active members
LEFT_PER_SCALE = 2_000  # not published: former members, numbered after the active ones
ENROLLED = {2023: 20_774, 2024: 49_680}  # union.medical_aid.enrolled_2023 / 近5万 in 2024
PAID_PEOPLE = {2024: 72}  # union.medical_aid.recipients_2024: 70多名 paid in 2024
PAID_YUAN = {2023: Decimal(53_600), 2024: Decimal(86_800)}  # 5万余元 / 8万多元
CLAIMS_2023 = 44  # not published: paid claims in 2023
SEVERAL = 3  # 其中数名职工多次住院: members paid for more than one stay in 2024
UNPAID_2024 = {"submitted": 5, "under_review": 6, "approved": 4, "rejected": 8, "withdrawn": 3}
STUDENT_APPLICATIONS = 126  # union.student_aid.applications_2024: 120余份
STUDENT_APPROVED = 35  # union.student_aid.approved_2024: 35份
STUDENT_WITHDRAWN = 6  # not published; the rest not approved were refused
CALLS = 2_680  # union.hotline.calls_may_day_2024
SMS = 9_868  # union.hotline.sms_may_day_2024: 9860余条
MAY_DAY = (date(2024, 5, 1), date(2024, 5, 5))  # the 2024 May Day holiday
WALK_INS = 380  # 2024-05-06 at the service centre: 当天接待数百人咨询
CONSULTATION_DAY = date(2024, 5, 6)
CHECK_INS_PER_SCALE = 40_000  # not published: visits over the last 90 days

# Each published figure and the target standing for it, for the test that holds them.
FIGURES = {
    "union.members": MEMBERS_PER_SCALE,
    "union.medical_aid.enrolled_2023": ENROLLED[2023],
    "union.medical_aid.enrolled_2024": ENROLLED[2024],
    "union.medical_aid.recipients_2024": PAID_PEOPLE[2024],
    "union.medical_aid.reimbursed_2023": PAID_YUAN[2023],
    "union.medical_aid.paid_2024": PAID_YUAN[2024],
    "union.student_aid.applications_2024": STUDENT_APPLICATIONS,
    "union.student_aid.approved_2024": STUDENT_APPROVED,
    "union.hotline.calls_may_day_2024": CALLS,
    "union.hotline.sms_may_day_2024": SMS,
}
