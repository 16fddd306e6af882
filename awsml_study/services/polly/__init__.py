"""Polly: speech synthesised by espeak-ng, speech marks, SSML, lexicons, voices and synthesis tasks."""
