"""Where the analysis work runs: one job at a time, as the recognizers, the semantic layer and the watcher share state
that is not thread-safe (and with the GIL more threads would not analyse faster anyway).

A small job runs inline on the event loop when nothing else is running: handing it to a thread and back costs more
than the job. A large job, or one that arrives while another runs, goes to the worker thread, which keeps the event
loop free to answer health checks and metrics while a long chat is read."""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class Engine:
    def __init__(self) -> None:
        self._executor: ThreadPoolExecutor | None = None
        self._busy = threading.Lock()  # held by whichever job runs, inline or in the thread

    async def run(self, function: Callable[..., T], *args: Any, small: bool = False) -> T:
        if small and self._busy.acquire(blocking=False):
            try:
                return function(*args)
            finally:
                self._busy.release()
        # Started on first use, and again after `close`: an app can be started and stopped more than once.
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lurewatch-analysis")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._exclusive, functools.partial(function, *args))

    def _exclusive(self, job: Callable[[], T]) -> T:
        with self._busy:
            return job()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
