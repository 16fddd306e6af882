"""Self-check functions for the notebooks' exercises: they say right or wrong, and why."""
