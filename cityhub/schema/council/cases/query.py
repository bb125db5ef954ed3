"""Reading council cases: the board (filters, pages), one case, the cases like a text
being written (for the report form's suggestions), and a resident's followed cases and
alerts."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay

from cityhub.resolvers.council.cases import CaseFilter, list_cases, policy
from cityhub.resolvers.council.cases import alerts as following
from cityhub.resolvers.council.cases.matching import similar_cases as find_similar
from cityhub.schema.connections import After, Connection, First, connection, node_pk
from cityhub.schema.context import Info
from cityhub.schema.council.cases import (
    CaseLoader,
    CouncilCase,
    CouncilCaseState,
    cases_from_rows,
)
from cityhub.schema.council.communities import AreaLoader, viewer_communities
from cityhub.schema.inputs import at_most, max_length

TEXT_MAX = 100
SIMILAR_TEXT_MAX = 2000
REFERENCES_MAX = 100
CATEGORIES_MAX = 50
REFERENCE_MAX = 24  # YS2025-900101; the column's length


def _pk(global_id: relay.GlobalID | None, type_name: str) -> int | None:
    """The row id named by an argument; 0 (nothing matches) for one of another type."""
    if global_id is None:
        return None
    return node_pk(global_id, type_name) or 0


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    """A DateTime argument in UTC (one without an offset is taken as UTC)."""
    if moment is None or moment.tzinfo is None:
        return moment and moment.replace(tzinfo=dt.UTC)
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:  # before or after every moment UTC can name
        return (dt.datetime.min if moment.year == 1 else dt.datetime.max).replace(tzinfo=dt.UTC)


def _references(given: list[str] | None) -> frozenset[str] | None:
    at_most(given, REFERENCES_MAX, "TOO_MANY_REFERENCES", "references")
    return None if given is None else frozenset(r.strip() for r in given)


def _categories(given: list[relay.GlobalID] | None) -> frozenset[int] | None:
    """The categories' row ids; one of another type is left out (so matches nothing)."""
    at_most(given, CATEGORIES_MAX, "TOO_MANY_CATEGORIES", "categories")
    if given is None:
        return None
    return frozenset(pk for g in given if (pk := node_pk(g, "CaseCategory")) is not None)


OnlyCommunity = Annotated[
    relay.GlobalID | None, strawberry.argument(description="Only this community.")
]
OnlyCompound = Annotated[
    relay.GlobalID | None, strawberry.argument(description="Only this compound.")
]
OnlyCategory = Annotated[
    relay.GlobalID | None, strawberry.argument(description="Only this category.")
]
OnlyCategories = Annotated[
    list[relay.GlobalID] | None,
    strawberry.argument(
        description=f"Only cases of one of these categories, at most {CATEGORIES_MAX} (more "
        "is TOO_MANY_CATEGORIES); an empty list matches none. With `category`, a case must "
        "be of both."
    ),
]
OnlyStates = Annotated[
    list[CouncilCaseState] | None,
    strawberry.argument(description="Only cases in one of these states."),
]
Text = Annotated[
    str | None,
    strawberry.argument(
        description="Only cases whose title, account or address contain it.",
        directives=max_length(TEXT_MAX),
    ),
]
SubmittedAfter = Annotated[
    dt.datetime | None,
    strawberry.argument(
        description="Only cases reported at or after this moment (UTC without an offset). "
        "A window whose submittedAfter is later than its submittedBefore matches no case."
    ),
]
SubmittedBefore = Annotated[
    dt.datetime | None,
    strawberry.argument(
        description="Only cases reported before this moment, not at it (UTC without an offset)."
    ),
]
NewestFirst = Annotated[
    bool,
    strawberry.argument(
        description="Newest first by when reported (then by number), instead of oldest "
        "first by number; `after` takes only a cursor of the same order."
    ),
]
References = Annotated[
    list[str] | None,
    strawberry.argument(
        description=f"Only the cases of these reference numbers (e.g. YS2025-900101), at "
        f"most {REFERENCES_MAX} (more is TOO_MANY_REFERENCES); an empty list matches none. "
        "Cases you may not see are left out, as from every list.",
        directives=max_length(REFERENCE_MAX),
    ),
]


@strawberry.type(description="A case and how like the text it is.")
class SimilarCouncilCase:
    case: CouncilCase = strawberry.field(description="The case.")
    score: float = strawberry.field(description="0 to 1: how much of the text it shares.")


@strawberry.type(description="A public step of a case you follow, or a new case nearby.")
class CaseAlert:
    id: int = strawberry.field(description="Its number (to mark it read).")
    text: str = strawberry.field(description="What happened, as the SMS says it.")
    created_at: dt.datetime = strawberry.field(description="When (UTC).")
    read_at: dt.datetime | None = strawberry.field(description="When you read it (UTC).")
    case: CouncilCase | None = strawberry.field(description="The case.")


@strawberry.type(description="The council's numbers, an admin's to change.")
class CouncilPolicy:
    reopen_days: int = strawberry.field(description="Days a reporter may reopen a closed case.")
    similar_threshold: float = strawberry.field(description="Least score a suggestion needs.")
    similar_max: int = strawberry.field(description="Suggestions at most.")
    photos_max: int = strawberry.field(description="Photos per report at most.")
    open311_days: int = strawberry.field(description="Open311: the widest date window, days.")
    open311_max: int = strawberry.field(description="Open311: requests answered at most.")


@strawberry.type
class CasesQuery:
    @strawberry.field(description="The council's policy numbers.")
    async def council_policy(self, info: Info) -> CouncilPolicy:
        row = await policy()
        return CouncilPolicy(**{k: row[k] for k in CouncilPolicy.__annotations__})

    @strawberry.field(
        description="Council cases, oldest first (by number) unless newestFirst: the "
        "public ones for everyone; your own private reports, and for grid workers their "
        "communities' private cases, too."
    )
    async def council_cases(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        community: OnlyCommunity = None,
        compound: OnlyCompound = None,
        category: OnlyCategory = None,
        categories: OnlyCategories = None,
        status: OnlyStates = None,
        text: Text = None,
        mine: Annotated[bool, strawberry.argument(description="Only those you reported.")] = False,
        submitted_after: SubmittedAfter = None,
        submitted_before: SubmittedBefore = None,
        newest_first: NewestFirst = False,
        references: References = None,
    ) -> Connection[CouncilCase]:
        viewer = info.context.viewer
        where = CaseFilter(
            community_id=_pk(community, "CouncilArea"),
            compound_id=_pk(compound, "CouncilArea"),
            category_id=_pk(category, "CaseCategory"),
            category_ids=_categories(categories),
            states=frozenset(s.value for s in status) if status else None,
            text=(text or "").strip(),
            reporter_id=(viewer.account_id or 0) if mine else None,
            submitted_after=_utc(submitted_after),
            submitted_before=_utc(submitted_before),
            references=_references(references),
            newest_first=newest_first,
            worker_communities=await viewer_communities(info),
            viewer_account=viewer.account_id,
        )
        page = await list_cases(where, first=first, after=after)
        return connection(page, await cases_from_rows(info, page.rows))

    @strawberry.field(description="A case by its ID; null if there is none you may see.")
    async def council_case(self, info: Info, id: relay.GlobalID) -> CouncilCase | None:
        pk = node_pk(id, "CouncilCase")
        row = await info.context.loader(CaseLoader).load(pk) if pk else None
        built = await cases_from_rows(info, [row]) if row else []
        return built[0] if built else None

    @strawberry.field(
        description="Cases of the compound (and category, if given) most like a text, best "
        "first: before reporting, see whether it is already being handled. Compared as Chinese "
        "character pairs; the council's policy sets the least score and how many."
    )
    async def similar_cases(
        self,
        info: Info,
        compound: Annotated[relay.GlobalID, strawberry.argument(description="Where the issue is.")],
        text: Annotated[
            str,
            strawberry.argument(
                description="What the resident is writing.",
                directives=max_length(SIMILAR_TEXT_MAX),
            ),
        ],
        category: Annotated[
            relay.GlobalID | None,
            strawberry.argument(description="Only cases of this CaseCategory."),
        ] = None,
    ) -> list[SimilarCouncilCase]:
        pk = node_pk(compound, "CouncilArea")
        area = await info.context.loader(AreaLoader).load(pk) if pk else None
        if area is None or area["community_id"] is None or not text.strip():
            return []
        where = CaseFilter(
            worker_communities=await viewer_communities(info),
            viewer_account=info.context.viewer.account_id,
        )
        kind = _pk(category, "CaseCategory")
        found = await find_similar(text, area["id"], where, category_id=kind)
        built = {c.id: c for c in await cases_from_rows(info, [row for row, _ in found])}
        return [
            SimilarCouncilCase(case=built[row["id"]], score=round(score, 3))
            for row, score in found
            if row["id"] in built
        ]


@strawberry.type
class CasesViewer:
    @strawberry.field(description="The cases you follow, most recently followed first.")
    async def followed_cases(self, info: Info) -> list[CouncilCase]:
        account = info.context.viewer.account_id
        if account is None:
            return []
        ids = await following.followed_case_ids(account)
        rows = await info.context.loader(CaseLoader).load_many(ids)
        return await cases_from_rows(info, [r for r in rows if r])

    @strawberry.field(description="Your case alerts, newest first (at most 100).")
    async def case_alerts(self, info: Info, unread_only: bool = False) -> list[CaseAlert]:
        account = info.context.viewer.account_id
        if account is None:
            return []
        rows = await following.alerts_for(account, unread_only=unread_only)
        cases = await info.context.loader(CaseLoader).load_many([r["case_id"] for r in rows])
        built = {c.id: c for c in await cases_from_rows(info, [c for c in cases if c])}
        return [
            CaseAlert(
                id=r["id"],
                text=r["text"],
                created_at=r["created_at"],
                read_at=r["read_at"],
                case=built.get(r["case_id"]),
            )
            for r in rows
        ]
