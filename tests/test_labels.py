"""enumLabels: every labelled enum's values in declared order, in the asker's language."""

from __future__ import annotations

from tests.helpers import codes, gql

LABELS = "query($names: [String!]!) { enumLabels(names: $names) { name values { value label } } }"


async def test_labels_come_in_declared_order_in_both_languages(client):
    zh = await gql(client, LABELS, {"names": ["Amenity", "AidApplicationState"]})
    en = await gql(client, LABELS, {"names": ["Amenity"]}, headers={"Accept-Language": "en"})

    amenity, state = zh["data"]["enumLabels"]
    assert [v["value"] for v in amenity["values"]][:2] == ["REST", "CHARGING"]
    assert amenity["values"][1]["label"] == "充电"
    assert en["data"]["enumLabels"][0]["values"][1]["label"] == "Charging"
    assert [v["value"] for v in state["values"]] == [
        "SUBMITTED",
        "UNDER_REVIEW",
        "APPROVED",
        "REJECTED",
        "PAID",
        "WITHDRAWN",
    ]


async def test_roles_are_labelled_from_the_domains_that_bring_them(client):
    body = await gql(client, LABELS, {"names": ["Role"]})

    values = [v["value"] for v in body["data"]["enumLabels"][0]["values"]]
    assert values == ["CITIZEN", "MEMBER", "UNION_STAFF", "HOUSING_OFFICER", "GRID_WORKER", "ADMIN"]


async def test_an_unknown_enum_is_a_coded_error(client):
    body = await gql(client, LABELS, {"names": ["Amenity", "NoSuchEnum"]})

    assert codes(body) == ["BAD_USER_INPUT"]
    assert "NoSuchEnum" in body["errors"][0]["message"]
