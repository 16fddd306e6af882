"""The speech player widget and the Polly notebook's self-checks, driven without a kernel."""
import pytest

from awsml_study.exercises import polly as check
from awsml_study.widgets.audio_player import SpeechPlayer, parse_marks, word_spans

TEXT = "Polly reads this sentence aloud. Then a second one."


@pytest.fixture
def made(aws):
    polly = aws("polly")
    sound = polly.synthesize_speech(Text=TEXT, VoiceId="Joanna", OutputFormat="mp3")["AudioStream"].read()
    marks = polly.synthesize_speech(Text=TEXT, VoiceId="Joanna", OutputFormat="json",
                                    SpeechMarkTypes=["word", "viseme"])["AudioStream"].read()
    return polly, sound, marks


def test_word_spans_cover_the_audio_in_order(made):
    _, sound, marks = made
    player = SpeechPlayer(sound, marks, text=TEXT)
    words = [w["word"] for w in player.words]
    assert words == ["Polly", "reads", "this", "sentence", "aloud", "Then", "a", "second", "one"]
    assert all(w["start_ms"] < w["end_ms"] for w in player.words)
    assert player.words[-1]["end_ms"] == pytest.approx(player.duration_ms)
    assert player.word_at(player.words[3]["start_ms"] + 1) == "sentence"
    assert player.word_at(-5) is None


def test_select_highlights_the_word_in_text_and_plot(made):
    _, sound, marks = made
    player = SpeechPlayer(sound, marks, text=TEXT)
    assert "<mark" in player.text_html(4) and ">aloud</mark>" in player.text_html(4)
    assert player.png(4)[:4] == b"\x89PNG"
    player.select(2)
    assert player.selected == 2
    player.slider.value = 5
    assert player.selected == 5


def test_pcm_input_and_plain_mark_lists():
    marks = '{"time":0,"type":"word","start":0,"end":2,"value":"Hi"}\n'
    player = SpeechPlayer(b"\x00\x10" * 16000, marks, fmt="pcm", sample_rate=16000)
    assert player.duration_ms == pytest.approx(1000)
    assert word_spans(parse_marks(marks), 1000)[0]["end_ms"] == 1000


def test_self_checks_accept_right_and_reject_wrong_answers(made, capsys):
    polly, _, _ = made
    right = [v["Id"] for v in polly.describe_voices(LanguageCode="en-GB", Engine="neural")["Voices"]]
    assert check.check_british_voices(polly, right) and not check.check_british_voices(polly, ["Amy"])
    assert check.check_word_at(polly, TEXT, "Joanna", 10, "Polly")
    assert not check.check_word_at(polly, TEXT, "Joanna", 10, "aloud")
    assert check.check_pause(polly, '<speak>Ready <break time="2s"/> go</speak>', 1.5)
    assert not check.check_pause(polly, "<speak>Ready go</speak>", 1.5)
    assert not check.check_lexicon(polly, "missing", "ML", "machine learning")
    polly.put_lexicon(Name="team", Content=(
        '<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" '
        'xml:lang="en-US"><lexeme><grapheme>ML</grapheme><alias>machine learning</alias></lexeme></lexicon>'))
    assert check.check_lexicon(polly, "team", "ML", "machine learning")
    assert "✅" in capsys.readouterr().out
