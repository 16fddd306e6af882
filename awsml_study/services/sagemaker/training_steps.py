"""A training job's bookkeeping shared by the built-in algorithms and script mode: secondary
status transitions, the model artefact upload, metrics read from the log lines."""
from __future__ import annotations

import re

from awsml_study.engines.training import base
from awsml_study.services.sagemaker import common, limits
from awsml_study.sim import s3io

def transition(props: dict, status: str, message: str, when=None) -> None:
    """Close the current secondary status and open the next, as SecondaryStatusTransitions shows."""
    when = when or limits.now()
    history = props["SecondaryStatusTransitions"]
    if history and "EndTime" not in history[-1]:
        history[-1]["EndTime"] = when
    history.append({"Status": status, "StartTime": when, "StatusMessage": message})
    props["SecondaryStatus"] = status
    props["LastModifiedTime"] = when

def upload(props: dict, files: dict[str, bytes], output: dict[str, bytes] | None = None) -> None:
    uri = props["ModelArtifacts"]["S3ModelArtifacts"]
    bucket, key = s3io.split_uri(uri, "OutputDataConfig.S3OutputPath")
    common.write(bucket, key, base.pack(files), "application/x-tar")
    if output:
        common.write(bucket, key.replace("model.tar.gz", "output.tar.gz"), base.pack(output), "application/x-tar")

def metric_definitions(final: dict) -> list[dict]:
    """The regexes the built-in algorithms publish, one per metric they emitted."""
    out = []
    for name in final:
        channel, metric = name.split(":", 1)
        out.append({"Name": name, "Regex": rf".*\[[0-9]+\].*#011{re.escape(channel)}-{re.escape(metric)}:"
                                             r"([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*"})
    return out

def metrics_from_logs(definitions: list[dict], lines: list[str]) -> dict[str, list[float]]:
    """Apply MetricDefinitions to the log lines, as SageMaker does for custom containers and scripts."""
    series: dict[str, list[float]] = {}
    for d in definitions:
        try:
            rx = re.compile(d["Regex"])
        except re.error:
            continue
        for line in lines:
            m = rx.search(line)
            if m and m.groups():
                try:
                    series.setdefault(d["Name"], []).append(float(m.group(1)))
                except ValueError:
                    pass
    return series
