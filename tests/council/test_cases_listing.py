"""councilCases over GraphQL HTTP: the window of when cases were reported (from inclusive,
before exclusive), newest first with cursors across pages, reference numbers, several
categories at once, and the bounds on them, for anonymous callers, reporters and grid
workers alike."""

from __future__ import annotations

import datetime as dt

from cityhub.models.council.cases import CouncilCase
from cityhub.models.council.categories import CaseCategory
from tests.council.case_support import grid_worker, report
from tests.helpers import codes, gql

LIST = """
query($first: Int, $after: String, $from: DateTime, $before: DateTime, $newest: Boolean,
      $references: [String!], $categories: [ID!], $category: ID) {
  councilCases(first: $first, after: $after, submittedAfter: $from, submittedBefore: $before,
               newestFirst: $newest, references: $references, categories: $categories,
               category: $category) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    nodes { reference submittedAt }
  }
}
"""
T0 = dt.datetime(2001, 3, 1, 8, 0, tzinfo=dt.UTC)  # before every seeded case


async def cases_at(*moments: dt.datetime, prefix: str = "YS2001-7", **changes) -> list[str]:
    """Public cases just received, reported at these moments (copies of a seeded one), in
    the order given: their references."""
    (row,) = await CouncilCase.filter(is_public=True).order_by("id").limit(1).values()
    row = {k: v for k, v in row.items() if k != "id"} | {"state": "received", **changes}
    start = await CouncilCase.filter(reference__startswith=prefix).count()
    references = [f"{prefix}{start + i:05d}" for i in range(len(moments))]
    copies = [
        CouncilCase(**{**row, "reference": r, "submitted_at": at})
        for r, at in zip(references, moments, strict=True)
    ]
    await CouncilCase.bulk_create(copies)
    return references


async def listed(client, **variables) -> dict:
    body = await gql(client, LIST, variables)
    assert "errors" not in body, body["errors"]
    return body["data"]["councilCases"]


def references_of(page: dict) -> list[str]:
    return [n["reference"] for n in page["nodes"]]


async def test_the_window_takes_its_start_and_leaves_out_its_end(client):
    hour = dt.timedelta(hours=1)
    early, start, inside, end = await cases_at(T0 - hour, T0, T0 + hour, T0 + 2 * hour)
    window = {"from": T0.isoformat(), "before": (T0 + 2 * hour).isoformat(), "first": 100}
    shanghai = "2001-03-01T16:00:00+08:00"  # T0 as Beijing time
    naive = "2001-03-01T08:00:00"  # without an offset: UTC

    page = await listed(client, **window)
    assert references_of(page) == [start, inside]
    assert page["totalCount"] == 2
    assert references_of(await listed(client, **{**window, "from": shanghai})) == [start, inside]
    assert references_of(await listed(client, **{**window, "from": naive})) == [start, inside]
    later = await listed(client, **{**window, "before": (T0 + 3 * hour).isoformat()})
    assert end in references_of(later) and early not in references_of(later)


async def test_a_window_that_ends_before_it_starts_lists_nothing(client):
    await cases_at(T0)
    backwards = {"from": (T0 + dt.timedelta(days=1)).isoformat(), "before": T0.isoformat()}
    same = {"from": T0.isoformat(), "before": T0.isoformat()}

    assert (await listed(client, **backwards))["nodes"] == []
    assert (await listed(client, **same))["totalCount"] == 0


async def test_newest_first_pages_by_when_reported_across_cursors(client):
    minute = dt.timedelta(minutes=1)
    # Reported out of their rows' order, two at the same moment.
    moments = [T0 + 3 * minute, T0, T0 + 5 * minute, T0 + 3 * minute, T0 + minute]
    made = await cases_at(*moments)
    expected = [made[2], made[3], made[0], made[4], made[1]]  # then the later row first
    window = {"from": T0.isoformat(), "before": (T0 + 10 * minute).isoformat(), "newest": True}

    seen, after, cursors = [], None, []
    while True:
        page = await listed(client, **window, first=2, after=after)
        seen += references_of(page)
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        cursors.append(after)
    oldest = await listed(client, **{**window, "newest": False}, first=100)

    assert seen == expected and len(cursors) == 2
    assert references_of(oldest) == made  # by number, as without newestFirst
    await cases_at(T0 + 9 * minute)  # the newest now: the second page stays as it was
    second = await listed(client, **window, first=2, after=cursors[0])
    assert references_of(second) == expected[2:4]


async def test_a_cursor_of_one_order_is_refused_by_the_other(client):
    await cases_at(T0, T0 + dt.timedelta(minutes=1))
    window = {"from": T0.isoformat(), "first": 1}
    oldest = (await listed(client, **window))["pageInfo"]["endCursor"]
    newest = (await listed(client, **window, newest=True))["pageInfo"]["endCursor"]

    crossed = await gql(client, LIST, {**window, "newest": True, "after": oldest})
    crossed_back = await gql(client, LIST, {**window, "after": newest})
    assert codes(crossed) == ["INVALID_CURSOR"] and codes(crossed_back) == ["INVALID_CURSOR"]
    assert crossed["data"] is None or crossed["data"]["councilCases"] is None


async def test_references_name_cases_and_keep_private_ones_private(client):
    (public,) = await cases_at(T0)
    private = (await report(client, isPublic=False))["councilCase"]["reference"]
    named = [public, private, "YS2001-999999", public]
    reporter = await listed(client, references=named, first=100)
    client.cookies.clear()
    anonymous = await listed(client, references=named, first=100)
    await grid_worker(client)
    worker = await listed(client, references=named, first=100, newest=True)

    assert sorted(references_of(reporter)) == sorted([public, private])
    assert references_of(anonymous) == [public]
    assert anonymous["totalCount"] == 1
    assert sorted(references_of(worker)) == sorted([public, private])
    assert (await listed(client, references=[]))["nodes"] == []


async def test_too_many_or_too_long_references_are_coded_errors(client):
    many = [f"YS2001-{i:06d}" for i in range(101)]
    too_many = await gql(client, LIST, {"references": many})
    too_long = await gql(client, LIST, {"references": ["YS" + "9" * 30]})
    with_nul = await gql(client, LIST, {"references": ["YS2001-\x00"]})
    hundred = await listed(client, references=many[:100])

    assert codes(too_many) == ["TOO_MANY_REFERENCES"]
    assert too_many["errors"][0]["extensions"]["argument"] == "references"
    assert codes(too_long) == ["BAD_USER_INPUT"] and codes(with_nul) == ["BAD_USER_INPUT"]
    assert hundred["nodes"] == []


async def test_several_categories_list_together_and_are_bounded(client):
    ids = {
        c["code"]: c["id"]
        for c in (await gql(client, "{ caseCategories { id code } }"))["data"]["caseCategories"]
    }
    pets = await CaseCategory.get(code="pets")
    sanitation = await CaseCategory.get(code="sanitation")
    hour = dt.timedelta(hours=1)
    window = {"from": T0.isoformat(), "before": (T0 + 24 * hour).isoformat(), "newest": True}
    dogs = await cases_at(T0, T0 + 2 * hour, prefix="YS2001-6", category_id=pets.id)
    (litter,) = await cases_at(T0 + hour, prefix="YS2001-5", category_id=sanitation.id)
    others = await cases_at(T0 + 3 * hour)  # the seeded case's category
    both = [ids["pets"], ids["sanitation"]]

    together = await listed(client, **window, categories=both)
    narrowed = await listed(client, **window, categories=both, category=ids["pets"])
    none = await listed(client, **window, categories=[])
    foreign = await listed(client, **window, categories=["SG91c2luZ1Byb2plY3Q6MQ=="])
    too_many = await gql(client, LIST, {"categories": [ids["pets"]] * 51})

    assert references_of(together) == [dogs[1], litter, dogs[0]] and together["totalCount"] == 3
    assert others[0] not in references_of(together)
    assert references_of(narrowed) == [dogs[1], dogs[0]]
    assert none["nodes"] == [] and foreign["nodes"] == []
    assert codes(too_many) == ["TOO_MANY_CATEGORIES"]
    assert too_many["errors"][0]["extensions"]["argument"] == "categories"


async def test_moments_at_the_calendar_s_edges_list_without_failing(client):
    (made,) = await cases_at(T0)
    edges = [
        {"from": "0001-01-01T00:00:00+08:00", "before": "9999-12-31T23:59:59-08:00"},
        {"from": "0001-01-01T00:00:00", "before": "9999-12-31T23:59:59.999999"},
    ]

    for window in edges:
        assert made in references_of(await listed(client, **window, first=100, newest=True))
    bad = await gql(client, LIST, {"from": "yesterday"})
    assert codes(bad) == ["BAD_USER_INPUT"]
