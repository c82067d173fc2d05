"""The service's engine runs one job at a time: small ones inline when it is idle, the rest in its worker thread."""

from __future__ import annotations

import asyncio
import threading
import time

from lurewatch.service.engine import Engine


def test_a_small_job_on_an_idle_engine_runs_inline() -> None:
    engine = Engine()

    async def main() -> tuple[int, int]:
        here = threading.get_ident()
        return here, await engine.run(threading.get_ident, small=True)

    here, ran_on = asyncio.run(main())
    engine.close()
    assert ran_on == here


def test_jobs_never_overlap_and_the_loop_stays_free() -> None:
    engine = Engine()
    running: list[str] = []
    overlaps: list[tuple[str, ...]] = []

    def job(name: str, seconds: float) -> int:
        running.append(name)
        if len(running) > 1:
            overlaps.append(tuple(running))
        time.sleep(seconds)
        running.remove(name)
        return threading.get_ident()

    async def main() -> tuple[int, int, int, bool]:
        here = threading.get_ident()
        big = asyncio.ensure_future(engine.run(job, "big", 0.3))
        await asyncio.sleep(0.05)  # the big job has started in the worker thread
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while not big.done():
                ticks += 1
                await asyncio.sleep(0.01)

        tick = asyncio.ensure_future(ticker())
        small_thread = await engine.run(job, "small", 0.0, small=True)  # the engine is busy: it must wait its turn
        big_thread = await big
        await tick
        return here, big_thread, small_thread, ticks > 3

    here, big_thread, small_thread, loop_was_free = asyncio.run(main())
    engine.close()
    assert overlaps == []
    assert big_thread != here and small_thread == big_thread
    assert loop_was_free
