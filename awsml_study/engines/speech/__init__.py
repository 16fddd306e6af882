"""Speech engines: synthesis (espeak-ng), SSML, recognition (Moonshine, aligned by pocketsphinx), audio codecs, subtitles."""
