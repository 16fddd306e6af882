"""The `awsml-study` command: run a boto3 script offline, run the AWS CLI offline, take a quiz."""
from __future__ import annotations

import os
import sys

USAGE = """usage: awsml-study COMMAND ...

commands:
  run SCRIPT [ARGS...]   run an unmodified boto3 Python program inside the local simulator (or
                         against a running `awsml-study serve`, which keeps state between runs)
  aws [ARGS...]          run the AWS CLI in-process inside the local simulator (or against a
                         running `awsml-study serve`, which keeps state between commands)
  serve [--port 4566]    one local HTTP endpoint for every client (AWS CLI, boto3, other SDKs)
  quiz [...]             take a quiz in the terminal (awsml-study quiz --help)
  engines [SERVICE...]   list the simulated operations and the engine behind each
  export NOTEBOOK        write NOTEBOOK as HTML whose widgets work offline (export --help)
  doctor                 check versions, engines, endpoint, mode and credentials (exit 1 if broken)

options:
  -h, --help             this help (`awsml-study COMMAND --help` for one command)
  --version              the kit's version

AWSML_STUDY_MODE=aws (with AWSML_STUDY_ALLOW_CHARGES=1) sends `run` and `aws` to your real AWS
account instead; each command says on stderr which of the two answered.
"""

RUN_USAGE = """usage: awsml-study run SCRIPT [ARGS...]

Run SCRIPT with ARGS as `python SCRIPT ARGS` would, with every boto3 call served by the local
simulator (or by real AWS with AWSML_STUDY_MODE=aws and AWSML_STUDY_ALLOW_CHARGES=1).
A running `awsml-study serve` (AWS_ENDPOINT_URL, else 127.0.0.1:4566) serves it when there is
one, so what the script made is still there for the next command; otherwise the simulation
starts empty and ends with the script. The exit status is the script's own.
"""

ENGINES_USAGE = """usage: awsml-study engines [SERVICE...]

List every operation the kit computes locally and the engine behind it, for all services or only
the ones named (botocore names: comprehend, rekognition, textract, polly, transcribe, ...).
Everything else is served by moto where moto implements it.
"""

EXPORT_USAGE = """usage: awsml-study export NOTEBOOK.ipynb [-o OUT.html] [--execute]

Write the notebook as HTML with the widget renderer embedded, so its widgets show offline
(plain `jupyter nbconvert --to html` loads that renderer from a CDN). --execute runs the notebook
first, which also records the widget state; without it the notebook's saved outputs are used.
The renderer (@jupyter-widgets/html-manager) is fetched once with `npm pack` and cached.
"""

HELP = ("-h", "--help", "help")


def main(argv: list[str] | None = None) -> int:
    try:
        return _dispatch(list(sys.argv[1:] if argv is None else argv))
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _dispatch(argv: list[str]) -> int:
    if not argv or argv[0] in HELP:
        print(USAGE)
        return 0 if argv else 2
    if argv[0] == "--version":
        from awsml_study import __version__
        print(f"awsml-study {__version__}")
        return 0
    command, rest = argv[0], argv[1:]
    if command == "run":
        return _run(rest)
    if command == "aws":
        return _aws(rest)
    if command == "serve":
        from awsml_study.server.main import main as serve_main
        return serve_main(rest)
    if command == "quiz":
        from awsml_study.quiz.cli import main as quiz_main
        return quiz_main(rest)
    if command == "engines":
        return _engines(rest)
    if command == "export":
        return _export(rest)
    if command == "doctor":
        if rest and rest[0] in HELP:
            print("usage: awsml-study doctor\n\nVersions, which local engines load, the endpoint, "
                  "the mode, the region and where credentials come from (never the keys).\n"
                  "Exit status 0 when all is well, 1 when something is broken.")
            return 0
        from awsml_study.doctor import main as doctor_main
        return doctor_main()
    print(f"awsml-study: unknown command {command!r}\n\n{USAGE}", file=sys.stderr)
    return 2


def _mode_or_refusal() -> str | None:
    """'local' or 'aws' after the same opt-in guard as awsml_study.client(); None if refused."""
    from awsml_study import clients
    try:
        current = clients.mode()
        if current == "aws":
            clients.require_charges_allowed()
    except (ValueError, clients.ChargesNotAllowed) as refusal:
        print(f"awsml-study: {refusal}", file=sys.stderr)
        return None
    print(clients.describe_mode(), file=sys.stderr)
    if current == "aws":  # price lines and the resource record, as for awsml_study.client()
        clients.start_aws_mode_helpers()
    return current


def _run(rest: list[str]) -> int:
    if not rest or rest[0] in HELP:
        print(RUN_USAGE, file=sys.stdout if rest else sys.stderr)
        return 0 if rest else 2
    mode = _mode_or_refusal()
    if mode is None:
        return 2
    from awsml_study.runner import run_script
    if mode != "local":
        return run_script(rest[0], rest[1:], served=_RegionDefaulted())  # the real account
    return run_script(rest[0], rest[1:], served=_local_endpoint())


class _RegionDefaulted:
    """While running against real AWS: a region when none is configured (botocore would end in
    NoRegionError; locally it is us-east-1 as well), put back as it was afterwards."""

    def __enter__(self):
        from awsml_study import clients
        self.saved = os.environ.get("AWS_DEFAULT_REGION")
        os.environ["AWS_DEFAULT_REGION"] = clients.aws_region()

    def __exit__(self, *exc):
        if self.saved is None:
            os.environ.pop("AWS_DEFAULT_REGION", None)
        else:
            os.environ["AWS_DEFAULT_REGION"] = self.saved


def _aws(rest: list[str]) -> int:
    mode = _mode_or_refusal()
    if mode is None:
        return 2
    from awsml_study.runner import run_aws_cli
    if mode != "local":
        return run_aws_cli(rest, served=_RegionDefaulted())
    return run_aws_cli(rest, served=_local_endpoint())


def _local_endpoint():
    """`run` and `aws` alike: a running `awsml-study serve` when one is found (its context),
    else None (a simulation of this command alone); one stderr line says which."""
    from awsml_study.server.probe import running_endpoint
    endpoint = running_endpoint()
    if endpoint is None:
        print("awsml-study: simulated state ends with this command; run `awsml-study serve` in "
              "another terminal to keep it between commands", file=sys.stderr)
        return None
    print(f"awsml-study: served by the endpoint {endpoint} (state lasts while it runs)",
          file=sys.stderr)
    return _Endpoint(endpoint)


class _Endpoint:
    """While the CLI talks to a running `awsml-study serve`: its URL, a region and (if none are
    configured) the kit's fake credentials, put back as they were afterwards."""

    DEFAULTS = {"AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "awsml-study",
                "AWS_SECRET_ACCESS_KEY": "awsml-study"}

    def __init__(self, url: str):
        self.url = url

    def __enter__(self):
        self.saved = {name: os.environ.get(name) for name in ["AWS_ENDPOINT_URL", *self.DEFAULTS]}
        os.environ["AWS_ENDPOINT_URL"] = self.url
        configured = _has_credentials()
        for name, value in self.DEFAULTS.items():
            if name == "AWS_DEFAULT_REGION" and not os.environ.get("AWS_REGION"):
                os.environ.setdefault(name, value)
            elif name != "AWS_DEFAULT_REGION" and not configured:
                os.environ[name] = value

    def __exit__(self, *exc):
        from awsml_study.sim.activation import restore_environ
        restore_environ(self.saved)


def _has_credentials() -> bool:
    """Credentials the learner configured (environment, profile or credentials file). Not
    botocore's full chain: that would ask the instance metadata service, slowly, off AWS."""
    if os.environ.get("AWS_ACCESS_KEY_ID") or os.environ.get("AWS_PROFILE"):
        return True
    path = os.environ.get("AWS_SHARED_CREDENTIALS_FILE") or os.path.expanduser("~/.aws/credentials")
    return os.path.isfile(path)


def _engines(rest: list[str]) -> int:
    if rest and rest[0] in HELP:
        print(ENGINES_USAGE)
        return 0
    from awsml_study.sim.registry import handlers
    everything = handlers()
    services = sorted({h.service for h in everything})
    wanted = [name.lower() for name in rest]
    unknown = [name for name in wanted if name not in services]
    if unknown:
        print(f"awsml-study engines: no locally computed operations for {', '.join(unknown)}.\n"
              f"Services with local engines: {', '.join(services)}.", file=sys.stderr)
        return 2
    chosen = [h for h in everything if not wanted or h.service in wanted]
    head = f"{'service':<14} {'operation':<38} engine"
    print("\n".join([head, "-" * len(head)]
                    + [f"{h.service:<14} {h.operation:<38} {h.engine}" for h in chosen]))
    names = ", ".join(wanted) if wanted else f"{len(services)} services"
    print(f"\n{len(chosen)} operations of {names} computed locally. Everything else is served by moto "
          "(S3, IAM, SNS, SQS, control planes) where moto implements it.")
    return 0


def _export(rest: list[str]) -> int:
    import argparse

    if not rest or rest[0] in HELP:
        print(EXPORT_USAGE, file=sys.stdout if rest else sys.stderr)
        return 0 if rest else 2
    parser = argparse.ArgumentParser(prog="awsml-study export", add_help=False)
    parser.add_argument("notebook")
    parser.add_argument("-o", "--output")
    parser.add_argument("--execute", action="store_true")
    try:
        args = parser.parse_args(rest)
    except SystemExit:
        print(EXPORT_USAGE, file=sys.stderr)
        return 2
    if not os.path.isfile(args.notebook):
        print(f"awsml-study export: no such file: {args.notebook}", file=sys.stderr)
        return 2
    from awsml_study.widgets.export import BundleUnavailable, export_html
    try:
        out = export_html(args.notebook, args.output, execute=args.execute)
    except BundleUnavailable as problem:
        print(f"awsml-study export: {problem}", file=sys.stderr)
        return 1
    print(f"wrote {out} (widgets render offline)")
    return 0
