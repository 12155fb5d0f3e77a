"""A team's shared project on a PostgreSQL server: create it, add coders' and leads' logins."""

from __future__ import annotations

from annotator.store.postgres.connect import DB_ENV, ServerError, is_server_url
from annotator.store.postgres.project import ServerProject, add_person, init_project
from annotator.store.postgres.roles import CODER, LEAD

__all__ = [
    "CODER",
    "DB_ENV",
    "LEAD",
    "ServerError",
    "ServerProject",
    "add_person",
    "init_project",
    "is_server_url",
]
