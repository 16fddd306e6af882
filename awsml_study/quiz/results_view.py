"""Saved results as bar charts (per service, per exam domain) and a table of the weakest topics."""
from __future__ import annotations

import base64
import io
from html import escape

import ipywidgets as widgets

from awsml_study.quiz.progress import Progress
from awsml_study.quiz.widget import show_html


class ResultsView(widgets.VBox):
    """A Box owning an Output; `refresh()` re-reads the progress file and redraws."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.notice = progress.notice       # a corrupt file set aside: say so until refreshed away
        self.out = widgets.Output()
        self.refresh_button = widgets.Button(description="Refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.summary: dict = {}
        self.figures: dict = {}
        super().__init__([self.refresh_button, self.out])
        self.refresh()

    def refresh(self) -> dict:
        """Recompute the summary and charts; returns the summary (service/topic/domain/mode)."""
        self.progress = Progress(self.progress.path)
        self.notice = self.progress.notice or self.notice
        self.summary = self.progress.summary()
        attempts = len(self.progress.attempts)
        self.out.outputs = ()
        notice = f"<p><b>Note:</b> {escape(self.notice)}</p>" if self.notice else ""
        show_html(self.out, notice + f"<p>{attempts} saved attempt(s) in <code>{escape(str(self.progress.path))}"
                  "</code>. Bars show the share of fully correct answers.</p>", append=True)
        if not attempts:
            show_html(self.out, "<p>No results yet: answer a few quiz questions first.</p>", append=True)
            self.figures = {}
            return self.summary
        self.figures = {
            "service": bar_chart(self.summary["service"], "Correct share per service"),
            "domain": bar_chart(self.summary["domain"], "Correct share per exam domain"),
        }
        for fig in self.figures.values():
            _show_png(self.out, fig)
        show_html(self.out, topic_table(self.summary["topic"]), append=True)
        return self.summary


def bar_chart(rows: dict[str, dict], title: str):
    """A horizontal bar chart of correct/attempts per row, labelled with the counts."""
    from matplotlib.figure import Figure  # no pyplot: no global state, no GUI backend

    names = list(rows)[::-1]
    shares = [rows[n]["correct"] / rows[n]["attempts"] for n in names]
    fig = Figure(figsize=(8, 0.4 * len(names) + 1.2))
    ax = fig.subplots()
    bars = ax.barh(names, shares, color="#3b7dd8")
    for bar, name in zip(bars, names):
        ax.text(min(bar.get_width() + 0.01, 0.9), bar.get_y() + bar.get_height() / 2,
                f"{rows[name]['correct']}/{rows[name]['attempts']}", va="center", fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of fully correct answers")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def topic_table(rows: dict[str, dict], limit: int = 10) -> str:
    """HTML table of the topics with the lowest mean score: where to study next."""
    worst = sorted(rows.items(), key=lambda kv: (kv[1]["mean_score"], -kv[1]["attempts"]))[:limit]
    body = "".join(f"<tr><td>{escape(name)}</td><td>{row['correct']}/{row['attempts']}</td>"
                   f"<td>{row['mean_score']:.2f}</td></tr>" for name, row in worst)
    return ("<p><b>Topics to study next</b> (lowest mean score with partial credit)</p>"
            f"<table><tr><th>topic</th><th>correct</th><th>mean score</th></tr>{body}</table>")


def _show_png(out: widgets.Output, fig) -> None:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    item = {"output_type": "display_data", "metadata": {},
            "data": {"image/png": base64.b64encode(buf.getvalue()).decode("ascii"),
                     "text/plain": f"<chart: {fig.axes[0].get_title()}>"}}
    out.outputs = out.outputs + (item,)
