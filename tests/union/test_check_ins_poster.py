"""The printable check-in poster: its inline SVG QR code carries the station's check-in
URL module for module, with the URL printed beneath it and an accessible name."""

from __future__ import annotations

import re
from html import unescape

import pytest
import segno

from cityhub.models.union.stations import Station
from tests.helpers import make_account, sign_in
from tests.union.test_stations_pages import path_of

SVG = re.compile(r"<svg\b[^>]*>.*?</svg>", re.S)
LINE = re.compile(r'<path[^>]*stroke="#000"[^>]*\sd="([^"]+)"')
STEP = re.compile(r"([Mmh])(-?[\d.]+)(?:\s+(-?[\d.]+))?")
URL_SHOWN = re.compile(r'<figcaption class="checkin-url">.*?<code>([^<]+)</code>', re.S)


def dark_modules(svg: str) -> set[tuple[int, int]]:
    """The (row, column) of every dark module the SVG's line path draws: segno draws each
    row's dark runs as horizontal strokes through the middle of the modules (y + 0.5)."""
    x = y = 0.0
    dark = set()
    for op, a, b in STEP.findall(LINE.search(svg).group(1)):  # type: ignore[union-attr]
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark.update((int(y), column) for column in range(int(x), int(x + float(a))))
            x += float(a)
    return dark


def expected_modules(url: str) -> set[tuple[int, int]]:
    rows = segno.make(url, error="m").matrix_iter(scale=1, border=4)
    return {(r, c) for r, row in enumerate(rows) for c, bit in enumerate(row) if bit}


@pytest.fixture
async def poster(client) -> tuple[Station, str]:
    station = await Station.get(code="xd-dianzijie")
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")
    response = await client.get(f"{path_of(station)}/check-in-code")
    assert response.status_code == 200
    return station, response.text


async def test_the_poster_qr_code_encodes_the_stations_check_in_url(poster):
    station, page = poster
    url = f"http://testserver{path_of(station)}/check-in?code={station.checkin_code}"

    svg = SVG.search(page)

    assert svg, "no inline SVG on the poster"
    assert dark_modules(svg.group(0)) == expected_modules(url)
    assert unescape(URL_SHOWN.search(page).group(1)) == url  # type: ignore[union-attr]


async def test_the_qr_code_has_a_name_and_needs_no_script(poster):
    station, page = poster

    svg = SVG.search(page).group(0)  # type: ignore[union-attr]

    assert 'role="img"' in svg and f'aria-label="{station.name}签到二维码"' in svg
    assert f"<title>{station.name}签到二维码</title>" in svg
    assert "<script" not in svg and "viewBox=" in svg and "width=" not in svg
    assert "无法扫码时，请在浏览器中输入" in page


async def test_the_qr_code_is_named_in_english_too(client, poster):
    station, _ = poster

    page = (await client.get(f"{path_of(station)}/check-in-code?lang=en")).text

    # in English the name is the page's heading (Chinese, marked): the label stays English
    assert 'aria-label="Check-in QR code of the station named above"' in page, page
