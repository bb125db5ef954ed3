"""Masked names cannot be undone: a viewer who sees 邱** can search only by what it shows,
and the mask does not tell how long the name is."""

from __future__ import annotations

from tests.helpers import gql, make_account, make_key, sign_in

NAMES = "query($text: String) { members(text: $text, first: 100) { totalCount nodes { name } } }"
REGISTER = """
mutation($input: RegisterMemberInput!) {
  registerMember(input: $input) { member { memberNo } userErrors { code } }
}
"""


async def total(client, text: str, **kw) -> int:
    body = await gql(client, NAMES, {"text": text}, **kw)
    return body["data"]["members"]["totalCount"]


async def test_a_masked_name_answers_only_to_its_visible_first_character(client):
    key = await make_key("fund centre", "members:read")

    real = await total(client, "邱秀", key=key)
    made_up = await total(client, "邱不", key=key)
    family = await total(client, "邱", key=key)
    as_shown = await total(client, "邱**", key=key)

    assert real == made_up == 0  # the same answer whether such a name exists or not
    assert family == as_shown >= 1


async def test_staff_still_search_by_the_whole_name(client):
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")

    assert await total(client, "邱秀") >= 1
    assert await total(client, "邱不") == 0


async def test_the_mask_does_not_tell_how_long_a_name_is(client):
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")
    numbers = []
    for name, id_number in (("王五", "11010519491231002X"), ("欧阳建国", "110105194912310038")):
        body = await gql(
            client,
            REGISTER,
            {
                "input": {
                    "name": name,
                    "phone": "13900000000",
                    "idNumber": id_number,
                    "vehicleType": "CRUISING_TAXI",
                }
            },
        )
        numbers.append(body["data"]["registerMember"]["member"]["memberNo"])
    key = await make_key("fund centre", "members:read")

    shown = [
        (await gql(client, NAMES, {"text": number}, key=key))["data"]["members"]["nodes"][0]["name"]
        for number in numbers
    ]

    assert shown == ["王**", "欧**"]
