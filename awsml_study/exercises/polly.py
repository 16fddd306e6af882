"""Self-checks for notebooks/03_polly.ipynb."""
from __future__ import annotations

import json
from awsml_study.exercises.feedback import NOT_ANSWERED, blank, say


def _marks(body) -> list[dict]:
    if hasattr(body, "read"):
        body = body.read()
    if isinstance(body, (bytes, bytearray)):
        body = body.decode("utf-8")
    return [json.loads(line) for line in body.splitlines() if line.strip()]


def check_british_voices(client, voice_ids: list[str]) -> bool:
    """Exercise 1: every British English (en-GB) voice that supports the neural engine."""
    if blank(voice_ids):
        return False
    expected = sorted(v["Id"] for v in client.describe_voices(LanguageCode="en-GB", Engine="neural")["Voices"])
    return say(sorted(map(str, voice_ids)) == expected, f"{len(expected)} voices: {', '.join(expected)}.",
               "Filter DescribeVoices with LanguageCode='en-GB' and Engine='neural'.")


def check_word_at(client, text: str, voice_id: str, ms: int, answer: str) -> bool:
    """Exercise 2: which word is being spoken at `ms` milliseconds (from word speech marks)."""
    if blank(answer):
        return False
    marks = _marks(client.synthesize_speech(Text=text, VoiceId=voice_id, OutputFormat="json",
                                            SpeechMarkTypes=["word"])["AudioStream"])
    current = None
    for m in marks:
        if m["time"] <= ms:
            current = m["value"]
    return say(answer == current, f"At {ms} ms the voice is saying '{current}'.",
               "Take the last word mark whose time is not after the moment you are asked about.")


def longest_pause(pcm: bytes, rate: int = 16000) -> float:
    """The longest stretch of near-silence in 16-bit PCM, in seconds (10 ms frames)."""
    import numpy as np
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768
    frame = rate // 100
    n = len(x) // frame
    if n == 0:
        return 0.0
    rms = np.sqrt(np.mean(x[:n * frame].reshape(n, frame) ** 2, axis=1))
    quiet = rms < 0.01
    best = run = 0
    for q in quiet:
        run = run + 1 if q else 0
        best = max(best, run)
    return best / 100


def check_pause(client, ssml: str, seconds: float) -> bool:
    """Exercise 3: valid SSML whose audio holds a pause of at least `seconds`."""
    from botocore.exceptions import ClientError, ParamValidationError
    if blank(ssml):
        return False
    try:
        pcm = client.synthesize_speech(Text=ssml, TextType="ssml", VoiceId="Joanna",
                                       OutputFormat="pcm")["AudioStream"].read()
    except ClientError as err:
        return say(False, "", f"Polly refused it: {err.response['Error']['Code']}")
    except ParamValidationError as err:
        return say(False, "", f"boto3 refused it before sending: {err}")
    pause = longest_pause(pcm)
    return say(pause >= seconds - 0.1, f"The longest pause in your speech lasts {pause:.2f} s.",
               f"The longest pause lasts only {pause:.2f} s; a <break time='...'/> of {seconds} s is one way.")


def check_lexicon(client, name: str, grapheme: str, alias: str) -> bool:
    """Exercise 4: a stored lexicon `name` that replaces `grapheme` with `alias`."""
    try:
        content = client.get_lexicon(Name=name)["Lexicon"]["Content"]
    except client.exceptions.LexiconNotFoundException:
        print(f"⏳ {NOT_ANSWERED}: there is no lexicon {name!r} yet; store yours with PutLexicon.")
        return False
    except client.exceptions.ClientError as err:
        return say(False, "", f"GetLexicon says {err.response['Error']['Code']}: store it with PutLexicon.")
    plain = len(client.synthesize_speech(Text=grapheme, VoiceId="Joanna", OutputFormat="pcm")["AudioStream"].read())
    applied = len(client.synthesize_speech(Text=grapheme, VoiceId="Joanna", OutputFormat="pcm",
                                           LexiconNames=[name])["AudioStream"].read())
    spoken = len(client.synthesize_speech(Text=alias, VoiceId="Joanna", OutputFormat="pcm")["AudioStream"].read())
    ok = grapheme in content and alias in content and abs(applied - spoken) < 0.25 * spoken and applied != plain
    return say(ok, f"'{grapheme}' is now read as '{alias}'.",
               "The lexicon needs a <lexeme> with <grapheme> and <alias>, in en-US to apply to Joanna.")
