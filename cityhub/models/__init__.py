"""Tortoise models, one module per domain; MODEL_MODULES lists them for the ORM."""

MODEL_MODULES = [
    "cityhub.models.accounts",
    "cityhub.models.audit",
    "cityhub.models.facts",
    "cityhub.models.geo",
    "cityhub.models.workflow",
    "cityhub.models.union.stations",
    "cityhub.models.union.members",
    "cityhub.models.union.aid",
    "cityhub.models.union.broadcasts",
]
