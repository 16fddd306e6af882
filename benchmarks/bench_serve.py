"""`awsml-study serve` under load and faults, on the loopback address only, bounded in count and time.

Load: 20 concurrent clients (threads, each with its own boto3 session) mix plumbing (S3 put/get,
served by moto) with engine calls (Comprehend DetectSentiment, Rekognition DetectLabels on the S3
object): requests per second, p50/p95 latency, errors (goal 0); once with one access key (one
learner's account, whose kit calls the server runs one at a time) and once with a key each (a
class, whose accounts run side by side). Baselines measured in the same
run: the same call mix in-process through awsml_study.simulate() (one caller, no HTTP), and the S3
part alone against moto's plain server (ThreadedMotoServer) beside the kit's server.

Faults: a Textract StartDocumentTextDetection job is started, the server is stopped mid-job, a
client with short timeouts polls (connection refused, and how fast), the server is started again
on the same port and the client polls once more (state ended with the server: the modelled
InvalidJobIdException, not a hang).
Run: .venv/bin/python benchmarks/bench_serve.py
"""
from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import boto3
from botocore.config import Config

ROOT = Path(__file__).resolve().parents[1]
IMAGE = (ROOT / "data/rekognition/cat.png").read_bytes()
FORM = (ROOT / "data/textract/form_01.png").read_bytes()
CLIENTS, ROUNDS = 20, 5  # 20 clients x 5 rounds x 4 calls = 400 requests per run
TEXT = "The workshop was useful and the trainer answered every question clearly."
CONFIG = Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=60,
                max_pool_connections=4)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc, limit: float = 60) -> None:
    deadline = time.time() + limit
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if proc is not None and proc.poll() is not None:
                proc.log.seek(0)
                raise SystemExit("server exited: " + proc.log.read().decode(errors="replace"))
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on {port} after {limit} s")


def start(command: list[str], port: int):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["PYTHONPATH"] = str(ROOT)
    # The server logs a line per request: into a file, since a pipe nobody reads fills up and
    # then blocks the server's request threads.
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    proc.log = log
    wait_port(port, proc)
    return proc


def kit_server(port: int):
    return start([sys.executable, "-m", "awsml_study", "serve", "--port", str(port)], port)


def moto_server(port: int):
    code = ("from moto.moto_server.threaded_moto_server import ThreadedMotoServer as S;import time;"
            f"S('127.0.0.1',{port},verbose=False).start();time.sleep(3600)")
    return start([sys.executable, "-c", code], port)


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def clients(endpoint: str | None, key: str):
    session = boto3.session.Session(region_name="us-east-1", aws_access_key_id=key,
                                    aws_secret_access_key="x")
    kw = {"endpoint_url": endpoint, "config": CONFIG} if endpoint else {}
    return {name: session.client(name, **kw) for name in ("s3", "comprehend", "rekognition")}


def mix(c: dict, bucket: str, worker: int, n: int, plumbing_only: bool) -> list:
    """One round of calls; returns [(kind, seconds, error or None)]."""
    key = f"w{worker}/r{n}.png"
    calls = [("s3", lambda: c["s3"].put_object(Bucket=bucket, Key=key, Body=IMAGE)),
             ("s3", lambda: c["s3"].get_object(Bucket=bucket, Key=key)["Body"].read())]
    if not plumbing_only:
        calls += [("engine", lambda: c["comprehend"].detect_sentiment(Text=TEXT, LanguageCode="en")),
                  ("engine", lambda: c["rekognition"].detect_labels(
                      Image={"S3Object": {"Bucket": bucket, "Name": key}}, MaxLabels=5))]
    out = []
    for kind, call in calls:
        began = time.perf_counter()
        try:
            call()
            out.append((kind, time.perf_counter() - began, None))
        except Exception as exc:  # counted, never hidden
            out.append((kind, time.perf_counter() - began, type(exc).__name__))
    return out


def load(endpoint: str | None, workers: int, plumbing_only: bool = False, learners: bool = False) -> dict:
    """The clients share one access key (one learner's account), or with `learners` each has its
    own (a class): the server runs one account's kit calls one at a time, different accounts' side
    by side."""
    key_of = (lambda w: f"{200000000000 + w}") if learners else (lambda w: "111111111111")
    bucket_of = (lambda w: f"bench-serve-{w}") if learners else (lambda w: "bench-serve-bucket")
    for worker in range(workers if learners else 1):
        clients(endpoint, key_of(worker))["s3"].create_bucket(Bucket=bucket_of(worker))
    setup = clients(endpoint, key_of(0))
    mix(setup, bucket_of(0), 999, 0, plumbing_only)  # warm-up: engines load here, not in the figures
    results: list = []
    lock = threading.Lock()

    def work(worker: int):
        c = clients(endpoint, key_of(worker))
        for n in range(ROUNDS):
            got = mix(c, bucket_of(worker), worker, n, plumbing_only)
            with lock:
                results.extend(got)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    wall = time.perf_counter() - began
    errors = [e for _, _, e in results if e]
    out = {"n": len(results), "rps": len(results) / wall, "errors": len(errors), "kinds": sorted(set(errors))}
    for kind in ("all", "s3", "engine"):
        times = sorted(t for k, t, _ in results if kind in ("all", k))
        if times:
            out[kind] = (statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000)
    out["p50"], out["p95"] = out["all"]
    return out


def show(name: str, r: dict) -> None:
    split = "".join(f"  {k} {r[k][0]:.0f}/{r[k][1]:.0f}" for k in ("s3", "engine") if k in r and "engine" in r)
    print(f"{name:<46} {r['n']:>5} {r['rps']:>8.1f} {r['p50']:>9.1f} {r['p95']:>9.1f} "
          f"{r['errors']:>6} {' '.join(r['kinds'])}{split}")


def in_process() -> dict:
    from awsml_study import simulate
    with simulate():
        return load(None, 1)


def faults() -> None:
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    server = kit_server(port)
    quick = Config(retries={"max_attempts": 1}, connect_timeout=1, read_timeout=5)
    session = boto3.session.Session(region_name="us-east-1", aws_access_key_id="111111111111",
                                    aws_secret_access_key="x")
    s3, textract = (session.client(n, endpoint_url=endpoint, config=quick) for n in ("s3", "textract"))
    s3.create_bucket(Bucket="bench-faults")
    s3.put_object(Bucket="bench-faults", Key="form.png", Body=FORM)
    job = textract.start_document_text_detection(
        DocumentLocation={"S3Object": {"Bucket": "bench-faults", "Name": "form.png"}})["JobId"]
    stop(server)
    print("\nfaults: server stopped right after StartDocumentTextDetection")
    for label in ("while stopped", "after restart"):
        if label == "after restart":
            server = kit_server(port)
        began = time.perf_counter()
        try:
            status = textract.get_document_text_detection(JobId=job)["JobStatus"]
            seen = f"JobStatus {status}"
        except Exception as exc:
            code = getattr(exc, "response", {}).get("Error", {}).get("Code")
            seen = f"{type(exc).__name__}" + (f" ({code})" if code else "")
        print(f"  GetDocumentTextDetection {label:<14}: {seen}, after {time.perf_counter() - began:.2f} s")
    stop(server)


def main() -> None:
    print(f"{CLIENTS} concurrent clients x {ROUNDS} rounds on 127.0.0.1; warm-up call excluded\n")
    print(f"{'run':<46} {'calls':>5} {'req/s':>8} {'p50 ms':>9} {'p95 ms':>9} {'errors':>6}"
          "  (then p50/p95 ms of the S3 calls and of the engine calls)")
    port = free_port()
    server = kit_server(port)
    try:
        mixed = load(f"http://127.0.0.1:{port}", CLIENTS)
        show("awsml-study serve: S3 + Comprehend + Rekognition", mixed)
        classroom = load(f"http://127.0.0.1:{port}", CLIENTS, learners=True)
        show("  the same mix, 20 learners (a key each)", classroom)
        plumbing = load(f"http://127.0.0.1:{port}", CLIENTS, plumbing_only=True)
        show("awsml-study serve: S3 only", plumbing)
    finally:
        stop(server)
    baseline = in_process()
    show("baseline: same mix in-process, 1 caller", baseline)
    port = free_port()
    plain = moto_server(port)
    try:
        moto_s3 = load(f"http://127.0.0.1:{port}", CLIENTS, plumbing_only=True)
        show("baseline: moto's plain server, S3 only", moto_s3)
    finally:
        stop(plain)
    print(f"\nratios: serve mixed / in-process {mixed['rps'] / baseline['rps']:.2f}x req/s; "
          f"20 learners / one learner's key {classroom['rps'] / mixed['rps']:.2f}x req/s; "
          f"serve S3 / moto server S3 {plumbing['rps'] / moto_s3['rps']:.2f}x req/s")
    faults()


if __name__ == "__main__":
    main()
