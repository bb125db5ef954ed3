"""The response cache: answers to reads (GraphQL queries over HTTP, portal pages) kept
until a committed write changes a table they read, in any process on the database.

- ``tracking``: what an answer read (tables, the clock, who asked), recorded as it runs;
- ``clients`` / ``engines``: the Tortoise clients that note every statement;
- ``triggers``: every table announces its writes (SQLite counts, PostgreSQL NOTIFY);
- ``versions``: a version per table, and the watchers of other processes' writes;
- ``store``: the kept answers, bounded in bytes, each with a lifetime;
- ``keys`` / ``graphql`` / ``pages`` / ``http``: keys, and serving over HTTP;
- ``runtime``: one server process's cache (``app.state.response_cache``).
"""
