"""Script mode: the framework images run the learner's own script in a subprocess with the SM_* environment."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from awsml_study.engines.training.hyperparameters import UserError
from awsml_study.services.sagemaker import common, limits
from awsml_study.services.sagemaker import training_steps
from awsml_study.sim import jobs, s3io

RESERVED = ("sagemaker_program", "sagemaker_submit_directory", "sagemaker_region",
            "sagemaker_container_log_level", "sagemaker_job_name", "sagemaker_estimator_class_name",
            "sagemaker_estimator_module")


def _value(raw: str):
    """The SDK JSON-encodes every hyperparameter value ('"train.py"', '100'); plain strings stay as given."""
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return raw


def fetch_source(uri: str, into: Path) -> None:
    bucket, key = s3io.split_uri(uri, "sagemaker_submit_directory")
    data = common.read(bucket, key)
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
            tar.extractall(into, filter="data")
    except tarfile.TarError as err:
        raise UserError(f"sagemaker_submit_directory {uri} is not a tar.gz of your source ({err})") from None


def run(job: jobs.Job, props: dict, log) -> None:
    hps = {k: _value(v) for k, v in props["HyperParameters"].items()}
    program, source = hps.get("sagemaker_program"), hps.get("sagemaker_submit_directory")
    if not source:
        raise UserError("Script mode needs sagemaker_submit_directory: the S3 URI of a tar.gz of your code")
    user = {k: v for k, v in hps.items() if k not in RESERVED}
    with tempfile.TemporaryDirectory(prefix="awsml-sm-") as tmp:
        root = Path(tmp)
        code, model, output, data = root / "code", root / "model", root / "output" / "data", root / "input" / "data"
        for d in (code, model, output, data, root / "input" / "config"):
            d.mkdir(parents=True, exist_ok=True)
        training_steps.transition(props, "Downloading", "Downloading input data")
        fetch_source(source, code)
        if not (code / program).is_file():
            raise UserError(f"sagemaker_program {program} is not in {source}")
        env = dict(os.environ)
        for ch in props["InputDataConfig"]:
            name = ch["ChannelName"]
            src = ch["DataSource"]["S3DataSource"]
            folder = data / name
            folder.mkdir()
            bucket, prefix = s3io.split_uri(src["S3Uri"], "S3Uri")
            for key in common.list_objects(bucket, prefix):
                rel = key[len(prefix):].lstrip("/") or key.rsplit("/", 1)[-1]
                target = folder / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(common.read(bucket, key))
            env[f"SM_CHANNEL_{name.upper()}"] = str(folder)
        channels = [c["ChannelName"] for c in props["InputDataConfig"]]
        (root / "input" / "config" / "hyperparameters.json").write_text(json.dumps(props["HyperParameters"]))
        args = [a for k, v in user.items() for a in (f"--{k}", v if isinstance(v, str) else json.dumps(v))]
        env.update({
            "SM_MODEL_DIR": str(model), "SM_OUTPUT_DATA_DIR": str(output), "SM_OUTPUT_DIR": str(root / "output"),
            "SM_INPUT_DIR": str(root / "input"), "SM_INPUT_DATA_DIR": str(data),
            "SM_INPUT_CONFIG_DIR": str(root / "input" / "config"), "SM_CHANNELS": json.dumps(channels),
            "SM_HPS": json.dumps(user), "SM_HOSTS": json.dumps(["algo-1"]), "SM_CURRENT_HOST": "algo-1",
            "SM_NUM_CPUS": str(os.cpu_count() or 1), "SM_NUM_GPUS": "0", "SM_MODULE_DIR": source,
            "SM_USER_ENTRY_POINT": program, "SM_MODULE_NAME": program.rsplit(".", 1)[0],
            "SM_USER_ARGS": json.dumps(args), "SM_FRAMEWORK_MODULE": "", "SM_LOG_LEVEL": "20",
            "SM_TRAINING_ENV": json.dumps({"job_name": props["TrainingJobName"], "hyperparameters": user,
                                           "channel_input_dirs": {c: str(data / c) for c in channels},
                                           "model_dir": str(model), "output_data_dir": str(output)}),
            "PYTHONUNBUFFERED": "1", "TRAINING_JOB_NAME": props["TrainingJobName"],
        })
        env.update({f"SM_HP_{k.upper()}": v if isinstance(v, str) else json.dumps(v) for k, v in user.items()})
        env.update(props.get("Environment") or {})
        training_steps.transition(props, "Training", "Training image download completed. Training in progress.")
        command = [sys.executable, program, *args]
        log(f"Invoking user script\nCommand: {' '.join(['python', program, *args])}")
        limit = props["StoppingCondition"].get("MaxRuntimeInSeconds", 86400)
        code_rc, tail = _execute(command, code, env, log, job, limit)
        if code_rc == "timeout":
            props["_max_runtime"] = True
            raise jobs.JobStopped()
        if code_rc != 0:
            raise jobs.JobFailure(f"AlgorithmError: ExecuteUserScriptError:\nExitCode {code_rc}\n"
                                  f"ErrorMessage \"{tail}\"\nCommand \"python {program} {' '.join(args)}\"")
        training_steps.transition(props, "Uploading", "Uploading generated training model")
        files = {str(p.relative_to(model)): p.read_bytes() for p in model.rglob("*") if p.is_file()}
        outputs = {str(p.relative_to(output)): p.read_bytes() for p in output.rglob("*") if p.is_file()}
        training_steps.upload(props, files, outputs or None)
    series = training_steps.metrics_from_logs(props["AlgorithmSpecification"]["MetricDefinitions"], log.lines)
    stamp = limits.now()
    props["FinalMetricDataList"] = [{"MetricName": k, "Value": v[-1], "Timestamp": stamp} for k, v in series.items()]
    props["_history"] = series


def _execute(command, cwd, env, log, job, limit):
    """Run the script; stream its output to the log; honour Stop* and MaxRuntimeInSeconds."""
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, bufsize=1)
    started, lines = time.time(), []
    import threading
    reader = threading.Thread(target=lambda: [lines.append(ln.rstrip("\n")) for ln in proc.stdout], daemon=True)
    reader.start()
    while proc.poll() is None:
        if job.stop_requested:
            proc.kill()
            break
        if time.time() - started > limit:
            proc.kill()
            reader.join(2)
            for ln in lines:
                log(ln)
            return "timeout", ""
        time.sleep(0.02)
    reader.join(5)
    for ln in lines:
        log(ln)
    job.check_stop()
    tail = "\n".join(ln for ln in lines[-5:])
    return proc.returncode, tail
