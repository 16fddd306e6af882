"""Recommendation engines for Personalize: factor models, item similarity, popularity, metrics, filters."""
