"""The work of a training job: download the channels, train the algorithm, upload model.tar.gz, log it all."""
from __future__ import annotations

import json
import time

from awsml_study.engines.training import base, catalog, formats
from awsml_study.engines.training.hyperparameters import UserError
from awsml_study.services.sagemaker import common, limits, logs
from awsml_study.services.sagemaker.training_steps import metric_definitions, transition, upload
from awsml_study.sim import jobs, s3io


def run(job: jobs.Job) -> None:
    props = job.props
    log = logs.training(props["TrainingJobName"], time.time())
    props["_log_stream"] = log.stream
    try:
        _run(job, props, log)
    except UserError as err:
        log(f"ClientError: {err}")
        raise jobs.JobFailure(f"ClientError: {err}") from None
    except s3io.S3ReadError as err:
        log(f"ClientError: {err}")
        raise jobs.JobFailure(f"ClientError: {err}") from None
    finally:
        props["_lines"] = log.lines
        log.flush()


def _run(job: jobs.Job, props: dict, log: logs.LogStream) -> None:
    image = props["_image"]
    hps = props["HyperParameters"]
    if image.framework and "sagemaker_program" in hps:
        from awsml_study.services.sagemaker import script_mode
        return script_mode.run(job, props, log)
    if image.algorithm == "sklearn":
        raise UserError("The scikit-learn image runs your script: set the hyperparameters "
                        "sagemaker_program and sagemaker_submit_directory (script mode).")
    algo = catalog.get(image.algorithm)
    transition(props, "Downloading", "Downloading input data")
    log(f"Arguments: train\n[{image.algorithm}] Hyperparameters: {json.dumps(hps, sort_keys=True)}")
    hp = algo.validate(dict(hps))
    channels = read_channels(props["InputDataConfig"], algo.default_content_type, log)
    job.check_stop()
    transition(props, "Training", "Training image download completed. Training in progress.")
    limit, started = props["StoppingCondition"].get("MaxRuntimeInSeconds", 86400), time.time()

    def check_stop() -> None:
        job.check_stop()
        if time.time() - started > limit:  # SageMaker stops the job: Stopped / MaxRuntimeExceeded
            props["_max_runtime"] = True
            log(f"Training exceeded MaxRuntimeInSeconds={limit}; stopping.")
            raise jobs.JobStopped()
    ctx = base.Context(log=log, check_stop=check_stop)
    result = algo.train(hp, channels, ctx)
    job.check_stop()
    transition(props, "Uploading", "Uploading generated training model")
    upload(props, result.files)
    stamp = limits.now()
    props["FinalMetricDataList"] = [{"MetricName": k, "Value": float(v), "Timestamp": stamp}
                                    for k, v in result.final_metrics.items()]
    props["AlgorithmSpecification"]["MetricDefinitions"] = metric_definitions(result.final_metrics)
    props["_history"] = result.history


def read_channels(config: list[dict], default_type: str, log) -> dict[str, base.Channel]:
    channels = {}
    for ch in config:
        name = ch["ChannelName"]
        src = ch.get("DataSource", {}).get("S3DataSource")
        if src is None:
            raise UserError(f"Channel '{name}': only S3DataSource is simulated")
        data, keys = common.read_prefix(src["S3Uri"], ch.get("CompressionType"), src.get("S3DataType", "S3Prefix"))
        kind = ch.get("ContentType") or default_type
        try:
            X, y = formats.read(data, kind)
        except formats.DataError as err:
            raise UserError(f"Unable to read data channel '{name}'. Requested content-type is '{kind}'. "
                            f"Please verify the data matches the requested content-type. ({err})") from None
        log(f"Channel '{name}': {len(keys)} file(s), {X.shape[0]} records, {X.shape[1]} features ({kind})")
        channels[name] = base.Channel(name, X, y)
    return channels


