"""Residents and the talent pool (人才库) in the schema. A member's name and phone are
for grid workers of their community (and the member); the pool is listed to grid workers
only, for their own communities, and only those who consented to be contacted."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from cityhub.models.council.residents import Skill
from cityhub.resolvers.council import GRID_WORKER
from cityhub.resolvers.council import residents as people
from cityhub.schema.connections import node_pk
from cityhub.schema.context import Info
from cityhub.schema.council.communities import AreaLoader, CouncilArea, viewer_communities
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.permissions import allow, signed_in

GRID_WORKERS = allow(roles=[GRID_WORKER])
TALENT_MAX = 100


@strawberry.type(description="A resident who offers what they know to the community (人才库).")
class TalentMember:
    skills: list[Skill] = strawberry.field(description="What they can do.")
    party_member: bool = strawberry.field(description="A party member (党员).")
    graduate: bool = strawberry.field(description="A graduate (高学历人才).")
    technician: bool = strawberry.field(description="A technician (技术人才).")
    volunteer: bool = strawberry.field(description="A volunteer (热心志愿者).")
    occupation: str = strawberry.field(description="Their work, as they gave it.")
    availability: str = strawberry.field(description="When they can help.")
    consent: bool = strawberry.field(description="They agreed to be contacted about cases.")
    is_sample: bool = strawberry.field(description="Sample data (示例), not from the source.")
    name: str | None = strawberry.field(
        description="Their name: grid workers of their community and themselves only."
    )
    phone: str | None = strawberry.field(
        description="Their phone: grid workers of their community and themselves only."
    )
    raw: strawberry.Private[dict]

    @strawberry.field(description="The compound they live in.")
    async def compound(self, info: Info) -> CouncilArea | None:
        row = await info.context.loader(AreaLoader).load(self.raw["resident__compound_id"])
        return CouncilArea.from_row(row) if row else None

    @classmethod
    async def build(cls, info: Info, row: dict, own: bool = False) -> TalentMember:
        community = row["resident__compound__community_id"]
        personal = own or community in await viewer_communities(info)
        known = {s.value for s in Skill}
        flags = ("party_member", "graduate", "technician", "volunteer", "consent", "is_sample")
        return cls(
            skills=[Skill(s) for s in row["skills"] if s in known],
            occupation=row["occupation"],
            availability=row["availability"],
            name=row["resident__account__display_name"] if personal else None,
            phone=row["resident__account__phone"] if personal else None,
            raw=row,
            **{f: row[f] for f in flags},
        )


@strawberry.type(description="You as a resident: your compound and what you offer.")
class CouncilResident:
    building: str = strawberry.field(description="Your building and unit, as you gave them.")
    sms_alerts: bool = strawberry.field(
        description="Alerts about cases you follow come by SMS too."
    )
    raw: strawberry.Private[dict]

    @strawberry.field(description="The compound you live in.")
    async def compound(self, info: Info) -> CouncilArea | None:
        row = await info.context.loader(AreaLoader).load(self.raw["compound_id"])
        return CouncilArea.from_row(row) if row else None

    @strawberry.field(description="What you offer the talent pool, if you joined it.")
    async def talent(self, info: Info) -> TalentMember | None:
        (row,) = await people.talent_of([self.raw["id"]])
        return await TalentMember.build(info, row, own=True) if row else None


@strawberry.input(description="What you offer the talent pool, and where you live.")
class JoinTalentPoolInput:
    skills: list[Skill] = strawberry.field(description="What you can do (may be empty).")
    compound: relay.GlobalID | None = strawberry.field(
        default=None, description="Your compound's CouncilArea ID (required the first time)."
    )
    building: str | None = strawberry.field(
        default=None, description="Building and unit (≤40); left as it was when omitted."
    )
    party_member: bool = strawberry.field(default=False, description="A party member.")
    graduate: bool = strawberry.field(default=False, description="A graduate.")
    technician: bool = strawberry.field(default=False, description="A technician.")
    volunteer: bool = strawberry.field(default=False, description="A volunteer.")
    occupation: str = strawberry.field(default="", description="Your work (≤100).")
    availability: str = strawberry.field(default="", description="When you can help (≤100).")
    consent: bool = strawberry.field(
        default=False, description="Grid workers may contact you about a case."
    )
    sms_alerts: bool | None = strawberry.field(
        default=None, description="Alerts by SMS too (to your account's phone)."
    )


@strawberry.type(description="Your talent-pool record after joining, or why nothing changed.")
class JoinTalentPoolPayload:
    talent_member: TalentMember | None = strawberry.field(default=None, description="It.")
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing changed."
    )


def _offer(data: JoinTalentPoolInput) -> people.TalentOffer:
    compound = node_pk(data.compound, "CouncilArea") if data.compound else None
    return people.TalentOffer(
        compound_id=-1 if data.compound and compound is None else compound,
        skills=tuple(data.skills[:TALENT_MAX]),
        party_member=data.party_member,
        graduate=data.graduate,
        technician=data.technician,
        volunteer=data.volunteer,
        occupation=data.occupation,
        availability=data.availability,
        consent=data.consent,
        building=data.building,
        sms_alerts=data.sms_alerts,
    )


@strawberry.input(description="Where you live: a compound of a community, and your building.")
class RegisterResidenceInput:
    compound: relay.GlobalID = strawberry.field(description="Your compound's CouncilArea ID.")
    building: str | None = strawberry.field(
        default=None, description="Building and unit (≤40); left as it was when omitted."
    )
    sms_alerts: bool | None = strawberry.field(
        default=None, description="Alerts by SMS too (to your account's phone)."
    )


@strawberry.type(description="You as a resident after registering, or why nothing changed.")
class RegisterResidencePayload:
    resident: CouncilResident | None = strawberry.field(default=None, description="You.")
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing changed."
    )


def _resident(row: dict) -> CouncilResident:
    return CouncilResident(building=row["building"], sms_alerts=row["sms_alerts"], raw=row)


@strawberry.type
class ResidentsQuery:
    @strawberry.field(
        description="Talent-pool members of your communities who agreed to be contacted, "
        "with any of ``skills`` (all when empty), best fit first. Grid workers.",
        extensions=GRID_WORKERS,
    )
    async def talent_pool(
        self,
        info: Info,
        skills: Annotated[
            list[Skill] | None, strawberry.argument(description="Skills wanted.")
        ] = None,
    ) -> list[TalentMember]:
        rows = await people.talent_pool(await viewer_communities(info), list(skills or []))
        return [await TalentMember.build(info, row) for row in rows]


@strawberry.type
class ResidentsMutation:
    @strawberry.mutation(
        description="Join the talent pool, or change what you offer it; makes you a resident "
        "of the compound given. Signed in.",
        extensions=signed_in(),
    )
    async def join_talent_pool(
        self, info: Info, input: JoinTalentPoolInput
    ) -> JoinTalentPoolPayload:
        row, errors = await attempt(
            info, people.join_talent_pool(info.context.viewer, _offer(input))
        )
        member = await TalentMember.build(info, row, own=True) if row else None
        return JoinTalentPoolPayload(talent_member=member, user_errors=errors)

    @strawberry.mutation(
        description="Register (or move) your residence: the compound you live in, which "
        "makes you a resident of its community (its surveys ask you) without joining the "
        "talent pool. Signed in.",
        extensions=signed_in(),
    )
    async def register_residence(
        self, info: Info, input: RegisterResidenceInput
    ) -> RegisterResidencePayload:
        compound = node_pk(input.compound, "CouncilArea")
        row, errors = await attempt(
            info,
            people.register_residence(
                info.context.viewer, compound, input.building, input.sms_alerts
            ),
        )
        return RegisterResidencePayload(
            resident=_resident(row) if row else None, user_errors=errors
        )


@strawberry.type
class ResidentsViewer:
    @strawberry.field(description="You as a resident of a council's community; null if not.")
    async def council_resident(self, info: Info) -> CouncilResident | None:
        account = info.context.viewer.account_id
        (row,) = await people.resident_of([account]) if account is not None else (None,)
        return _resident(row) if row else None
