"""Sentence embeddings from wordllama's bundled l2_supercat model (weights inside the wheel).

wordllama's own `WordLlama.load()` looks for its tokenizer in a folder name that does not match
the wheel's layout and would then try Hugging Face; we open the two bundled files directly, so
nothing is ever downloaded (works with HF_HUB_OFFLINE=1 and no network).
"""
from __future__ import annotations

import threading

import numpy as np

ENGINE = "wordllama l2_supercat 256-d"
_model = None
_lock = threading.Lock()


def model():
    """The loaded WordLlamaInference (about 0.4 s the first time, then cached)."""
    global _model
    with _lock:
        if _model is None:
            from pathlib import Path

            import wordllama
            from safetensors import safe_open
            from tokenizers import Tokenizer
            from wordllama.inference import WordLlamaInference
            root = Path(wordllama.__file__).parent
            tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
            with safe_open(str(root / "weights" / "l2_supercat_256.safetensors"), framework="np",
                           device="cpu") as f:
                table = f.get_tensor("embedding.weight")
            _model = WordLlamaInference(table, tokenizer)
    return _model


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (a zero row for an empty text)."""
    if not texts:
        return np.zeros((0, 256), dtype=np.float32)
    vecs = np.asarray(model().embed([t or " " for t in texts], norm=False), dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs / np.where(norms == 0, 1.0, norms)
