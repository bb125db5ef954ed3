"""The check-in poster on a 375 px phone and printed: the QR code fits, square and large
enough to scan, with the URL beneath it inside the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cityhub import db
from tests.browser.conftest import run_async
from tests.browser.pages import STATION, open_page
from tests.browser.test_broadcasts_dashboard import sign_in
from tests.conftest import make_settings
from tests.helpers import make_account

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
SCANNABLE = 200  # px: a 45-module code at ≥ 4 px a module


@pytest.fixture
def staff(live_database_url: str, tmp_path) -> str:
    async def create() -> None:
        async with db.database(make_settings(live_database_url, tmp_path)):
            await make_account("staff", "union_staff")

    run_async(create())
    return "staff"


def open_poster(page: Page, username: str) -> None:
    sign_in(page, username)
    open_page(page, STATION)
    page.goto(page.url + "/check-in-code")


def test_the_poster_fits_a_phone(staff, page: Page, live_server):
    page.set_viewport_size(PHONE)
    open_poster(page, staff)

    qr = page.locator(".checkin-qr svg[role=img]")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    url = page.locator(".checkin-url code").bounding_box()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert abs(box["width"] - box["height"]) < 1 and box["width"] >= SCANNABLE, box
    assert url and url["x"] >= 0 and url["x"] + url["width"] <= PHONE["width"], url
    assert url["y"] > box["y"] + box["height"]


def test_the_printed_poster_keeps_the_code_and_drops_the_page_chrome(
    staff, page: Page, live_server
):
    open_poster(page, staff)

    page.emulate_media(media="print")

    expect(page.locator(".checkin-qr svg")).to_be_visible()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".checkin-poster .no-print")).to_be_hidden()
