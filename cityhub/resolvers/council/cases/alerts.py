"""Following cases and compounds, and the alerts a public step sends their followers.

Every public step of a case (its timeline entry is public) is an alert for each account
that follows the case, except whoever took the step; a new public case is one for those
who follow its compound. A follower who opted in to SMS (Resident.sms_alerts) with a
phone gets the alert by text too: queued in the SMS outbox in the same transaction, so
what an alert says of its text is what the outbox reached. The reporter follows their
own case from the start.
"""

from __future__ import annotations

from typing import Any

from cityhub import clock
from cityhub.models.council.cases import CaseAlert, CaseFollow, CompoundFollow
from cityhub.models.council.residents import Resident
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers import sms
from cityhub.resolvers.council.cases import SUBJECT, case_now
from cityhub.resolvers.workflow import Move

ALERT_SUBJECT = "case_alert"  # the outbox's subject type of an alert's text
TEXT_MAX = 300
ALERTS_MAX = 100
NEW_CASE = "新议事"  # an alert's text is Chinese, as its SMS is


async def _latest_entry(case_id: int) -> dict[str, Any]:
    entry = (
        await TimelineEntry.filter(subject_type=SUBJECT, subject_id=case_id)
        .order_by("-id")
        .first()
        .values("id", "action", "to_state", "note", "is_public")
    )
    assert entry is not None, "the step's entry was written before its after hook"
    return entry


def alert_text(row: dict[str, Any], label: str, note: str) -> str:
    """What the alert (and its SMS) says: the case, the step, and the note's start."""
    text = f"【邻里议事】{row['reference']} {row['title']}：{label}"
    if note:
        text += f"——{note}"
    return text[:TEXT_MAX]


async def _send(row: dict[str, Any], entry_id: int, accounts: set[int], text: str) -> None:
    if not accounts:
        return
    now = clock.now()
    await CaseAlert.bulk_create(
        [
            CaseAlert(account_id=a, case_id=row["id"], entry_id=entry_id, text=text, created_at=now)
            for a in sorted(accounts)
        ]
    )
    texting = await Resident.filter(account_id__in=sorted(accounts), sms_alerts=True).values(
        "account_id", "account__phone", "is_sample"
    )
    phones = {r["account_id"]: r for r in texting if r["account__phone"]}
    if not phones:
        return
    alerts = await CaseAlert.filter(entry_id=entry_id, account_id__in=sorted(phones)).values(
        "id", "account_id"
    )
    await sms.Outbox().queue(
        [
            sms.SmsMessage(
                ALERT_SUBJECT,
                alert["id"],
                phones[alert["account_id"]]["account__phone"],
                text,
                sample=phones[alert["account_id"]]["is_sample"] or row["is_sample"],
            )
            for alert in alerts
        ]
    )


async def tell_followers(move: Move) -> None:
    """The workflow's after hook for every public step (in the step's transaction)."""
    if not move.transition.public:
        return
    entry = await _latest_entry(move.row["id"])
    row = await case_now(move.row["id"])
    rows = await CaseFollow.filter(case_id=row["id"]).values("account_id")
    followers = {r["account_id"] for r in rows} - {move.actor.viewer.account_id}
    label = move.workflow.label(move.transition.action)
    await _send(row, entry["id"], followers, alert_text(row, label, move.note))


async def new_case(row: dict[str, Any], entry_id: int, reporter: int | None) -> None:
    """A new case: its reporter follows it; a public one alerts its compound's followers."""
    now = clock.now()
    if reporter is not None:
        await CaseFollow.create(account_id=reporter, case_id=row["id"], created_at=now)
    if not row["is_public"]:
        return
    rows = await CompoundFollow.filter(compound_id=row["compound_id"]).values("account_id")
    watching = {r["account_id"] for r in rows} - {reporter}
    await _send(row, entry_id, watching, alert_text(row, NEW_CASE, ""))


async def follow_case(account_id: int, case_id: int) -> None:
    if not await CaseFollow.filter(account_id=account_id, case_id=case_id).exists():
        await CaseFollow.create(account_id=account_id, case_id=case_id, created_at=clock.now())


async def unfollow_case(account_id: int, case_id: int) -> None:
    await CaseFollow.filter(account_id=account_id, case_id=case_id).delete()


async def follow_compound(account_id: int, compound_id: int, follow: bool) -> None:
    query = CompoundFollow.filter(account_id=account_id, compound_id=compound_id)
    if not follow:
        await query.delete()
    elif not await query.exists():
        await CompoundFollow.create(
            account_id=account_id, compound_id=compound_id, created_at=clock.now()
        )


async def followed_case_ids(account_id: int) -> list[int]:
    query = CaseFollow.filter(account_id=account_id).order_by("-created_at", "-id")
    return [r["case_id"] for r in await query.values("case_id")]


async def following(account_id: int | None, case_ids: list[int]) -> list[bool]:
    if account_id is None:
        return [False for _ in case_ids]
    query = CaseFollow.filter(account_id=account_id, case_id__in=case_ids)
    found = {r["case_id"] for r in await query.values("case_id")}
    return [i in found for i in case_ids]


async def alerts_for(account_id: int, *, unread_only: bool) -> list[dict[str, Any]]:
    query = CaseAlert.filter(account_id=account_id)
    if unread_only:
        query = query.filter(read_at__isnull=True)
    return await (
        query.order_by("-created_at", "-id")
        .limit(ALERTS_MAX)
        .values("id", "case_id", "entry_id", "text", "created_at", "read_at")
    )


async def mark_read(account_id: int, alert_ids: list[int] | None) -> int:
    """Mark these alerts (all, when None) read; returns how many changed."""
    query = CaseAlert.filter(account_id=account_id, read_at__isnull=True)
    if alert_ids is not None:
        if not alert_ids:
            return 0
        query = query.filter(id__in=alert_ids)
    return await query.update(read_at=clock.now())
