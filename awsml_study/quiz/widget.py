"""The quiz widget: a Box owning an Output; submit(), next(), finish() are plain methods tests call."""
from __future__ import annotations

import re
from html import escape, unescape

import ipywidgets as widgets

from awsml_study.quiz.exams import ESTIMATE_METHOD
from awsml_study.quiz.grading import InvalidResponse, normalise
from awsml_study.quiz.session import Feedback, QuizSession, Summary, TimeUp

BLANK = ""

# ipywidgets gives each radio option and checkbox a fixed one-line height: a long option either
# wraps over the next one (radio) or is cut off with an ellipsis (checkbox). Questions have options
# of 300+ characters, so inside the quiz the option labels grow with their text instead.
# (Scoped to the quiz's own CSS class; a <style> in an HTML widget works in JupyterLab, Notebook,
# VS Code and in exported HTML alike.)
CSS_CLASS = "awsml-quiz"
OPTION_CSS = f"""<style>
.{CSS_CLASS} .widget-radio-box label {{
  display: flex; flex-direction: row-reverse; justify-content: flex-end; align-items: flex-start;
  height: auto; line-height: 1.4; white-space: normal; overflow: visible; margin-bottom: 4px;
}}
.{CSS_CLASS} .widget-radio-box input {{ float: none; flex: none; height: 1.4em; margin: 0 8px 0 1px; }}
.{CSS_CLASS} .widget-checkbox {{ height: auto; align-items: flex-start; margin-bottom: 4px; }}
.{CSS_CLASS} .widget-checkbox .widget-label-basic {{
  display: flex; align-items: flex-start; height: auto; line-height: 1.4; white-space: normal;
  overflow: visible;
}}
.{CSS_CLASS} .widget-checkbox .widget-label-basic span {{ white-space: normal; overflow: visible; }}
.{CSS_CLASS} .widget-checkbox input {{
  flex: none; align-self: flex-start; height: 1.4em; margin: 0 8px 0 1px;
}}
</style>"""


class QuizWidget(widgets.VBox):
    """One question at a time, with controls for its type; feedback and the final score in `out`."""

    def __init__(self, session: QuizSession):
        self.session = session
        self.header = widgets.HTML()
        self.style_html = widgets.HTML(OPTION_CSS)
        self.notes = widgets.HTML("".join(f"<p><small>Note: {escape(n)}.</small></p>" for n in session.notes))
        self.question_html = widgets.HTML()
        self.controls_box = widgets.VBox()
        self.submit_button = widgets.Button(description="Submit", button_style="primary")
        self.next_button = widgets.Button(description="Next")
        self.finish_button = widgets.Button(description="Finish")
        self.start_button = widgets.Button(description="Start", button_style="success")
        self.out = widgets.Output()
        self.last_feedback: Feedback | None = None
        self.last_summary: Summary | None = None
        self.message = ""
        self._controls: list = []
        self.submit_button.on_click(lambda _: self._on_submit())
        self.next_button.on_click(lambda _: self.next())
        self.finish_button.on_click(lambda _: self.finish())
        self.start_button.on_click(lambda _: self.start())
        buttons = widgets.HBox([self.start_button, self.submit_button, self.next_button, self.finish_button])
        super().__init__([self.style_html, self.header, self.notes, self.question_html, self.controls_box,
                          buttons, self.out])
        self.add_class(CSS_CLASS)
        if not session.questions:
            self.finish("No questions match this choice yet (the banks may still be growing, "
                        "or nothing is due for review).")
        elif session.time_limit is None:
            self.start()
        else:
            # A timed quiz waits for Start, so running every cell does not burn the time.
            self._set_buttons(started=False)
            self.header.value = (f"<b>{escape(self._title())}</b> · {len(session.questions)} questions · "
                                 f"{session.time_limit / 60:g} minutes. Click <b>Start</b> when ready.")

    def start(self) -> None:
        """Start the clock (timed quizzes) and show the first question."""
        if self.session.finished or self.session.current is None:
            return
        self.session.start_clock()
        self._set_buttons(started=True)
        self._render_question()

    def _set_buttons(self, started: bool) -> None:
        self.start_button.layout.display = "none" if started else None
        for button in (self.submit_button, self.next_button, self.finish_button):
            button.disabled = not started

    # -- the plain methods ------------------------------------------------------------------

    def select(self, response) -> None:
        """Set the controls as a learner would: "B", "AC", "BADC", "1C 2A 3B", a list or a dict."""
        q = self.session.current
        response = normalise(q, response, strict=False)   # InvalidResponse for unknown keys
        if q.type == "single" and len(response) > 1:
            raise InvalidResponse("pick one option")
        if q.type == "single":
            self._controls[0].value = response[0] if response else None
        elif q.type == "multiple":
            for box, key in zip(self._controls, q.options):
                box.value = key in response
        elif q.type == "ordering":
            for dropdown, key in zip(self._controls, list(response) + [BLANK] * len(self._controls)):
                dropdown.value = key
        else:
            for dropdown, prompt in zip(self._controls, q.prompts):
                dropdown.value = response.get(prompt, BLANK)

    def response(self):
        """What the controls hold now: a list of keys, or {prompt: option} for matching."""
        q = self.session.current
        if q is None:
            return None
        if q.type == "single":
            value = self._controls[0].value
            return [value] if value else []
        if q.type == "multiple":
            return [key for box, key in zip(self._controls, q.options) if box.value]
        if q.type == "ordering":
            return [d.value for d in self._controls if d.value != BLANK]
        return {p: d.value for d, p in zip(self._controls, q.prompts) if d.value != BLANK}

    def submit(self, response=None) -> Feedback | None:
        """Grade the current question (from `response`, else from the controls).

        Returns the feedback, or None when the answer is incomplete (a message says why)
        or the time is up (the final score is shown).
        """
        q = self.session.current
        if q is None or self.last_feedback is not None and self.last_feedback.question is q:
            return None
        if not self.controls_box.children:
            return self._say("Click Start first.")
        try:
            if response is not None:
                self.select(response)
            problem = self._incomplete(self.response())
            if problem:
                return self._say(problem)
            feedback = self.session.submit(self.response())
        except InvalidResponse as exc:
            return self._say(str(exc))
        except TimeUp:
            self.finish("Time is up.")
            return None
        self.last_feedback = feedback
        self.submit_button.disabled = True
        for control in self._controls:
            control.disabled = True
        if self.session.shows_feedback:
            self._show(feedback_html(feedback))
        else:
            self._show("<i>Answer recorded. The score comes at the end.</i>")
        return feedback

    def next(self):
        """Go to the next question, or finish after the last one."""
        if self.session.finished:
            return None
        q = self.session.next()
        if q is None:
            self.finish()
            return None
        self._render_question()
        return q

    def finish(self, note: str = "") -> Summary:
        """End the quiz: unanswered questions count as wrong; show the score."""
        summary = self.session.finish()
        self.last_summary = summary
        for button in (self.submit_button, self.next_button, self.finish_button):
            button.disabled = True
        self.start_button.layout.display = "none"
        self.controls_box.children = ()
        self.question_html.value = ""
        self.header.value = f"<b>{escape(self._title())}</b> — finished"
        self._show((f"<p>{escape(note)}</p>" if note else "") + summary_html(summary))
        return summary

    def _on_submit(self) -> None:
        if self.submit() is not None and not self.session.shows_feedback:
            self.next()  # exam mode: no feedback to read, so straight on

    # -- rendering ----------------------------------------------------------------------------

    def _title(self) -> str:
        s = self.session
        return s.mode[0].upper() + s.mode[1:] + (f" {s.exam}" if s.exam else "")

    def _render_question(self) -> None:
        s, q = self.session, self.session.current
        left = s.time_left()
        clock = f" · time left {int(left // 60)}:{int(left % 60):02d}" if left is not None else ""
        self.header.value = (f"<b>{escape(self._title())}</b> · question {s.index + 1} of "
                             f"{len(s.questions)}{clock} · <code>{q.id}</code> · {escape(q.topic)}")
        parts = []
        if q.case_study:
            parts.append(f"<div style='border-left:3px solid #888;padding-left:8px'><b>Case study: "
                         f"{escape(q.case_study['title'])}</b><br>{escape(q.case_study['scenario'])}</div>")
        parts.append(f"<p>{escape(q.stem)}</p>")
        if q.type == "matching":
            parts.append("<p>" + "<br>".join(f"<b>{k}</b>. {escape(t)}" for k, t in q.prompts.items()) + "</p>")
        self.question_html.value = "".join(parts)
        self._controls = self._make_controls(q)
        self.controls_box.children = tuple(self._controls)
        self.submit_button.disabled = False
        self.last_feedback = None
        self.message = ""
        self.out.outputs = ()

    def _make_controls(self, q) -> list:
        wide = widgets.Layout(width="auto")
        labelled = [(f"{k}. {t}", k) for k, t in q.options.items()]
        if q.type == "single":
            return [widgets.RadioButtons(options=labelled, value=None, layout=wide)]
        if q.type == "multiple":
            return [widgets.Checkbox(description=label, indent=False, layout=wide) for label, _ in labelled]
        blank = [("—", BLANK)]
        if q.type == "ordering":
            return [widgets.Dropdown(options=blank + labelled, value=BLANK, description=f"Step {i + 1}",
                                     layout=wide) for i in range(len(q.options))]
        return [widgets.Dropdown(options=blank + labelled, value=BLANK, description=f"Prompt {p}",
                                 layout=wide) for p in q.prompts]

    def _incomplete(self, response) -> str:
        q = self.session.current
        if q.type == "single" and len(response) != 1:
            return "Pick one option."
        if q.type == "multiple" and len(response) != q.choose:
            return f"Pick exactly {q.choose} options."
        if q.type == "ordering" and sorted(response) != sorted(q.options):
            return "Give every step a place, each option once."
        if q.type == "matching" and len(response) != len(q.prompts):
            return "Match every prompt."
        return ""

    def _say(self, message: str) -> None:
        self.message = message
        self._show(f"<span style='color:#b00'>{escape(message)}</span>")
        return None

    def _show(self, html: str) -> None:
        show_html(self.out, html)


def show_html(out: widgets.Output, html: str, append: bool = False) -> None:
    """Put HTML into an Output by setting its outputs: works with or without a kernel."""
    item = {"output_type": "display_data", "metadata": {},
            "data": {"text/html": html, "text/plain": _plain(html)}}
    out.outputs = (out.outputs if append else ()) + (item,)


def _plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html)).strip()


def feedback_html(fb: Feedback) -> str:
    g = fb.grade
    if g.correct:
        head = "<b style='color:#070'>Correct.</b>"
    elif g.score > 0:
        head = f"<b style='color:#a60'>Partly right (score {g.score:.2f}).</b> The answer is <b>{fb.right_answer}</b>."
    else:
        head = f"<b style='color:#b00'>Wrong.</b> The answer is <b>{fb.right_answer}</b>."
    why_not = "".join(f"<li><b>{k}</b>: {escape(v)}</li>" for k, v in sorted(fb.why_wrong.items()))
    nb = fb.question.notebook
    return (f"<p>{head}</p><p>{escape(fb.explanation)}</p>"
            + (f"<p>Why not the others:</p><ul>{why_not}</ul>" if why_not else "")
            + f"<p><small>Read more: {escape(nb['path'])}, section “{escape(nb['section'])}”</small></p>")


def summary_html(s: Summary) -> str:
    rows = "".join(f"<tr><td>{escape(label)}</td><td>{right}/{asked}</td></tr>"
                   for label, (right, asked) in s.by_domain.items())
    html = (f"<p>Answered {s.answered} of {s.total}; points with partial credit "
            f"{round(s.points, 2):g}/{s.total}.</p>")
    if s.exam:
        verdict = "at or above" if s.passed_estimate else "below"
        html += (f"<table>{rows}</table><p><b>Estimated scaled score: {s.scaled_estimate}</b> "
                 f"({verdict} the pass mark {s.pass_mark}). <i>This is an estimate: "
                 f"{escape(ESTIMATE_METHOD)}.</i></p>")
    return html + f"<p><b>{s.score_line()}</b></p>"
