"""Subsidised rental housing (保障性租赁住房) paid from the housing provident fund."""

from cityhub.i18n import N_
from cityhub.resolvers.registry import ResolverDomain, RoleSpec

HOUSING_OFFICER = "housing_officer"

domain = ResolverDomain(
    name="housing",
    entities=("projects", "eligibility"),
    roles=(RoleSpec(HOUSING_OFFICER, N_("住房工作人员"), staff=True),),
)
