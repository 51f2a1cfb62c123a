"""Runs independent tasks on several processes; results never depend on how many.

Every task draws from its own named random stream (see ``randomness``), so running them in one
process or spread over many gives byte-identical files.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor


def default_workers() -> int:
    """One worker per CPU the process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_all(function: Callable, tasks: Sequence, workers: int,
            initializer: Callable | None = None, initargs: tuple = (),
            in_this_process: Sequence = ()) -> list:
    """``[function(task) for task in [*tasks, *in_this_process]]`` on up to ``workers`` processes.

    ``initializer(*initargs)`` runs once in each process first (and here), for data every task
    shares and that should not be sent again with each task. ``in_this_process`` tasks run here
    while the workers take the others (for work that must not run in a forked worker).
    """
    if initializer is not None:
        initializer(*initargs)
    if workers <= 1 or not tasks:
        return [function(task) for task in [*tasks, *in_this_process]]
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=_start_method(),
                             initializer=initializer, initargs=initargs) as pool:
        results = pool.map(function, tasks, chunksize=1)  # submits every task at once
        local = [function(task) for task in in_this_process]
        return [*results, *local]


def _start_method():
    """Fork where the platform has it: workers start at once and a calling script needs no
    ``if __name__ == "__main__"`` guard. Forked workers must not touch Polars or Arrow, whose thread
    pools a fork copies with their locks possibly held (the generator keeps them in the main
    process); elsewhere, fresh interpreters."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
