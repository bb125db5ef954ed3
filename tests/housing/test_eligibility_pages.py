"""The eligibility wizard on the portal: step by step (plain pages, or htmx swapping the
wizard), or one plain form; the explained result, form messages, never a 500."""

from __future__ import annotations

ALL_MET = {
    "hukou": "no",
    "birth_date": "1994-06-01",
    "talent": "NONE",
    "lease": "yes",
    "months": "12",
    "withdrawal": "no",
    "account": "NORMAL",
}


async def test_the_wizard_asks_one_group_per_step_and_keeps_the_answers(client):
    first = await client.get("/housing/eligibility")
    assert first.status_code == 200 and "第 1 步，共 4 步" in first.text
    assert 'name="hukou"' in first.text and 'id="birth_date"' not in first.text

    second = await client.get("/housing/eligibility", params={"step": "1", "hukou": "no"})
    assert "第 2 步，共 4 步" in second.text and 'name="birth_date"' in second.text
    assert '<input type="hidden" name="hukou" value="no">' in second.text


async def test_the_last_step_shows_the_explained_result_and_what_to_do(client):
    page = await client.get("/housing/eligibility", params={**ALL_MET, "step": "4"})

    assert page.status_code == 200
    assert "符合条件：可以申请用公积金直接支付房租" in page.text
    assert "周岁，在 18-45 周岁之间" in page.text and "未获得太原市户籍" in page.text
    assert "连续足额缴存 12 个月，已满 3 个月" in page.text
    assert "租建投安居公寓" in page.text and 'href="tel:0351-5618555"' in page.text


async def test_htmx_gets_only_the_wizard(client):
    page = await client.get(
        "/housing/eligibility", params={"step": "1", "hukou": "yes"}, headers={"HX-Request": "true"}
    )
    assert page.text.lstrip().startswith('<section id="wizard"') and "<html" not in page.text


async def test_one_plain_form_gives_the_same_result(client):
    form = await client.get("/housing/eligibility", params={"step": "all"})
    assert all(f'name="{n}"' in form.text for n in ALL_MET)
    unknown = {**ALL_MET, "months": "", "account": ""}
    page = await client.get("/housing/eligibility", params={**unknown, "step": "all"})
    assert "暂不符合条件" in page.text and "待确认" in page.text


async def test_bad_answers_are_said_at_their_step(client):
    no_hukou = await client.get("/housing/eligibility", params={"step": "1"})
    assert no_hukou.status_code == 422 and "请选择是否有太原市户籍" in no_hukou.text
    bad_date = await client.get(
        "/housing/eligibility", params={**ALL_MET, "birth_date": "1994-13-45", "step": "4"}
    )
    assert bad_date.status_code == 422 and "第 2 步，共 4 步" in bad_date.text
    assert "请输入出生日期" in bad_date.text
    future = await client.get(
        "/housing/eligibility", params={**ALL_MET, "birth_date": "2999-01-01", "step": "4"}
    )
    assert future.status_code == 422 and "出生日期须早于测算日期" in future.text
    assert "返回修改" in future.text and "birth_date=2999-01-01" in future.text  # back, kept
    months = await client.get(
        "/housing/eligibility", params={**ALL_MET, "months": "-3", "step": "4"}
    )
    assert months.status_code == 422 and "请输入整月数" in months.text
    odd = await client.get("/housing/eligibility", params={"step": "x" * 50, "talent": "<b>"})
    assert odd.status_code == 200


async def test_the_wizard_reads_in_english(client):
    page = await client.get("/housing/eligibility", params={**ALL_MET, "step": "4", "lang": "en"})
    assert "years old, between 18 and 45" in page.text
