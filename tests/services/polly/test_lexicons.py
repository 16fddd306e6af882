"""Polly lexicons: PLS stored, listed, deleted, and applied during synthesis."""
import json

import pytest
from botocore.exceptions import ClientError

PLS = """<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
         alphabet="{alphabet}" xml:lang="{lang}">
  <lexeme><grapheme>W3C</grapheme><alias>World Wide Web Consortium</alias></lexeme>
  <lexeme><grapheme>tomato</grapheme><phoneme>{tomato}</phoneme></lexeme>
</lexicon>"""


def pls(alphabet="ipa", lang="en-US", tomato="təˈmɑːtoʊ"):
    return PLS.format(alphabet=alphabet, lang=lang, tomato=tomato)


def visemes(polly, text, **kw):
    body = polly.synthesize_speech(Text=text, VoiceId="Joanna", OutputFormat="json",
                                   SpeechMarkTypes=["viseme", "word"], **kw)["AudioStream"].read()
    return [json.loads(line) for line in body.decode().splitlines()]


def seconds(polly, text, **kw):
    body = polly.synthesize_speech(Text=text, VoiceId="Joanna", OutputFormat="pcm", **kw)["AudioStream"].read()
    return len(body) / 32000


def test_put_get_list_delete(aws):
    polly = aws("polly")
    polly.put_lexicon(Name="acronyms", Content=pls())
    got = polly.get_lexicon(Name="acronyms")
    attrs = got["LexiconAttributes"]
    assert got["Lexicon"]["Content"] == pls() and got["Lexicon"]["Name"] == "acronyms"
    assert attrs["Alphabet"] == "ipa" and attrs["LanguageCode"] == "en-US" and attrs["LexemesCount"] == 2
    assert attrs["Size"] == len(pls()) and attrs["LexiconArn"].endswith(":lexicon/acronyms")
    polly.put_lexicon(Name="second", Content=pls(lang="en-GB"))
    assert [lx["Name"] for lx in polly.list_lexicons()["Lexicons"]] == ["acronyms", "second"]
    polly.delete_lexicon(Name="acronyms")
    assert [lx["Name"] for lx in polly.list_lexicons()["Lexicons"]] == ["second"]
    with pytest.raises(ClientError) as err:
        polly.get_lexicon(Name="acronyms")
    assert err.value.response["Error"]["Code"] == "LexiconNotFoundException"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_put_overwrites_and_counts_lexemes(aws):
    polly = aws("polly")
    polly.put_lexicon(Name="lex", Content=pls())
    one = pls().replace('<lexeme><grapheme>W3C</grapheme><alias>World Wide Web Consortium</alias></lexeme>', "")
    polly.put_lexicon(Name="lex", Content=one)
    assert polly.get_lexicon(Name="lex")["LexiconAttributes"]["LexemesCount"] == 1


def test_alias_lexicon_changes_what_is_spoken(aws):
    polly = aws("polly")
    polly.put_lexicon(Name="acronyms", Content=pls())
    plain = seconds(polly, "The W3C met today.")
    with_lexicon = seconds(polly, "The W3C met today.", LexiconNames=["acronyms"])
    assert with_lexicon > plain + 0.4
    words = [m for m in visemes(polly, "The W3C met.", LexiconNames=["acronyms"]) if m["type"] == "word"]
    assert [w["value"] for w in words] == ["The", "W3C", "met"]   # marks still point at the input


@pytest.mark.parametrize("alphabet,tomato", [("ipa", "təˈmɑːtoʊ"), ("x-sampa", 't@"mA:toU')])
def test_phoneme_lexicon_changes_the_pronunciation(aws, alphabet, tomato):
    polly = aws("polly")
    polly.put_lexicon(Name="british", Content=pls(alphabet=alphabet, tomato=tomato))
    default = [m["value"] for m in visemes(polly, "tomato") if m["type"] == "viseme"]
    british = [m["value"] for m in visemes(polly, "tomato", LexiconNames=["british"]) if m["type"] == "viseme"]
    # en-US says tə-MAY-do (viseme e); the lexicon says tə-MAH-to (viseme a)
    assert "e" in default and "a" not in default
    assert "a" in british and "e" not in british


def test_lexicon_of_another_language_is_not_applied(aws):
    polly = aws("polly")
    polly.put_lexicon(Name="gb", Content=pls(lang="en-GB"))
    assert abs(seconds(polly, "W3C", LexiconNames=["gb"]) - seconds(polly, "W3C")) < 0.1
    with_gb = polly.synthesize_speech(Text="W3C", VoiceId="Amy", OutputFormat="pcm", LexiconNames=["gb"])
    without = polly.synthesize_speech(Text="W3C", VoiceId="Amy", OutputFormat="pcm")
    assert len(with_gb["AudioStream"].read()) > len(without["AudioStream"].read()) + 0.4 * 32000


def test_first_named_lexicon_wins(aws):
    polly = aws("polly")
    polly.put_lexicon(Name="long", Content=pls())
    polly.put_lexicon(Name="short", Content=pls().replace("World Wide Web Consortium", "web group"))
    a = seconds(polly, "W3C", LexiconNames=["long", "short"])
    b = seconds(polly, "W3C", LexiconNames=["short", "long"])
    assert a > b + 0.3


def test_lexicons_apply_inside_ssml_text(aws):
    polly = aws("polly")
    polly.put_lexicon(Name="acronyms", Content=pls())
    ssml = "<speak>The <prosody rate='fast'>W3C</prosody> met.</speak>"
    plain = seconds(polly, ssml, TextType="ssml")
    assert seconds(polly, ssml, TextType="ssml", LexiconNames=["acronyms"]) > plain + 0.4


@pytest.mark.parametrize("name,content,code", [
    ("bad", "<lexicon", "InvalidLexiconException"),
    ("bad", "<lexicon xmlns='http://www.w3.org/2005/01/pronunciation-lexicon' alphabet='ipa' "
            "xml:lang='en-US'><lexeme><grapheme>x</grapheme></lexeme></lexicon>", "InvalidLexiconException"),
    ("bad", pls(alphabet="arpabet"), "UnsupportedPlsAlphabetException"),
    ("bad", pls(lang="tlh"), "UnsupportedPlsLanguageException"),
    ("bad", pls() + "<!--" + "x" * 4000 + "-->", "LexiconSizeExceededException"),
    ("bad", pls(tomato="t" * 101), "MaxLexemeLengthExceededException"),
    ("bad-name!", pls(), "ValidationException"),
])
def test_bad_lexicons_get_polly_error_codes(aws, name, content, code):
    with pytest.raises(ClientError) as err:
        aws("polly").put_lexicon(Name=name, Content=content)
    assert err.value.response["Error"]["Code"] == code


def test_too_many_lexicons(aws):
    polly = aws("polly")
    for i in range(100):
        polly.put_lexicon(Name=f"lex{i}", Content=pls())
    with pytest.raises(ClientError) as err:
        polly.put_lexicon(Name="onemore", Content=pls())
    assert err.value.response["Error"]["Code"] == "MaxLexiconsNumberExceededException"
    polly.put_lexicon(Name="lex5", Content=pls())          # overwriting is still allowed


def test_tags_on_lexicons(aws):
    polly = aws("polly")
    polly.put_lexicon(Name="tagged", Content=pls(), Tags={"team": "audio"})
    arn = polly.get_lexicon(Name="tagged")["LexiconAttributes"]["LexiconArn"]
    polly.tag_resource(ResourceArn=arn, Tags={"stage": "dev"})
    polly.untag_resource(ResourceArn=arn, TagKeys=["team"])
    assert polly.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"stage": "dev"}
    with pytest.raises(ClientError) as err:
        polly.put_lexicon(Name="tagged", Content=pls(), Tags={"x": "y"})
    assert err.value.response["Error"]["Code"] == "ValidationException"
