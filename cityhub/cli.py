"""The `cityhub` command: serve, migrate, seed, export-schema, users and API keys."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import click

from cityhub import db
from cityhub.cli_accounts import account_commands, publishing
from cityhub.cli_sms import sms_relay_command
from cityhub.errors import Rejected
from cityhub.i18n import translate
from cityhub.progress import console, generate_with_progress, seed_with_progress
from cityhub.resolvers import accounts, registry
from cityhub.resolvers.transactions import atomic
from cityhub.seeding import is_seeded, volume
from cityhub.seeding.imports import ImportCounts
from cityhub.settings import Settings, SettingsError, load_settings


def _settings() -> Settings:
    settings = load_settings()
    try:
        settings.check()
    except SettingsError as error:
        raise click.ClickException(str(error)) from None
    accounts.configure_hashing(settings.hashing_cost)
    return settings


def _database_label(settings: Settings) -> str:
    path = db.sqlite_path(settings.database_url)
    if path is not None:
        return f"SQLite file {path}"
    parts = urlsplit(settings.database_url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username or ""
    return urlunsplit((parts.scheme, f"{user}@{netloc}" if user else netloc, parts.path, "", ""))


@asynccontextmanager
async def _migrated(settings: Settings):
    """A database with every migration applied, closed afterwards (also on failure: an
    open SQLite connection's worker thread would keep the process alive)."""
    try:
        await db.migrate(settings)
        await db.close_db()
        await db.init_db(settings)
        yield
    finally:
        await db.close_db()


def _run(settings: Settings, work: Callable[[], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        async with _migrated(settings):
            return await work()

    return asyncio.run(main())


def _fail(refused: Rejected) -> click.ClickException:
    lines = [
        f"{p.field or 'input'}: {translate('en', p.message, **p.params)}" for p in refused.problems
    ]
    return click.ClickException("; ".join(lines))


def _check_workers(settings: Settings, workers: int) -> None:
    # Several SQLite writers fail with "database is locked" past the busy timeout (measured:
    # 1 of 320 racing requests), so more than one worker needs PostgreSQL.
    if workers > 1 and settings.database_url.startswith("sqlite:"):
        raise click.ClickException(
            f"{workers} workers cannot share SQLite ({_database_label(settings)}): concurrent "
            "writers fail with 'database is locked'. Serve one worker, or set "
            "CITYHUB_DATABASE_URL to PostgreSQL (postgres://user@host:5432/db) for several."
        )


@click.group()
@click.version_option(package_name="cityhub")
def main() -> None:
    """CityHub: Taiyuan's city services behind one GraphQL API and one portal."""
    logging.basicConfig(
        level=load_settings().log_level.upper(), format="%(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("tortoise").setLevel(logging.WARNING)


@main.command()
@click.option("--host", default=None, help="Interface to listen on [CITYHUB_HOST, 127.0.0.1].")
@click.option("--port", type=int, default=None, help="Port [CITYHUB_PORT, 8000].")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes [CITYHUB_WORKERS, 1]; more than one needs PostgreSQL.",
)
@click.option(
    "--light",
    is_flag=True,
    help="On an empty database, seed the facts only, without the sample volume "
    "[CITYHUB_SEED_VOLUME=0]: for tests and quick demos.",
)
def serve(host: str | None, port: int | None, workers: int | None, light: bool) -> None:
    """Migrate, seed an empty database (the facts, then the source's volume, as seed
    --scale 1), then serve the portal and the API."""
    import uvicorn

    settings = _settings()
    host, port = host or settings.host, port or settings.port
    workers = workers or settings.workers
    _check_workers(settings, workers)

    async def prepare() -> None:
        if not await is_seeded():
            await seed_with_progress(settings)
            if settings.seed_volume and not light:
                await generate_with_progress(1)

    _run(settings, prepare)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104
    console.print("[bold]CityHub[/bold]")
    console.print(f"  portal:   http://{shown}:{port}/")
    api = "GraphiQL" if settings.graphiql else "API"
    console.print(f"  {api + ':':<9} http://{shown}:{port}/graphql")
    console.print(f"  database: {_database_label(settings)}")
    if not settings.production:
        console.print("  accounts: .venv/bin/cityhub create-user admin --role admin")
    uvicorn.run(
        "cityhub.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level,
        proxy_headers=True,
    )


@main.command()
def migrate() -> None:
    """Apply the committed migrations the database has not seen yet."""
    settings = _settings()

    async def work() -> None:
        try:
            await db.migrate(
                settings, progress=lambda event, app, name: console.print(f"  {event} {app}.{name}")
            )
        finally:
            await db.close_db()

    asyncio.run(work())
    console.print(f"Migrated {_database_label(settings)}")


@main.command()
@click.option(
    "--scale",
    type=click.IntRange(0, 20),
    default=0,
    help=f"Also generate sample volume, every row marked sample: {volume.described()}.",
)
def seed(scale: int) -> None:
    """Load the source's facts from seeds/ (idempotent: a second run changes nothing)."""
    settings = _settings()

    async def work() -> tuple[ImportCounts, dict[str, int] | None]:
        counts = await seed_with_progress(settings)
        return counts, (await generate_with_progress(scale) if scale else None)

    counts, generated = _run(settings, work)
    console.print(
        f"Seeded: {counts.created} created, {counts.updated} updated, {counts.unchanged} unchanged"
    )
    if generated is not None:
        console.print(
            "Generated: " + ", ".join(f"{number} {what}" for what, number in generated.items())
        )


@main.command("export-schema")
def export_schema() -> None:
    """Print the GraphQL schema (SDL); schema.graphql must equal this output."""
    from cityhub.schema import sdl

    click.echo(sdl(), nl=False)


def _account_link_options(command: Callable[..., None]) -> Callable[..., None]:
    """--member and the like: each installed domain's links from an account to its records."""
    for link in reversed(registry.account_links()):
        command = click.option(f"--{link.option}", default=None, help=link.help)(command)
    return command


@main.command("create-user")
@click.argument("username")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice([r.name for r in registry.roles()]),
    help="A role to grant; repeat for several.",
)
@click.option("--name", "display_name", default="", help="Name shown on pages.")
@click.option("--phone", default=None, help="Phone number (personal data).")
@_account_link_options
@click.password_option(help="At least 10 characters; asked for when omitted.")
def create_user(
    username: str,
    roles: tuple[str, ...],
    display_name: str,
    phone: str | None,
    password: str,
    **links: str | None,
) -> None:
    """Create a sign-in account with one or more roles (and link it to a domain's record)."""
    settings = _settings()
    wanted = [
        (link, value)
        for link in registry.account_links()
        if (value := links[link.option.replace("-", "_")])
    ]

    async def create() -> dict:
        async with atomic():
            row = await accounts.create_account(
                username, password, list(roles), display_name, phone
            )
            for link, value in wanted:
                await link.link(value, row["id"])
        return row

    try:
        row = _run(settings, create)
    except Rejected as refused:
        raise _fail(refused) from None
    linked = "".join(f", linked to {link.option} {value}" for link, value in wanted)
    click.echo(
        f"Created account {row['username']} (id {row['id']}) with roles "
        f"{', '.join(row['roles'])}{linked}"
    )


@main.command("create-api-key")
@click.option("--name", required=True, help="The partner agency or application (unique).")
@click.option(
    "--scopes",
    default="",
    help=f"Comma-separated scopes: {', '.join(registry.scopes())}. Empty: public data only.",
)
def create_api_key(name: str, scopes: str) -> None:
    """Issue an API key; it is printed once and only its digest is stored."""
    settings = _settings()
    wanted = [s.strip() for s in scopes.split(",") if s.strip()]
    try:
        row, raw_key = _run(settings, lambda: accounts.create_api_key(name, wanted))
    except Rejected as refused:
        raise _fail(refused) from None
    console.print(f"API key for {row['name']} (scopes: {', '.join(row['scopes']) or 'none'}).")
    console.print("Store it now; it cannot be shown again:")
    click.echo(raw_key)


@main.command("revoke-api-key")
@click.argument("name")
def revoke_api_key(name: str) -> None:
    """Revoke the API key with this name, at once."""
    settings = _settings()
    try:
        _run(settings, publishing(settings, lambda: accounts.revoke_api_key(name=name)))
    except Rejected as refused:
        raise _fail(refused) from None
    click.echo(f"Revoked the API key {name}")


def _run_publishing(work: Callable[[], Awaitable[Any]]) -> Any:
    settings = _settings()
    return _run(settings, publishing(settings, work))


for _command in account_commands(_run_publishing, _fail):
    main.add_command(_command)


main.add_command(sms_relay_command(_settings, _run))
