"""CloudWatch Logs (moto) for training, transform and endpoint containers, with SageMaker's group and stream names."""
from __future__ import annotations

import time
import zlib

from awsml_study.services.sagemaker import limits
from awsml_study.sim import s3io


def _client():
    return s3io.client("logs", limits.REGION)


class LogStream:
    """Lines a container prints, buffered and sent to one CloudWatch Logs stream."""

    def __init__(self, group: str, stream: str):
        self.group, self.stream = group, stream
        self.events: list[dict] = []
        self.lines: list[str] = []

    def __call__(self, message: str) -> None:
        for line in str(message).splitlines() or [""]:
            self.events.append({"timestamp": int(time.time() * 1000), "message": line})
            self.lines.append(line)

    def flush(self) -> None:
        if not self.events:
            return
        from botocore.exceptions import ClientError
        client = _client()
        for call, kwargs in (("create_log_group", {"logGroupName": self.group}),
                             ("create_log_stream", {"logGroupName": self.group, "logStreamName": self.stream})):
            try:
                getattr(client, call)(**kwargs)
            except ClientError as err:
                if err.response["Error"]["Code"] != "ResourceAlreadyExistsException":
                    return
        events, self.events = self.events, []
        for start in range(0, len(events), 5000):
            client.put_log_events(logGroupName=self.group, logStreamName=self.stream,
                                  logEvents=events[start:start + 5000])


def training(job_name: str, started: float, host: int = 1) -> LogStream:
    """/aws/sagemaker/TrainingJobs, stream <job>/algo-<host>-<epoch seconds of the start>."""
    return LogStream(limits.LOG_TRAINING, f"{job_name}/algo-{host}-{int(started)}")


def transform(job_name: str, started: float) -> LogStream:
    """/aws/sagemaker/TransformJobs, stream <job>/<instance id>-<epoch seconds>."""
    return LogStream(limits.LOG_TRANSFORM, f"{job_name}/i-0{zlib.crc32(job_name.encode()):08x}{0:08x}-{int(started)}")


def endpoint(endpoint_name: str, variant: str) -> LogStream:
    """/aws/sagemaker/Endpoints/<endpoint>, stream <variant>/<instance id>."""
    return LogStream(limits.LOG_ENDPOINTS + endpoint_name,
                     f"{variant}/i-0{zlib.crc32((endpoint_name + variant).encode()):08x}{1:08x}")


def publish_metrics(job_name: str, series: dict[str, list[float]], start, end) -> None:
    """Algorithm metrics into CloudWatch (namespace /aws/sagemaker/TrainingJobs, dimension Host),
    one datapoint per reported value, spread over the training window as the log lines were."""
    if not series:
        return
    span = max((end - start).total_seconds(), 0.001)
    data = []
    for name, values in series.items():
        for i, value in enumerate(values):
            when = start + (end - start) * ((i + 1) / len(values)) if span else end
            data.append({"MetricName": name, "Value": float(value), "Timestamp": when,
                         "Dimensions": [{"Name": "Host", "Value": f"{job_name}/algo-1"}]})
    for at in range(0, len(data), 500):
        s3io.client("cloudwatch", limits.REGION).put_metric_data(Namespace=limits.LOG_TRAINING, MetricData=data[at:at + 500])
