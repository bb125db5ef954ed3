"""Tortoise engines: Tortoise's SQLite and asyncpg clients with the response cache's
statement tracking (cityhub/cache/clients.py)."""
