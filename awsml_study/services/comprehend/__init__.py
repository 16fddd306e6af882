"""Comprehend: sentiment, language, entities, key phrases, syntax, PII, async jobs and custom classifiers."""
