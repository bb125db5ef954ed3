"""Sign in, sign out (the schema's signIn / signOut set and clear the session cookie), and
the signed-in person's own account page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub.portal.base import csrf_protected, render
from cityhub.portal.client import run_query
from cityhub.portal.forms import same_site


@csrf_protected
async def login(request: Request) -> Response:
    if request.method == "GET":
        context = {"next": request.query_params.get("next")}
        return await render(request, "accounts/login.html", context)
    form = await request.form()
    username = str(form.get("username") or "")
    credentials = {"username": username, "password": str(form.get("password") or "")}
    result = await run_query(request, "accounts/sign_in.graphql", {"input": credentials})
    problems = result["signIn"]["userErrors"]
    if problems:
        context = {
            "next": str(form.get("next") or ""),
            "username": username.strip(),
            "error": problems[0]["message"],
        }
        if problems[0]["code"] == "RATE_LIMITED":  # too many failures: not even checked
            page = await render(request, "accounts/login.html", context, status_code=429)
            page.headers["Retry-After"] = str(problems[0]["retryAfter"])
            return page
        return await render(request, "accounts/login.html", context, status_code=422)
    return RedirectResponse(same_site(str(form.get("next") or ""), "/account"), status_code=303)


@csrf_protected
async def logout(request: Request) -> Response:
    await run_query(request, "accounts/sign_out.graphql")
    return RedirectResponse("/", status_code=303)


async def account(request: Request) -> Response:
    data = await run_query(request, "accounts/account.graphql")  # me: sign in first
    return await render(request, "accounts/account.html", data)


routes = [
    Route("/login", login, methods=["GET", "POST"], name="login"),
    Route("/logout", logout, methods=["POST"], name="logout"),
    Route("/account", account, name="account"),
]
