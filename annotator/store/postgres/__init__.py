"""PostgreSQL as the second backend: connections, the schema and the team's roles.

Imported only by code that works with a team server: psycopg (the ``server`` extra) is
needed here and nowhere else, and SQLite projects never load it.
"""

from __future__ import annotations
