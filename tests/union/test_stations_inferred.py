"""What a published record states that its source does not give is marked as inferred, in
the API and wherever a page shows it: the 电子街 station's point and amenities, the
service centre's, and the hours of the 2024-05-06 consultation day."""

from __future__ import annotations

from cityhub.models.union.mobile_windows import MobileWindowSession
from cityhub.models.union.stations import Station
from tests.helpers import gql
from tests.union.test_stations_pages import path_of

STATIONS = """
query {
  stations(first: 50) { nodes { code isSample inferred } }
  held: stations(first: 50, kind: SERVICE_CENTRE) {
    nodes { mobileWindowSessions(upcoming: false, first: 5) { startsAt isSample inferred } }
  }
}
"""


async def test_the_api_names_what_each_published_record_infers(client):
    data = (await gql(client, STATIONS))["data"]

    inferred = {s["code"]: s["inferred"] for s in data["stations"]["nodes"] if s["inferred"]}
    assert inferred == {
        "xd-dianzijie": ["LOCATION", "AMENITIES"],
        "bzh-service-centre": ["LOCATION", "AMENITIES"],
    }
    assert all(not s["inferred"] for s in data["stations"]["nodes"] if s["isSample"])
    (centre,) = data["held"]["nodes"]
    day = [s for s in centre["mobileWindowSessions"] if not s["isSample"]]
    assert [(s["startsAt"], s["inferred"]) for s in day] == [
        ("2024-05-06T01:00:00+00:00", ["HOURS"])
    ]


async def test_pages_mark_the_inferred_parts_where_they_show_them(client):
    station = await Station.get(code="xd-dianzijie")
    centre = await Station.get(code="bzh-service-centre")
    sample = await Station.filter(is_sample=True).first()
    assert sample is not None

    page = (await client.get(path_of(station))).text
    held = (await client.get(path_of(centre))).text
    other = (await client.get(path_of(sample))).text
    finder = (await client.get("/stations", params={"district": "xiaodian"})).text
    english = (await client.get(path_of(station), params={"lang": "en"})).text

    assert page.count('class="badge inferred"') == 2
    assert "位置为推测" in page and "设施为推测" in page and "按街道手工标注" in page
    assert "已举办" in held and "2024-05-06 09:00–17:00" in held and "时段为推测" in held
    assert "badge inferred" not in other
    heads = [r.split('<ul class="tags"')[0] for r in finder.split('<li class="station">')[1:]]
    (row,) = [head for head in heads if station.name in head]  # its heading and address line
    assert "位置为推测" in row and "设施为推测" in row
    assert "Location inferred" in english and "Amenities inferred" in english


async def test_seeding_again_keeps_the_marks(client):
    from cityhub.seeding import load_seeds
    from cityhub.settings import PROJECT_DIR

    await load_seeds(PROJECT_DIR / "seeds")

    assert (await Station.get(code="xd-dianzijie")).inferred == "location,amenities"
    assert await MobileWindowSession.filter(is_sample=False, inferred="hours").count() == 1
