"""The seeded sample tenants and rental applications: every state of the workflow, each on
a unit whose state matches; every branch of the fund centre's check, as the simulator
judges it; one open application per applicant; transfers, the simulator's ledger and the
balance that agree; tenants who cannot sign in; seeds that a second run leaves alone; and
the 示例 badge on a sample application's page."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from itertools import pairwise

from cityhub import clock
from cityhub.models.accounts import Account
from cityhub.models.housing.applications import RentalApplication, RentTransfer
from cityhub.models.housing.fund_accounts import FundAccount, FundCentreTransfer
from cityhub.models.housing.projects import HousingUnit, UnitStatus
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers import accounts
from cityhub.resolvers.housing.applications import centre
from cityhub.resolvers.housing.applications.reserve import expire_reservations
from cityhub.resolvers.housing.applications.workflow import OPEN_STATES, RENT_WORKFLOW, SUBJECT, S
from cityhub.resolvers.housing.eligibility import Status, current_policy
from cityhub.resolvers.housing.fund_accounts.centres import centre_named
from cityhub.resolvers.housing.fund_accounts.simulator import Simulator, judged
from cityhub.seeding import load_seeds, read_seed
from cityhub.seeding.housing.fund_accounts import UNUSABLE_HASH
from cityhub.settings import PROJECT_DIR
from tests.helpers import PASSWORD, csrf_from, make_account, sign_in
from tests.housing.test_applications import gid

SEEDS = PROJECT_DIR / "seeds"
TENANTS = read_seed(SEEDS, "housing/fund_accounts.json")
APPLICATIONS = read_seed(SEEDS, "housing/rental_applications.json")
MET, NOT_MET = Status.MET, Status.NOT_MET
# branch -> (contributions, account, the reason of the condition not met)
BRANCHES = {
    "clear_12_months": (MET, MET, None),
    "clear": (MET, MET, None),
    "edge_3_months": (MET, MET, None),
    "short_2_months": (NOT_MET, MET, "连续足额缴存 {have} 个月，不满 {months} 个月"),
    "pledged": (MET, NOT_MET, "公积金账户有担保"),
    "frozen": (MET, NOT_MET, "公积金账户已冻结"),
    "under_loan": (MET, NOT_MET, "公积金账户有贷款"),
    "other_withdrawal": (MET, NOT_MET, "租赁合同期内已有其他租房提取记录"),
}
LEASED_ON = {S.LEASED, S.FUND_CHOSEN, S.VERIFIED, S.AUTHORIZED, S.SUBMITTED}
LEASED_ON |= {S.APPROVED, S.REJECTED, S.PAID, S.SELF_PAY}
ANYONE = ("owner", "housing_officer", "system")


async def samples() -> list[dict]:
    return await RentalApplication.filter(is_sample=True).values(
        "id",
        "reference",
        "state",
        "applicant__username",
        "unit_id",
        "monthly_rent",
        "lease_signed_at",
        "reserved_until",
        "centre_reference",
        "centre_reason",
        "fund_centre",
    )


async def judge(username: str) -> tuple[bool, list]:
    account = await Account.get(username=username)
    answer = await Simulator().check_account(account.id, clock.today())
    return answer.found, judged(answer, await current_policy()) if answer.found else []


async def test_every_state_of_the_workflow_is_seeded_with_a_sample_reference(app):
    rows = await samples()

    assert {r["state"] for r in rows} == {s.name for s in RENT_WORKFLOW.states}
    assert all(re.fullmatch(r"ZL2025-9\d{5}", r["reference"]) for r in rows)
    assert all(int(r["reference"][-6:]) > 900_000 for r in rows)
    assert len(rows) == len(APPLICATIONS)


async def test_each_unit_is_in_the_state_its_application_implies(app):
    for row in await samples():
        unit = await HousingUnit.get(id=row["unit_id"]).prefetch_related("project")
        signed = row["lease_signed_at"] is not None
        assert signed if row["state"] in LEASED_ON else True, row["reference"]
        assert not signed if row["state"] in (S.RESERVED, S.EXPIRED) else True
        wanted = UnitStatus.LEASED if signed else UnitStatus.AVAILABLE
        wanted = UnitStatus.RESERVED if row["state"] == S.RESERVED else wanted
        assert (unit.status, unit.project.status) == (wanted, "operating"), row["reference"]
        assert unit.monthly_rent == row["monthly_rent"]


async def test_every_branch_of_the_check_is_judged_as_its_record_says(app):
    assert {r["branch"] for r in TENANTS} == {*BRANCHES, "no_account"}
    for record in TENANTS:
        found, results = await judge(record["username"])
        if record["branch"] == "no_account":
            assert not found and record["fund_account"] is None
            continue
        contributions, account, reason = BRANCHES[record["branch"]]
        assert [r.status for r in results] == [contributions, account], record["branch"]
        failed = [r.reason.message for r in results if r.status == NOT_MET]
        assert failed == ([reason] if reason else []), record["branch"]


async def test_the_three_months_edge_is_met_and_two_months_is_not(app):
    months = {r["branch"]: r["fund_account"] for r in TENANTS}
    assert months["edge_3_months"]["consecutive_months"] == 3
    assert months["short_2_months"]["consecutive_months"] == 2
    assert (await current_policy())["min_contribution_months"] == 3


async def test_an_applicant_has_at_most_one_open_application(app):
    rows = await RentalApplication.filter(state__in=OPEN_STATES).values("applicant_id")

    assert max(Counter(r["applicant_id"] for r in rows).values()) == 1


async def test_each_application_fits_its_applicant_s_fund_account(app):
    branch = {r["username"]: r["branch"] for r in TENANTS}
    for row in await samples():
        found, results = await judge(row["applicant__username"])
        clear = found and all(r.status == MET for r in results)
        if row["state"] in (S.VERIFIED, S.AUTHORIZED, S.SUBMITTED, S.APPROVED, S.PAID):
            assert clear, row["reference"]
        if row["state"] == S.REJECTED:
            assert branch[row["applicant__username"]] in ("frozen", "pledged")
            reasons = [r.reason.message for r in results if r.status == NOT_MET]
            assert row["centre_reason"] == "；".join(reasons) == "公积金账户已冻结"
        decided = row["state"] in (S.APPROVED, S.REJECTED, S.PAID)
        assert (row["centre_reference"] == f"SIM-{row['reference']}") == decided


async def test_the_transfers_the_ledger_and_the_balance_agree(app):
    (paid,) = [r for r in await samples() if r["state"] == S.PAID]
    transfers = await RentTransfer.filter(application_id=paid["id"]).order_by("period_start")
    lease_month = paid["lease_signed_at"].astimezone(clock.SHANGHAI).replace(day=1).date()

    assert len(transfers) == 2
    for transfer in transfers:
        assert transfer.amount == paid["monthly_rent"] * transfer.months
        assert transfer.key == f"{paid['reference']}:{transfer.period_start:%Y-%m}"
        assert (transfer.status, transfer.fund_centre, transfer.is_sample) == (
            "done",
            "simulator",
            True,
        )
        assert transfer.period_start.day == 1 and transfer.period_start >= lease_month
        ledger = await FundCentreTransfer.get(key=transfer.key).prefetch_related("fund_account")
        assert (ledger.amount, ledger.reference) == (transfer.amount, transfer.reference)
        assert transfer.reference.startswith("SIMT-")
    record = next(r for r in TENANTS if r["username"] == paid["applicant__username"])
    account = await FundAccount.get(account__username=paid["applicant__username"])
    before = Decimal(record["fund_account"]["balance_before_transfers"])
    assert account.balance == before - sum(t.amount for t in transfers) >= 0
    assert ledger.fund_account.id == account.id


async def test_each_timeline_leads_to_its_state_as_the_workflow_writes_it(app):
    for row in await samples():
        entries = await TimelineEntry.filter(subject_type=SUBJECT, subject_id=row["id"]).order_by(
            "at", "id"
        )
        assert entries[0].action == "submit" and entries[-1].to_state == row["state"]
        for before, after in pairwise(entries):
            assert after.from_state == before.to_state and after.at > before.at
            allowed = RENT_WORKFLOW.allowed(before.to_state, ANYONE)
            assert after.action in {t.action for t in allowed}, row["reference"]
        for entry in entries:
            assert entry.actor_label and entry.actor_label_en, row["reference"]
            if entry.action in ("centre_approve", "centre_reject"):
                assert (entry.channel, entry.actor_label) == ("system", "住房公积金中心（模拟）")


async def test_the_sample_tenants_cannot_sign_in(client):
    for record in TENANTS[:2]:
        page = await client.get("/login")
        for password in ("", UNUSABLE_HASH, PASSWORD):
            form = {"username": record["username"], "password": password}
            response = await client.post(
                "/login", data={**form, "csrf_token": csrf_from(page.text)}
            )
            assert response.status_code in (422, 429), response.status_code
    for record in TENANTS:
        assert await accounts.authenticate_password(record["username"], UNUSABLE_HASH) is None
        stored = await Account.get(username=record["username"])
        assert stored.roles == ["citizen"] and stored.display_name.endswith("（示例）")


async def test_the_jobs_leave_the_samples_in_their_states(app):
    assert await expire_reservations() == 0
    assert await centre.deliver_due(centre_named("simulator"), 30.0) == 0


async def snapshot() -> list:
    return [
        await RentalApplication.filter(is_sample=True).order_by("id").values(),
        await RentTransfer.all().order_by("id").values(),
        await FundCentreTransfer.all().order_by("id").values(),
        await FundAccount.all().order_by("id").values(),
        await TimelineEntry.filter(subject_type=SUBJECT).order_by("id").values(),
        await HousingUnit.all().order_by("id").values("id", "status"),
    ]


async def test_a_second_seed_changes_nothing(app):
    before = await snapshot()
    seen: dict[str, object] = {}

    await load_seeds(SEEDS, lambda name, counts: seen.setdefault(name, counts))

    for name in ("housing/fund_accounts.json", "housing/rental_applications.json"):
        assert (seen[name].created, seen[name].updated) == (0, 0), name
    assert await snapshot() == before


async def test_a_seed_puts_back_a_sample_moved_since(app):
    reserved = await RentalApplication.get(reference="ZL2025-900009")
    await RentalApplication.filter(id=reserved.id).update(state="expired")
    await TimelineEntry.filter(subject_type=SUBJECT, subject_id=reserved.id).delete()

    await load_seeds(SEEDS)

    assert (await RentalApplication.get(id=reserved.id)).state == "reserved"
    assert await TimelineEntry.filter(subject_type=SUBJECT, subject_id=reserved.id).count() == 1


async def test_a_sample_application_s_page_shows_the_badge_to_an_officer(client):
    await make_account("officer", "housing_officer")
    await sign_in(client, "officer")
    paid = await RentalApplication.get(reference="ZL2025-900001")

    page = await client.get(f"/housing/applications/{gid('RentalApplication', paid.id)}")

    assert page.status_code == 200
    assert re.search(r'ZL2025-900001 <span class="badge sample"[^>]*>示例</span>', page.text)
    assert "SIMT-20250314-5c1e9a27" in page.text
