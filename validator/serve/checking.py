"""Checking a batch: its files read, paired with last year's reports, checked and summarised by the workers.

Batches take turns: at most ``MAX_RUNNING_BATCHES`` are checked at once (their files share the workers'
FIFO queue, so an earlier batch finishes first) and at most ``MAX_WAITING_BATCHES`` wait; a batch started
beyond that is refused with a message rather than queued without bound. Whatever happens to one file — it
cannot be read, a worker dies on it, it runs past the time limit — becomes that report's error, and the
batch goes on.
"""

from __future__ import annotations

import asyncio
import shutil
from typing import TYPE_CHECKING, Any

from validator.serve import limits
from validator.serve.batches import CHECKING, CURRENT, DONE, FAILED, QUEUED, READING, Batch, Full, Upload
from validator.serve.tasks import Checked, Entry, Read
from validator.serve.workers import TaskFailed, WorkerPool

if TYPE_CHECKING:
    from validator.model import Metadata


class Checker:
    def __init__(self, pool: WorkerPool) -> None:
        self.pool = pool
        self.turns = asyncio.Semaphore(limits.MAX_RUNNING_BATCHES)
        self.waiting = 0

    def start(self, batch: Batch) -> None:
        if self.waiting >= limits.MAX_WAITING_BATCHES:
            raise Full(f"已有 {self.waiting} 批在排队等待检查（上限 {limits.MAX_WAITING_BATCHES}），请稍后再试")
        batch.state = QUEUED
        self.waiting += 1
        batch.task = asyncio.get_running_loop().create_task(self._run(batch))

    async def _run(self, batch: Batch) -> None:
        waiting = True
        try:
            async with self.turns:
                self.waiting -= 1
                waiting = False
                await self._check(batch)
        except asyncio.CancelledError:
            batch.state = FAILED
            batch.error = "已取消"
        except Exception as exc:  # noqa: BLE001 - the batch fails with a message; the server runs on
            batch.state = FAILED
            batch.error = f"内部错误：{type(exc).__name__}: {exc}"
        finally:
            if waiting:
                self.waiting -= 1
            if batch.discarded:
                shutil.rmtree(batch.directory, ignore_errors=True)

    async def _task(self, kind: str, *args: Any) -> Any:
        future = self.pool.submit(kind, *args, seconds=limits.TASK_SECONDS)
        try:
            return await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            future.cancel()
            raise

    async def _check(self, batch: Batch) -> None:
        batch.state = READING
        metadata = await self._read_all(batch)
        current = [u for u in batch.current() if u.error is None]
        pairs: dict[str, str] = {}
        if len(metadata) > 1:
            pairs = await self._task("pair", metadata, [u.name for u in current])
        used = set(pairs.values())
        batch.notes += [f"上年报告 {u.name} 未与本批任何报告配对（发文机关不同，或不是上一年度的报告），未用于对照"
                        for u in batch.uploads if u.zone != CURRENT and u.error is None and u.name not in used]
        batch.state = CHECKING
        batch.checked = len(batch.current()) - len(current)  # the unreadable ones need no checking
        await _gather([self._check_one(batch, u, pairs.get(u.name)) for u in current])
        settings = batch.settings
        entries = [Entry(u.name, str(u.result()) if u.error is None else None, u.profile, u.error)
                   for u in batch.current()]
        batch.summary = await self._task("summarize", entries, settings.profile)
        batch.state = DONE

    async def _read_all(self, batch: Batch) -> dict[str, Metadata]:
        metadata: dict[str, Metadata] = {}

        async def read(upload: Upload) -> None:
            try:
                result: Read = await self._task("read", str(upload.path), upload.name, str(upload.document()))
            except TaskFailed as exc:
                result = Read(None, f"{upload.name}: 读取时出错：{exc}")
            batch.read += 1
            if result.error is not None:
                upload.error = result.error
                upload.status = "error"
            elif result.metadata is not None:
                metadata[upload.name] = result.metadata

        await _gather([read(u) for u in batch.uploads])
        batch.notes += [f"上年报告 {u.error}，未用于对照" for u in batch.uploads if u.zone != CURRENT and u.error]
        return metadata

    async def _check_one(self, batch: Batch, upload: Upload, previous: str | None) -> None:
        last_year = batch.by_name(previous) if previous is not None else None
        try:
            result: Checked = await self._task(
                "check", str(upload.document()), str(last_year.document()) if last_year is not None else None,
                batch.settings.profile, batch.settings.kind, str(upload.result()))
            upload.status, upload.profile = result.status, result.profile
            upload.previous = previous
        except TaskFailed as exc:
            upload.error = f"{upload.name}: 检查时出错：{exc}"
            upload.status = "error"
        batch.checked += 1


async def _gather(jobs: list[Any]) -> None:
    """Run the jobs together; when the batch is cancelled, cancel them all (their queued tasks too)."""
    tasks = [asyncio.ensure_future(job) for job in jobs]
    try:
        await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise

