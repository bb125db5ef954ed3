"""Sign in, sign out, and the signed-in person's own account page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub.i18n import N_
from cityhub.portal.base import csrf_protected, render, run_query
from cityhub.resolvers.accounts import authenticate_password
from cityhub.sessions import sign_in, sign_out


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the login form cannot bounce people elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/account"


@csrf_protected
async def login(request: Request) -> Response:
    if request.method == "GET":
        context = {"next": request.query_params.get("next")}
        return await render(request, "accounts/login.html", context)
    form = await request.form()
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    viewer = await authenticate_password(username, password) if username and password else None
    if viewer is None:
        context = {
            "next": form.get("next"),
            "username": username,
            "error": N_("用户名或密码不正确"),
        }
        return await render(request, "accounts/login.html", context, status_code=422)
    sign_in(request, viewer)
    return RedirectResponse(_safe_next(str(form.get("next") or "")), status_code=303)


@csrf_protected
async def logout(request: Request) -> Response:
    sign_out(request)
    return RedirectResponse("/", status_code=303)


async def account(request: Request) -> Response:
    data = await run_query(request, "accounts/account.graphql")
    if data["viewer"]["account"] is None:
        return RedirectResponse("/login?next=/account", status_code=303)
    return await render(request, "accounts/account.html", data)


routes = [
    Route("/login", login, methods=["GET", "POST"], name="login"),
    Route("/logout", logout, methods=["POST"], name="logout"),
    Route("/account", account, name="account"),
]
