"""Districts in the schema."""

from __future__ import annotations

import strawberry
from strawberry.dataloader import DataLoader

from cityhub.resolvers import geo
from cityhub.schema.context import Info


class DistrictByIdLoader(DataLoader[int, dict | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=geo.districts_by_id)


@strawberry.type(description="A district (区), county (县) or county-level city (市) of Taiyuan.")
class District:
    code: str = strawberry.field(description="Stable code used in filters, e.g. xiaodian.")
    name: str = strawberry.field(description="Chinese name, e.g. 小店区.")
    name_en: str = strawberry.field(description="English name, e.g. Xiaodian District.")
    kind: str = strawberry.field(description="district, county or city.")

    @classmethod
    def from_row(cls, row: dict) -> District:
        return cls(code=row["code"], name=row["name"], name_en=row["name_en"], kind=row["kind"])


@strawberry.type
class GeoQuery:
    @strawberry.field(description="Taiyuan's districts and counties, in the city's usual order.")
    async def districts(self, info: Info) -> list[District]:
        return [District.from_row(row) for row in await geo.list_districts()]
