"""Settings: each one documented in the README; production refuses unsafe defaults."""

from __future__ import annotations

import re

import pytest

from cityhub.app import create_app
from cityhub.settings import PROJECT_DIR, SettingsError, load_settings


def test_every_setting_is_in_the_readme_configuration_table():
    source = "".join(
        (PROJECT_DIR / "cityhub" / name).read_text(encoding="utf-8")
        for name in ("settings.py", "sms_settings.py", "cache_settings.py", "service_settings.py")
    )
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Configuration") :]

    settings = set(re.findall(r'"(CITYHUB_[A-Z_]+)"', source))
    documented = set(re.findall(r"^\| `(CITYHUB_[A-Z_]+)` \|", table, flags=re.MULTILINE))

    assert len(settings) >= 15
    assert settings - documented == set(), "add these to the README's configuration table"
    assert documented - settings == set(), "the README documents settings that do not exist"


def test_production_refuses_the_default_secret():
    with pytest.raises(SettingsError, match="CITYHUB_SECRET_KEY"):
        create_app(load_settings({"CITYHUB_ENV": "production"}))


def test_production_with_a_secret_uses_secure_cookies():
    settings = load_settings({"CITYHUB_ENV": "production", "CITYHUB_SECRET_KEY": "s" * 40})

    settings.check()
    assert settings.https_only_cookies is True


def test_the_default_database_is_a_sqlite_file_in_the_data_dir(tmp_path):
    settings = load_settings({"CITYHUB_DATA_DIR": str(tmp_path)})

    assert settings.database_url == f"sqlite://{tmp_path / 'cityhub.sqlite3'}"
    assert settings.is_sqlite


def test_fast_password_hashing_is_for_tests_never_for_production():
    fast = {"CITYHUB_PASSWORD_HASHING": "fast", "CITYHUB_SECRET_KEY": "s" * 40}

    load_settings(fast).check()
    with pytest.raises(SettingsError, match="CITYHUB_PASSWORD_HASHING"):
        load_settings({**fast, "CITYHUB_ENV": "production"}).check()
    with pytest.raises(SettingsError, match="CITYHUB_PASSWORD_HASHING"):
        load_settings({"CITYHUB_PASSWORD_HASHING": "quick"}).check()
