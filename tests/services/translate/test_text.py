"""TranslateText and TranslateDocument: neural en↔pt, terminology, settings, detection, limits, documents."""
import io

import pytest
from botocore.exceptions import ClientError

import awsml_study

TERMS = b"en,pt,de\nTrailForge,TrailForge,TrailForge\nboots,botas de trilha,Wanderstiefel\nGood morning,Bom dia,Guten Morgen\n"


def code(info):
    return info.value.response["Error"]["Code"]


def terms(translate, name="brand", data=TERMS, **extra):
    translate.import_terminology(Name=name, MergeStrategy="OVERWRITE",
                                 TerminologyData={"File": data, "Format": "CSV", **extra})
    return name


def test_neural_translation_follows_the_input(aws):
    translate = aws("translate")
    a = translate.translate_text(Text="The invoice must be paid by Friday.", SourceLanguageCode="en",
                                 TargetLanguageCode="pt")
    b = translate.translate_text(Text="The weather is cold today.", SourceLanguageCode="en",
                                 TargetLanguageCode="pt")
    assert "sexta-feira" in a["TranslatedText"] and "frio" in b["TranslatedText"]
    back = translate.translate_text(Text="Eu gosto muito deste livro.", SourceLanguageCode="pt",
                                    TargetLanguageCode="en")
    assert "book" in back["TranslatedText"]
    assert awsml_study.engine_of(a) == "translate/bergamot"   # the engine that answered this call
    assert "AppliedTerminologies" not in a and "AppliedSettings" not in a


def test_line_breaks_are_kept(aws):
    out = aws("translate").translate_text(Text="Hello.\n\nThe shop opens at nine.", SourceLanguageCode="en",
                                          TargetLanguageCode="pt")["TranslatedText"]
    assert out.count("\n") == 2 and out.startswith("Olá")


def test_terminology_is_applied_and_reported(aws):
    translate = aws("translate")
    out = translate.translate_text(Text="Our TrailForge boots are waterproof.", SourceLanguageCode="en",
                                   TargetLanguageCode="pt", TerminologyNames=[terms(translate)])
    assert "botas de trilha" in out["TranslatedText"] and "TrailForge" in out["TranslatedText"]
    applied = out["AppliedTerminologies"][0]
    assert applied["Name"] == "brand"
    assert {"SourceText": "boots", "TargetText": "botas de trilha"} in applied["Terms"]


def test_terms_are_case_sensitive_whole_words(aws):
    translate = aws("translate")
    out = translate.translate_text(Text="Bootstrapping is hard.", SourceLanguageCode="en",
                                   TargetLanguageCode="pt", TerminologyNames=[terms(translate)])
    assert out["AppliedTerminologies"][0]["Terms"] == []


def test_pair_without_model_uses_only_the_learners_terms(aws):
    translate = aws("translate")
    name = terms(translate)
    out = translate.translate_text(Text="Good morning!", SourceLanguageCode="en", TargetLanguageCode="de",
                                   TerminologyNames=[name])
    assert out["TranslatedText"] == "Guten Morgen!"
    assert awsml_study.engine_of(out) == "translate/memory"       # a whole-sentence term
    out = translate.translate_text(Text="TrailForge boots", SourceLanguageCode="en", TargetLanguageCode="de",
                                   TerminologyNames=[name])
    assert out["TranslatedText"] == "TrailForge Wanderstiefel"
    assert awsml_study.engine_of(out) == "translate/terminology"  # a sentence made of terms
    with pytest.raises(ClientError) as info:
        translate.translate_text(Text="The boots are red.", SourceLanguageCode="en", TargetLanguageCode="de",
                                 TerminologyNames=[name])
    assert code(info) == "UnsupportedLanguagePairException"
    assert "en→pt" in info.value.response["Error"]["Message"]


def test_uni_directional_terms_do_not_apply_backwards(aws):
    translate = aws("translate")
    name = terms(translate)
    with pytest.raises(ClientError) as info:
        translate.translate_text(Text="Guten Morgen", SourceLanguageCode="de", TargetLanguageCode="en",
                                 TerminologyNames=[name])
    assert code(info) == "UnsupportedLanguagePairException"
    multi = terms(translate, "multi", Directionality="MULTI")
    out = translate.translate_text(Text="Guten Morgen", SourceLanguageCode="de", TargetLanguageCode="en",
                                   TerminologyNames=[multi])
    assert out["TranslatedText"] == "Good morning"


def test_same_language_returns_the_text(aws):
    out = aws("translate").translate_text(Text="Nothing to do.", SourceLanguageCode="fr", TargetLanguageCode="fr")
    assert out["TranslatedText"] == "Nothing to do."


def test_auto_detects_the_source(aws):
    out = aws("translate").translate_text(Text="Obrigado pela sua compra, o pedido chegará amanhã.",
                                          SourceLanguageCode="auto", TargetLanguageCode="en")
    assert out["SourceLanguageCode"] == "pt" and "tomorrow" in out["TranslatedText"]


def test_auto_low_confidence(aws):
    with pytest.raises(ClientError) as info:
        aws("translate").translate_text(Text="ok!!", SourceLanguageCode="auto", TargetLanguageCode="en")
    assert code(info) == "DetectedLanguageLowConfidenceException"


def test_profanity_masked_where_supported(aws):
    translate = aws("translate")
    out = translate.translate_text(Text="This damn printer is broken.", SourceLanguageCode="en",
                                   TargetLanguageCode="pt", Settings={"Profanity": "MASK"})
    assert "?$#@$" in out["TranslatedText"] and out["AppliedSettings"] == {"Profanity": "MASK"}
    plain = translate.translate_text(Text="This damn printer is broken.", SourceLanguageCode="en",
                                     TargetLanguageCode="pt")
    assert "?$#@$" not in plain["TranslatedText"]


def test_formality_and_brevity_not_applied_by_the_kit(aws):
    out = aws("translate").translate_text(Text="Are you sure?", SourceLanguageCode="en", TargetLanguageCode="pt",
                                          Settings={"Formality": "FORMAL", "Brevity": "ON"})
    assert "AppliedSettings" not in out and out["TranslatedText"]


def test_size_limit_is_in_bytes(aws):
    translate = aws("translate")
    with pytest.raises(ClientError) as info:
        translate.translate_text(Text="é" * 5001, SourceLanguageCode="pt", TargetLanguageCode="en")
    assert code(info) == "TextSizeLimitExceededException"


def test_unknown_language_and_terminology(aws):
    translate = aws("translate")
    with pytest.raises(ClientError) as info:
        translate.translate_text(Text="Hi", SourceLanguageCode="en", TargetLanguageCode="tlh")
    assert code(info) == "UnsupportedLanguagePairException"
    with pytest.raises(ClientError) as info:   # longer than the model's 5 characters
        translate.translate_text(Text="Hi", SourceLanguageCode="en", TargetLanguageCode="klingon")
    assert code(info) == "ValidationException"
    with pytest.raises(ClientError) as info:
        translate.translate_text(Text="Hi", SourceLanguageCode="en", TargetLanguageCode="pt",
                                 TerminologyNames=["nope"])
    assert code(info) == "ResourceNotFoundException"


def test_html_document_keeps_markup(aws):
    html = (b'<html><body><h1>Welcome</h1><p>The shop is open.</p>'
            b'<p translate="no">TrailForge Ltd</p><script>var x = "Hello";</script></body></html>')
    out = aws("translate").translate_document(Document={"Content": html, "ContentType": "text/html"},
                                              SourceLanguageCode="en", TargetLanguageCode="pt")
    body = out["TranslatedDocument"]["Content"].decode()
    assert body.startswith("<html><body><h1>") and "Bem-vindo" in body
    assert '<p translate="no">TrailForge Ltd</p>' in body and 'var x = "Hello";' in body


def test_docx_document(aws):
    import docx
    doc = docx.Document()
    doc.add_heading("Returns policy", level=1)
    doc.add_paragraph("You can return the boots within thirty days.")
    buffer = io.BytesIO()
    doc.save(buffer)
    out = aws("translate").translate_document(
        Document={"Content": buffer.getvalue(),
                  "ContentType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        SourceLanguageCode="en", TargetLanguageCode="pt")
    translated = docx.Document(io.BytesIO(out["TranslatedDocument"]["Content"]))
    texts = [p.text for p in translated.paragraphs]
    assert translated.paragraphs[0].style.name == "Heading 1"
    assert "botas" in texts[1] and "trinta" in texts[1]


def test_document_errors(aws):
    translate = aws("translate")
    with pytest.raises(ClientError) as info:
        translate.translate_document(Document={"Content": b"not a zip", "ContentType":
                                               "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
                                     SourceLanguageCode="en", TargetLanguageCode="pt")
    assert code(info) == "InvalidRequestException"
    with pytest.raises(ClientError) as info:
        translate.translate_document(Document={"Content": b"Hi", "ContentType": "text/plain"},
                                     SourceLanguageCode="en", TargetLanguageCode="pt", Settings={"Brevity": "ON"})
    assert code(info) == "InvalidRequestException"


def test_list_languages(aws):
    translate = aws("translate")
    langs = translate.list_languages(MaxResults=500)["Languages"]
    assert len(langs) == 75 and {"LanguageName": "Portuguese (Brazil)", "LanguageCode": "pt"} in langs
    german = translate.list_languages(DisplayLanguageCode="de", MaxResults=500)["Languages"]
    assert next(l["LanguageName"] for l in german if l["LanguageCode"] == "de") == "Deutsch"
    first = translate.list_languages(MaxResults=10)
    second = translate.list_languages(MaxResults=10, NextToken=first["NextToken"])
    assert first["Languages"][0] != second["Languages"][0] and len(second["Languages"]) == 10
