"""Grading with partial credit, and reading answers typed as option letters.

Partial-credit rules (a question counts as *correct* only with full credit, 1.0):

- single:   1 if the one pick is the answer, else 0.
- multiple: (right picks - wrong picks) / choose, floored at 0. Only the exact set scores 1.
- ordering: adjacent pairs. For each pair of steps that follow each other in the right order
            (step k, step k+1), the pair scores if your order puts step k anywhere before
            step k+1. Score = pairs kept / (steps - 1). Only the exact order scores 1.
- matching: share of prompts matched to the right option.

An unanswered question scores 0. The real AWS exams give no partial credit; the partial
score is a study aid, and the exam estimate counts only fully correct answers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from awsml_study.quiz.bank import Question


class InvalidResponse(ValueError):
    """The response cannot be read for this question; the message says what to type."""


@dataclass(frozen=True)
class Grade:
    score: float            # 0.0 - 1.0
    correct: bool           # full credit only
    response: object        # the normalised response (None when unanswered)


def single_score(pick: str, answer: str) -> float:
    return 1.0 if pick.upper() == answer.upper() else 0.0


def multiple_score(picks, answer, choose: int | None = None) -> float:
    """(right - wrong) / choose, floored at 0. `picks`/`answer`: "AC" or ["A", "C"]."""
    picks, answer = set(_letters(picks)), set(_letters(answer))
    choose = choose or len(answer)
    right, wrong = len(picks & answer), len(picks - answer)
    return max(0.0, (right - wrong) / choose)


def ordering_score(order, answer) -> float:
    """Share of the answer's adjacent pairs (k, k+1) that `order` keeps in the same relative order."""
    order, answer = _letters(order), _letters(answer)
    position = {key: i for i, key in enumerate(order)}
    pairs = list(zip(answer, answer[1:]))
    kept = sum(1 for a, b in pairs if a in position and b in position and position[a] < position[b])
    return kept / len(pairs) if pairs else 0.0


def matching_score(pairs: dict, answer: dict) -> float:
    """Share of prompts matched right; a prompt left out counts as wrong."""
    right = sum(1 for prompt, option in answer.items() if str(pairs.get(prompt, "")).upper() == option)
    return right / len(answer) if answer else 0.0


def grade(question: Question, response) -> Grade:
    """Grade a response (letters "AC", a list of keys, or {prompt: option}); None = unanswered."""
    if response is None:
        return Grade(0.0, False, None)
    response = normalise(question, response, strict=False)
    if question.type == "single":
        score = single_score(response[0], question.answer[0]) if len(response) == 1 else 0.0
    elif question.type == "multiple":
        score = multiple_score(response, question.answer, question.choose)
    elif question.type == "ordering":
        score = ordering_score(response, question.answer)
    else:
        score = matching_score(response, question.answer)
    return Grade(score, score >= 1.0 - 1e-9, response)


def normalise(question: Question, response, strict: bool = True):
    """Turn any accepted response form into a list of keys or a {prompt: option} dict.

    strict=True (front ends) also insists the response is complete: one pick for single,
    exactly `choose` picks, every step, every prompt. Raises InvalidResponse.
    """
    if isinstance(response, str):
        return parse_answer(question, response) if strict else _parse(question, response, strict)
    if question.type == "matching":
        if not isinstance(response, dict):
            raise InvalidResponse("a matching answer maps each prompt to an option, e.g. 1C 2A 3B")
        pairs = {str(k): str(v).upper() for k, v in response.items()}
        _check_matching(question, pairs, strict)
        return pairs
    keys = [str(k).upper() for k in response]
    _check_keys(question, keys, strict)
    return keys


def parse_answer(question: Question, text: str):
    """Read typed letters: `A`; `AC` for multiple response; `BADC` for ordering;
    `1C 2A 3B` (or `CAB`, in prompt order) for matching. Case-insensitive."""
    return _parse(question, text, strict=True)


def hint(question: Question) -> str:
    """What to type for this question."""
    keys = "".join(question.options)
    if question.type == "single":
        return f"one letter, {keys[0]}-{keys[-1]}"
    if question.type == "multiple":
        return f"{question.choose} letters, e.g. {keys[0]}{keys[2]}" + ("" if question.choose == 2 else keys[3])
    if question.type == "ordering":
        return f"all {len(keys)} letters in order, e.g. {keys[::-1]}"
    example = " ".join(f"{p}{keys[i % len(keys)]}" for i, p in enumerate(question.prompts))
    return f"a letter for each prompt, e.g. {example}"


def _parse(question: Question, text: str, strict: bool):
    text = text.strip().upper()
    if not text:
        raise InvalidResponse(f"type {hint(question)}")
    if question.type == "matching":
        pairs = dict(re.findall(r"(\d+)\s*[-:=.)]?\s*([A-Z])", text))
        bare = re.sub(r"[\s,;]+", "", text)
        if not pairs and bare.isalpha() and len(bare) == len(question.prompts):
            pairs = dict(zip(question.prompts, bare))  # "CAB" = prompts 1, 2, 3 in order
        leftover = re.sub(r"(\d+)\s*[-:=.)]?\s*([A-Z])|[\s,;]", "", text)
        if not pairs or (leftover and not bare.isalpha()):
            raise InvalidResponse(f"could not read {text!r}: type {hint(question)}")
        _check_matching(question, pairs, strict)
        return pairs
    if re.search(r"[^A-Z\s,;]", text):
        raise InvalidResponse(f"could not read {text!r}: type {hint(question)}")
    keys = list(re.sub(r"[\s,;]+", "", text))
    _check_keys(question, keys, strict)
    return keys


def _check_keys(question: Question, keys: list[str], strict: bool) -> None:
    unknown = [k for k in keys if k not in question.options]
    if unknown:
        raise InvalidResponse(f"no option {', '.join(unknown)}: type {hint(question)}")
    if len(set(keys)) != len(keys):
        raise InvalidResponse(f"each letter only once: type {hint(question)}")
    if not strict:
        return
    wanted = {"single": 1, "multiple": question.choose, "ordering": len(question.options)}[question.type]
    if len(keys) != wanted:
        raise InvalidResponse(f"{len(keys)} letter(s) given: type {hint(question)}")


def _check_matching(question: Question, pairs: dict, strict: bool) -> None:
    bad_prompts = sorted(set(pairs) - set(question.prompts))
    bad_options = sorted({o for o in pairs.values() if o not in question.options})
    if bad_prompts or bad_options:
        what = ", ".join([f"prompt {p}" for p in bad_prompts] + [f"option {o}" for o in bad_options])
        raise InvalidResponse(f"no {what}: type {hint(question)}")
    if strict and set(pairs) != set(question.prompts):
        missing = " ".join(p for p in question.prompts if p not in pairs)
        raise InvalidResponse(f"prompt(s) {missing} not matched: type {hint(question)}")


def _letters(value) -> list[str]:
    if isinstance(value, str):
        return [c for c in value.upper() if c.isalpha()]
    return [str(v).upper() for v in value]
