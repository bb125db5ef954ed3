"""Rental applications through GraphQL: reserve, sign, choose the payment, withdraw; every
illegal step refused with nothing changed; one reservation of the last unit whoever races;
reservations that expire free their unit; who may see what."""

from __future__ import annotations

import asyncio
import datetime as dt
from base64 import b64encode

import httpx

from cityhub import clock
from cityhub.models.housing.applications import RentalApplication
from cityhub.models.housing.projects import HousingUnit, UnitStatus
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers.housing.applications.reserve import expire_reservations
from tests.helpers import codes, gql, make_account, make_key, sign_in

FIELDS = """
  application { id reference state stateLabel unitCode monthlyRent paymentMethod
    project { code } availableActions { action label }
    timeline { action channel toState } }
  userErrors { code field message }
"""
RESERVE = f"mutation($input: ReserveUnitInput!) {{ reserveUnit(input: $input) {{ {FIELDS} }} }}"
SIGN = f"mutation($input: ApplicationStepInput!) {{ signLease(input: $input) {{ {FIELDS} }} }}"
CHOOSE = (
    "mutation($input: ChoosePaymentMethodInput!) "
    f"{{ choosePaymentMethod(input: $input) {{ {FIELDS} }} }}"
)
WITHDRAW = (
    "mutation($input: WithdrawApplicationInput!) "
    f"{{ withdrawApplication(input: $input) {{ {FIELDS} }} }}"
)
MINE = "{ viewer { rentalApplications { totalCount nodes { reference state } } } }"
QUEUE = "{ rentalApplications(first: 50) { totalCount nodes { reference state } } }"


def gid(kind: str, pk: int) -> str:
    return b64encode(f"{kind}:{pk}".encode()).decode()


async def available_unit(exclude: set[int] = frozenset()) -> HousingUnit:
    return (
        await HousingUnit.filter(status=UnitStatus.AVAILABLE, project__status="operating")
        .exclude(id__in=list(exclude) or [0])
        .order_by("id")
        .first()
    )


async def reserve(client, unit: HousingUnit, **more) -> dict:
    body = await gql(client, RESERVE, {"input": {"unit": gid("HousingUnit", unit.id), **more}})
    assert "errors" not in body, body
    return body["data"]["reserveUnit"]


async def step(client, document: str, application: str, **more) -> dict:
    body = await gql(client, document, {"input": {"application": application, **more}})
    assert "errors" not in body, body
    return next(iter(body["data"].values()))


async def citizen(client, name: str = "tenant") -> None:
    await make_account(name, "citizen")
    await sign_in(client, name)


async def test_reserve_sign_and_choose_the_fund(client):
    await citizen(client)
    unit = await available_unit()
    reserved = await reserve(client, unit)
    application = reserved["application"]
    assert reserved["userErrors"] == [] and application["state"] == "RESERVED"
    assert application["reference"].startswith("ZL") and application["unitCode"] == unit.code
    assert application["monthlyRent"] == f"{unit.monthly_rent:.2f}"
    assert (await HousingUnit.get(id=unit.id)).status == UnitStatus.RESERVED
    assert {a["action"] for a in application["availableActions"]} == {"SIGN_LEASE", "WITHDRAW"}

    signed = await step(client, SIGN, application["id"])
    assert signed["application"]["state"] == "LEASED"
    assert (await HousingUnit.get(id=unit.id)).status == UnitStatus.LEASED
    chosen = await step(client, CHOOSE, application["id"], method="FUND")
    assert chosen["application"]["state"] == "FUND_CHOSEN"
    assert chosen["application"]["paymentMethod"] == "FUND"
    timeline = chosen["application"]["timeline"]
    assert [t["action"] for t in timeline] == ["submit", "sign_lease", "choose_fund"]
    assert {t["channel"] for t in timeline} == {"ONLINE"}
    mine = await gql(client, MINE)
    assert mine["data"]["viewer"]["rentalApplications"]["totalCount"] == 1


async def test_illegal_steps_are_refused_and_change_nothing(client):
    await citizen(client)
    unit = await available_unit()
    application = (await reserve(client, unit))["application"]["id"]

    early = await step(client, CHOOSE, application, method="FUND")  # no lease yet
    assert [e["code"] for e in early["userErrors"]] == ["WRONG_STATE"]
    second = await reserve(client, await available_unit({unit.id}))
    assert [e["code"] for e in second["userErrors"]] == ["APPLICATION_OPEN"]
    withdrawn = await step(client, WITHDRAW, application, reason="换了工作")
    assert withdrawn["application"]["state"] == "WITHDRAWN"
    assert (await HousingUnit.get(id=unit.id)).status == UnitStatus.AVAILABLE
    again = await step(client, SIGN, application)
    assert [e["code"] for e in again["userErrors"]] == ["WRONG_STATE"]
    assert (await HousingUnit.get(id=unit.id)).status == UnitStatus.AVAILABLE
    live = await RentalApplication.filter(is_sample=False).values_list("id", flat=True)
    entries = TimelineEntry.filter(subject_type="rental_application", subject_id__in=live)
    assert await entries.count() == 2


async def test_bad_units_are_refused_with_a_code(client):
    await citizen(client)
    leased = await HousingUnit.filter(status=UnitStatus.LEASED).first()
    taken = await reserve(client, leased)
    assert [e["code"] for e in taken["userErrors"]] == ["UNIT_TAKEN"]
    missing = await gql(client, RESERVE, {"input": {"unit": gid("HousingUnit", 999999)}})
    assert [e["code"] for e in missing["data"]["reserveUnit"]["userErrors"]] == ["UNKNOWN_UNIT"]
    other = await gql(client, RESERVE, {"input": {"unit": gid("Station", 1)}})
    assert [e["code"] for e in other["data"]["reserveUnit"]["userErrors"]] == ["UNKNOWN_UNIT"]
    assert await RentalApplication.filter(is_sample=False).count() == 0


async def test_fifty_people_racing_for_the_last_unit_get_one_reservation(client, app):
    unit = await available_unit()
    await (
        HousingUnit.filter(status=UnitStatus.AVAILABLE)
        .exclude(id=unit.id)
        .update(status=UnitStatus.LEASED, residents=1)
    )
    clients = []
    for n in range(50):
        racer = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        )
        await make_account(f"racer{n}", "citizen")
        await sign_in(racer, f"racer{n}")
        clients.append(racer)
    variables = {"input": {"unit": gid("HousingUnit", unit.id)}}
    bodies = await asyncio.gather(*(gql(c, RESERVE, variables) for c in clients))
    for racer in clients:
        await racer.aclose()

    outcomes = [b["data"]["reserveUnit"] for b in bodies]
    won = [o for o in outcomes if o["application"]]
    assert len(won) == 1
    assert sorted({e["code"] for o in outcomes for e in o["userErrors"]}) == ["UNIT_TAKEN"]
    assert await RentalApplication.filter(unit_id=unit.id).count() == 1
    assert (await HousingUnit.get(id=unit.id)).status == UnitStatus.RESERVED


async def test_a_reservation_not_signed_in_time_expires_and_frees_the_unit(client):
    await citizen(client)
    unit = await available_unit()
    application = (await reserve(client, unit))["application"]["id"]

    assert await expire_reservations(clock.now() + dt.timedelta(hours=47)) == 0
    assert await expire_reservations(clock.now() + dt.timedelta(hours=49)) == 1
    assert (await HousingUnit.get(id=unit.id)).status == UnitStatus.AVAILABLE
    late = await step(client, SIGN, application)
    assert [e["code"] for e in late["userErrors"]] == ["WRONG_STATE"]
    mine = await gql(client, MINE)
    assert mine["data"]["viewer"]["rentalApplications"]["nodes"][0]["state"] == "EXPIRED"
    assert await expire_reservations(clock.now() + dt.timedelta(hours=49)) == 0  # once


async def test_an_officer_reserves_for_a_walk_in_applicant_in_person(client):
    walk_in = await make_account("walk-in", "citizen")
    await make_account("officer", "housing_officer")
    await sign_in(client, "officer")
    unit = await available_unit()
    done = await reserve(client, unit, applicant=gid("Account", walk_in["id"]))
    application = done["application"]
    assert done["userErrors"] == [] and application["timeline"][0]["channel"] == "IN_PERSON"
    signed = await step(client, SIGN, application["id"])
    assert signed["application"]["timeline"][-1]["channel"] == "IN_PERSON"
    queue = await gql(client, QUEUE)
    samples = await RentalApplication.filter(is_sample=True).count()
    assert queue["data"]["rentalApplications"]["totalCount"] == 1 + samples
    # The one application the test made (the seeded samples aside).
    assert (await RentalApplication.get(is_sample=False)).applicant_id == walk_in["id"]


async def test_others_see_nothing_of_an_application(client, app):
    await citizen(client, "owner")
    application = (await reserve(client, await available_unit()))["application"]["id"]

    await citizen(client, "neighbour")
    stranger = await step(client, SIGN, application)
    assert [e["code"] for e in stranger["userErrors"]] == ["NOT_FOUND"]
    node = await gql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": application})
    assert node["data"]["node"] is None
    assert codes(await gql(client, QUEUE)) == ["FORBIDDEN"]
    someone_else = await reserve(client, await available_unit(), applicant=gid("Account", 1))
    assert [e["code"] for e in someone_else["userErrors"]] == ["FORBIDDEN"]

    key = await make_key("partner", "stations:write")
    assert codes(await gql(client, QUEUE, key=key)) == ["FORBIDDEN"]
    keyed = await gql(client, SIGN, {"input": {"application": application}}, key=key)
    assert codes(keyed) == ["UNAUTHENTICATED"]
    anonymous = await gql(
        client.__class__(transport=client._transport, base_url="http://testserver"), QUEUE
    )
    assert codes(anonymous) in (["UNAUTHENTICATED"], ["FORBIDDEN"])


async def test_the_expiry_job_runs_in_one_process_at_a_time(client, settings, monkeypatch):
    from cityhub import jobs, leases
    from cityhub.resolvers.registry import jobs as installed_jobs

    (job,) = [j for j in installed_jobs() if j.name == "housing.expire_reservations"]
    await citizen(client)
    unit = await available_unit()
    await reserve(client, unit)
    later = clock.now() + dt.timedelta(hours=49)
    monkeypatch.setattr(clock, "now", lambda: later)

    lease = leases.leases_for(settings)
    first, second = leases.new_holder(), leases.new_holder()
    assert await jobs.run_once(job, lease, first) == 1  # the first takes the lease and works
    assert await jobs.run_once(job, lease, second) is None  # the other is kept out
    assert await jobs.run_once(job, lease, first) == 0  # nothing left to expire
    assert (await HousingUnit.get(id=unit.id)).status == UnitStatus.AVAILABLE


async def test_one_applicant_reserving_two_units_at_once_gets_one(client):
    await citizen(client, "double")
    first = await available_unit()
    second = await available_unit({first.id})
    bodies = await asyncio.gather(
        *(
            gql(client, RESERVE, {"input": {"unit": gid("HousingUnit", unit.id)}})
            for unit in (first, second, first, second)
        )
    )
    outcomes = [b["data"]["reserveUnit"] for b in bodies]
    assert sum(1 for o in outcomes if o["application"]) == 1
    assert {e["code"] for o in outcomes for e in o["userErrors"]} <= {
        "APPLICATION_OPEN",
        "UNIT_TAKEN",
    }
    assert await RentalApplication.filter(is_sample=False).count() == 1
    reserved = await HousingUnit.filter(id__in=[first.id, second.id], status=UnitStatus.RESERVED)
    assert len(reserved) == 1  # the refused one's unit was given back
