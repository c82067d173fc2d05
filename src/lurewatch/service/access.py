"""Who may call /v1: with API keys in the store every call needs `Authorization: Bearer KEY`; without keys the server
listens on loopback only (checked at start) and callers are told apart by address. Each caller gets a token bucket:
`rate` requests per second, in bursts of as many; beyond that 429 with Retry-After."""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from dataclasses import dataclass

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from lurewatch.service.keys import KeyRing

BEARER = "bearer "
MAX_CALLERS = 10_000  # buckets kept; the least recently seen go first (a full bucket is all they would hold)


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.burst = max(rate, 1.0)  # below one request a second, a bucket still holds the one request it allows
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def wait(self, caller: str, now: float | None = None) -> float:
        """Takes one request from the caller's bucket: 0 when allowed, else the seconds until one is."""
        now = time.monotonic() if now is None else now
        bucket = self._buckets.get(caller)
        if bucket is None:
            bucket = self._buckets[caller] = _Bucket(self.burst, now)
            while len(self._buckets) > MAX_CALLERS:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(caller)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.rate


class Access:
    """The /v1 dependency: the caller's name (the key's name, or `address:HOST` without keys) once allowed."""

    def __init__(self, keys: KeyRing, limiter: RateLimiter) -> None:
        self.keys = keys
        self.limiter = limiter

    async def __call__(self, request: Request) -> str:
        caller = await run_in_threadpool(self._caller, request.headers.get("authorization"), request)
        wait = self.limiter.wait(caller)
        if wait > 0:
            raise HTTPException(
                429, f"rate limit of {self.limiter.rate:g} requests per second reached", {"Retry-After": str(math.ceil(wait))}
            )
        return caller

    def _caller(self, authorization: str | None, request: Request) -> str:
        if authorization is not None:
            if not authorization.lower().startswith(BEARER):
                raise _unauthorized("the Authorization header must be `Bearer KEY`")
            owner = self.keys.owner(authorization[len(BEARER) :].strip())
            if owner is None:
                raise _unauthorized("unknown API key")
            return owner
        if self.keys.count():
            raise _unauthorized("this server needs an API key: send `Authorization: Bearer KEY`")
        return f"address:{request.client.host if request.client else 'unknown'}"


def _unauthorized(why: str) -> HTTPException:
    return HTTPException(401, why, {"WWW-Authenticate": "Bearer"})
