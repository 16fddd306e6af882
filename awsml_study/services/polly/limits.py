"""Polly's engine name, limits, formats and sample rates (shared by every Polly module)."""

# Every Polly engine (standard, neural, long-form, generative) is spoken by the same espeak-ng here.
ENGINE = "polly/espeak-ng (every Polly engine)"

SYNC_LIMITS = (6000, 3000)          # characters in all, billed characters (SSML tags not billed)
TASK_LIMITS = (200_000, 100_000)
MAX_AUDIO_S = 600                   # SynthesizeSpeech output is cut off after 10 minutes
ENGINES = ("standard", "neural", "long-form", "generative")
FORMATS = ("json", "mp3", "ogg_opus", "ogg_vorbis", "pcm", "mulaw", "alaw")
MARK_TYPES = ("sentence", "ssml", "viseme", "word")
CONTENT_TYPES = {"mp3": "audio/mpeg", "ogg_vorbis": "audio/ogg", "ogg_opus": "audio/ogg",
                 "pcm": "audio/pcm", "mulaw": "audio/mulaw", "alaw": "audio/alaw",
                 "json": "application/x-json-stream"}
SAMPLE_RATES = {"mp3": ("8000", "16000", "22050", "24000", "44100", "48000"),
                "ogg_vorbis": ("8000", "16000", "22050", "24000", "44100", "48000"),
                "pcm": ("8000", "16000"), "ogg_opus": ("48000",), "mulaw": ("8000",), "alaw": ("8000",)}
