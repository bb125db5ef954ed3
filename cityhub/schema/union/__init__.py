"""The drivers' union in the schema: what it adds to Query, Mutation, Subscription and
Viewer, and its parts of the site search and the city's figures."""

from cityhub.schema.registry import SchemaDomain
from cityhub.schema.union import (
    aid_claims,
    aid_enrolments,
    check_ins,
    consultations,
    members,
    mobile_windows,
    trade_union,
)
from cityhub.schema.union.aid_applications import AidApplicationsQuery, AidApplicationsViewer
from cityhub.schema.union.aid_applications.apply import AidApplyMutation
from cityhub.schema.union.aid_applications.review import AidReviewMutation
from cityhub.schema.union.aid_programs import AidProgramsQuery
from cityhub.schema.union.aid_programs.categories import (
    MedicalCategoriesMutation,
    MedicalCategoriesQuery,
)
from cityhub.schema.union.aid_programs.policy import AidPolicyMutation
from cityhub.schema.union.broadcasts import BroadcastsQuery
from cityhub.schema.union.broadcasts.segments import BroadcastAudienceQuery
from cityhub.schema.union.broadcasts.sending import BroadcastsMutation, SmsRelayQuery
from cityhub.schema.union.stations import StationsQuery
from cityhub.schema.union.stations.search import search_stations, station_figures
from cityhub.schema.union.stations.updates import StationsMutation, StationsSubscription

domain = SchemaDomain(
    queries=(
        StationsQuery,
        mobile_windows.MobileWindowsQuery,
        trade_union.TradeUnionQuery,
        members.MembersQuery,
        AidProgramsQuery,
        MedicalCategoriesQuery,
        aid_claims.AidClaimsQuery,
        AidApplicationsQuery,
        BroadcastsQuery,
        BroadcastAudienceQuery,
        SmsRelayQuery,
        consultations.ConsultationsQuery,
        check_ins.CheckInsQuery,
    ),
    mutations=(
        StationsMutation,
        check_ins.CheckInsMutation,
        trade_union.TradeUnionMutation,
        members.MembersMutation,
        AidPolicyMutation,
        MedicalCategoriesMutation,
        aid_enrolments.AidEnrolmentsMutation,
        AidApplyMutation,
        AidReviewMutation,
        BroadcastsMutation,
        consultations.ConsultationsMutation,
    ),
    subscriptions=(StationsSubscription,),
    viewer=(members.MemberViewer, AidApplicationsViewer, trade_union.TradeUnionViewer),
    search=search_stations,
    figures=station_figures,
)
