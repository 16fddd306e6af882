"""Search engines: BM25 (bm25s) re-ranked by wordllama sentence embeddings, passages and highlights."""
