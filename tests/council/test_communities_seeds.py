"""The council's seeds: the area tree from 杏花岭区 down to the grids, the four-level chain,
the named workers in their duties, the five 便便屋 as samples, the case catalogue, the
talent pool's electrician in 中车国际二期, sample residents who cannot sign in, malformed
seeds refused, and a second seed that changes nothing."""

from __future__ import annotations

import pytest

from cityhub.models.accounts import Account
from cityhub.models.council.categories import CaseCategory
from cityhub.models.council.communities import CommunityWorker, CouncilArea, OrgUnit
from cityhub.models.council.facilities import Facility
from cityhub.models.council.residents import Resident, TalentMember
from cityhub.resolvers import accounts
from cityhub.seeding import load_seeds, read_seed
from cityhub.seeding.council import categories, communities, residents
from cityhub.seeding.council.categories import DATATYPES, LISTS
from cityhub.seeding.council.residents import UNUSABLE_HASH
from cityhub.settings import PROJECT_DIR

SEEDS = PROJECT_DIR / "seeds"
AREAS = read_seed(SEEDS, "council/areas.json")
UNITS = read_seed(SEEDS, "council/org_units.json")
CATEGORIES = read_seed(SEEDS, "council/categories.json")
RESIDENTS = read_seed(SEEDS, "council/residents.json")
COMPOUNDS = ["中车国际一期", "中车国际二期", "中车国际三期"]
MODELS = (CouncilArea, OrgUnit, CommunityWorker, CaseCategory, Facility, Resident, TalentMember)


async def area(code: str) -> CouncilArea:
    return await CouncilArea.get(code=code).prefetch_related("parent", "district", "community")


async def test_the_street_hangs_from_xinghualing_and_the_community_from_the_street(app):
    street, community = await area("julun"), await area("zhongche")

    assert (street.kind, street.name, street.parent, street.is_sample) == (
        "street",
        "巨轮街道",
        None,
        False,
    )
    assert street.district.code == "xinghualing" and street.district.name == "杏花岭区"
    assert (community.kind, community.name, community.parent.code) == (
        "community",
        "中车社区",
        "julun",
    )
    assert community.community_id == community.id and community.district is None
    assert not community.is_sample


async def test_three_published_compounds_each_with_sample_grids_in_the_community(app):
    community = await CouncilArea.get(code="zhongche")
    compounds = await CouncilArea.filter(kind="compound").order_by("sort_order")
    grids = await CouncilArea.filter(kind="grid").prefetch_related("parent")

    assert [c.name for c in compounds] == COMPOUNDS
    assert all(not c.is_sample and c.parent_id == community.id for c in compounds)
    assert len(grids) == 6 and all(g.is_sample for g in grids)
    assert all(g.parent.kind == "compound" for g in grids)
    assert {g.parent_id for g in grids} == {c.id for c in compounds}
    assert {a.community_id for a in [*compounds, *grids]} == {community.id}


async def test_the_four_levels_of_the_chain_are_the_source_s_each_under_a_lower_one(app):
    units = {u.id: u for u in await OrgUnit.all()}
    published = sorted((u for u in units.values() if not u.is_sample), key=lambda u: u.level)

    assert [u.name for u in published] == [
        "中车社区党总支",
        "小区党支部",
        "物业党支部",
        "网格党小组",
    ]
    assert {u.level for u in units.values() if u.is_sample} == {2, 3, 4}
    for unit in units.values():
        parent = units.get(unit.parent_id)
        assert parent is None if unit.level == 1 else parent.level < unit.level, unit.name
    groups = [u for u in units.values() if u.level == 4 and u.is_sample]
    assert len(groups) == await CouncilArea.filter(kind="grid").count()


async def test_wang_lin_and_bo_lina_serve_in_their_duties(app):
    wang = await CommunityWorker.get(name="王琳").prefetch_related("grid__parent", "community")
    bo = await CommunityWorker.get(name="薄丽娜")
    others = await CommunityWorker.filter(is_sample=True)

    assert (wang.code, wang.duty, wang.is_sample, wang.phone) == (
        "zc-wanglin",
        "grid_worker",
        False,
        "",
    )
    assert wang.grid.kind == "grid" and wang.grid.parent.name == "中车国际二期"
    assert wang.community.name == "中车社区" and wang.account_id is None
    assert (bo.duty, bo.is_sample, bo.grid_id, bo.phone) == ("party_secretary", False, None, "")
    assert others and all(w.name.endswith("（示例）") and w.phone for w in others)


async def test_the_five_pet_waste_stations_are_samples_inside_their_compounds(app):
    stations = await Facility.filter(kind="pet_waste").prefetch_related("compound")

    assert len(stations) == 5
    assert all(s.is_sample for s in stations)
    for s in stations:
        assert s.compound.name in COMPOUNDS
        assert abs(s.lat - s.compound.lat) < 0.002 and abs(s.lng - s.compound.lng) < 0.002


async def test_the_catalogue_has_unique_codes_and_keywords_for_the_source_s_cases(app):
    rows = {c.code: c for c in await CaseCategory.all()}
    attributes = [a for c in rows.values() for a in c.attributes]

    assert len(rows) == len(CATEGORIES) >= 10 and all(c.keywords for c in rows.values())
    assert {"充电桩", "地库", "车位"} <= set(rows["ev_charging"].keywords)
    assert rows["ev_charging"].skills == ["electrician"]
    assert "遛狗不拴绳" in rows["pets"].keywords and "摔倒" in rows["disputes"].keywords
    assert "物业费" in rows["property_management"].keywords
    assert {c.group for c in rows.values()} == {
        "facilities",
        "environment",
        "safety",
        "property",
        "other",
    }
    assert {a["datatype"] for a in attributes} <= DATATYPES
    assert all(bool(a["values"]) == (a["datatype"] in LISTS) for a in attributes)
    (pet_kind,) = rows["pets"].attributes
    assert [v["key"] for v in pet_kind["values"]] == ["dog", "cat", "other"]


async def test_the_talent_pool_s_electrician_lives_in_zhongche_phase_two(app):
    electricians = [
        m
        for m in await TalentMember.all().prefetch_related(
            "resident__compound", "resident__account"
        )
        if "electrician" in m.skills
    ]

    assert len(electricians) == 1
    (member,) = electricians
    assert member.resident.compound.name == "中车国际二期"
    assert (member.occupation, member.party_member, member.technician) == (
        "电力部门在职党员",
        True,
        True,
    )
    assert member.consent and member.is_sample and member.resident.account.phone
    assert await TalentMember.filter(consent=False).exists()
    assert member.joined_at.tzinfo is not None


async def test_the_sample_residents_cannot_sign_in(app):
    assert await Resident.filter(is_sample=True).count() == len(RESIDENTS)
    for record in RESIDENTS:
        assert await accounts.authenticate_password(record["username"], UNUSABLE_HASH) is None
        stored = await Account.get(username=record["username"])
        assert stored.roles == ["citizen"] and stored.display_name.endswith("（示例）")


async def snapshot() -> list:
    return [await model.all().order_by("id").values() for model in MODELS]


async def test_a_second_seed_changes_nothing(app):
    before = await snapshot()
    seen: dict[str, object] = {}

    await load_seeds(SEEDS, lambda name, counts: seen.setdefault(name, counts))

    council = {name: counts for name, counts in seen.items() if name.startswith("council/")}
    assert len(council) == 10
    for name, counts in council.items():
        assert (counts.created, counts.updated) == (0, 0), name
    assert await snapshot() == before


async def test_a_resident_taken_out_of_the_pool_loses_the_membership(app):
    lawyer = next(r for r in RESIDENTS if r["talent"] and "lawyer" in r["talent"]["skills"])

    counts = await residents.import_residents([{**lawyer, "talent": None}])

    assert (counts.created, counts.updated) == (0, 1)
    resident = await Resident.get(account__username=lawyer["username"])
    assert not await TalentMember.filter(resident_id=resident.id).exists()


def _with(records: list[dict], code_key: str, code: str, **change) -> list[dict]:
    return [{**r, **change} if r[code_key] == code else r for r in records]


REFUSED = {
    "grid-under-community": (
        communities.import_areas,
        _with(AREAS, "code", "zc-1-g1", parent="zhongche"),
        "a grid hangs from a compound",
    ),
    "district-on-community": (
        communities.import_areas,
        _with(AREAS, "code", "zhongche", district="xinghualing"),
        "only a street, names its district",
    ),
    "child-first": (communities.import_areas, [*AREAS[1:], AREAS[0]], "must come before it"),
    "level-5": (
        communities.import_org_units,
        _with(UNITS, "name", "中车社区党总支", level=5),
        "levels 1 to 4",
    ),
    "parent-higher": (
        communities.import_org_units,
        _with(UNITS, "name", "小区党支部", parent="网格党小组"),
        "under a unit of a lower level",
    ),
    "no-keywords": (
        categories.import_categories,
        _with(CATEGORIES, "code", "other", keywords=[]),
        "keywords point reports to it",
    ),
    "unmarked-name": (
        residents.import_residents,
        _with(RESIDENTS, "username", "council-sample-01", display_name="张先生"),
        "name ends in （示例）",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
async def test_malformed_seeds_are_refused_before_anything_is_written(app, case):
    importer, records, message = REFUSED[case]
    before = await snapshot()

    with pytest.raises(ValueError, match=message):
        await importer(records)

    assert await snapshot() == before
