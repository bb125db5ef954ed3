"""The `cityhub` command, run in-process through click's runner."""

from __future__ import annotations

import asyncio

import pytest
from click.testing import CliRunner

from cityhub.cli import main
from cityhub.seeding import read_seed, seed_files
from cityhub.settings import PROJECT_DIR
from tests.conftest import SECRET, make_settings

COMMANDS = [
    "serve",
    "migrate",
    "seed",
    "export-schema",
    "create-user",
    "create-api-key",
    "revoke-api-key",
    "set-password",
    "set-roles",
    "end-sessions",
    "sms-relay",
]


@pytest.fixture
def cli(database_url, tmp_path):
    runner = CliRunner()
    env = {
        "CITYHUB_DATABASE_URL": database_url,
        "CITYHUB_DATA_DIR": str(tmp_path),
        "CITYHUB_SECRET_KEY": SECRET,
        "CITYHUB_ENV": "development",
    }

    def run(*args: str, input: str | None = None):
        return runner.invoke(main, list(args), env=env, input=input, catch_exceptions=False)

    return run


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])

    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_export_schema_prints_the_committed_sdl():
    result = CliRunner().invoke(main, ["export-schema"])

    assert result.exit_code == 0
    assert result.output == (PROJECT_DIR / "schema.graphql").read_text(encoding="utf-8")


def test_seed_is_idempotent(cli):
    records = sum(len(read_seed(PROJECT_DIR / "seeds", f.name)) for f in seed_files())

    again = cli("seed")

    assert again.exit_code == 0
    assert f"Seeded: 0 created, 0 updated, {records} unchanged" in again.output


def test_migrate_on_a_migrated_database_does_nothing(cli):
    result = cli("migrate")

    assert result.exit_code == 0
    assert "Migrated" in result.output


def test_create_user_asks_for_the_password_twice(cli):
    result = cli(
        "create-user",
        "wanglin",
        "--role",
        "grid_worker",
        "--name",
        "王琳",
        input="a long password\na long password\n",
    )

    assert result.exit_code == 0, result.output
    assert "Created account wanglin" in result.output and "grid_worker" in result.output


def test_create_user_refuses_bad_input_and_writes_nothing(cli):
    weak = cli("create-user", "wanglin", "--role", "citizen", "--password", "short")
    bad_role = cli("create-user", "wanglin", "--role", "mayor", "--password", "a long password")
    bad_name = cli("create-user", "a b", "--role", "citizen", "--password", "a long password")
    created = cli("create-user", "wanglin", "--role", "citizen", "--password", "a long password")

    assert weak.exit_code == 1 and "at least 10 characters" in weak.output
    assert bad_role.exit_code == 2 and "mayor" in bad_role.output
    assert bad_name.exit_code == 1 and "Usernames" in bad_name.output
    assert created.exit_code == 0
    duplicate = cli("create-user", "wanglin", "--role", "citizen", "--password", "a long password")
    assert duplicate.exit_code == 1 and "already taken" in duplicate.output


def test_create_user_links_a_member_and_an_unknown_member_writes_nothing(cli):
    unknown = cli(
        "create-user",
        "ghost",
        "--role",
        "member",
        "--member",
        "TYD999999",
        "--password",
        "a long password",
    )
    linked = cli(
        "create-user",
        "chen",
        "--role",
        "member",
        "--member",
        "TYDS0001",
        "--password",
        "a long password",
    )
    retried = cli("create-user", "ghost", "--role", "member", "--password", "a long password")

    assert unknown.exit_code == 1
    assert "No such member" in unknown.output
    assert linked.exit_code == 0
    assert "linked to member TYDS0001" in linked.output
    assert retried.exit_code == 0, "the refused account must not have been created"


def test_create_api_key_prints_the_key_once_and_revoke_ends_it(cli):
    created = cli("create-api-key", "--name", "高德地图", "--scopes", "stations:write")
    key = created.output.strip().splitlines()[-1]
    revoked = cli("revoke-api-key", "高德地图")
    unknown = cli("revoke-api-key", "nobody")

    assert created.exit_code == 0 and key.startswith("chk_") and len(key) > 40
    assert revoked.exit_code == 0
    assert unknown.exit_code == 1 and "No such API key" in unknown.output


def test_create_api_key_refuses_unknown_scopes(cli):
    result = cli("create-api-key", "--name", "x", "--scopes", "stations:write,root")

    assert result.exit_code == 1
    assert "Unknown scope: root" in result.output


def test_serve_migrates_and_seeds_an_empty_database_once_and_prints_where_to_go(
    tmp_path, monkeypatch
):
    import uvicorn

    started: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.append(options))
    env = {
        "CITYHUB_DATABASE_URL": None,  # the default: a SQLite file under the data dir
        "CITYHUB_DATA_DIR": str(tmp_path),
        "CITYHUB_SECRET_KEY": SECRET,
        "CITYHUB_ENV": "development",
    }

    first = CliRunner().invoke(main, ["serve", "--light", "--port", "9123"], env=env)
    again = CliRunner().invoke(main, ["serve", "--light", "--port", "9123"], env=env)

    assert first.exit_code == 0, first.output
    assert "union/stations.json: 36 created" in first.output
    assert "portal:   http://127.0.0.1:9123/" in first.output
    assert "GraphiQL: http://127.0.0.1:9123/graphql" in first.output
    assert str(tmp_path / "cityhub.sqlite3") in first.output
    assert "accounts: .venv/bin/cityhub create-user admin --role admin" in first.output
    assert (tmp_path / "cityhub.sqlite3").exists()
    assert again.exit_code == 0, again.output
    assert "created" not in again.output
    assert [options["port"] for options in started] == [9123, 9123]


def test_production_refuses_the_default_secret(database_url, tmp_path):
    env = {
        "CITYHUB_ENV": "production",
        "CITYHUB_DATABASE_URL": database_url,
        "CITYHUB_DATA_DIR": str(tmp_path),
        "CITYHUB_SECRET_KEY": None,  # unset: the development default applies
    }

    result = CliRunner().invoke(main, ["serve"], env=env)

    assert result.exit_code == 1
    assert "CITYHUB_SECRET_KEY" in result.output


def test_seed_scale_generates_volume_once(cli, monkeypatch, database_url, tmp_path):
    from cityhub.seeding.union.volume import targets

    for name, value in [
        ("MEMBERS_PER_SCALE", 1_500),
        ("LEFT_PER_SCALE", 100),
        ("ENROLLED", {2023: 500, 2024: 1_000}),
        ("CHECK_INS_PER_SCALE", 300),
    ]:
        monkeypatch.setattr(targets, name, value)

    first = cli("seed", "--scale", "2")
    again = cli("seed", "--scale", "2")

    assert first.exit_code == 0, first.output
    assert "3200 members, 2915 enrolments, 254 applications, 600 check-ins" in first.output
    assert "12905 consultations" in first.output
    assert "Generated: 0 members" in again.output
    assert "Seeded: 0 created, 0 updated" in again.output
    assert asyncio.run(generated_by_status(make_settings(database_url, tmp_path))) == {
        "active": 3000,  # N x MEMBERS_PER_SCALE active: the live membership rate's numerator
        "left": 200,
    }


async def generated_by_status(settings) -> dict[str, int]:
    from cityhub import db
    from cityhub.models.union.members import Member

    async with db.database(settings):
        generated = Member.filter(member_no__startswith="TYDV")
        return {
            status: await generated.filter(status=status).count() for status in ("active", "left")
        }


@pytest.mark.parametrize(
    ("args", "environ", "generated"),
    [([], {}, 1_600), (["--light"], {}, 0), ([], {"CITYHUB_SEED_VOLUME": "0"}, 0)],
    ids=["first start", "--light", "CITYHUB_SEED_VOLUME=0"],
)
def test_serve_s_first_start_seeds_the_source_s_volume_unless_light(
    tmp_path, monkeypatch, args, environ, generated
):
    import uvicorn

    from cityhub.seeding.union.volume import targets

    monkeypatch.setattr(uvicorn, "run", lambda app, **options: None)
    for name, value in [
        ("MEMBERS_PER_SCALE", 1_500),
        ("LEFT_PER_SCALE", 100),
        ("ENROLLED", {2023: 500, 2024: 1_000}),
        ("CHECK_INS_PER_SCALE", 300),
    ]:
        monkeypatch.setattr(targets, name, value)
    env = {
        "CITYHUB_DATABASE_URL": None,
        "CITYHUB_DATA_DIR": str(tmp_path),
        "CITYHUB_SECRET_KEY": SECRET,
        "CITYHUB_ENV": "development",
        **environ,
    }

    result = CliRunner().invoke(main, ["serve", *args], env=env)

    assert result.exit_code == 0, result.output
    assert "union/stations.json: 36 created" in result.output
    assert ("enrolments 2023" in result.output) == bool(generated)
    database = f"sqlite://{tmp_path / 'cityhub.sqlite3'}"
    counts = asyncio.run(generated_by_status(make_settings(database, tmp_path)))
    assert sum(counts.values()) == generated


def test_seed_scale_must_be_a_small_whole_number(cli):
    for scale in ("-1", "21", "lots"):
        result = cli("seed", "--scale", scale)

        assert result.exit_code == 2, scale
        assert "--scale" in result.output


@pytest.mark.parametrize(
    ("args", "environ"),
    [(["--workers", "2"], {}), ([], {"CITYHUB_WORKERS": "4"})],
    ids=["--workers", "CITYHUB_WORKERS"],
)
def test_serve_refuses_several_workers_on_sqlite(tmp_path, monkeypatch, args, environ):
    import uvicorn

    started: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.append(options))
    env = {
        "CITYHUB_DATABASE_URL": None,
        "CITYHUB_DATA_DIR": str(tmp_path),
        "CITYHUB_SECRET_KEY": SECRET,
        "CITYHUB_ENV": "development",
        **environ,
    }

    result = CliRunner().invoke(main, ["serve", *args], env=env)

    assert result.exit_code == 1
    assert "database is locked" in result.output
    assert "PostgreSQL" in result.output and "CITYHUB_DATABASE_URL" in result.output
    assert started == []
    assert not (tmp_path / "cityhub.sqlite3").exists(), "refused before migrating"


def test_serve_takes_several_workers_on_postgres_and_no_fewer_than_one(
    database_url, tmp_path, monkeypatch
):
    import uvicorn

    started: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.append(options))
    env = {"CITYHUB_DATABASE_URL": database_url, "CITYHUB_DATA_DIR": str(tmp_path)}

    zero = CliRunner().invoke(main, ["serve", "--workers", "0"], env=env)
    none = CliRunner().invoke(main, ["serve"], env={**env, "CITYHUB_WORKERS": "0"})
    several = CliRunner().invoke(main, ["serve", "--workers", "3"], env=env)

    assert zero.exit_code == 2 and "--workers" in zero.output
    assert none.exit_code == 1 and "CITYHUB_WORKERS=0" in none.output
    if database_url.startswith("sqlite:"):
        assert several.exit_code == 1 and started == []
    else:
        assert several.exit_code == 0, several.output
        assert [options["workers"] for options in started] == [3]


def test_create_user_links_a_community_worker_and_an_unknown_code_writes_nothing(cli):
    password = ("--password", "a long password")
    unknown = cli(
        "create-user", "ghost", "--role", "grid_worker", "--council-worker", "zc-nobody", *password
    )
    linked = cli(
        "create-user",
        "wanglin",
        "--role",
        "grid_worker",
        "--council-worker",
        "zc-wanglin",
        *password,
    )
    retried = cli("create-user", "ghost", "--role", "grid_worker", *password)

    assert unknown.exit_code == 1 and "No such community worker" in unknown.output
    assert linked.exit_code == 0 and "linked to council-worker zc-wanglin" in linked.output
    assert retried.exit_code == 0, "the refused account must not have been created"
