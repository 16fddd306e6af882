"""How one request is translated: source detection, terminology, the engines, and AWS's errors for what none covers."""
from __future__ import annotations

from dataclasses import dataclass, field

from awsml_study.engines.translation import neural, translator
from awsml_study.engines.translation.memory import Memory
from awsml_study.services.translate import terminology
from awsml_study.services.translate.languages import DETECTED, LANGUAGES
from awsml_study.services.translate.validation import unsupported_pair
from awsml_study.sim.errors import AwsError

MIN_DETECTION_SCORE = 0.5   # below this, "auto" gives DetectedLanguageLowConfidenceException


def detect_source(text: str) -> str:
    """The dominant language of `text` (py3langid, the kit's language identification), as AWS codes it."""
    from awsml_study.engines.text.language import detect
    ranked = detect(text[:5000])
    if not ranked:
        raise AwsError("DetectedLanguageLowConfidenceException",
                       "Amazon Translate could not detect the source language of the text. "
                       "Specify SourceLanguageCode.")
    code, score = ranked[0]
    code = DETECTED.get(code, code)
    if score < MIN_DETECTION_SCORE or code not in LANGUAGES:
        raise AwsError("DetectedLanguageLowConfidenceException",
                       f"The language of the text was detected as '{code}' with low confidence "
                       f"({score:.2f}). Specify SourceLanguageCode.", DetectedLanguageCode=code)
    return code


def kit_pairs() -> str:
    return ", ".join(f"{s}→{t}" for s, t in sorted(neural.PAIRS))


@dataclass
class Request:
    """Accumulates what the engines did over the pieces of one text, document or batch file."""
    source: str
    target: str
    terms: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    memory: Memory | None = None
    mask: bool = False
    engines: list[str] = field(default_factory=list)
    applied: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    uncovered: list[str] = field(default_factory=list)

    def __call__(self, text: str) -> str:
        result = translator.translate(text, self.source, self.target, self.terms, self.memory, self.mask)
        self.engines += result.engines
        self.uncovered += result.uncovered
        for name, pairs in result.applied.items():
            kept = self.applied.setdefault(name, [])
            kept += [p for p in pairs if p not in kept]
        return result.text

    def check_covered(self) -> None:
        """UnsupportedLanguagePairException when any sentence had neither a model nor the learner's data."""
        if not self.uncovered:
            return
        sample = self.uncovered[0][:80]
        raise unsupported_pair(self.source, self.target,
            f"The kit's neural models translate {kit_pairs()}; for other pairs it translates only "
            f"from your own custom terminology (and parallel data in batch jobs), and nothing "
            f"covers {len(self.uncovered)} sentence(s), e.g. '{sample}'.")

    def applied_terminologies(self, names: list[str]) -> list[dict]:
        return [{"Name": name, "Terms": [{"SourceText": s, "TargetText": t}
                                         for s, t in self.applied.get(name, [])]} for name in names]

    @property
    def engine(self) -> str:
        probe = translator.Result(text="", engines=self.engines)
        return probe.engine


def prepare(source: str, target: str, names: list[str], mask: bool, memory: Memory | None = None) -> Request:
    return Request(source, target, terminology.terms_for(names, source, target), memory, mask)
