"""What stations bring to the site search and to the city's live figures."""

from __future__ import annotations

from strawberry import relay

from cityhub.i18n import N_
from cityhub.models.union.stations import Amenity, StationKind
from cityhub.resolvers.union import stations
from cityhub.schema.context import Info
from cityhub.schema.figures import CityFigure
from cityhub.schema.search import SearchHit, SearchSection
from cityhub.schema.union.stations import Station, stations_from_rows

# (key, what is counted, the stations counted): the home page's live figures.
FIGURES = (
    ("union.stations", N_("系统中的工会驿站"), ()),
    ("union.stations_with_help_window", N_("设帮扶维权窗口的驿站"), (Amenity.HELP_WINDOW,)),
    ("union.stations_with_charging", N_("可以充电的驿站"), (Amenity.CHARGING,)),
)


def _hit(info: Info, station: Station) -> SearchHit:
    district = station.district.name if info.context.locale == "zh-CN" else station.district.name_en
    return SearchHit(
        title=station.name,
        summary=f"{district} · {station.address}",
        path=f"/stations/{relay.to_base64('Station', station.id)}",
        is_sample=station.is_sample,
        node=station,
    )


async def search_stations(info: Info, text: str, first: int) -> SearchSection:
    """Stations and service centres whose name or address contains ``text``."""
    where = stations.StationFilter(text=text)
    page = await stations.list_stations(where, first=first, after=None)
    found = await stations_from_rows(info, page.rows)
    return SearchSection(
        domain="union",
        label=info.context._(N_("驿站")),
        total_count=await page.count(),
        sample_count=await page.sample_count() if page.sample_count else 0,
        hits=[_hit(info, station) for station in found],
    )


async def station_figures(info: Info) -> list[CityFigure]:
    figures = []
    for key, label, amenities in FIGURES:
        where = stations.StationFilter(kind=StationKind.STATION, amenities=amenities)
        page = await stations.list_stations(where, first=0, after=None)
        figures.append(
            CityFigure(
                key=key,
                domain="union",
                label=info.context._(label),
                value=await page.count(),
                sample_count=await page.sample_count() if page.sample_count else 0,
                unit=info.context._(N_("家")),
            )
        )
    return figures
