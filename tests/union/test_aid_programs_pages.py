"""Aid program pages over HTTP: the list, a program's rules, live statistics and the
figures the source published, a member's enrolment, and who gets which links."""

from __future__ import annotations

from tests.helpers import make_account, sign_in
from tests.union.aid_support import as_member


async def test_the_programs_page_lists_each_program(client):
    response = await client.get("/union/aid")

    assert response.status_code == 200
    for name in ("2024年金秋助学", "2023年新业态医疗互助", "2024年新业态医疗互助"):
        assert name in response.text
    assert 'href="/union/aid/medical/check"' in response.text


async def test_a_program_page_shows_rules_sample_labels_and_figures_apart(client):
    response = await client.get("/union/aid/jinqiu-2024")

    html = response.text
    rules = html[html.index('id="rules-heading"') : html.index('id="live-heading"')]
    live = html[html.index('id="live-heading"') : html.index('id="published-heading"')]
    published = html[html.index('id="published-heading"') :]
    assert "每名学生资助 7,600.00 元。" in rules and 'class="badge sample"' in rules
    assert "非建档困难职工" in rules
    assert ">10</span>" in live and "120" not in live
    assert ">120余份</span>" in published and "来源：" in published


async def test_the_medical_program_page_counts_enrolment_and_tells_a_member_theirs(client):
    anonymous = (await client.get("/union/aid/medical-2024")).text
    await as_member(client, "TYDS0040")  # enrolled in 2024 only
    enrolled = (await client.get("/union/aid/medical-2024")).text
    not_enrolled = (await client.get("/union/aid/medical-2023")).text

    live = anonymous[anonymous.index('id="live-heading"') :]
    assert "已参加的会员" in live
    assert "您已参加" not in anonymous and "您没有参加" not in anonymous
    assert "您已参加 2024 年的医疗互助。" in enrolled
    assert "您没有参加 2023 年的医疗互助" in not_enrolled


async def test_an_unknown_program_is_a_404(client):
    assert (await client.get("/union/aid/no-such-program")).status_code == 404


async def test_the_list_links_members_to_their_applications_and_staff_to_review(client):
    anonymous = (await client.get("/union/aid")).text
    await as_member(client, "TYDS0002")
    member = (await client.get("/union/aid")).text
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")
    staff = (await client.get("/union/aid")).text

    assert 'href="/union/aid/mine"' not in anonymous and 'href="/union/aid/review"' not in anonymous
    assert 'href="/union/aid/mine"' in member and 'href="/union/aid/review"' not in member
    assert 'href="/union/aid/review"' in staff


async def test_an_english_list_names_each_kind_of_aid_as_the_schema_does(client):
    english = (await client.get("/union/aid", params={"lang": "en"})).text

    assert "Golden Autumn student aid · 2024" in english and "金秋助学 ·" not in english
