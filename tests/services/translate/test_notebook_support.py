"""The pieces notebook 04 uses: exercise checkers, the side-by-side widget, quiz pointers to its headings."""
import json
import re
from pathlib import Path

from awsml_study.exercises import feedback, translate as check
from awsml_study.widgets.translation_view import TranslationView, mark_terms

REPO = Path(__file__).resolve().parents[3]
BUCKET = "exercise-translate"


def test_quiz_pointers_resolve_to_notebook_headings():
    notebook = json.loads((REPO / "notebooks/04_translate.ipynb").read_text())
    headings = {re.sub(r"^#+\s*", "", line).strip()
                for cell in notebook["cells"] if cell["cell_type"] == "markdown"
                for line in "".join(cell["source"]).splitlines() if line.startswith("#")}
    bank = json.loads((REPO / "quizzes/translate.json").read_text())
    assert len(bank["questions"]) >= 36
    missing = {q["id"]: q["notebook"]["section"] for q in bank["questions"]
               if q["notebook"]["section"] not in headings}
    assert missing == {}


def test_checkers_say_not_answered_for_blanks(aws, capsys):
    translate = aws("translate")
    assert check.check_terminology(translate, None) is False
    assert check.check_byte_count("abc", None) is False
    assert check.check_output_key(aws("s3"), BUCKET, "x", ...) is False
    assert capsys.readouterr().out.count(feedback.NOT_ANSWERED) == 3


def test_terminology_checker(aws):
    translate = aws("translate")
    assert check.check_terminology(translate, "en,pt\nTrailForge,TrailForge\nboots,botas de trilha\n") is True
    assert check.check_terminology(translate, "en,pt\nTrailForge,TrailForge\n") is False
    assert check.check_terminology(translate, "not a terminology") is False


def test_byte_and_chunk_checkers():
    review = "Ótimo serviço! ⭐"
    assert check.check_byte_count(review, len(review.encode())) is True
    assert check.check_byte_count(review, len(review)) is False
    text = "é" * 6000
    assert check.check_chunks(text, [text[:5000], text[5000:]]) is True
    assert check.check_chunks(text, [text]) is False


def test_output_key_checker(aws):
    s3, translate = aws("s3"), aws("translate")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="support/welcome.txt", Body=b"Welcome to our shop.")
    job_id = translate.start_text_translation_job(
        InputDataConfig={"S3Uri": f"s3://{BUCKET}/support/", "ContentType": "text/plain"},
        OutputDataConfig={"S3Uri": f"s3://{BUCKET}/translated/"},
        DataAccessRoleArn="arn:aws:iam::123456789012:role/t", SourceLanguageCode="en",
        TargetLanguageCodes=["pt"], ClientToken="ex3")["JobId"]
    translate.describe_text_translation_job(JobId=job_id)
    right = f"translated/123456789012-TranslateText-{job_id}/pt.welcome.txt"
    assert check.check_output_key(s3, BUCKET, job_id, right) is True
    assert check.check_output_key(s3, BUCKET, job_id, "translated/pt.welcome.txt") is False


def test_widget_highlights_applied_terms(aws):
    translate = aws("translate")
    translate.import_terminology(Name="brand", MergeStrategy="OVERWRITE",
                                 TerminologyData={"File": b"en,pt\nboots,botas de trilha\n", "Format": "CSV"})
    view = TranslationView(translate, text="The boots are light.", terminology="brand")
    result = view.translate()
    html = view.render()
    assert "botas de trilha" in result["TranslatedText"]
    assert '<mark style="background:#bbf7d0;padding:0 2px">botas de trilha</mark>' in html
    assert '<mark style="background:#fde68a;padding:0 2px">boots</mark>' in html
    view.target.value = "de"
    view.translate("Nothing covers this sentence.")
    assert "UnsupportedLanguagePairException" in view.render()


def test_mark_terms_escapes_html():
    assert mark_terms("<b> & boots", ["boots"], "#fff") == \
        '&lt;b&gt; &amp; <mark style="background:#fff;padding:0 2px">boots</mark>'
