"""The drivers' union in the schema; each part exports its Query, Mutation, Subscription."""

from strawberry.tools import merge_types

from cityhub.schema.union.members import MembersMutation, MembersQuery
from cityhub.schema.union.stations import StationsMutation, StationsQuery, StationsSubscription

UnionQuery = merge_types("UnionQuery", (StationsQuery, MembersQuery))
UnionMutation = merge_types("UnionMutation", (StationsMutation, MembersMutation))
UnionSubscription = merge_types("UnionSubscription", (StationsSubscription,))
