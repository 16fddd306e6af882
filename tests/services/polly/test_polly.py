"""Polly SynthesizeSpeech and DescribeVoices: real audio and speech marks computed by espeak-ng."""
import json

import boto3
import numpy as np
import pytest
from botocore.exceptions import ClientError

import awsml_study
from awsml_study.engines.speech import audio


@pytest.fixture(scope="module")
def polly():
    with awsml_study.simulate():
        yield boto3.client("polly", region_name="us-east-1")


def speak(polly, text, **kw):
    params = {"Text": text, "VoiceId": "Joanna", "OutputFormat": "mp3", **kw}
    resp = polly.synthesize_speech(**params)
    return resp, resp["AudioStream"].read()


def marks(polly, text, types=("word",), **kw):
    resp, body = speak(polly, text, OutputFormat="json", SpeechMarkTypes=list(types), **kw)
    assert resp["ContentType"] == "application/x-json-stream"
    return [json.loads(line) for line in body.decode("utf-8").splitlines()]


def pitch_hz(samples, rate):
    """Median fundamental frequency of voiced frames, by autocorrelation."""
    out = []
    frame = int(rate * 0.04)
    for i in range(0, len(samples) - frame, frame):
        x = samples[i:i + frame] - samples[i:i + frame].mean()
        if np.sqrt(np.mean(x ** 2)) < 0.02:
            continue
        ac = np.correlate(x, x, "full")[frame - 1:]
        lo, hi = int(rate / 400), int(rate / 70)
        out.append(rate / (lo + np.argmax(ac[lo:hi])))
    return float(np.median(out))


# ----- audio -----

def test_mp3_is_real_speech_whose_length_follows_the_text(polly):
    _, short = speak(polly, "Hello.")
    resp, long = speak(polly, "Hello. This sentence is a good deal longer than the first one was.")
    a, rate = audio.decode(short)
    b, _ = audio.decode(long)
    assert resp["ContentType"] == "audio/mpeg" and rate == 22050
    assert len(b) > 3 * len(a)
    assert np.sqrt(np.mean(b ** 2)) > 0.01          # not silence
    assert awsml_study.engine_of(resp).startswith("polly/espeak-ng")


def test_request_characters_count_the_input(polly):
    resp, _ = speak(polly, "Twelve chars")
    assert resp["RequestCharacters"] == 12


@pytest.mark.parametrize("fmt,rate,ctype", [("mp3", "8000", "audio/mpeg"), ("mp3", "24000", "audio/mpeg"),
                                            ("ogg_vorbis", "16000", "audio/ogg"), ("ogg_opus", "48000", "audio/ogg")])
def test_container_formats_decode_at_the_requested_rate(polly, fmt, rate, ctype):
    resp, body = speak(polly, "Testing sample rates.", OutputFormat=fmt, SampleRate=rate)
    samples, got = audio.decode(body)
    assert resp["ContentType"] == ctype and got == int(rate)
    assert 0.8 < len(samples) / got < 3


def test_default_rates_follow_format_and_engine(polly):
    _, std = speak(polly, "Default rate.")
    _, neural = speak(polly, "Default rate.", Engine="neural")
    assert audio.decode(std)[1] == 22050 and audio.decode(neural)[1] == 24000


def test_pcm_mulaw_alaw_are_headerless_and_consistent(polly):
    text = "Raw audio for telephony."
    _, pcm = speak(polly, text, OutputFormat="pcm")
    resp, mulaw = speak(polly, text, OutputFormat="mulaw")
    _, alaw = speak(polly, text, OutputFormat="alaw")
    assert resp["ContentType"] == "audio/mulaw"
    seconds_pcm = len(pcm) / 2 / 16000
    assert abs(len(mulaw) / 8000 - seconds_pcm) < 0.03 and abs(len(alaw) - len(mulaw)) < 240
    a, _ = audio.decode(pcm, fmt="pcm")
    b, _ = audio.decode(mulaw, fmt="mulaw")
    assert abs(np.sqrt(np.mean(a ** 2)) - np.sqrt(np.mean(b ** 2))) < 0.02


def test_female_and_male_voices_differ_in_pitch(polly):
    text = "The rainbow is a division of white light into many beautiful colors."
    joanna, rate = audio.decode(speak(polly, text, OutputFormat="pcm")[1], fmt="pcm")
    matthew, _ = audio.decode(speak(polly, text, VoiceId="Matthew", OutputFormat="pcm")[1], fmt="pcm")
    assert pitch_hz(joanna, rate) > 1.2 * pitch_hz(matthew, rate)


def test_other_languages_are_spoken_by_their_espeak_voice(polly):
    en = marks(polly, "Bonjour tout le monde", ("viseme",))
    fr = marks(polly, "Bonjour tout le monde", ("viseme",), VoiceId="Lea")
    assert [m["value"] for m in en] != [m["value"] for m in fr]


# ----- speech marks -----

def test_word_marks_slice_the_utf8_input(polly):
    text = "Café déjà vu, naïve résumé!"
    words = marks(polly, text)
    raw = text.encode("utf-8")
    assert [m["value"] for m in words] == ["Café", "déjà", "vu", "naïve", "résumé"]
    assert all(raw[m["start"]:m["end"]].decode("utf-8") == m["value"] for m in words)
    times = [m["time"] for m in words]
    assert times == sorted(times) and times[-1] > times[0]


def test_sentence_marks_and_timing_fit_the_audio(polly):
    text = "First sentence here. And a second one!"
    sentences = marks(polly, text, ("sentence",))
    assert [s["value"] for s in sentences] == ["First sentence here.", "And a second one!"]
    _, body = speak(polly, text, OutputFormat="pcm")
    duration_ms = len(body) / 2 / 16
    assert 0 < sentences[1]["time"] < duration_ms


def test_visemes_follow_the_sounds(polly):
    vis = [m["value"] for m in marks(polly, "Bob", ("viseme",))]
    assert vis[0] == "p" and "p" in vis[1:]
    assert set(vis) <= set("ptSTfkirsu@aeEoO") | {"sil"}


def test_mixed_marks_are_time_ordered(polly):
    all_marks = marks(polly, "Hello there. Goodbye now.", ("sentence", "word", "viseme"))
    assert {m["type"] for m in all_marks} == {"sentence", "word", "viseme"}
    assert [m["time"] for m in all_marks] == sorted(m["time"] for m in all_marks)
    assert all_marks[0]["type"] == "sentence"


# ----- SSML -----

def duration(polly, ssml, **kw):
    _, body = speak(polly, ssml, TextType="ssml", OutputFormat="pcm", **kw)
    return len(body) / 2 / 16000


def test_break_adds_the_pause_asked_for(polly):
    plain = duration(polly, "<speak>One two</speak>")
    paused = duration(polly, '<speak>One <break time="2s"/> two</speak>')
    assert 1.7 < paused - plain < 2.4


def test_prosody_rate_and_volume(polly):
    normal = duration(polly, "<speak>We will slow this sentence right down.</speak>")
    slow = duration(polly, '<speak><prosody rate="50%">We will slow this sentence right down.</prosody></speak>')
    assert slow > 1.5 * normal
    soft = speak(polly, '<speak><prosody volume="x-soft">Quiet please</prosody></speak>', TextType="ssml",
                 OutputFormat="pcm")[1]
    loud = speak(polly, '<speak><prosody volume="+6dB">Quiet please</prosody></speak>', TextType="ssml",
                 OutputFormat="pcm")[1]
    rms = lambda b: np.sqrt(np.mean(audio.decode(b, fmt="pcm")[0] ** 2))
    assert rms(loud) > 2 * rms(soft)


def test_ssml_marks_name_the_mark_at_its_place(polly):
    ssml = '<speak>Mary had <mark name="animal"/>a little lamb.</speak>'
    out = marks(polly, ssml, ("ssml", "word"), TextType="ssml")
    mark = next(m for m in out if m["type"] == "ssml")
    words = [m for m in out if m["type"] == "word"]
    assert mark["value"] == "animal"
    assert ssml.encode()[mark["start"]:mark["end"]] == b'<mark name="animal"/>'
    had = next(w for w in words if w["value"] == "had")
    little = next(w for w in words if w["value"] == "little")
    assert had["time"] < mark["time"] <= little["time"]


def test_ssml_word_offsets_point_into_the_ssml(polly):
    ssml = '<speak>Call <say-as interpret-as="telephone">555-0100</say-as> or <sub alias="World Wide Web Consortium">W3C</sub> &amp; co.</speak>'
    words = marks(polly, ssml, TextType="ssml")
    raw = ssml.encode()
    assert [raw[w["start"]:w["end"]].decode() for w in words] == ["Call", "555-0100", "or", "W3C", "&amp;", "co"]


def test_say_as_and_sub_change_what_is_spoken(polly):
    digits = duration(polly, '<speak><say-as interpret-as="digits">1234567</say-as></speak>')
    number = duration(polly, '<speak><say-as interpret-as="cardinal">1234567</say-as></speak>')
    assert abs(digits - number) > 0.3
    short = duration(polly, "<speak>W3C</speak>")
    alias = duration(polly, '<speak><sub alias="World Wide Web Consortium">W3C</sub></speak>')
    assert alias > short + 0.5


def test_whispered_effect_changes_the_voice(polly):
    text = "This is a secret."
    plain = speak(polly, f"<speak>{text}</speak>", TextType="ssml", OutputFormat="pcm")[1]
    whisper = speak(polly, f'<speak><amazon:effect name="whispered">{text}</amazon:effect></speak>',
                    TextType="ssml", OutputFormat="pcm")[1]
    assert plain != whisper


def test_billed_characters_exclude_tags_and_limits_apply(polly):
    resp, _ = speak(polly, '<speak><prosody rate="slow">Hello</prosody></speak>', TextType="ssml")
    assert resp["RequestCharacters"] == 5
    tagged = "<speak>" + '<break time="1ms"/>' * 150 + "word " * 500 + "</speak>"  # 5,400 chars, 2,500 billed
    resp, _ = speak(polly, tagged, TextType="ssml", OutputFormat="json", SpeechMarkTypes=["sentence"])
    assert resp["RequestCharacters"] == 2500
    with pytest.raises(ClientError) as err:
        speak(polly, "<speak>" + "word " * 601 + "</speak>", TextType="ssml")
    assert err.value.response["Error"]["Code"] == "TextLengthExceededException"


@pytest.mark.parametrize("ssml", [
    "<speak>unclosed", "no root at all", "<speak><voice name='x'>Hi</voice></speak>",
    "<speak><blink>Hi</blink></speak>", '<speak><break time="11s"/></speak>',
    '<speak><prosody rate="superfast">Hi</prosody></speak>', '<speak><say-as interpret-as="magic">1</say-as></speak>',
    '<speak><sub>no alias</sub></speak>', "<speak>a</speak><speak>b</speak>",
])
def test_malformed_ssml_is_invalid_ssml_exception(polly, ssml):
    with pytest.raises(ClientError) as err:
        speak(polly, ssml, TextType="ssml")
    assert err.value.response["Error"]["Code"] == "InvalidSsmlException"


# ----- bad input -----

@pytest.mark.parametrize("params,code", [
    ({"VoiceId": "Nobody"}, "ValidationException"),
    ({"OutputFormat": "wav"}, "ValidationException"),
    ({"SampleRate": "44100", "OutputFormat": "pcm"}, "InvalidSampleRateException"),
    ({"SampleRate": "16000", "OutputFormat": "ogg_opus"}, "InvalidSampleRateException"),
    ({"SampleRate": "16000", "OutputFormat": "mulaw"}, "InvalidSampleRateException"),
    ({"VoiceId": "Gregory"}, "EngineNotSupportedException"),
    ({"VoiceId": "Ivy", "Engine": "generative"}, "EngineNotSupportedException"),
    ({"Text": "x" * 3001}, "TextLengthExceededException"),
    ({"OutputFormat": "json"}, "ValidationException"),
    ({"SpeechMarkTypes": ["word"]}, "MarksNotSupportedForFormatException"),
])
def test_bad_requests_get_polly_error_codes(polly, params, code):
    with pytest.raises(ClientError) as err:
        speak(polly, params.pop("Text", "Hi"), **params)
    assert err.value.response["Error"]["Code"] == code
    assert "internal error" not in err.value.response["Error"]["Message"]


def test_bilingual_voice_speaks_its_additional_language(polly):
    hindi = marks(polly, "Namaste", ("viseme",), VoiceId="Aditi", LanguageCode="hi-IN")
    english = marks(polly, "Namaste", ("viseme",), VoiceId="Aditi")
    assert hindi and english


# ----- DescribeVoices -----

def test_describe_voices_lists_the_real_voice_ids(polly):
    voices = {v["Id"]: v for v in polly.describe_voices()["Voices"]}
    for vid in ["Joanna", "Matthew", "Ivy", "Kendra", "Kimberly", "Salli", "Joey", "Justin", "Kevin", "Ruth",
                "Stephen", "Danielle", "Gregory", "Amy", "Emma", "Brian", "Arthur", "Lucia", "Sergio", "Lupe",
                "Lea", "Remi", "Vicki", "Daniel", "Bianca", "Adriano", "Camila", "Thiago", "Mizuki", "Takumi"]:
        assert vid in voices
    assert voices["Joanna"]["Gender"] == "Female" and voices["Matthew"]["Gender"] == "Male"
    assert voices["Amy"]["LanguageCode"] == "en-GB" and voices["Lupe"]["LanguageCode"] == "es-US"


def test_describe_voices_filters_by_language_and_engine(polly):
    gb = polly.describe_voices(LanguageCode="en-GB")["Voices"]
    assert {v["Id"] for v in gb} >= {"Amy", "Emma", "Brian", "Arthur"}
    assert all(v["LanguageCode"] == "en-GB" for v in gb)
    long_form = polly.describe_voices(Engine="long-form")["Voices"]
    assert long_form and all("long-form" in v["SupportedEngines"] for v in long_form)
    assert len(long_form) < len(polly.describe_voices()["Voices"])


def test_additional_language_codes_only_when_asked(polly):
    plain = polly.describe_voices(LanguageCode="hi-IN")["Voices"]
    extra = polly.describe_voices(LanguageCode="hi-IN", IncludeAdditionalLanguageCodes=True)["Voices"]
    assert plain == [] and {v["Id"] for v in extra} >= {"Aditi"}
    assert all("hi-IN" in v["AdditionalLanguageCodes"] for v in extra)


def test_every_described_voice_can_speak(polly):
    for voice in polly.describe_voices()["Voices"]:
        engine = "standard" if "standard" in voice["SupportedEngines"] else voice["SupportedEngines"][0]
        resp = polly.synthesize_speech(Text="1 2 3", VoiceId=voice["Id"], Engine=engine, OutputFormat="pcm")
        assert len(resp["AudioStream"].read()) > 1000, voice["Id"]
