"""Run the echo app on loopback for a bounded time.

    python serve.py --port PORT [--lifetime SECONDS]

Listens on 127.0.0.1 only.  ``--port 0`` lets the OS pick a free port.  Once
the socket is bound (before the first request can be served) one line is
printed and flushed to stdout:

    LISTENING http://127.0.0.1:PORT

The process stops by itself after ``--lifetime`` seconds (default 300) even if
nobody stops it: uvicorn is asked to exit gracefully, and if it has not exited
10 seconds later the process is ended outright.
"""

import argparse
import os
import socket
import sys
import threading
from pathlib import Path

import uvicorn

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))

from app import app  # noqa: E402

GRACE_SECONDS = 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True, help="TCP port; 0 picks a free one")
    parser.add_argument(
        "--lifetime", type=float, default=300.0, help="seconds before exiting (default 300)"
    )
    args = parser.parse_args()

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(128)
    port = sock.getsockname()[1]

    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)

    def stop() -> None:
        server.should_exit = True

    def kill() -> None:
        os._exit(0)

    stopper = threading.Timer(args.lifetime, stop)
    stopper.daemon = True
    stopper.start()
    killer = threading.Timer(args.lifetime + GRACE_SECONDS, kill)
    killer.daemon = True
    killer.start()

    print(f"LISTENING http://127.0.0.1:{port}", flush=True)
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
