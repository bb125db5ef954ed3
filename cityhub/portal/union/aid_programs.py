"""Aid programs on the portal: the list (with a member's and staff's entry points) and a
program's rules, live statistics and the figures the source published."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub.portal.base import render
from cityhub.portal.client import run_query

CODE_MAX = 40


async def programs(request: Request) -> Response:
    data = await run_query(request, "union/aid_programs/index.graphql")
    return await render(request, "union/aid_programs/index.html", data)


async def program(request: Request) -> Response:
    code = request.path_params["code"][:CODE_MAX]
    data = await run_query(request, "union/aid_programs/detail.graphql", {"code": code})
    if data["aidProgram"] is None:
        raise HTTPException(404)
    return await render(request, "union/aid_programs/detail.html", data)


routes = [
    Route("/union/aid", programs, name="aid_programs"),
    Route("/union/aid/{code}", program, name="aid_program"),
]
