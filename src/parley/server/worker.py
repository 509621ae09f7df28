"""The SPARQL worker process: `python -m parley.server.worker CACHE [LIMIT [MEMORY_MB]]
[--allow-service]` (started by the pool).

Jobs arrive pickled on stdin and answers leave pickled on stdout, as multiprocessing Connections.
The process caps its own memory first (RLIMIT_DATA, MEMORY_MB mebibytes; 0: no cap).
"""

from __future__ import annotations

import os
import resource
import sys
from multiprocessing.connection import Connection

from parley.server.pool import MAX_RESULT_BYTES, MEMORY_MB, work


def main(argv: list[str]) -> None:
    allow_service = "--allow-service" in argv
    args = [a for a in argv if a != "--allow-service"]
    memory_mb = int(args[2]) if len(args) > 2 else MEMORY_MB
    if memory_mb:
        cap = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
    receive = Connection(os.dup(sys.stdin.fileno()), writable=False)
    send = Connection(os.dup(sys.stdout.fileno()), readable=False)
    sys.stdout = sys.stderr  # nothing else may write to the answer pipe
    limit = int(args[1]) if len(args) > 1 else MAX_RESULT_BYTES
    work(receive, send, args[0], limit, allow_service=allow_service)


if __name__ == "__main__":
    main(sys.argv[1:])
