"""The `cityhub` commands that end an account's sessions: set-password, set-roles,
end-sessions. Each publishes the ended sessions, so servers on the same PostgreSQL close
their sockets at once (on SQLite, within CITYHUB_SOCKET_RECHECK_SECONDS)."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from typing import Any

import click

from cityhub import events
from cityhub.errors import Rejected
from cityhub.resolvers import credentials, registry
from cityhub.resolvers.accounts import Viewer
from cityhub.settings import Settings

# How the main group runs a command's work: settings, then the work on a migrated database.
Runner = Callable[[Callable[[], Awaitable[Any]]], Any]
Failure = Callable[[Rejected], click.ClickException]
CLI_ACTOR = Viewer(kind="system", display_name="cityhub (command line)")


def publishing(settings: Settings, work: Callable[[], Awaitable[Any]]) -> Callable[[], Any]:
    """``work`` with the event bus started, so what it publishes reaches other processes."""

    async def wrapped() -> Any:
        await events.start(settings)
        try:
            return await work()
        finally:
            await events.stop()

    return wrapped


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("New password", hide_input=True, confirmation_prompt=True))


Attempt = Callable[[Callable[[], Awaitable[Any]]], Any]


def account_commands(run: Runner, fail: Failure) -> list[click.Command]:
    """The commands, given how the main group runs work and words a refusal."""

    def attempt(work: Callable[[], Awaitable[Any]]) -> Any:
        try:
            return run(work)
        except Rejected as refused:
            raise fail(refused) from None

    return [make(attempt) for make in (_set_password, _set_roles, _end_sessions)]


def _set_password(attempt: Attempt) -> click.Command:
    @click.command("set-password")
    @click.argument("username")
    @click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
    def set_password(username: str, password_stdin: bool) -> None:
        """Set an account's password (asked for twice, or read from stdin); every session
        of the account ends."""
        password = _read_password(password_stdin)

        async def work() -> int:
            row = await credentials.account_named(username)
            return await credentials.set_password(CLI_ACTOR, row["id"], password, "password")

        ended = attempt(work)
        click.echo(f"Set the password of {username}; ended {ended} session(s)")

    return set_password


def _set_roles(attempt: Attempt) -> click.Command:
    @click.command("set-roles")
    @click.argument("username")
    @click.option(
        "--roles",
        required=True,
        help=f"Comma-separated, all the account should hold: {', '.join(_role_names())}.",
    )
    def set_roles(username: str, roles: str) -> None:
        """Replace an account's roles; a change ends its sessions."""
        wanted = [r.strip() for r in roles.split(",") if r.strip()]
        row = attempt(lambda: credentials.set_roles(CLI_ACTOR, wanted, username=username))
        click.echo(f"{username} now has the roles {', '.join(row['roles'])}")

    return set_roles


def _end_sessions(attempt: Attempt) -> click.Command:
    @click.command("end-sessions")
    @click.argument("username")
    def end_sessions(username: str) -> None:
        """End every session of an account at once (its WebSockets close too)."""
        _, ended = attempt(lambda: credentials.end_sessions(CLI_ACTOR, username=username))
        click.echo(f"Ended {ended} session(s) of {username}")

    return end_sessions


def _role_names() -> list[str]:
    return [r.name for r in registry.roles()]
