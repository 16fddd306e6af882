"""A small front end to recommend(): pick input, output, custom training, real time or batch."""
from __future__ import annotations

from html import escape

import ipywidgets as widgets

from awsml_study.quiz import decision
from awsml_study.quiz.widget import show_html


class DecisionGuideWidget(widgets.VBox):
    """A Box owning an Output; `choose(...)` sets the controls, `update()` shows the answer."""

    def __init__(self):
        inputs = decision.inputs()
        self.input = widgets.Dropdown(options=[(label, key) for key, label in inputs.items()],
                                      description="Input", layout=widgets.Layout(width="auto"))
        self.output = widgets.Dropdown(description="Output", layout=widgets.Layout(width="auto"))
        self.custom = widgets.Checkbox(description="Train a custom model on my own data", indent=False)
        self.realtime = widgets.ToggleButtons(options=[("Real time", True), ("Batch", False)])
        self.out = widgets.Output()
        self.recommendation: decision.Recommendation | None = None
        self._fill_outputs()
        self.input.observe(lambda _: (self._fill_outputs(), self.update()), names="value")
        for control in (self.output, self.custom, self.realtime):
            control.observe(lambda _: self.update(), names="value")
        super().__init__([self.input, self.output, self.custom, self.realtime, self.out])
        self.update()

    def choose(self, input_type: str, output: str, custom: bool = False, realtime: bool = True):
        """Set every control at once (as a learner would) and return the recommendation."""
        self.input.value = input_type
        self.output.value = output
        self.custom.value = custom
        self.realtime.value = realtime
        return self.update()

    def update(self) -> decision.Recommendation | None:
        if self.output.value is None:
            return None
        rec = decision.recommend(self.input.value, self.output.value, self.custom.value, self.realtime.value)
        self.recommendation = rec
        instead = "".join(f"<li><b>{escape(name)}</b> when {escape(when)}</li>" for name, when in rec.instead)
        show_html(self.out, f"<p><b>{escape(rec.name)}</b> — <code>{escape(', '.join(rec.operations))}</code></p>"
                  f"<p>{escape(rec.reason)}</p><p>Pick instead:</p><ul>{instead}</ul>")
        return rec

    def _fill_outputs(self) -> None:
        outputs = decision.outputs(self.input.value)
        self.output.options = [(label, key) for key, label in outputs.items()]
        self.output.value = next(iter(outputs))
