"""Where the analysis work runs: one worker thread beside the event loop.

The recognizers and the semantic layer share caches that are not thread-safe, and with the GIL more threads would not
analyse faster; one thread keeps the event loop free to answer health checks and metrics while a long chat is read."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class Engine:
    def __init__(self) -> None:
        self._executor: ThreadPoolExecutor | None = None

    async def run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        # Started on first use, and again after `close`: an app can be started and stopped more than once.
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lurewatch-analysis")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(function, *args, **kwargs))

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
