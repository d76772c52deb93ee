#!/usr/bin/env python
"""Serve the DRF echo API on 127.0.0.1 only, and exit after --lifetime seconds.

    python serve.py --port PORT [--lifetime SECONDS]

--port 0 picks a free port. Once the socket is bound, one line is printed and
flushed on stdout:  LISTENING http://127.0.0.1:PORT
The OpenAPI document is at /openapi.json.
"""
import argparse
import os
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True, help="TCP port on 127.0.0.1 (0 = any free port)")
    parser.add_argument("--lifetime", type=float, default=300.0, help="seconds before the server exits (default 300)")
    args = parser.parse_args()

    sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
    sys.path.insert(0, HERE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "drf_live.settings")

    import django
    from django.core.wsgi import get_wsgi_application
    from waitress.server import create_server

    django.setup()
    application = get_wsgi_application()
    # Build the schema once now so the first /openapi.json request is fast and
    # any schema error shows up at startup.
    from drf_spectacular.generators import SchemaGenerator

    SchemaGenerator().get_schema(request=None, public=True)

    server = create_server(application, host="127.0.0.1", port=args.port, threads=4, ident="drf-live")

    def stop():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)

    timer = threading.Timer(args.lifetime, stop)
    timer.daemon = True
    timer.start()

    print(f"LISTENING http://127.0.0.1:{server.effective_port}", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    stop()


if __name__ == "__main__":
    main()
