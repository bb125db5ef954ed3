"""What the station pages share: the id in the path, and who counts as union staff."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from strawberry.relay import GlobalID
from strawberry.relay.types import GlobalIDValueError

STAFF_ROLES = frozenset({"UNION_STAFF", "ADMIN"})


def station_id_or_404(request: Request) -> str:
    """The station's global ID from the path; a malformed one is a 404, not an error."""
    station_id = request.path_params["id"]
    try:
        GlobalID.from_id(station_id)
    except GlobalIDValueError:
        raise HTTPException(404) from None
    return station_id


def is_union_staff(viewer: dict) -> bool:
    """From a GraphQL `viewer { roles }` answer."""
    return bool(STAFF_ROLES & set(viewer["roles"]))
