"""The notebooks' exercises: left blank for the learner, "not answered yet" when blank, and each
checker accepts the right answer (the solutions live here, not in the notebooks)."""
import json
import re

import nbformat
import pytest

from awsml_study import data
from awsml_study.exercises import comprehend, polly, rekognition, textract, transcribe

NOTEBOOKS = ["01_rekognition", "02_transcribe", "03_polly", "07_comprehend", "09_textract", "13_capstone"]
CHECK_CALL = re.compile(r"\b(ex|check)\.check_\w+\(")


def exercise_cells(name):
    nb = nbformat.read(data.path("").parent / "notebooks" / f"{name}.ipynb", as_version=4)
    start = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Exercises"))
    return [c.source for c in nb.cells[start:] if c.cell_type == "code" and CHECK_CALL.search(c.source)]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_exercise_cells_come_blank(name):
    cells = exercise_cells(name)
    assert cells, f"{name}: no exercise cells found"
    for source in cells:
        code = [line for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        blank = any(re.search(r"= (None|\.\.\.)\b|: \.\.\.,?\s*(#.*)?$", line) for line in code)
        # or the learner's action goes in place of a comment (the checker looks for what it made)
        action = "# your answer" in source and not any(
            re.match(r"\w+ = ", line) for line in code if "check" not in line and "put_object" not in line)
        assert blank or action, f"{name}: this exercise cell comes answered:\n{source}"


@pytest.mark.parametrize("call", [
    lambda: rekognition.check_pixels({"Left": 0, "Top": 0, "Width": 1, "Height": 1}, 10, 10, None),
    lambda: rekognition.check_word_count({"TextDetections": []}, None),
    lambda: rekognition.check_choices({task: ... for task in rekognition.CHOICES}),
    lambda: rekognition.check_policy(None),
    lambda: rekognition.check_face_search(None, "exercise-faces", b"", None),
    lambda: rekognition.check_threshold(None, b"", b"", None),
    lambda: rekognition.check_text_seconds(None, "job", None),
    lambda: polly.check_british_voices(None, None),
    lambda: polly.check_word_at(None, "", "Matthew", 2000, None),
    lambda: polly.check_pause(None, None, 1.5),
    lambda: comprehend.check_batch_split(["a"], None),
    lambda: comprehend.check_most_negative(None, ["a"], None),
    lambda: comprehend.check_redaction(None, "a", None),
    lambda: transcribe.check_least_confident({}, None),
    lambda: transcribe.check_longest_talker({}, None),
    lambda: transcribe.check_failed_jobs(None, None),
    lambda: textract.check_value_of([], "Due Date", None),
    lambda: textract.check_items_add_up({}, None),
    lambda: textract.check_all_blocks(None, "job", None),
    lambda: textract.check_routes({doc: ... for doc in textract.ROUTES}),
])
def test_a_blank_answer_is_not_answered_yet(call, capsys):
    assert call() is False
    assert "Not answered yet" in capsys.readouterr().out


def test_action_exercises_not_done_yet(aws, capsys):
    s3, tr, pol = aws("s3"), aws("transcribe"), aws("polly")
    s3.create_bucket(Bucket="lab")
    assert not transcribe.check_subtitles(s3, "lab", "captions/captions.srt", tr, job_name="captions")
    assert not transcribe.check_vocabulary(tr, s3, "lab", "textract-job", "Textract")
    assert not polly.check_lexicon(pol, "team", "ML", "machine learning")
    assert capsys.readouterr().out.count("Not answered yet") == 3


def test_rekognition_solutions(aws):
    rek = aws("rekognition")
    group = data.path("rekognition/group.png").read_bytes()
    ana = data.path("rekognition/portrait_ana.png").read_bytes()
    scores = sorted((m["Similarity"] for m in rek.compare_faces(
        SourceImage={"Bytes": ana}, TargetImage={"Bytes": group}, SimilarityThreshold=0)["FaceMatches"]),
        reverse=True)
    assert len(scores) >= 2
    assert rekognition.check_threshold(rek, ana, group, (scores[0] + scores[1]) / 2)
    assert not rekognition.check_threshold(rek, ana, group, 0)
    assert not rekognition.check_threshold(rek, ana, group, 150)  # refused by boto3: no traceback
    assert not rekognition.check_face_search(rek, "missing", group, "some-face-id")
    assert rekognition.check_policy({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["rekognition:DetectModerationLabels", "rekognition:DetectLabels"],
         "Resource": "*"},
        {"Effect": "Deny", "Action": ["rekognition:CreateCollection", "rekognition:IndexFaces"],
         "Resource": "*"}]})


def test_polly_solutions(aws):
    client = aws("polly")
    voices = [v["Id"] for v in client.describe_voices(LanguageCode="en-GB", Engine="neural")["Voices"]]
    assert polly.check_british_voices(client, voices)
    assert not polly.check_british_voices(client, voices[:-1])
    story = "Once upon a time a small robot learned to read aloud to the whole class."
    marks = [json.loads(line) for line in client.synthesize_speech(
        Text=story, VoiceId="Matthew", OutputFormat="json", SpeechMarkTypes=["word"]
    )["AudioStream"].read().decode().splitlines()]
    word = [m["value"] for m in marks if m["time"] <= 2000][-1]
    assert polly.check_word_at(client, story, "Matthew", 2000, word)
    assert polly.check_pause(client, '<speak>Ready, set, <break time="1500ms"/>go!</speak>', 1.5)
    assert not polly.check_pause(client, "<speak>Ready, set, go!</speak>", 1.5)
    assert not polly.check_pause(client, "<speak>unclosed", 1.5)
    client.put_lexicon(Name="team", Content=(
        '<?xml version="1.0" encoding="UTF-8"?>\n<lexicon version="1.0" '
        'xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">\n'
        '  <lexeme><grapheme>ML</grapheme><alias>machine learning</alias></lexeme>\n</lexicon>'))
    assert polly.check_lexicon(client, "team", "ML", "machine learning")


def test_comprehend_solutions(aws):
    client = aws("comprehend")
    texts = [f"Review number {i}: the product was fine." for i in range(60)]
    assert comprehend.check_batch_split(texts, [texts[i:i + 25] for i in range(0, 60, 25)])
    assert not comprehend.check_batch_split(texts, [texts[:30], texts[30:]])
    five = ["I love it.", "Terrible, broken and useless. I hate it.", "It is a chair.", "Fine.", "Great!"]
    scores = [client.detect_sentiment(Text=t, LanguageCode="en")["SentimentScore"]["Negative"] for t in five]
    assert comprehend.check_most_negative(client, five, scores.index(max(scores)))
    text = "Write to jane.doe@example.com or call 555-0100."
    entities = client.detect_pii_entities(Text=text, LanguageCode="en")["Entities"]
    assert entities
    redacted = text
    for e in sorted(entities, key=lambda e: -e["BeginOffset"]):
        redacted = redacted[:e["BeginOffset"]] + f'[{e["Type"]}]' + redacted[e["EndOffset"]:]
    assert comprehend.check_redaction(client, text, redacted)
    assert not comprehend.check_redaction(client, text, text)


def test_transcribe_document_solutions():
    doc = {"results": {"items": [
        {"type": "pronunciation", "alternatives": [{"confidence": "0.9", "content": "hello"}]},
        {"type": "punctuation", "alternatives": [{"confidence": "0.0", "content": "."}]},
        {"type": "pronunciation", "alternatives": [{"confidence": "0.4", "content": "world"}]}]}}
    assert transcribe.check_least_confident(doc, "world")
    assert not transcribe.check_least_confident(doc, ".")
    call = {"ConversationCharacteristics": {"TalkTime": {"DetailsByParticipant": {
        "AGENT": {"TotalTimeMillis": 4000}, "CUSTOMER": {"TotalTimeMillis": 9000}}}}}
    assert transcribe.check_longest_talker(call, "CUSTOMER")
    assert not transcribe.check_longest_talker(call, "AGENT")


def test_transcribe_job_solutions(aws):
    s3, tr, pol = aws("s3"), aws("transcribe"), aws("polly")
    s3.create_bucket(Bucket="lab")
    speech = pol.synthesize_speech(Text="Extract the tables with Textract.", VoiceId="Stephen",
                                   Engine="neural", OutputFormat="mp3")["AudioStream"].read()
    s3.put_object(Bucket="lab", Key="media/textract.mp3", Body=speech)
    tr.start_transcription_job(TranscriptionJobName="captions", LanguageCode="en-US",
                               Media={"MediaFileUri": "s3://lab/media/textract.mp3"},
                               OutputBucketName="lab", OutputKey="captions/",
                               Subtitles={"Formats": ["srt"], "OutputStartIndex": 1})
    assert transcribe.check_subtitles(s3, "lab", "captions/captions.srt", tr, job_name="captions")
    tr.create_vocabulary(VocabularyName="ex3", LanguageCode="en-US", Phrases=["Textract"])
    tr.start_transcription_job(TranscriptionJobName="textract-job", LanguageCode="en-US",
                               Media={"MediaFileUri": "s3://lab/media/textract.mp3"},
                               OutputBucketName="lab", Settings={"VocabularyName": "ex3"})
    assert transcribe.check_vocabulary(tr, s3, "lab", "textract-job", "Textract")
    s3.put_object(Bucket="lab", Key="media/broken.mp3", Body=b"this is not audio")
    for n in range(3):  # media that cannot be decoded: the jobs end FAILED
        tr.start_transcription_job(TranscriptionJobName=f"broken-{n}", LanguageCode="en-US",
                                   Media={"MediaFileUri": "s3://lab/media/broken.mp3"})
    names, token = [], None
    while True:
        page = tr.list_transcription_jobs(Status="FAILED", **({"NextToken": token} if token else {}))
        names += [j["TranscriptionJobName"] for j in page["TranscriptionJobSummaries"]]
        token = page.get("NextToken")
        if not token:
            break
    assert sorted(names) == ["broken-0", "broken-1", "broken-2"]
    assert transcribe.check_failed_jobs(tr, names)
    assert not transcribe.check_failed_jobs(tr, names[:1])


def test_textract_solutions(aws):
    from awsml_study.widgets.document_viewer import expense_fields
    client = aws("textract")
    resp = client.analyze_document(Document={"Bytes": data.path("textract/invoice_01.png").read_bytes()},
                                   FeatureTypes=["FORMS"])
    blocks = {b["Id"]: b for b in resp["Blocks"]}

    def words_of(block):
        return " ".join(blocks[i]["Text"] for r in block.get("Relationships", []) if r["Type"] == "CHILD"
                        for i in r["Ids"] if blocks[i]["BlockType"] == "WORD")

    answer = None
    for b in resp["Blocks"]:
        if "KEY" in b.get("EntityTypes", []) and words_of(b).rstrip(":") == "Due Date":
            value_id = next(r["Ids"][0] for r in b["Relationships"] if r["Type"] == "VALUE")
            answer = words_of(blocks[value_id])
    assert answer
    assert textract.check_value_of(resp["Blocks"], "Due Date", answer)
    assert not textract.check_value_of(resp["Blocks"], "Due Date", "yesterday")
    expense = client.analyze_expense(Document={"Bytes": data.path("textract/invoice_03.png").read_bytes()})
    total = sum(float(f["ValueDetection"]["Text"].replace(",", ""))
                for g in expense["ExpenseDocuments"][0]["LineItemGroups"] for item in g["LineItems"]
                for f in item["LineItemExpenseFields"] if f["Type"]["Text"] == "PRICE")
    assert expense_fields(expense)[1]
    assert textract.check_items_add_up(expense, total)
    assert not textract.check_items_add_up(expense, total + 1)
    assert textract.check_routes(dict(textract.ROUTES))
    assert not textract.check_routes({**textract.ROUTES, "one-page PNG of 14 MB": "sync"})
