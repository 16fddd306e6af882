"""The local Python runtime: runs a function's handler from its unpacked zip, as Lambda does.

Other packages call it directly (Lex code hooks, S3 triggers):

    from awsml_study.services.awslambda import runtime
    payload, error = runtime.invoke("arn:aws:lambda:us-east-1:123456789012:function:hook", event)
    # payload: the handler's return value (JSON-decoded); error: None, or the dict Lambda returns
    # for a failed invocation ({"errorMessage", "errorType", "stackTrace", ...}).
    # A function that does not exist raises awsml_study.sim.errors.AwsError(ResourceNotFoundException).

Each function gets its own module namespace: its modules are imported with its package directory
first on sys.path, then taken out of sys.modules and put back only while it runs, so two functions
that both ship a `lambda_function.py` never see each other's code. Module-level state survives
between invocations (a warm start) until the code or configuration changes (a cold start).
The handler runs in a worker thread so the function's Timeout can end the invocation; boto3 calls
it makes are served by the same simulation, as the account that invoked it.
"""
from __future__ import annotations

import contextlib
import contextvars
import ctypes
import datetime as dt
import importlib
import io
import json
import logging
import os
import sys
import threading
import time
import traceback
import uuid

from awsml_study.services.awslambda import code, logs, store

_env_lock = threading.RLock()  # the init phase (imports) of one function at a time
# Swapping a function's modules in or out of sys.modules, and importing a handler module, happen
# one at a time: a worker entering its namespace while another function imports its handler could
# otherwise hand that import the wrong `lambda_function`.
_ns_lock = threading.RLock()
_UNWIND_S = 2.0  # how long a timed-out handler gets to unwind once it has been told to stop
# One invocation at a time, with the ones it makes: the environment variables, sys.stdout and the
# root logger a handler sees are the process's own. An invocation made from inside a handler (its
# worker thread) is part of the one running and does not wait for it.
_invocation_lock = threading.Lock()
_inside_handler: contextvars.ContextVar[bool] = contextvars.ContextVar("awsml_study_inside_lambda",
                                                                       default=False)


class _Discarded(BaseException):
    """Raised inside a handler that ran past its Timeout (a BaseException: `except Exception` can't keep it)."""


class Context:
    """The context object Lambda passes to a Python handler (awslambdaric's LambdaContext)."""

    def __init__(self, config: dict, request_id: str, stream: str, deadline: float, invoked_arn: str):
        self.function_name = config["FunctionName"]
        self.function_version = config.get("Version", "$LATEST")
        self.invoked_function_arn = invoked_arn
        self.memory_limit_in_mb = str(config.get("MemorySize", 128))  # a string, as in the runtime
        self.aws_request_id = request_id
        self.log_group_name = config.get("LoggingConfig", {}).get("LogGroup", f"/aws/lambda/{self.function_name}")
        self.log_stream_name = stream
        self.identity = None
        self.client_context = None
        self.tenant_id = None
        self._deadline = deadline

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))

    def __repr__(self):
        return f"LambdaContext([aws_request_id={self.aws_request_id},function_name={self.function_name}])"


class Runner:
    """One warm execution environment: the function's private modules and its handler."""

    def __init__(self, record: dict):
        self.config = dict(record["config"])
        self.task_root = code.unpack(record["zip"])
        self.modules: dict[str, object] = {}
        self.handler = None
        self.stream = logs.stream_name(self.config.get("Version", "$LATEST"))
        self.init_error: dict | None = None
        self.init_ms: float | None = None  # reported once, by the first (cold) invocation

    def _own(self, name: str) -> bool:
        mod = sys.modules.get(name)
        path = getattr(mod, "__file__", None) or ""
        return os.path.realpath(path).startswith(self.task_root + os.sep)

    def _top_names(self) -> set[str]:
        names = set()
        for entry in os.listdir(self.task_root):
            base, ext = os.path.splitext(entry)
            if ext in (".py", ".pyc") or os.path.isdir(os.path.join(self.task_root, entry)):
                names.add(base)
        return names

    @contextlib.contextmanager
    def namespace(self):
        """Put this function's modules (and its directory) in front; restore everything after."""
        tops = self._top_names()
        with _ns_lock:
            shadowed = {k: sys.modules.pop(k) for k in list(sys.modules)
                        if k.split(".")[0] in tops}
            sys.modules.update(self.modules)
            sys.path.insert(0, self.task_root)
        try:
            yield
        finally:
            with _ns_lock:
                try:
                    sys.path.remove(self.task_root)
                except ValueError:
                    pass
                for k in list(sys.modules):
                    if self._own(k):  # only this package's files: never another function's modules
                        self.modules[k] = sys.modules.pop(k)
                for k, mod in shadowed.items():
                    sys.modules.setdefault(k, mod)

    def load(self) -> None:
        """Import the handler module (the init phase); failures are reported at every invoke."""
        spec = self.config["Handler"]
        module_path, _, func = spec.rpartition(".")
        if not module_path or not func:
            self.init_error = _runtime_error("Runtime.MalformedHandlerName",
                                             f"Bad handler '{spec}': not enough values to unpack (expected 2, got 1)")
            return
        module_name = module_path.replace("/", ".")
        try:
            with _ns_lock, self.namespace():
                module = importlib.import_module(module_name)
        except SyntaxError as exc:
            self.init_error = _runtime_error("Runtime.UserCodeSyntaxError",
                                             f"Syntax error in module '{module_name}': {exc}")
            return
        except Exception as exc:
            self.init_error = _runtime_error("Runtime.ImportModuleError",
                                             f"Unable to import module '{module_name}': {exc}")
            return
        self.handler = getattr(module, func, None)
        if self.handler is None:
            self.init_error = _runtime_error("Runtime.HandlerNotFound",
                                             f"Handler '{func}' missing on module '{module_name}'")


def _stop(worker: threading.Thread) -> None:
    """End a handler past its Timeout. Lambda freezes and discards the environment; a thread can only
    be told to unwind (an exception raised at its next bytecode), so its `finally` blocks put the
    modules and the memory trace back before the next invocation. A handler stuck inside one long C
    call (a sleep, a socket read) stops when that call returns."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident), ctypes.py_object(_Discarded))
    worker.join(_UNWIND_S)


def _runtime_error(kind: str, message: str) -> dict:
    return {"errorMessage": message, "errorType": kind, "requestId": "", "stackTrace": []}


def _runner(record: dict) -> Runner:
    if record.get("runner") is None:
        runner = Runner(record)
        started = time.monotonic()
        with _env_lock, _environment(runner.config):
            runner.load()
        runner.init_ms = (time.monotonic() - started) * 1000
        record["runner"] = runner
    return record["runner"]


@contextlib.contextmanager
def _environment(config: dict):
    """The function's environment variables plus the ones Lambda's runtime sets."""
    name = config["FunctionName"]
    values = {"AWS_LAMBDA_FUNCTION_NAME": name, "AWS_LAMBDA_FUNCTION_VERSION": config.get("Version", "$LATEST"),
              "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(config.get("MemorySize", 128)),
              "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{name}", "_HANDLER": config["Handler"],
              "AWS_EXECUTION_ENV": f"AWS_Lambda_{config['Runtime']}", "LAMBDA_TASK_ROOT": "/var/task",
              "AWS_REGION": store.REGION, "AWS_DEFAULT_REGION": store.REGION,
              **((config.get("Environment") or {}).get("Variables") or {})}
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _stack(exc: BaseException, task_root: str) -> list[str]:
    """The stackTrace Lambda reports: the user's frames only, paths as under /var/task."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if os.path.realpath(f.filename).startswith(task_root)]
    return [line.replace(task_root, "/var/task") for line in traceback.format_list(frames)]


class _LineLog(io.TextIOBase):
    """stdout of the invocation, one thread only: other threads keep printing where they did."""

    def __init__(self, owner: threading.Thread, fallback):
        self.owner, self.fallback, self.buffer_ = owner, fallback, io.StringIO()

    def write(self, s):
        if threading.current_thread() is self.owner:
            return self.buffer_.write(s)
        return self.fallback.write(s)

    def flush(self):
        self.fallback.flush()


def invoke(arn_or_name: str, event, *, qualifier: str | None = None,
           log_tail: bool = False) -> tuple[object, dict | None]:
    """Run the function on `event`; (payload, error) — see the module docstring."""
    payload, error, _ = run(store.get(arn_or_name, qualifier), event, log_tail=log_tail)
    return payload, error


def run(record: dict, event, *, log_tail: bool = False, invoked_arn: str | None = None):
    """(payload, error, log text) of one invocation; the log also goes to CloudWatch Logs."""
    with contextlib.nullcontext() if _inside_handler.get() else _invocation_lock:
        return _run(record, event, log_tail=log_tail, invoked_arn=invoked_arn)


def _run(record: dict, event, *, log_tail: bool, invoked_arn: str | None):
    config = record["config"]
    runner = _runner(record)
    request_id = str(uuid.uuid4())
    timeout = float(config.get("Timeout", 3))
    started = time.monotonic()
    context = Context(runner.config, request_id, runner.stream, started + timeout,
                      invoked_arn or config["FunctionArn"])
    box: dict = {}  # what the worker thread reports; only it writes here
    lines = [f"START RequestId: {request_id} Version: {config.get('Version', '$LATEST')}\n"]

    def call():
        import tracemalloc
        own = not tracemalloc.is_tracing()  # a nested invocation reads the outer one's trace
        if own:
            tracemalloc.start()
        try:
            with runner.namespace():
                box["value"] = runner.handler(event, context)
        except BaseException as exc:  # the function's own error, reported as Lambda reports it
            box["error"] = {"errorMessage": str(exc), "errorType": type(exc).__name__,
                            "requestId": request_id, "stackTrace": _stack(exc, runner.task_root)}
        finally:
            box["peak"] = tracemalloc.get_traced_memory()[1]
            if own:
                tracemalloc.stop()

    result: dict = {}
    if runner.init_error:
        result["error"] = dict(runner.init_error, requestId=request_id)
        lines.append(f"[ERROR] {runner.init_error['errorType']}: {runner.init_error['errorMessage']}\n")
    else:
        # The worker runs in a copy of the caller's context: under `serve` that names the learner's
        # account and endpoint, so the function's own boto3 calls reach that learner's resources.
        context_copy = contextvars.copy_context()
        context_copy.run(_inside_handler.set, True)
        worker = threading.Thread(target=context_copy.run, args=(call,), daemon=True,
                                  name=f"lambda-{config['FunctionName']}")
        out = _LineLog(worker, sys.stdout)
        handler = logging.StreamHandler(out)
        handler.setFormatter(_LambdaFormatter(request_id))
        # Only the handler's own records: other threads (other learners under serve) log as before.
        handler.addFilter(lambda record: record.thread == worker.ident)
        root = logging.getLogger()
        # Only the outermost invocation holds _invocation_lock: a function may invoke another
        # function (or itself, through boto3) from its worker thread, and each run restores what it changed.
        with _environment(runner.config):
            saved_out = sys.stdout
            sys.stdout = out
            root.addHandler(handler)
            try:
                worker.start()
                worker.join(timeout)
            finally:
                sys.stdout = saved_out
                root.removeHandler(handler)
        timed_out = worker.is_alive()
        if timed_out:
            _stop(worker)
        lines.append(out.buffer_.getvalue())
        if timed_out:
            stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
            result = {"error": {"errorMessage": f"{stamp} {request_id} Task timed out after {timeout:.2f} seconds"},
                      "peak": box.get("peak", 0)}
            lines.append(f"{stamp} {request_id} Task timed out after {timeout:.2f} seconds\n")
            record["runner"] = None  # Lambda discards a timed-out environment
        else:
            result = box
    error = result.get("error")
    payload = None
    if error is None:
        try:
            payload = json.loads(json.dumps(result.get("value")))
        except (TypeError, ValueError) as exc:
            error = {"errorMessage": f"Unable to marshal response: {exc}", "errorType": "Runtime.MarshalError",
                     "requestId": request_id, "stackTrace": []}
    elif "errorType" in error:
        lines.append(f"[ERROR] {error['errorType']}: {error['errorMessage']}\n"
                     + "".join(error.get("stackTrace", [])))
    elapsed = (time.monotonic() - started) * 1000
    lines.append(f"END RequestId: {request_id}\n")
    # Max Memory Used: the peak of what the handler allocated in Python (tracemalloc), not the
    # whole process; Init Duration: the import of the handler module, on a cold start only.
    peak_mb = max(1, -(-int(result.get("peak", 0)) // (1024 * 1024)))
    if peak_mb > int(config.get("MemorySize", 128)):  # Lambda kills an environment over its memory
        payload, error = None, {"errorType": "Runtime.OutOfMemory", "errorMessage":
                                f"RequestId: {request_id} Error: Runtime exited with error: signal: killed"}
        lines.append(f"RequestId: {request_id} Error: Runtime exited with error: signal: killed\n")
        record["runner"] = None
    init = f"\tInit Duration: {runner.init_ms:.2f} ms" if runner.init_ms is not None else ""
    runner.init_ms = None
    lines.append(f"REPORT RequestId: {request_id}\tDuration: {elapsed:.2f} ms\tBilled Duration: "
                 f"{int(elapsed) + 1} ms\tMemory Size: {config.get('MemorySize', 128)} MB\t"
                 f"Max Memory Used: {peak_mb} MB{init}\n")
    text = "".join(lines)
    logs.write(config, runner.stream, text)
    return payload, error, text


class _LambdaFormatter(logging.Formatter):
    """Lambda's Python log line: [LEVEL]\\ttimestamp\\trequest id\\tmessage."""

    def __init__(self, request_id: str):
        super().__init__()
        self.request_id = request_id

    def format(self, record):
        stamp = dt.datetime.fromtimestamp(record.created, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
        return f"[{record.levelname}]\t{stamp}Z\t{self.request_id}\t{record.getMessage()}"
