"""The engines behind Polly: espeak-ng synthesis, audio codecs, SSML preparation and say-as wording."""
import threading

import numpy as np
import pytest

from awsml_study.engines.speech import audio, opus, ssml, ssml_reader, tts
from awsml_study.services.polly import sayas as polly_sayas


# ----- tts (also used by Transcribe to make test speech) -----

def test_synthesize_returns_int16_speech_with_word_times():
    s = tts.synthesize("Speech recognition needs clear audio.")
    assert s.samples.dtype == np.int16 and s.sample_rate == 22050
    assert s.word_texts() == ["Speech", "recognition", "needs", "clear", "audio"]
    starts = [ms for ms, _, _ in s.words]
    assert starts == sorted(starts) and starts[-1] < s.duration_ms
    assert [s.text[o:o + n] for _, o, n in s.sentences] == ["Speech recognition needs clear audio."]


def test_rate_and_pitch_parameters_act():
    text = "Counting one two three four five six seven."
    slow, fast = tts.synthesize(text, rate_wpm=100), tts.synthesize(text, rate_wpm=300)
    assert slow.duration_s > 2 * fast.duration_s


def test_unknown_espeak_voice_is_an_error():
    with pytest.raises(tts.TtsError):
        tts.synthesize("hi", voice="no-such-voice")


def test_synthesis_is_thread_safe():
    results = {}

    def run(i):
        results[i] = tts.synthesize(f"Thread number {i} speaking.").word_texts()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[i] == ["Thread", "number", str(i), "speaking"] for i in range(4))


def test_ipa_round_trip_through_espeak_phonemes():
    for word in ["thought", "measure", "church", "judge", "sing", "water", "father", "boy"]:
        ipa = tts.to_ipa(word)
        spoken = tts.synthesize("[[" + tts.ipa_to_espeak(ipa) + "]]", phoneme_input=True)
        assert "".join(p for _, p in spoken.phonemes).replace("ˌ", "ˈ") == ipa.replace("ˌ", "ˈ")


def test_xsampa_and_unmappable_symbols():
    assert tts.ipa_to_espeak('t@"mA:toU', "x-sampa") == tts.ipa_to_espeak("təˈmɑːtoʊ")
    assert tts.ipa_to_espeak("ʁ") is None


def test_viseme_mapping():
    assert [tts.viseme_of(p) for p in ["b", "ˈoʊ", "θ", "ʃ", "", "ɹ"]] == ["p", "o", "T", "S", "sil", "r"]


# ----- audio -----

@pytest.mark.parametrize("fmt,rate", [("wav", 22050), ("flac", 16000), ("ogg_vorbis", 22050),
                                      ("ogg_opus", 48000), ("mp3", 24000)])
def test_containers_round_trip(fmt, rate):
    t = np.arange(22050) / 22050
    tone = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    back, got = audio.decode(audio.encode(tone, 22050, fmt, out_rate=rate))
    assert got == rate and abs(len(back) / rate - 1.0) < 0.1
    spectrum = np.abs(np.fft.rfft(back[: rate // 2]))
    assert abs(np.argmax(spectrum) * 2 - 440) < 10       # the tone survives the codec


@pytest.mark.skipif(not opus.available(), reason="no system libopus: libsndfile encodes Opus")
def test_libopus_stream_is_valid_ogg_and_keeps_the_speech():
    s = tts.synthesize("Opus packets in Ogg pages, read back by libsndfile.", "en-us+f3")
    data = audio.encode(s.samples, s.sample_rate, "ogg_opus", out_rate=48000)
    assert data[:4] == b"OggS" and data[28:36] == b"OpusHead"
    pos = 0
    while pos < len(data):                         # every page's CRC checks, sequence numbers run on
        n_seg = data[pos + 26]
        size = 27 + n_seg + sum(data[pos + 27:pos + 27 + n_seg])
        page = data[pos:pos + size]
        assert opus._crc(page[:22] + b"\0\0\0\0" + page[26:]) == int.from_bytes(page[22:26], "little")
        pos += size
    assert pos == len(data) and data[pos - size + 5] & 0x04          # the last page ends the stream
    back, rate = audio.decode(data)
    ref = audio.resample(s.samples, s.sample_rate, 48000)
    assert rate == 48000 and abs(len(back) - len(ref)) <= 2          # pre-skip and end trim applied
    n = min(len(back), len(ref))
    snr = 10 * np.log10(np.sum(ref[:n] ** 2) / np.sum((ref[:n] - back[:n]) ** 2))
    assert snr > 12                                # waveform kept (a misaligned stream gives ~0 dB)


@pytest.mark.parametrize("fmt", ["mulaw", "alaw"])
def test_g711_round_trip_is_close(fmt):
    x = (0.3 * np.sin(np.linspace(0, 60, 8000))).astype(np.float32)
    back, rate = audio.decode(audio.encode(x, 8000, fmt), fmt=fmt)
    assert rate == 8000 and len(back) == 8000
    snr = 10 * np.log10(np.sum(x ** 2) / np.sum((x - back) ** 2))
    assert snr > 30


def test_g711_matches_the_standard_code_points():
    assert audio.mulaw_encode(np.array([0, 32767, -32768], np.int16)) == bytes([0xFF, 0x80, 0x00])
    assert audio.alaw_encode(np.array([0, 32767, -32768], np.int16)) == bytes([0xD5, 0xAA, 0x2A])


def test_resample_keeps_a_tone():
    t = np.arange(22050) / 22050
    y = audio.resample(np.sin(2 * np.pi * 1000 * t), 22050, 16000)
    assert len(y) == 16000
    assert abs(np.argmax(np.abs(np.fft.rfft(y))) - 1000) <= 1


def test_decode_rejects_non_audio_and_needs_hints_for_raw():
    with pytest.raises(audio.AudioError):
        audio.decode(b"definitely not audio")
    with pytest.raises(audio.AudioError):
        audio.decode(b"\x00\x00\x00\x18ftypmp42")
    samples, rate = audio.decode(b"\x00\x40" * 100, fmt="pcm", rate=8000)
    assert rate == 8000 and np.allclose(samples, 0.5)


# ----- SSML preparation -----

def spoken(ssml_text, **kw):
    prepared = ssml_reader.prepare_ssml(ssml_text, say_as=polly_sayas.expand, **kw)
    return " ".join(seg.string for seg in prepared.segments)


def test_say_as_wording_reaches_espeak():
    assert "one two three" in spoken('<speak><say-as interpret-as="digits">123</say-as></speak>')
    assert "March fifth twenty twenty-four" in spoken(
        '<speak><say-as interpret-as="date" format="mdy">3/5/2024</say-as></speak>')
    assert "five five five, one two three four" in spoken(
        '<speak><say-as interpret-as="telephone">555-1234</say-as></speak>')
    assert "three twentieths" in spoken('<speak><say-as interpret-as="fraction">3/20</say-as></speak>')
    assert "twenty-first" in spoken('<speak><say-as interpret-as="ordinal">21</say-as></speak>')


def test_lang_and_whisper_open_new_segments_that_keep_prosody():
    prepared = ssml_reader.prepare_ssml('<speak><prosody rate="slow">Hello <lang xml:lang="fr-FR">bonjour</lang> '
                                 '<amazon:effect name="whispered">psst</amazon:effect></prosody></speak>',
                                 language_of=lambda code: "fr")
    kinds = [(s.language, s.whisper) for s in prepared.segments]
    assert kinds == [(None, False), ("fr", False), (None, False), (None, True)]
    assert all('<prosody rate="slow">' in s.string for s in prepared.segments)


def test_unknown_lang_and_bad_attributes_are_errors():
    with pytest.raises(ssml.SsmlError):
        ssml_reader.prepare_ssml('<speak><lang xml:lang="tlh">Qapla</lang></speak>')
    with pytest.raises(ssml.SsmlError):
        ssml_reader.prepare_ssml('<speak><emphasis level="shouty">x</emphasis></speak>')


def test_billed_characters_count_text_only():
    assert ssml_reader.billed_characters('<speak>Hi <break time="1s"/>there &amp; you</speak>') == len("Hi there & you")


def test_notes_say_what_was_approximated():
    prepared = ssml_reader.prepare_ssml('<speak><amazon:effect name="drc">Loud</amazon:effect><amazon:breath/></speak>')
    assert any("drc" in n for n in prepared.notes) and any("breath" in n for n in prepared.notes)
    french = ssml_reader.prepare_ssml('<speak><phoneme ph="pɪˈkɑːn">pecan</phoneme></speak>', english=False)
    assert any("English voices only" in n for n in french.notes)


def test_render_maps_words_to_source_bytes():
    source = "<speak>Ünïcode <sub alias='okay'>OK</sub> done</speak>"
    prepared = ssml_reader.prepare_ssml(source)
    rendered = ssml.render(prepared, "en-us+f3")
    raw = source.encode()
    assert [raw[a:b].decode() for _, a, b in rendered.words] == ["Ünïcode", "OK", "done"]


def test_sayas_numbers():
    assert polly_sayas.cardinal(1234) == "one thousand two hundred thirty-four"
    assert polly_sayas.ordinal(42) == "forty-second"
    assert polly_sayas.year(1999) == "nineteen ninety-nine" and polly_sayas.year(2007) == "two thousand seven"
    assert polly_sayas.expand("time", "9:05 pm") == "nine oh five P M"
    assert polly_sayas.expand("unit", "10kg") is None
