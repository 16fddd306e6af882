"""Transcribe: batch, medical and call-analytics jobs recognised by Moonshine with pocketsphinx timings (en-US), vocabularies."""
