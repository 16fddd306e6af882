"""A training-job monitor for SageMaker AI: a progress bar through the job's stages and its metric curves.

    view = TrainingView(sm, logs, "my-job")
    view                # in a notebook: stage progress, status line, metric plot read from CloudWatch Logs

The curves come from the job's CloudWatch log stream, parsed as SageMaker parses metrics: the built-in
XGBoost prints `[i]#011train-auc:0.98#011validation-auc:0.97` per boosting round. Behaviour lives in plain
methods (`refresh`, `progress`, `metrics`, `figure`) so tests can drive it without a kernel.
"""
from __future__ import annotations

import re

STAGES = ["Starting", "Downloading", "Training", "Uploading", "Completed"]
_ROUND = re.compile(r"^\[(\d+)\]#011(.*)$")
_PAIR = re.compile(r"([A-Za-z0-9_]+)-([A-Za-z0-9@_-]+):([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)")
_LL = re.compile(r"epoch=(\d+), (train|validation) objective_loss <loss>=([-+0-9.eE]+)")


def parse_metrics(lines: list[str]) -> dict[str, list[float]]:
    """{"validation:auc": [per round...]} from XGBoost round lines or Linear Learner epoch lines."""
    series: dict[str, list[float]] = {}
    for line in lines:
        m = _ROUND.match(line)
        if m:
            for part in m.group(2).split("#011"):
                for channel, metric, value in _PAIR.findall(part):
                    series.setdefault(f"{channel}:{metric}", []).append(float(value))
            continue
        for _, channel, value in _LL.findall(line):
            series.setdefault(f"{channel}:objective_loss", []).append(float(value))
    return series


class TrainingView:
    """Stage progress, status and metric curves of one training job."""

    def __init__(self, sagemaker, logs, job_name: str):
        import ipywidgets as w
        self.sm, self.logs, self.job_name = sagemaker, logs, job_name
        self.bar = w.IntProgress(value=0, min=0, max=len(STAGES), description="stage",
                                 layout=w.Layout(width="60%"))
        self.status = w.HTML()
        self.output = w.Output()
        self.button = w.Button(description="Refresh", icon="refresh")
        self.button.on_click(lambda _: self.refresh())
        self.box = w.VBox([w.HBox([self.bar, self.button]), self.status, self.output])
        self.description: dict = {}
        self.lines: list[str] = []
        self.refresh()

    def refresh(self) -> dict:
        """Describe the job, read its log stream, redraw. Returns DescribeTrainingJob."""
        self.description = self.sm.describe_training_job(TrainingJobName=self.job_name)
        self.lines = self._log_lines()
        done, total = self.progress()
        self.bar.value = done
        self.bar.bar_style = {"Completed": "success", "Failed": "danger", "Stopped": "warning"}.get(
            self.description["TrainingJobStatus"], "info")
        d = self.description
        reason = f" — {d['FailureReason']}" if d.get("FailureReason") else ""
        self.status.value = (f"<b>{self.job_name}</b>: {d['TrainingJobStatus']} / {d['SecondaryStatus']}"
                             f" · billable {d.get('BillableTimeInSeconds', 0)} s{reason}")
        self.output.clear_output()
        with self.output:
            fig = self.figure()
            if fig is not None:
                import matplotlib.pyplot as plt
                plt.show()
        return d

    def progress(self) -> tuple[int, int]:
        """(stages reached, number of stages) from SecondaryStatusTransitions."""
        seen = [t["Status"] for t in self.description.get("SecondaryStatusTransitions", [])]
        reached = max((STAGES.index(s) + 1 for s in seen if s in STAGES), default=0)
        return reached, len(STAGES)

    def _log_lines(self) -> list[str]:
        group = "/aws/sagemaker/TrainingJobs"
        try:
            streams = self.logs.describe_log_streams(logGroupName=group, logStreamNamePrefix=self.job_name + "/")
        except Exception:
            return []
        lines = []
        for stream in streams.get("logStreams", []):
            events = self.logs.get_log_events(logGroupName=group, logStreamName=stream["logStreamName"],
                                              startFromHead=True)["events"]
            lines += [e["message"] for e in events]
        return lines

    def metrics(self) -> dict[str, list[float]]:
        return parse_metrics(self.lines)

    def figure(self):
        """Matplotlib figure of every metric curve (None when the log holds none)."""
        series = self.metrics()
        if not series:
            return None
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(7, 3.2))
        for name, values in series.items():
            ax.plot(range(len(values)), values, label=name, marker="." if len(values) < 30 else None)
        ax.set_xlabel("boosting round / epoch")
        ax.set_ylabel("metric")
        ax.set_title(f"{self.job_name}: metrics from its CloudWatch log stream")
        ax.legend()
        fig.tight_layout()
        return fig

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)
