"""One translation request: neural model where the pair has one, else only the learner's own data.

Per sentence: an exact translation-memory match (parallel data) wins; then a terminology entry
covering the whole sentence; then the neural model with the terms applied; then a fuzzy memory
match; then a sentence made only of terms. A sentence none of these covers is reported as
uncovered: the kit never invents a translation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from awsml_study.engines.translation import neural, segments, terms as termlib
from awsml_study.engines.translation.memory import Memory

NEURAL = "bergamot"
MEMORY = "memory"          # exact translation-memory match (parallel data or a whole-sentence term)
FUZZY = "memory-fuzzy"     # fuzzy translation-memory match (rapidfuzz ratio ≥ 90)
TERMS = "terminology"      # a sentence made only of custom terms
COPY = "copy"              # nothing to translate (numbers, URLs) or source = target
LINE_CHARS = 600           # lines up to this length go to the model in one piece


@dataclass
class Result:
    text: str
    engines: list[str] = field(default_factory=list)               # which engine answered, per sentence
    applied: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # terminology → terms used
    uncovered: list[str] = field(default_factory=list)             # sentences nobody could translate
    masked: int = 0

    @property
    def engine(self) -> str:
        """The engines that answered, in a stable order, e.g. 'bergamot+terminology'."""
        order = [NEURAL, MEMORY, FUZZY, TERMS, COPY]
        used = [e for e in order if e in self.engines]
        return "+".join(used) or COPY


def translate(text: str, source: str, target: str, terminologies: dict[str, list[tuple[str, str]]] | None = None,
              memory: Memory | None = None, mask: bool = False) -> Result:
    terminologies = terminologies or {}
    result = Result(text="")
    if source == target:
        # Amazon Translate returns the text unchanged (and does not charge) for the same language.
        result.text, result.engines = text, [COPY]
        return result
    use_neural = neural.supports(source, target)
    all_terms = [(s, t) for pairs in terminologies.values() for s, t in pairs]
    origin = {(s, t): name for name, pairs in terminologies.items() for s, t in pairs}
    whole = Memory()
    for s, t in all_terms:
        whole.add(s, t, origin[(s, t)])
    engine = (lambda seg: neural.translate(seg, source, target)) if use_neural else None

    parts = segments.layout(text)
    out_parts = []
    for lead, sentences in parts:
        line = " ".join(sentences)
        if len(sentences) > 1 and _stored(line, whole, memory):
            # A stored segment may hold several sentences: match the line as a whole first.
            out_parts.append((lead, [_one(line, engine, whole, memory, all_terms, origin, result)]))
            continue
        if engine is not None and sentences and len(line) <= LINE_CHARS and not any(
                _stored(s, whole, memory) for s in sentences):
            # The model translates a line better as a whole: the sentences give each other context.
            out_parts.append((lead, [_one(line, engine, whole, None, all_terms, origin, result)]))
            continue
        done = []
        for sentence in sentences:
            done.append(_one(sentence, engine, whole, memory, all_terms, origin, result))
        out_parts.append((lead, done))
    out = segments.rebuild(out_parts)
    if mask:
        out, result.masked = termlib.mask_profanity(out, target)
    result.text = out
    return result


def _same(term: str, sentence: str) -> bool:
    """A whole-sentence term matches case-sensitively; spacing and end punctuation may differ."""
    tidy = lambda t: re.sub(r"\s+", " ", t).strip().rstrip(".!?")
    return tidy(term) == tidy(sentence)


def _stored(sentence, whole, memory) -> bool:
    """True when the learner's data holds this exact sentence (it then wins over the model)."""
    hit = whole.lookup(sentence, fuzzy=False)
    return bool((memory is not None and memory.lookup(sentence, fuzzy=False))
                or (hit and _same(hit.source, sentence)))


def _one(sentence, engine, whole, memory, all_terms, origin, result) -> str:
    def used(pairs):
        for pair in pairs:
            name = origin.get(pair)
            if name is not None and pair not in result.applied.setdefault(name, []):
                result.applied[name].append(pair)

    if not segments.has_words(sentence):
        result.engines.append(COPY)
        return sentence
    if memory is not None:
        hit = memory.lookup(sentence, fuzzy=False)
        if hit:
            result.engines.append(MEMORY)
            return hit.target
    hit = whole.lookup(sentence, fuzzy=False)
    if hit and _same(hit.source, sentence):
        result.engines.append(MEMORY)
        used([(hit.source, origin_target(hit, all_terms))])
        return hit.target
    if engine is not None:
        out = engine(sentence)
        out, applied = termlib.apply_to_output(sentence, out, all_terms, engine)
        used(applied)
        result.engines.append(NEURAL)
        return out
    if memory is not None:
        hit = memory.lookup(sentence, fuzzy=True)
        if hit:
            result.engines.append(FUZZY)
            return hit.target
    covered = termlib.cover(sentence, all_terms)
    if covered is not None:
        used(covered[1])
        result.engines.append(TERMS)
        return covered[0]
    result.uncovered.append(sentence)
    return sentence


def origin_target(hit, all_terms) -> str:
    """The stored term's own target text (the match may have re-punctuated it)."""
    return next((t for s, t in all_terms if s == hit.source), hit.target)
