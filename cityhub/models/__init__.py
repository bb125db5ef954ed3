"""Tortoise models, one module per domain; MODEL_MODULES lists them for the ORM."""

MODEL_MODULES = [
    "cityhub.models.accounts",
    "cityhub.models.facts",
    "cityhub.models.geo",
    "cityhub.models.union",
]
