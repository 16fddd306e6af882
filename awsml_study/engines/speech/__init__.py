"""Speech engines: synthesis (espeak-ng), SSML, recognition (pocketsphinx), audio codecs, subtitles."""
