"""The quiz engine: question banks, grading with partial credit, quiz modes, saved progress.

    from awsml_study import quiz
    quiz.show("rekognition")                              # practice one service's bank
    quiz.show(exam="AIF-C01", count=10, time_limit=20*60)  # a timed, weighted mock exam
    quiz.results()                                        # charts of saved results
    quiz.recommend("document", "tables", realtime=False)  # which service fits?

Importing this package loads neither ipywidgets nor matplotlib; the front ends do, lazily.
"""
from __future__ import annotations

from awsml_study.quiz.bank import BankError, Question, QuestionBank, load_banks
from awsml_study.quiz.decision import Recommendation, check_pick, recommend
from awsml_study.quiz.exams import EXAMS, SERVICES
from awsml_study.quiz.grading import (Grade, InvalidResponse, grade, matching_score, multiple_score,
                                      ordering_score, parse_answer, single_score)
from awsml_study.quiz.progress import Progress
from awsml_study.quiz.session import QuizSession, Summary, start

__all__ = [
    "BankError", "EXAMS", "Grade", "InvalidResponse", "Progress", "Question", "QuestionBank",
    "QuizSession", "Recommendation", "SERVICES", "Summary", "check_pick", "decision_guide", "grade", "load_banks",
    "matching_score", "multiple_score", "ordering_score", "parse_answer", "recommend", "results",
    "show", "single_score", "start",
]


def show(service: str | None = None, *, mode: str = "practice", exam: str | None = None,
         count: int | None = None, time_limit: float | None = None, seed: int | None = None,
         include_connect: bool = False, allow_repeats: bool = False):
    """A quiz widget: show("polly"), show("choosing"), show(exam="AIF-C01", count=10, time_limit=1200).

    time_limit is in seconds. A mock exam avoids the questions of your last mock of the same
    exam unless allow_repeats=True. Returns the widget (a Box) so a notebook cell displays it.
    """
    from awsml_study.quiz.widget import QuizWidget

    session = start(service, mode, exam, count, seed, include_connect, time_limit,
                    avoid_recent=not allow_repeats)
    return QuizWidget(session)


def results(path=None):
    """Bar charts of saved results per service and per exam domain, with a table per topic."""
    from awsml_study.quiz.results_view import ResultsView

    return ResultsView(Progress(path))


def decision_guide():
    """An interactive front end to recommend(): pick the input, output and constraints."""
    from awsml_study.quiz.decision_widget import DecisionGuideWidget

    return DecisionGuideWidget()
