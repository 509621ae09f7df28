"""The SPARQL worker process: `python -m parley.server.worker CACHE [LIMIT]` (started by the pool).

Jobs arrive pickled on stdin and answers leave pickled on stdout, as multiprocessing Connections.
"""

from __future__ import annotations

import os
import sys
from multiprocessing.connection import Connection

from parley.server.pool import MAX_RESULT_BYTES, work


def main(argv: list[str]) -> None:
    receive = Connection(os.dup(sys.stdin.fileno()), writable=False)
    send = Connection(os.dup(sys.stdout.fileno()), readable=False)
    sys.stdout = sys.stderr  # nothing else may write to the answer pipe
    work(receive, send, argv[0], int(argv[1]) if len(argv) > 1 else MAX_RESULT_BYTES)


if __name__ == "__main__":
    main(sys.argv[1:])
