"""A quiz run: the drawn questions, answers, timing and the final score. Shared by the widget and CLI."""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import date

from awsml_study.quiz import selection
from awsml_study.quiz.bank import Question, QuestionBank, load_banks
from awsml_study.quiz.exams import EXAMS, estimate_scaled_score
from awsml_study.quiz.grading import Grade, grade, normalise
from awsml_study.quiz.progress import Progress


class TimeUp(Exception):
    """The exam's time limit has passed; no more answers are taken."""


@dataclass
class Feedback:
    """What practice mode shows after an answer."""

    question: Question
    grade: Grade
    right_answer: str
    explanation: str
    why_wrong: dict[str, str]


@dataclass
class Summary:
    total: int
    answered: int
    correct: int
    points: float                    # with partial credit
    by_domain: dict[str, tuple[int, int]] = field(default_factory=dict)   # label -> (correct, asked)
    exam: str | None = None
    scaled_estimate: int | None = None
    pass_mark: int | None = None

    @property
    def passed_estimate(self) -> bool | None:
        return None if self.exam is None else self.scaled_estimate >= self.pass_mark

    def score_line(self) -> str:
        return f"Score: {self.correct}/{self.total}"


class QuizSession:
    """Questions asked one at a time: `submit()` an answer, `next()`, then `finish()`.

    practice/review/spaced give feedback after each answer; exam mode keeps the score for
    the end. Answers are saved to the progress file as they are given; questions left
    unanswered (time up, input ended) count as wrong in the score but are not saved.
    """

    def __init__(self, questions: list[Question], mode: str = "practice", exam: str | None = None,
                 time_limit: float | None = None, progress: Progress | None = None,
                 seed: int | None = None, clock=time.monotonic, notes: list[str] | None = None):
        self.questions = questions
        self.mode = mode
        self.exam = exam
        self.time_limit = time_limit
        self.progress = progress
        self.seed = seed
        self.notes = notes or []
        self.grades: list[Grade | None] = [None] * len(questions)
        self.index = 0
        self._clock = clock
        self._started: float | None = None   # the clock starts with start_clock() or the first answer
        self.finished = False

    @property
    def current(self) -> Question | None:
        return None if self.finished or self.index >= len(self.questions) else self.questions[self.index]

    @property
    def shows_feedback(self) -> bool:
        return self.mode != "exam"

    def start_clock(self) -> None:
        """Start the time limit (once). A notebook may build the quiz long before it is taken."""
        if self._started is None:
            self._started = self._clock()

    def time_left(self) -> float | None:
        if self.time_limit is None:
            return None
        if self._started is None:
            return float(self.time_limit)
        return max(0.0, self.time_limit - (self._clock() - self._started))

    def submit(self, response) -> Feedback:
        """Grade the current question. Raises InvalidResponse, or TimeUp after the limit."""
        q = self.current
        if q is None:
            raise IndexError("no question to answer: the quiz is over")
        self.start_clock()
        if self.time_left() == 0.0:
            self.finish()
            raise TimeUp("time is up")
        result = grade(q, normalise(q, response, strict=True))
        self.grades[self.index] = result
        if self.progress is not None:
            self.progress.record(q, result, self.mode)
        return Feedback(q, result, q.answer_text(), q.explanation, dict(q.why_wrong))

    def next(self) -> Question | None:
        """Move to the next question; None when there is none left."""
        if self.current is not None:
            self.index += 1
        return self.current

    def finish(self) -> Summary:
        self.finished = True
        return self.summary()

    def summary(self) -> Summary:
        grades = self.grades
        correct = sum(1 for g in grades if g and g.correct)
        s = Summary(total=len(self.questions), answered=sum(g is not None for g in grades),
                    correct=correct, points=sum(g.score for g in grades if g))
        if self.exam:
            spec = EXAMS[self.exam]
            for q, g in zip(self.questions, grades):
                label = spec.domain_label(q.exams[self.exam]) if self.exam in q.exams else "out of exam scope"
                right, asked = s.by_domain.get(label, (0, 0))
                s.by_domain[label] = (right + int(bool(g and g.correct)), asked + 1)
            s.by_domain = dict(sorted(s.by_domain.items()))
            s.exam, s.pass_mark = self.exam, spec.pass_mark
            s.scaled_estimate = estimate_scaled_score(correct, len(self.questions))
        return s


def start(service: str | None = None, mode: str = "practice", exam: str | None = None,
          count: int | None = None, seed: int | None = None, include_connect: bool = False,
          time_limit: float | None = None, bank: QuestionBank | None = None,
          progress: Progress | None = None, today: date | None = None,
          avoid_recent: bool = True) -> QuizSession:
    """Draw the questions for a mode and return a session ready for the first answer.

    exam=... implies exam mode (default AIF-C01 when mode="exam"). A seed makes the draw
    repeatable for the same saved progress. In exam mode the questions of the learner's
    last mock of that exam (from the progress file) are drawn only when a domain runs
    short, so two mocks in a row differ (avoid_recent=False turns that off).
    Raises BankError on a broken bank, ValueError on bad arguments.
    """
    if exam and mode == "practice":
        mode = "exam"
    if mode not in selection.MODES:
        raise ValueError(f"mode must be one of {', '.join(selection.MODES)}, not {mode!r}")
    if mode == "exam":
        exam = exam or "AIF-C01"
    if exam is not None and exam not in EXAMS:
        raise ValueError(f"exam must be one of {', '.join(EXAMS)}, not {exam!r}")
    if count is not None and count < 1:
        raise ValueError("count must be at least 1")
    bank = bank if bank is not None else load_banks()
    if service and service not in bank.names():
        raise ValueError(f"unknown service or bank {service!r}; try one of: {', '.join(sorted(bank.names()))}")
    progress = progress if progress is not None else Progress()
    pool = selection.for_service(bank.questions, service)
    rng = random.Random(seed)
    notes = []
    if mode == "exam":
        wanted = EXAMS[exam].questions if count is None else count
        avoid = progress.recent_exam_ids(exam, EXAMS[exam].questions) if avoid_recent else set()
        picked = selection.exam(pool, exam, count, rng, include_connect, avoid)
        if avoid and any(q.id in avoid for q in picked):
            notes.append(f"{sum(q.id in avoid for q in picked)} question(s) repeat from your last "
                         f"{exam} mock: the bank ran short in some domain")
        if len(picked) < wanted:
            notes.append(f"only {len(picked)} {exam} questions available (asked for {wanted})")
        empty = [d for d in EXAMS[exam].domains if not any(q.exams.get(exam) == d for q in pool)]
        if empty:
            notes.append(f"no questions yet for {exam} domain(s) {', '.join(map(str, empty))}; "
                         "their share went to the other domains")
    elif mode == "review":
        picked = selection.review(pool, progress.wrong_ids(), count, rng)
    elif mode == "spaced":
        picked = selection.spaced(pool, progress.leitner, count, today or date.today(), rng)
    else:
        picked = selection.practice(pool, count, rng)
    return QuizSession(picked, mode, exam, time_limit, progress, seed, notes=notes)
