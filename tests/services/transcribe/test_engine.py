"""The pieces under Transcribe: recogniser behaviour, punctuation, digits, subtitles, WER, the viewer."""
import json

import pytest

from awsml_study.engines.speech import asr, audio, subtitles, tts
from awsml_study.services.transcribe import output


def words(*spec):
    """Word objects from (text, start, end) triples."""
    return [asr.Word(t, a, b, 0.9) for t, a, b in spec]


@pytest.fixture(scope="module")
def clip():
    s = tts.synthesize("Thank you for calling customer support. How can I help you today?", voice="en-us+m6", rate_wpm=150)
    return s.samples, s.sample_rate


def test_recognition_is_deterministic_whatever_was_decoded_before(clip):
    first = [w.text for w in asr.recognise(*clip)]
    other = tts.synthesize("Something else entirely, spoken by another voice.", voice="en-us+f3")
    asr.recognise(other.samples, other.sample_rate)
    assert [w.text for w in asr.recognise(*clip)] == first
    assert asr.word_error_rate(" ".join(first), "thank you for calling customer support how can i help you today")[0] <= 0.3


def test_silence_gives_no_words_and_is_skipped():
    import numpy as np
    assert asr.recognise(np.zeros(16000 * 3, np.float32), 16000) == []
    assert asr.speech_regions(np.zeros(16000, np.float32)) == []


def test_confidences_are_posteriors_that_vary(clip):
    conf = [w.confidence for w in asr.recognise(*clip)]
    assert all(0.0 <= c <= 1.0 for c in conf) and len(set(conf)) > 1


def test_punctuation_from_pauses_and_question_words():
    items = asr.punctuate(words(("how", 0.0, 0.2), ("are", 0.2, 0.4), ("you", 0.4, 0.6),
                                ("i", 1.0, 1.1), ("am", 1.1, 1.3), ("fine", 1.5, 1.8), ("thanks", 1.8, 2.1)))
    assert asr.text_of(items) == "How are you? I am, fine thanks."


def test_spoken_digit_runs_become_numbers():
    spoken = "my number is five five five one two three four five six seven".split()
    got = output.spoken_digits(words(*[(w, i * 0.3, i * 0.3 + 0.25) for i, w in enumerate(spoken)]))
    assert [w.text for w in got] == ["my", "number", "is", "555-123-4567"]
    assert got[-1].start == pytest.approx(0.9) and got[-1].end == pytest.approx(3.6 + 0.25)
    two = output.spoken_digits(words(("one", 0, 0.2), ("two", 0.3, 0.5)))
    assert [w.text for w in two] == ["one", "two"]


def test_word_error_rate_counts_edits():
    assert asr.word_error_rate("the cat sat on the mat", "the cat sat on mat")[:2] == (1 / 6, 1)
    assert asr.word_error_rate("Hello, world!", "hello world") == (0.0, 0, 2)


def test_vocabulary_entries_get_pronunciations():
    sage = asr.vocabulary_entry("SageMaker")
    assert sage.display == "SageMaker" and sage.phones.split()[0] == "S"
    assert asr.vocabulary_entry("C.L.I.").display == "CLI"
    assert asr.vocabulary_entry("Los-Angeles", "LA").display == "LA"


def _items(spec):
    out = []
    for text, a, b in spec:
        if text in ".,?":
            out.append({"kind": "punctuation", "content": text})
        else:
            out.append({"kind": "pronunciation", "content": text, "start": a, "end": b})
    return out


def test_subtitle_cues_close_at_sentences_length_and_pauses():
    long_words = [(f"word{i}", i * 0.4, i * 0.4 + 0.3) for i in range(30)]
    cues = subtitles.cues(_items(long_words))
    assert all(len(c.text) <= subtitles.LINE_CHARS * subtitles.MAX_LINES for c in cues)
    assert all(c.end - c.start <= subtitles.MAX_CUE_S for c in cues)
    cues = subtitles.cues(_items([("Hi", 0, 0.3), (".", 0, 0), ("Bye", 0.5, 0.8), ("now", 3.0, 3.3)]))
    assert [c.text for c in cues] == ["Hi.", "Bye", "now"]


def test_srt_and_vtt_format_and_parse_back():
    cues = [subtitles.Cue(0.0, 1.5, "Hello there."), subtitles.Cue(3661.25, 3662.0, "Later.")]
    srt, vtt = subtitles.srt(cues, 1), subtitles.vtt(cues)
    assert "1\n00:00:00,000 --> 00:00:01,500\nHello there." in srt
    assert "2\n01:01:01,250 --> 01:01:02,000\nLater." in srt
    assert vtt.startswith("WEBVTT\n\n0\n00:00:00.000 --> 00:00:01.500\n")
    assert [(c.start, c.end, c.text) for c in subtitles.parse(vtt)] == [(c.start, c.end, c.text) for c in cues]


def test_two_channel_wav_places_clips_on_their_channels():
    from awsml_study.services.transcribe.media import decode, two_channel_wav
    s = tts.synthesize("Hello.", voice="en-us+m6")
    wav = audio.encode(s.samples, s.sample_rate, "wav")
    m = decode(two_channel_wav([(0, 0.0, wav), (1, 2.0, wav)]), "wav")
    assert m.channels.shape[1] == 2 and m.rate == 16000
    left, right = abs(m.channels[:, 0]), abs(m.channels[:, 1])
    assert left[: 16000].max() > 0.05 and right[: 16000].max() == 0
    assert right[32000: 48000].max() > 0.05


def test_transcript_view_methods(clip):
    from awsml_study.widgets.transcript_view import TranscriptView
    samples, rate = clip
    items = [output._plain(i) for i in output.items_of(asr.recognise(samples, rate))]
    doc = output.document("job", output.results(items))
    srt = subtitles.srt(subtitles.cues(items))
    view = TranscriptView(audio.encode(samples, rate, "wav"), json.dumps(doc),
                          reference="Thank you for calling customer support. How can I help you today?", subtitles=srt)
    first = view.words[0]
    assert view.word_at((first["start"] + first["end"]) / 2) == first["word"]
    assert view.word_error_rate() == asr.word_error_rate(view.reference, view.text)[0]
    assert view.png(1)[:4] == b"\x89PNG"
    assert first["word"] in view.text_html(0) and "Word error rate" in view.text_html()
    assert set(view.low_confidence(1.01)) == {w["word"] for w in view.words}
