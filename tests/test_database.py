"""The database: committed migrations match the models; SQLite runs with safe pragmas."""

from __future__ import annotations

import pytest
from tortoise import Tortoise, connections
from tortoise.migrations.autodetector import MigrationAutodetector

from cityhub.db import tortoise_config


async def test_the_committed_migrations_match_the_models(app, settings):
    detector = MigrationAutodetector(Tortoise.apps, tortoise_config(settings)["apps"])

    pending = await detector.changes()

    assert pending == [], "run `tortoise makemigrations` and commit the new migration"


async def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(app, settings):
    if not settings.is_sqlite:
        pytest.skip("SQLite pragmas")
    connection = connections.get("default")

    async def pragma(name: str):
        _, rows = await connection.execute_query(f"PRAGMA {name}")
        return next(iter(dict(rows[0]).values()))

    assert await pragma("journal_mode") == "wal"
    assert await pragma("foreign_keys") == 1
    assert await pragma("busy_timeout") == 5000


async def test_a_database_made_by_the_first_migration_upgrades_with_its_rows(tmp_path):
    from tortoise.migrations.api import migrate

    from tests.conftest import make_settings

    settings = make_settings(f"sqlite://{tmp_path / 'old.sqlite3'}", tmp_path)
    config = tortoise_config(settings)
    try:
        await migrate(config=config, target="cityhub.0001_initial")
        await connections.get("default").execute_script(
            "INSERT INTO district (code, name, name_en, kind, sort_order)"
            " VALUES ('xiaodian', '小店区', 'Xiaodian District', 'district', 0);"
            "INSERT INTO station (code, name, kind, district_id, address, lat, lng, is_sample,"
            " created_at, updated_at) VALUES ('old', '旧驿站', 'station', 1, '小店区', 37.8,"
            " 112.5, 1, '2024-11-21 00:00:00+00:00', '2024-11-21 00:00:00+00:00');"
        )
        await Tortoise.close_connections()

        await migrate(config=config)

        query = "SELECT code, open_24h, phone FROM station"
        _, rows = await connections.get("default").execute_query(query)
        assert [tuple(row) for row in rows] == [("old", 0, "")]
    finally:
        await Tortoise.close_connections()


async def test_outbox_messages_keep_their_delivery_when_the_outbox_becomes_a_platform_table(
    tmp_path,
):
    from tortoise.migrations.api import migrate

    from tests.conftest import make_settings

    settings = make_settings(f"sqlite://{tmp_path / 'old.sqlite3'}", tmp_path)
    config = tortoise_config(settings)
    try:
        await migrate(config=config, target="cityhub.0003_member_indexes_and_check_in_policy")
        await connections.get("default").execute_script(
            "INSERT INTO member (member_no, name, phone, id_number, vehicle_type, joined_on,"
            " status, on_hardship_register, sms_opt_out, is_sample, created_at) VALUES"
            " ('TYD1', '王建国', '13800000001', '140105198001010011', 'cruising_taxi',"
            " '2023-01-01', 'active', 0, 0, 1, '2024-11-21 00:00:00+00:00');"
            "INSERT INTO broadcast (text, segment, created_at, recipients, skipped_opt_out)"
            " VALUES ('通知', 'all_active', '2024-04-30 00:00:00+00:00', 1, 0);"
            "INSERT INTO broadcast_delivery (broadcast_id, member_id, phone, status)"
            " VALUES (1, 1, '13800000001', 'sent');"
            "INSERT INTO sms_outbox (phone, text, delivery_id, created_at)"
            " VALUES ('13800000001', '通知', 1, '2024-04-30 00:00:00+00:00');"
        )
        await Tortoise.close_connections()

        await migrate(config=config)

        query = (
            "SELECT text, subject_type, subject_id, batch_type, batch_id, status FROM sms_outbox"
        )
        _, rows = await connections.get("default").execute_query(query)
        # 0012: the message belongs to its broadcast, and to a sample member it is held.
        assert [tuple(row) for row in rows] == [
            ("通知", "broadcast_delivery", 1, "broadcast", 1, "held")
        ]
        _, rows = await connections.get("default").execute_query(
            "SELECT status, queued_at FROM broadcast_delivery"
        )
        assert [row[0] for row in rows] == ["outboxed"]
    finally:
        await Tortoise.close_connections()


async def test_published_figures_point_at_their_article_after_the_upgrade(tmp_path):
    from tortoise.migrations.api import migrate

    from tests.conftest import make_settings

    settings = make_settings(f"sqlite://{tmp_path / 'old.sqlite3'}", tmp_path)
    config = tortoise_config(settings)
    try:
        await migrate(config=config, target="cityhub.0005_workflow_timeline_channel")
        await connections.get("default").execute_script(
            "INSERT INTO published_figure (key, domain, label, label_en, value, unit, unit_en,"
            " as_of, source_title, source_publisher, source_date, sort_order) VALUES"
            " ('union.members', 'union', '工会会员', 'Union members', 65000, '人', 'people',"
            " '2024-11-21', '两年入会6.5万人', '太原本地日报', '2024-11-21', 0);"
        )
        await Tortoise.close_connections()

        await migrate(config=config)

        query = (
            "SELECT f.key, s.title, s.byline FROM published_figure f"
            " JOIN source s ON s.id = f.source_id"
        )
        _, rows = await connections.get("default").execute_query(query)
        assert [tuple(row) for row in rows] == [
            (
                "union.members",
                "两年入会 6.5 万人 建设驿站 35 家 / 我市为巡游网约车司机保驾护航",
                "记者 李俊华",
            )
        ]
    finally:
        await Tortoise.close_connections()
