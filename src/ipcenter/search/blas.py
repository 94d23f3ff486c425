"""BLAS limited to one thread in this process, from the first search or embedding on.

OpenBLAS's worker threads spin-wait after each multi-threaded call: on two cores shared with other
work a 13-token query embedding then took 380 ms instead of 64 ms, and a hybrid search whose
100k-vector scan ran on two BLAS threads starved the other client's query embedding. The limit is
set once and kept: switching it per call (as the embedder first did, restoring two threads after
each call) cost as much again — OpenBLAS 0.3.31 shrinks and re-grows its pool, and a re-grown
thread spins — measured on the 100k benchmark with two client threads: 1.7 queries/s switching,
13.1 with the limit kept. The query path's matrix products are small or memory-bound; parallelism
comes from concurrent requests and from the embedder's own worker threads.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_limited = False


def one_blas_thread() -> None:
    """Limit BLAS (threadpoolctl) to one thread for the rest of the process; cheap once set."""
    global _limited
    if _limited:
        return
    with _lock:
        if not _limited:
            from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

            ThreadpoolController().limit(limits=1, user_api="blas")
            _limited = True
