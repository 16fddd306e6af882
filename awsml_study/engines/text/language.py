"""Language identification with lingua (its n-gram models ship inside the wheel)."""
from __future__ import annotations

from functools import lru_cache

# Languages the detector chooses among. More candidates make short texts less certain; these
# cover Comprehend's most used codes and every language in the kit's samples.
CANDIDATES = ("en es fr de it pt nl sv da nb fi pl cs sk ru uk tr ar he fa hi bn ja zh ko "
              "el hu ro bg hr id ms vi th ca").split()


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [IsoCode639_1.from_str(code) for code in CANDIDATES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect(text: str, max_languages: int = 5, min_score: float = 0.05) -> list[tuple[str, float]]:
    """[(language code, probability)] best first; an empty list when no language is evident."""
    values = _detector().compute_language_confidence_values(text)
    ranked = [(v.language.iso_code_639_1.name.lower(), float(v.value)) for v in values]
    kept = [(code, score) for code, score in ranked if score >= min_score][:max_languages]
    return kept or ranked[:1] if ranked and ranked[0][1] > 0 else []
