"""The drivers' union in the schema; each part exports its Query, Mutation, Subscription."""

from strawberry.tools import merge_types

from cityhub.schema.union.aid_root import AidMutation, AidQuery
from cityhub.schema.union.broadcast_root import OutreachMutation, OutreachQuery
from cityhub.schema.union.members import MembersMutation, MembersQuery
from cityhub.schema.union.station_checkins import StationCheckInsMutation
from cityhub.schema.union.station_windows import StationWindowsQuery
from cityhub.schema.union.stations import StationsMutation, StationsQuery, StationsSubscription

UnionQuery = merge_types(
    "UnionQuery", (StationsQuery, StationWindowsQuery, MembersQuery, AidQuery, OutreachQuery)
)
UnionMutation = merge_types(
    "UnionMutation",
    (StationsMutation, StationCheckInsMutation, MembersMutation, AidMutation, OutreachMutation),
)
UnionSubscription = merge_types("UnionSubscription", (StationsSubscription,))
