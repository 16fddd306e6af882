"""Text engines: sentiment, language identification, entities and syntax, PII, topics, classifiers."""
