"""Running the endpoint: `awsml-study serve [--host 127.0.0.1] [--port 4566]`."""
from __future__ import annotations

import argparse
import os
import sys

from awsml_study.server import probe

USAGE = """usage: awsml-study serve [--host 127.0.0.1] [--port 4566]

Serve every simulated service on one HTTP endpoint, with state that lasts while it runs: the
kit's local engines first, moto for the rest. Point any client at it:
  aws --endpoint-url http://127.0.0.1:4566 s3 mb s3://my-bucket
  export AWS_ENDPOINT_URL=http://127.0.0.1:4566   (boto3, other SDKs, awsml-study aws)
Each access key is its own account: a 12-digit key is that account id, any other key a stable
account derived from it, so one server can serve a classroom. Stop it with Ctrl-C.
"""


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help", "help"):
        print(USAGE)
        return 0
    parser = argparse.ArgumentParser(prog="awsml-study serve", add_help=False)
    parser.add_argument("--host", default=probe.DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=probe.DEFAULT_PORT)
    try:
        args = parser.parse_args(argv)
    except SystemExit:
        print(USAGE, file=sys.stderr)
        return 2
    try:
        serve(args.host, args.port)
    except OSError as problem:  # the port is taken, or the address is not ours
        print(f"awsml-study serve: cannot listen on {args.host}:{args.port}: {problem}",
              file=sys.stderr)
        return 1
    return 0


def serve(host: str, port: int) -> None:
    """Serve until interrupted. The kit's handlers read S3 and publish to SNS in-process, so the
    server runs inside simulate(): those calls reach the same moto backends as HTTP clients."""
    from moto.moto_server.werkzeug_app import MotoRequestHandler
    from werkzeug.serving import make_server

    from awsml_study.server.app import KitApplication
    from awsml_study.sim.activation import simulate

    os.environ.pop("AWS_ENDPOINT_URL", None)  # the server's own calls stay in-process
    with simulate():
        server = make_server(host, port, KitApplication(), threaded=True,
                             request_handler=MotoRequestHandler)
        bound = server.server_address[1]
        print(f"awsml-study serve: listening on http://{host}:{bound} "
              f"(AWS_ENDPOINT_URL=http://{host}:{bound}); Ctrl-C stops it and its state ends",
              flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
