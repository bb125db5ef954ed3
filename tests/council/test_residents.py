"""Residents and the talent pool through GraphQL: registering where one lives, joining
the pool (and every refusal of either, nothing written), the pool for grid workers of the
community only, names and phones hidden from everyone else, and the matching by skills."""

from __future__ import annotations

from cityhub.models.council.communities import CommunityWorker
from cityhub.models.council.residents import Resident, TalentMember
from tests.helpers import codes, count_statements, gql, make_account, make_key, sign_in

POOL = """
query($skills: [TalentSkill!]) {
  talentPool(skills: $skills) {
    skills occupation consent partyMember technician isSample name phone compound { name }
  }
}
"""
JOIN = """
mutation($input: JoinTalentPoolInput!) {
  joinTalentPool(input: $input) {
    talentMember { skills volunteer occupation consent name compound { name } }
    userErrors { code field message }
  }
}
"""
RESIDENCE = """
mutation($input: RegisterResidenceInput!) {
  registerResidence(input: $input) {
    resident { building smsAlerts compound { name } talent { skills } }
    userErrors { code field }
  }
}
"""
ME = "{ viewer { councilResident { building smsAlerts compound { name } talent { skills } } } }"
COMPOUNDS = "{ communities { compounds { id name } } }"


async def _compound_id(client, name: str) -> str:
    data = (await gql(client, COMPOUNDS))["data"]
    return next(p["id"] for c in data["communities"] for p in c["compounds"] if p["name"] == name)


async def _grid_worker(client, username: str = "grid-here") -> None:
    account = await make_account(username, "grid_worker")
    await CommunityWorker.filter(name="王琳").update(account_id=account["id"])
    await sign_in(client, username)


async def test_the_electrician_is_found_for_a_grid_worker_of_the_community(client):
    await _grid_worker(client)

    body = await gql(client, POOL, {"skills": ["ELECTRICIAN"]})
    members = body["data"]["talentPool"]

    assert members, body
    assert all("ELECTRICIAN" in m["skills"] and m["consent"] for m in members)
    electrician = members[0]
    assert electrician["compound"]["name"] == "中车国际二期"
    assert electrician["partyMember"] and electrician["technician"]
    assert electrician["name"] and electrician["phone"]


async def test_members_who_did_not_consent_are_not_offered(client):
    await _grid_worker(client)

    everyone = (await gql(client, POOL))["data"]["talentPool"]

    assert everyone and all(m["consent"] for m in everyone)
    assert await TalentMember.filter(consent=False).exists()


async def test_the_pool_is_refused_to_everyone_but_grid_workers(client):
    await make_account("resident-a")
    key = await make_key("partner", "stations:usage")

    assert codes(await gql(client, POOL)) == ["UNAUTHENTICATED"]
    assert codes(await gql(client, POOL, key=key)) == ["FORBIDDEN"]
    await sign_in(client, "resident-a")
    assert codes(await gql(client, POOL)) == ["FORBIDDEN"]


async def test_a_grid_worker_of_no_community_sees_an_empty_pool(client):
    await make_account("grid-elsewhere", "grid_worker")
    await sign_in(client, "grid-elsewhere")

    assert (await gql(client, POOL))["data"]["talentPool"] == []


async def test_a_resident_joins_and_sees_themselves(client):
    await make_account("resident-a", phone="13900001111")
    await sign_in(client, "resident-a")
    compound = await _compound_id(client, "中车国际一期")
    offer = {"skills": ["LAWYER"], "compound": compound, "consent": True, "building": "3号楼"}

    joined = (await gql(client, JOIN, {"input": offer}))["data"]["joinTalentPool"]
    again = await gql(client, JOIN, {"input": {"skills": ["LAWYER", "MEDIATOR"]}})
    me = (await gql(client, ME))["data"]["viewer"]["councilResident"]

    assert joined["userErrors"] == []
    assert joined["talentMember"]["name"] == "Resident-A"  # their own record
    assert joined["talentMember"]["compound"]["name"] == "中车国际一期"
    assert again["data"]["joinTalentPool"]["talentMember"]["skills"] == ["LAWYER", "MEDIATOR"]
    assert me["compound"]["name"] == "中车国际一期" and me["building"] == "3号楼"
    assert me["talent"]["skills"] == ["LAWYER", "MEDIATOR"]


async def test_refused_offers_write_nothing(client):
    await make_account("resident-a")
    await sign_in(client, "resident-a")
    compound = await _compound_id(client, "中车国际一期")
    before = await Resident.all().count(), await TalentMember.all().count()
    cases = [
        ({"skills": ["LAWYER"]}, "UNKNOWN_COMPOUND"),
        ({"skills": ["LAWYER"], "compound": "SG91c2luZ1Byb2plY3Q6MQ=="}, "UNKNOWN_COMPOUND"),
        ({"skills": [], "compound": compound}, "SKILLS_REQUIRED"),
        ({"skills": ["IT"], "compound": compound, "occupation": "长" * 101}, "TOO_LONG"),
        ({"skills": ["IT"], "compound": compound, "building": "楼" * 41}, "TOO_LONG"),
    ]
    for offer, code in cases:
        body = await gql(client, JOIN, {"input": offer})
        errors = body["data"]["joinTalentPool"]["userErrors"]
        assert [e["code"] for e in errors] == [code], offer

    assert (await Resident.all().count(), await TalentMember.all().count()) == before


async def test_a_resident_registers_where_they_live_without_joining_the_pool(client):
    await make_account("resident-a")
    await sign_in(client, "resident-a")
    one, three = (
        await _compound_id(client, "中车国际一期"),
        await _compound_id(client, "中车国际三期"),
    )
    pool = await TalentMember.all().count()

    first = await gql(client, RESIDENCE, {"input": {"compound": one, "building": " 2号楼 "}})
    moved = await gql(client, RESIDENCE, {"input": {"compound": three, "smsAlerts": True}})
    me = (await gql(client, ME))["data"]["viewer"]["councilResident"]

    registered = first["data"]["registerResidence"]
    assert registered["userErrors"] == [] and registered["resident"]["talent"] is None
    assert registered["resident"]["building"] == "2号楼"
    assert me["compound"]["name"] == "中车国际三期" and me["building"] == "2号楼"  # kept
    assert me["smsAlerts"] and me["talent"] is None
    assert moved["data"]["registerResidence"]["userErrors"] == []
    assert await Resident.filter(account__username="resident-a").count() == 1
    assert await TalentMember.all().count() == pool


async def test_a_refused_residence_writes_nothing(client):
    home = await _compound_id(client, "中车国际一期")
    anonymous = await gql(client, RESIDENCE, {"input": {"compound": home}})
    await make_account("resident-a")
    await sign_in(client, "resident-a")
    before = await Resident.all().count()
    community = (await gql(client, "{ communities { id } }"))["data"]["communities"][0]["id"]
    cases = [
        ({"compound": community}, "UNKNOWN_COMPOUND", "compound"),  # a community, not a compound
        ({"compound": "SG91c2luZ1Byb2plY3Q6MQ=="}, "UNKNOWN_COMPOUND", "compound"),
        ({"compound": home, "building": "楼" * 41}, "TOO_LONG", "building"),
    ]

    for data, code, field in cases:
        body = await gql(client, RESIDENCE, {"input": data})
        errors = body["data"]["registerResidence"]["userErrors"]
        assert [(e["code"], e["field"]) for e in errors] == [(code, field)], data
    garbled = await gql(client, RESIDENCE, {"input": {"compound": "not an id"}})

    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert codes(garbled) == ["BAD_REQUEST"]  # not a global ID at all
    assert await Resident.all().count() == before


async def test_joining_needs_an_account(client):
    key = await make_key("partner")
    offer = {"input": {"skills": ["IT"]}}

    assert codes(await gql(client, JOIN, offer)) == ["UNAUTHENTICATED"]
    assert codes(await gql(client, JOIN, offer, key=key)) == ["UNAUTHENTICATED"]
    assert (await gql(client, ME))["data"]["viewer"]["councilResident"] is None


async def test_an_unknown_skill_is_refused_by_the_schema(client):
    await make_account("resident-a")
    await sign_in(client, "resident-a")

    body = await gql(client, JOIN, {"input": {"skills": ["ASTRONAUT"]}})

    assert codes(body) == ["BAD_USER_INPUT"]


async def test_the_pool_takes_the_same_statements_for_one_skill_or_all(client):
    await _grid_worker(client)

    one, data = await count_statements(client, POOL, {"skills": ["ELECTRICIAN"]})
    every, more = await count_statements(client, POOL)

    assert len(more["talentPool"]) > len(data["talentPool"])
    assert every == one
