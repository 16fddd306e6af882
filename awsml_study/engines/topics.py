"""Topic modelling with scikit-learn's Latent Dirichlet Allocation, as Comprehend's topic jobs do."""
from __future__ import annotations


def model_topics(docs: list[str], number_of_topics: int, terms_per_topic: int = 10, seed: int = 0):
    """(topic_terms, doc_topics): [(topic, term, weight)] and [(doc index, topic, proportion)]."""
    from sklearn.decomposition import LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(stop_words="english", max_df=0.5, min_df=2 if len(docs) > 20 else 1,
                                 token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z]+\b")
    counts = vectorizer.fit_transform(docs)
    k = max(1, min(number_of_topics, len(docs)))
    lda = LatentDirichletAllocation(n_components=k, random_state=seed, learning_method="batch",
                                    max_iter=50)
    mix = lda.fit_transform(counts)
    vocab = vectorizer.get_feature_names_out()
    topic_terms = []
    for topic, weights in enumerate(lda.components_):
        norm = weights / weights.sum()
        for idx in norm.argsort()[::-1][:terms_per_topic]:
            topic_terms.append((topic, str(vocab[idx]), round(float(norm[idx]), 6)))
    doc_topics = []
    for doc, row in enumerate(mix):
        for topic, share in enumerate(row):
            if share >= 0.1:  # Comprehend lists only topics with a real share of the document
                doc_topics.append((doc, topic, round(float(share), 6)))
    return topic_terms, doc_topics
