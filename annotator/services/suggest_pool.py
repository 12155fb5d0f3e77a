"""The suggester in worker processes for imports: loaded once per worker, texts sent in chunks.

``PooledSuggest`` is a suggest callable (one text in, its suggestions out) that can also take
many texts at once (``submit``) and compute them in a pool of processes while the caller
stores earlier files. Small imports never start the pool: the first ``pool_after`` texts are
suggested in this process (a worker costs a second to start and load the gazetteer).
Workers are started with ``spawn`` (safe beside Qt's threads) and ignore Ctrl+C, which the
importing process handles.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from multiprocessing.pool import Pool
from typing import TYPE_CHECKING

from annotator.domain import LearnedNames, Suggestion

if TYPE_CHECKING:
    from annotator.suggest import Suggester

POOL_AFTER = 200  # texts suggested in this process before the pool is worth starting

# A text's suggestions, or the text of the error the suggester raised on it.
Outcome = list[Suggestion] | BaseException

_WORKER: Suggester | None = None
_LEARNED: LearnedNames | None = None


def _start_worker(learned: LearnedNames | None) -> None:
    global _LEARNED  # noqa: PLW0603 - one suggester per worker process
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the importing process handles Ctrl+C
    _LEARNED = learned


def _load(learned: LearnedNames | None) -> Suggester:
    from annotator.suggest import load_suggester  # noqa: PLC0415 - heavy, loaded on first use

    return load_suggester(learned)


def _outcome(suggester: Callable[[str], list[Suggestion]], text: str) -> Outcome:
    try:
        return list(suggester(text))
    except Exception as exc:  # reported by the importer with the file and line
        return exc


def _suggest_in_worker(text: str) -> Outcome:
    global _WORKER  # noqa: PLW0603
    if _WORKER is None:
        try:
            _WORKER = _load(_LEARNED)
        except Exception as exc:  # e.g. a data file missing: every text fails the same way
            return exc
    return _outcome(_WORKER.suggest, text)


def default_processes() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class PooledSuggest:
    """The suggester with ``learned`` names, in ``processes`` worker processes when it pays."""

    def __init__(
        self,
        learned: LearnedNames | None = None,
        processes: int | None = None,
        pool_after: int = POOL_AFTER,
    ) -> None:
        self.learned = learned
        self.processes = processes or default_processes()
        self.pool_after = pool_after
        self._local: Suggester | None = None
        self._pool: Pool | None = None
        self._done_here = 0

    def __call__(self, text: str) -> list[Suggestion]:
        outcome = self.submit([text])()[0]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def submit(self, texts: Sequence[str]) -> Callable[[], list[Outcome]]:
        """Start suggesting ``texts``; the returned function waits for their outcomes."""
        if self._pool is None and (
            self.processes < 2 or self._done_here + len(texts) <= self.pool_after
        ):
            self._done_here += len(texts)
            try:
                if self._local is None:
                    self._local = _load(self.learned)
            except Exception as exc:  # e.g. a data file missing: every text fails the same way
                failed: list[Outcome] = [exc] * len(texts)
                return lambda: failed
            local = self._local.suggest
            outcomes = [_outcome(local, t) for t in texts]
            return lambda: outcomes
        if self._pool is None:
            self._pool = self._start_pool()
        chunk = max(1, min(32, len(texts) // (4 * self.processes)))
        result = self._pool.map_async(_suggest_in_worker, list(texts), chunksize=chunk)
        return result.get

    def _start_pool(self) -> Pool:
        """Workers forked from this process with the suggester loaded (no second load), or,
        beside other threads (the GUI), spawned fresh, each loading it on first use."""
        global _WORKER  # noqa: PLW0603 - inherited by the forked workers
        methods = multiprocessing.get_all_start_methods()
        if "fork" in methods and threading.active_count() == 1:
            if self._local is None:
                try:
                    self._local = _load(self.learned)
                except Exception:
                    self._local = None
            _WORKER = self._local
            context = multiprocessing.get_context("fork")
        else:
            _WORKER = None
            context = multiprocessing.get_context("spawn")
        try:
            return context.Pool(self.processes, initializer=_start_worker, initargs=(self.learned,))
        finally:
            _WORKER = None

    def close(self) -> None:
        """Stop the workers (nothing of theirs is pending once every submit was waited for)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> PooledSuggest:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
