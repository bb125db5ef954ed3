"""Generated drivers' personal facts: ages, birth places and the ID numbers that carry them.

Drivers are 22-60 at the source's date, most 30-55 (a normal spread around 42); the ID
number's region is the birth place as coded in the year of birth (python-stdnum checks
that: Taiyuan's present districts exist from 1997, its older ones 1983-1997, so drivers
born in the 1960s and 1970s carry the city's or a county's code); its sequence digit is
odd for men, who are most drivers (的哥), even for women (的姐)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from functools import cache

from stdnum.cn import ric

AS_OF = date(2024, 11, 21)  # the source page's date
YOUNGEST, OLDEST, MEAN_AGE, AGE_SPREAD = 22, 60, 42, 8
MEN = 0.92
UNION_FOUNDED = date(2022, 6, 1)  # "成立两年多来" on 2024-11-21; the exact day is not published
# Birth places (region codes) and how many drivers come from each: Taiyuan's districts
# (present and former) and counties, and Shanxi's other cities.
REGIONS = {
    "140105": 10,  # 小店区 (1997-)
    "140106": 8,  # 迎泽区 (1997-)
    "140107": 8,  # 杏花岭区 (1997-)
    "140108": 7,  # 尖草坪区 (1997-)
    "140109": 9,  # 万柏林区 (1997-)
    "140110": 4,  # 晋源区 (1997-)
    "140102": 8,  # 南城区 (1983-1997)
    "140103": 8,  # 北城区 (1983-1997)
    "140104": 8,  # 河西区 (1983-1997)
    "140112": 6,  # 南郊区 (1983-1997)
    "140113": 6,  # 北郊区 (1983-1997)
    "140100": 6,  # 太原市
    "140121": 4,  # 清徐县
    "140122": 2,  # 阳曲县
    "140123": 2,  # 娄烦县
    "140181": 3,  # 古交市 (1989-)
    "142401": 3,  # 榆次市 (-1999)
    "140702": 2,  # 晋中 榆次区 (1999-)
    "142201": 2,  # 忻州市 (1983-2000)
    "142601": 2,  # 临汾市 (-2000)
    "142701": 2,  # 运城市 (1983-2000)
    "140202": 2,  # 大同 城区 (1983-2018)
    "140402": 2,  # 长治 城区 (1983-2018)
    "140502": 1,  # 晋城 城区 (1985-)
}


def age_on(birth: date, day: date = AS_OF) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def birth_date(rng: random.Random) -> date:
    age = min(OLDEST, max(YOUNGEST, round(rng.gauss(MEAN_AGE, AGE_SPREAD))))
    latest = date(AS_OF.year - age, AS_OF.month, AS_OF.day)  # turned ``age`` on AS_OF
    return latest - timedelta(days=rng.randrange(365))


@cache
def _regions_of(year: int) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The regions coded in ``year`` (asked of python-stdnum once per year), with weights."""
    valid = {}
    for code, weight in REGIONS.items():
        body = f"{code}{year}0101001"
        try:
            ric.validate(body + ric.calc_check_digit(body + "0"))
        except ValueError:
            continue
        valid[code] = weight
    return tuple(valid), tuple(valid.values())


def id_number(rng: random.Random, taken: set[str]) -> str:
    """A valid RIC number not in ``taken`` (then added to it): birth place, birth date,
    sequence (odd for men), check digit."""
    birth = birth_date(rng)
    codes, weights = _regions_of(birth.year)
    region = rng.choices(codes, weights=weights)[0]
    sequence = rng.randrange(500) * 2 + (1 if rng.random() < MEN else 0)
    for step in range(500):
        body = f"{region}{birth:%Y%m%d}{(sequence + 2 * step) % 1000:03d}"
        number = body + ric.calc_check_digit(body + "0")
        if number not in taken:
            taken.add(number)
            return number
    raise RuntimeError(f"no free ID number for {region} {birth}")


def joined_on(rng: random.Random) -> date:
    """A day between the union's founding and the source's date."""
    return UNION_FOUNDED + timedelta(days=rng.randrange((AS_OF - UNION_FOUNDED).days))


def birth_of(number: str) -> date:
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
