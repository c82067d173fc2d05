"""What one running service is configured with (`lurewatch serve` options)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

from lurewatch.api import Detectors
from lurewatch.model import RiskLevel

WEB_STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
DEFAULT_MAX_BODY = 5 * 2**20
DEFAULT_RATE_LIMIT = 100  # requests per second per key, with a burst of as many


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    db_url: str | None = None  # the alert store's database; None: the store's default SQLite file
    max_body: int = DEFAULT_MAX_BODY  # bytes
    rate_limit: float = DEFAULT_RATE_LIMIT  # requests per second per key (per client address without keys)
    detectors: Detectors = "combined"
    alert_level: RiskLevel = "high"
    web_dir: Path = WEB_STATIC  # the web page's files, served at / when the folder exists
    # Keep the text of live messages and store each alert's conversation with it (opt-in: by default only the evidence
    # of the findings is stored). The texts of the conversations the watcher keeps are then held in memory.
    store_text: bool = False


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach `host` (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
