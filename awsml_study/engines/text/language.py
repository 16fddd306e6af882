"""Language identification with py3langid (its naive-Bayes byte n-gram model ships inside the wheel)."""
from __future__ import annotations

from functools import lru_cache

ENGINE = "py3langid"
# Languages the detector chooses among. More candidates make short texts less certain; these
# cover Comprehend's most used codes and every language in the kit's samples.
CANDIDATES = ("en es fr de it pt nl sv da nb fi pl cs sk ru uk tr ar he fa hi bn ja zh ko "
              "el hu ro bg hr id ms vi th ca").split()
# py3langid's model calls Norwegian Bokmal by the macrolanguage code.
_MODEL_CODE = {"nb": "no"}
_KIT_CODE = {v: k for k, v in _MODEL_CODE.items()}


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import LanguageIdentifier, MODEL_FILE

    # norm_probs: softmax of the log-likelihoods with a length-scaled temperature, so scores
    # read as probabilities (Translate's "low confidence" threshold relies on that).
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([_MODEL_CODE.get(code, code) for code in CANDIDATES])
    return identifier


def detect(text: str, max_languages: int = 5, min_score: float = 0.05) -> list[tuple[str, float]]:
    """[(language code, probability)] best first; an empty list when no language is evident."""
    if not any(ch.isalpha() for ch in text):
        return []   # digits, punctuation and emoji name no language
    ranked = [(_KIT_CODE.get(code, code), float(score)) for code, score in _identifier().rank(text)]
    if not ranked or ranked[0][1] - ranked[-1][1] < 1e-6:
        return []   # no n-gram of the text is in the model: every language equally (un)likely
    kept = [(code, score) for code, score in ranked if score >= min_score][:max_languages]
    return kept or ranked[:1]
