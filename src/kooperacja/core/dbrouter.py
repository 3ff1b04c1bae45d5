"""Read-replica routing (docs/scale.md), active only when DATABASE_REPLICA_URL is set.

The monitoring app's reads (precomputed figures and refresh runs, the regional dashboards) go to the replica
`replica`; every write, every migration and every read inside a transaction on the primary stay on `default`, so a
request never reads behind its own write. Other code can send a block of reads to the replica with
`replica_reads()` (e.g. a long report), and the router still keeps writes on the primary.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connections

REPLICA = "replica"
PRIMARY = "default"
REPLICA_APPS = frozenset({"monitoring"})

_replica_block: ContextVar[bool] = ContextVar("kooperacja_replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads of any app inside this block go to the replica (when one is configured)."""
    token = _replica_block.set(True)
    try:
        yield
    finally:
        _replica_block.reset(token)


class ReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if REPLICA not in connections.settings:
            return None
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY  # read your own writes
        if model._meta.app_label in REPLICA_APPS or _replica_block.get():
            return REPLICA
        return None

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, replicated

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == PRIMARY
