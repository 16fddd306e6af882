"""A passage index: BM25 (bm25s) finds candidates, wordllama embeddings re-rank them.

Every document is cut into passages of at most 100 words (sentence-bounded); the document title
is prepended to each passage's BM25 terms. A query scores passages with BM25 over the terms
(plus thesaurus expansions at a lower weight), keeps the best `CANDIDATES`, and re-ranks them
by a blend of normalised BM25 and the cosine similarity of the query and passage embeddings.
Documents rank by their best passage. Confidence is an absolute measure (coverage of the query
terms and semantic similarity), so it can be bucketed into Kendra's VERY_HIGH … LOW.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np

from awsml_study.engines.search import embeddings, text as tx

CANDIDATES = 200      # passages kept from BM25 before re-ranking
BM25_WEIGHT = 0.55    # blend: normalised BM25 vs embedding cosine
SEMANTIC_FLOOR = 0.25  # with no BM25 match at all, passages this similar (cosine) still count
ENGINE = f"kendra/bm25s+{embeddings.ENGINE}"


@dataclass
class Passage:
    doc_id: str
    begin: int
    end: int
    local: int = 0       # the passage's number inside its document


@dataclass
class Hit:
    doc_id: str
    passage: int        # index into SearchIndex.passages
    score: float        # blended ranking score
    confidence: float   # 0..1, absolute (coverage and similarity)
    bm25: float
    cosine: float


@dataclass
class IndexedDoc:
    doc_id: str
    title: str
    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    vectors: np.ndarray | None = None   # one row per passage
    terms: list[list[str]] = field(default_factory=list)


class SearchIndex:
    """Documents in, ranked passages out. Rebuilt lazily after changes (adds are cheap)."""

    def __init__(self, max_words: int = 100):
        self.max_words = max_words
        self.docs: dict[str, IndexedDoc] = {}
        self.passages: list[Passage] = []
        self._bm25 = None
        self._matrix: np.ndarray | None = None
        self._dirty = True
        self._lock = threading.RLock()
        self.vocabulary = None  # Counter of indexed words, for spell correction (built on demand)

    # ----- building -----
    def add(self, doc_id: str, title: str, text: str) -> IndexedDoc:
        spans = tx.passages(text, self.max_words) or [(0, len(text))]
        bodies = [text[b:e] for b, e in spans]
        head = (title + ". ") if title else ""
        doc = IndexedDoc(doc_id, title, text, spans, embeddings.embed([head + b for b in bodies]),
                         [tx.terms(title) + tx.terms(b) for b in bodies])
        with self._lock:
            self.docs[doc_id] = doc
            self._dirty = True
        return doc

    def remove(self, doc_id: str) -> bool:
        with self._lock:
            found = self.docs.pop(doc_id, None) is not None
            self._dirty = self._dirty or found
            return found

    def _build(self) -> None:
        import logging

        import bm25s
        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build
        passages, corpus, vectors = [], [], []
        for doc in self.docs.values():
            for i, (b, e) in enumerate(doc.spans):
                passages.append(Passage(doc.doc_id, b, e, i))
                corpus.append(doc.terms[i] or [""])
            vectors.append(doc.vectors)
        self.passages = passages
        self._matrix = np.vstack(vectors) if vectors else np.zeros((0, 256), np.float32)
        self._bm25 = None
        self.vocabulary = None
        if corpus:
            self._bm25 = bm25s.BM25()
            self._bm25.index(corpus, show_progress=False)
        self._dirty = False

    # ----- searching -----
    def search(self, query: str, synonyms: dict[str, set[str]] | None = None,
               allowed: set[str] | None = None, limit: int | None = None) -> list[Hit]:
        """Passages ranked for the query, best first, at most one per document unless `limit`
        asks for passages (Retrieve) — see `per_document`."""
        with self._lock:
            if self._dirty:
                self._build()
            if not self.passages:
                return []
            q_terms = list(dict.fromkeys(tx.query_terms(query)))
            expanded = sorted({s for t in q_terms for s in (synonyms or {}).get(t, ())} - set(q_terms))
            bm = self._bm25_scores(q_terms) + (0.6 * self._bm25_scores(expanded) if expanded else 0.0)
            qvec = embeddings.embed([query])[0]
            if allowed is not None:
                mask = np.fromiter((p.doc_id in allowed for p in self.passages), bool, len(self.passages))
            else:
                mask = np.ones(len(self.passages), bool)
            cand = np.flatnonzero((bm > 0) & mask)
            if cand.size > CANDIDATES:
                cand = cand[np.argsort(-bm[cand])[:CANDIDATES]]
            cos = self._matrix[cand] @ qvec if cand.size else np.zeros(0)
            if cand.size == 0:  # nothing shares a word: fall back on meaning alone
                sem = np.flatnonzero(mask)
                sims = self._matrix[sem] @ qvec
                keep = sims >= SEMANTIC_FLOOR
                cand, cos = sem[keep], sims[keep]
            if cand.size == 0:
                return []
            top = float(bm[cand].max()) or 1.0
            score = BM25_WEIGHT * (bm[cand] / top) + (1 - BM25_WEIGHT) * np.clip(cos, 0, None)
            order = np.argsort(-score, kind="stable")
            wanted = set(q_terms) | set(expanded)
            hits = []
            for i in order[: limit or len(order)]:
                pi = int(cand[i])
                hits.append(Hit(self.passages[pi].doc_id, pi, float(score[i]),
                                self._confidence(pi, q_terms, wanted, float(cos[i]), synonyms),
                                float(bm[pi]), float(cos[i])))
            return hits

    def _bm25_scores(self, q_terms: list[str]) -> np.ndarray:
        known = [t for t in q_terms if t in self._bm25.vocab_dict]
        if not known:
            return np.zeros(len(self.passages), np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def _confidence(self, pi: int, q_terms: list[str], wanted: set[str], cosine: float,
                    synonyms) -> float:
        """Share of the query's terms the passage (or its title) holds, blended with similarity."""
        if not q_terms:
            return max(0.0, cosine)
        p = self.passages[pi]
        have = set(self.docs[p.doc_id].terms[p.local])  # title and passage terms, computed at add()
        covered = sum(1 for t in q_terms if t in have or (synonyms or {}).get(t, set()) & have)
        return 0.5 * covered / len(q_terms) + 0.5 * max(0.0, cosine)

    def words(self):
        """The indexed vocabulary (lower-cased words and counts), titles included."""
        with self._lock:
            if self._dirty:
                self._build()
            if self.vocabulary is None:
                from awsml_study.engines.search.spelling import vocabulary
                self.vocabulary = vocabulary([d.title for d in self.docs.values()] +
                                             [d.text for d in self.docs.values()])
            return self.vocabulary

    def passage_text(self, pi: int) -> str:
        p = self.passages[pi]
        return self.docs[p.doc_id].text[p.begin:p.end]


def per_document(hits: list[Hit]) -> list[Hit]:
    """The best passage of each document, in rank order."""
    seen, out = set(), []
    for h in hits:
        if h.doc_id not in seen:
            seen.add(h.doc_id)
            out.append(h)
    return out


def confidence_label(value: float) -> str:
    """Kendra's ScoreConfidence bucket for an absolute confidence in 0..1."""
    return ("VERY_HIGH" if value >= 0.8 else "HIGH" if value >= 0.62 else
            "MEDIUM" if value >= 0.45 else "LOW")
