"""The alert store: alerts with their findings and review states, in SQLite (default) or PostgreSQL.

>>> from lurewatch.store import open_store
>>> store = open_store("sqlite:///alerts.db")        # or None: $LUREWATCH_DB, else DEFAULT_DB_PATH
>>> identifier, new = store.record(alert)            # an alert from `Watcher.add`; idempotent
>>> store.review(identifier, "confirmed", reviewer="sam")
"""

from lurewatch.store.alerts import AlertStore, alert_id, open_store
from lurewatch.store.database import StoreError, default_db_path
from lurewatch.store.models import STATUSES, Status, StoredAlert, StoredFinding, StoredMessage

DEFAULT_DB_PATH = default_db_path()

__all__ = [
    "DEFAULT_DB_PATH",
    "STATUSES",
    "AlertStore",
    "Status",
    "StoreError",
    "StoredAlert",
    "StoredFinding",
    "StoredMessage",
    "alert_id",
    "default_db_path",
    "open_store",
]
