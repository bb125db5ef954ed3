"""Aid programs, claims and applications: the Query and Mutation parts of the union schema."""

from strawberry.tools import merge_types

from cityhub.schema.union.aid import AidProgramsQuery
from cityhub.schema.union.aid_admin import AidAdminMutation
from cityhub.schema.union.aid_applications import AidApplicationsQuery
from cityhub.schema.union.aid_apply import AidApplyMutation
from cityhub.schema.union.aid_claims import AidClaimsQuery

AidQuery = merge_types("AidQuery", (AidProgramsQuery, AidClaimsQuery, AidApplicationsQuery))
AidMutation = merge_types("AidMutation", (AidAdminMutation, AidApplyMutation))
