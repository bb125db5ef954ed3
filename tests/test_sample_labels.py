"""Sample data is labelled wherever it is counted or shown: the portal walked with the seed
data, every count that includes sample records says how many ("其中 N … 为示例数据"), and
every sample record shown carries the 示例 badge (text, not colour alone)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from strawberry import relay

from cityhub import clock
from cityhub.models.union.aid_applications import AidApplication
from cityhub.models.union.aid_programs import AidProgram
from cityhub.models.union.check_ins import StationCheckIn
from cityhub.models.union.members import Member
from cityhub.models.union.stations import Station, StationKind
from cityhub.resolvers.union.members import link_account
from tests.helpers import gql, make_account, sign_in
from tests.union.test_stations_pages import path_of

# Where a record is shown as one unit: its badge must be inside the same one.
RECORD = {"li", "tr", "h1", "h2", "h3", "article", "dl"}
BADGE = "badge sample"


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node] = []
        self.text: list[str] = []

    def all_text(self) -> str:
        return "".join(self.text) + "".join(c.all_text() for c in self.children)

    def has_badge(self) -> bool:
        if BADGE in (self.attrs.get("class") or "") and "示例" in self.all_text():
            return True
        return any(c.has_badge() for c in self.children)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


class Tree(HTMLParser):
    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "col", "wbr", "line", "rect"}

    def __init__(self, html: str) -> None:
        super().__init__()
        self.root = self.at = Node("root", {}, None)
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.at)
        self.at.children.append(node)
        if tag not in self.VOID:
            self.at = node

    def handle_endtag(self, tag):
        at: Node | None = self.at
        while at is not None and at.tag != tag:
            at = at.parent
        if at is not None and at.parent is not None:
            self.at = at.parent

    def handle_data(self, data):
        self.at.text.append(data)


def unlabelled(html: str, names: set[str]) -> list[str]:
    """The records on a page that show one of ``names`` without a sample badge."""
    missing = []
    for node in Tree(html).root.walk():
        shown = {name for name in names if name in "".join(node.text)}
        if not shown:
            continue
        record = node
        while record.parent is not None and record.tag not in RECORD:
            record = record.parent
        if record.tag in RECORD and not record.has_badge():
            missing.append(f"{sorted(shown)} in <{record.tag}>: {record.all_text().strip()[:80]}")
    return missing


def share(count: int, unit: str) -> str:
    return f"其中 {count:,} {unit}为示例数据"


@pytest.fixture
async def walker(client):
    """A union staff account linked to sample member TYDS0001 (who has YL2024-000011), and
    one check-in by that member today at the 电子街 station."""
    account = await make_account("walker", "member", "union_staff")
    await link_account("TYDS0001", account["id"])
    await sign_in(client, "walker")
    station = await Station.get(code="xd-dianzijie")
    member = await Member.get(member_no="TYDS0001")
    now = clock.now()
    await StationCheckIn.create(
        station=station, member=member, checked_in_at=now, day=clock.local_date(now)
    )
    return client


async def get(client, path: str) -> str:
    response = await client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.text


async def test_every_live_count_says_how_much_of_it_is_sample(walker):
    members = await Member.filter(status="active", is_sample=True).count()
    stations = await Station.filter(kind=StationKind.STATION, is_sample=True).count()
    station = await Station.get(code="xd-dianzijie")
    expected = {
        "/": [share(stations, "家")],
        "/union": [share(members, "人"), share(stations, "家")],
        "/stations": [share(await Station.filter(is_sample=True).count(), "家")],
        "/union/members": [share(await Member.filter(is_sample=True).count(), "名")],
        # The queue shows what needs the viewer's action first: every seeded one is sample.
        "/union/aid/review": [re.compile(r"共 (\d+) 份申请 <small[^>]*>其中 \1 份为示例数据")],
        "/search?q=小店": ["为示例数据"],
        f"{path_of(station)}/usage": [share(1, "人次"), share(1, "人")],
        "/union/staff?from=2024-04-25&to=2024-05-08": ["次为示例数据"],
    }
    for program in await AidProgram.all():
        received = await AidApplication.filter(program=program, is_sample=True).count()
        if received:
            expected.setdefault("/union/aid", []).append(share(received, "份"))
            expected[f"/union/aid/{program.code}"] = [share(received, "份")]

    for path, labels in expected.items():
        page = await get(walker, path)
        for label in labels:
            found = label.search(page) if isinstance(label, re.Pattern) else label in page
            assert found, (path, label)


async def test_every_sample_record_shown_carries_the_badge(walker):
    references = set(
        await AidApplication.filter(is_sample=True).values_list("reference", flat=True)
    )
    member_nos = set(await Member.filter(is_sample=True).values_list("member_no", flat=True))
    station_names = set(await Station.filter(is_sample=True).values_list("name", flat=True))
    application = await AidApplication.get(reference="YL2024-000011")
    station = await Station.filter(is_sample=True).first()
    assert station

    pages = [
        "/union/aid/mine",
        "/union/aid/review",
        f"/union/aid/applications/{relay.to_base64('AidApplication', application.id)}",
        "/union/members",
        "/union/members/TYDS0001",
        "/union/me",
        "/stations",
        path_of(station),
        "/search?q=驿站",
    ]
    names = references | member_nos | station_names
    shown = 0
    for path in pages:
        page = await get(walker, path)
        shown += sum(1 for name in names if name in page)
        assert unlabelled(page, names) == [], path
    assert "YL2024-000011" in await get(walker, "/union/aid/mine")
    assert shown > 50


COUNTS = """
query($program: ID!) {
  union { memberCount memberSampleCount stationCount stationSampleCount }
  cityFigures { key value sampleCount }
  members(first: 1) { totalCount sampleCount }
  stations(first: 1) { totalCount sampleCount }
  accounts(first: 1) { totalCount sampleCount }
  aidStatistics(program: $program) {
    received
    ofSample { received ofSample { received } }
  }
}
"""


async def test_the_api_says_how_much_of_each_count_is_sample(client):
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")
    program = await AidProgram.get(code="medical-2024")
    sample = await AidApplication.filter(program=program, is_sample=True).count()

    body = await gql(client, COUNTS, {"program": relay.to_base64("AidProgram", program.id)})

    data = body["data"]
    assert (
        data["union"]["memberSampleCount"]
        == await Member.filter(status="active", is_sample=True).count()
    )
    assert (
        data["union"]["stationSampleCount"]
        == await Station.filter(kind=StationKind.STATION, is_sample=True).count()
    )
    assert all(f["sampleCount"] <= f["value"] for f in data["cityFigures"])
    assert data["members"]["sampleCount"] == await Member.filter(is_sample=True).count()
    assert data["stations"]["sampleCount"] == await Station.filter(is_sample=True).count()
    assert data["accounts"]["sampleCount"] is None  # accounts are never sample data
    assert data["aidStatistics"]["ofSample"]["received"] == sample > 0
    assert data["aidStatistics"]["ofSample"]["ofSample"] is None
