"""Comprehend answers computed from the input: sync, batch, async jobs and custom classifiers."""
import csv
import io
import json
import tarfile

import pytest
from botocore.exceptions import ClientError

from awsml_study import data

ROLE = "arn:aws:iam::123456789012:role/ComprehendDataAccess"


@pytest.fixture
def comprehend(aws):
    return aws("comprehend")


def test_sentiment_follows_the_text_and_scores_are_probabilities(comprehend):
    labels = {}
    for text in ["I absolutely love this camera, it is superb.", "This is the worst hotel I have ever stayed in.",
                 "The package contains two cables and a manual.", "The food was delicious, but the service was terribly slow."]:
        r = comprehend.detect_sentiment(Text=text, LanguageCode="en")
        scores = r["SentimentScore"]
        assert abs(sum(scores.values()) - 1) < 1e-3
        assert max(scores, key=scores.get).upper() == r["Sentiment"]
        labels[text] = r["Sentiment"]
    assert list(labels.values()) == ["POSITIVE", "NEGATIVE", "NEUTRAL", "MIXED"]


def test_dominant_language_on_samples_in_at_least_twelve_languages(comprehend):
    rows = data.read_csv("comprehend/language_samples.csv")
    right = {}
    for row in rows:
        top = comprehend.detect_dominant_language(Text=row["text"])["Languages"][0]
        right.setdefault(row["language_code"], []).append(top["LanguageCode"] == row["language_code"])
        assert 0 < top["Score"] <= 1
    assert sum(all(v) for v in right.values()) >= 12


def test_entities_have_types_and_offsets_into_the_text(comprehend):
    text = "Maria Garcia flew from Madrid to Seattle on June 3, 2025 to meet Amazon about 300 Kindle devices."
    entities = comprehend.detect_entities(Text=text, LanguageCode="en")["Entities"]
    found = {(e["Type"], e["Text"]) for e in entities}
    assert ("PERSON", "Maria Garcia") in found
    assert ("LOCATION", "Madrid") in found and ("LOCATION", "Seattle") in found
    assert ("ORGANIZATION", "Amazon") in found
    assert any(t == "DATE" and "June 3" in s for t, s in found)
    for e in entities:
        assert text[e["BeginOffset"]:e["EndOffset"]] == e["Text"]


def test_pii_with_luhn_check_and_offsets(comprehend):
    text = ("Card 4111 1111 1111 1111 but order 4111 1111 1111 1112. SSN 123-45-6789, "
            "mail ann@example.org, site https://example.com/a, IP 192.0.2.7, phone (555) 010-2233.")
    entities = comprehend.detect_pii_entities(Text=text, LanguageCode="en")["Entities"]
    got = {(e["Type"], text[e["BeginOffset"]:e["EndOffset"]]) for e in entities}
    assert ("CREDIT_DEBIT_NUMBER", "4111 1111 1111 1111") in got
    assert not any("1112" in s for _, s in got)          # fails the Luhn check: not a card
    for kind in ("SSN", "EMAIL", "URL", "IP_ADDRESS", "PHONE"):
        assert any(t == kind for t, _ in got), kind
    labels = comprehend.contains_pii_entities(Text=text, LanguageCode="en")["Labels"]
    assert {l["Name"] for l in labels} >= {"SSN", "EMAIL", "CREDIT_DEBIT_NUMBER"}
    clean = comprehend.contains_pii_entities(Text="The weather is nice.", LanguageCode="en")["Labels"]
    assert clean == []


def test_pii_recall_on_the_kits_annotated_samples(comprehend):
    lines = data.path("comprehend/pii_samples.txt").read_text(encoding="utf-8").splitlines()
    truth = json.loads(data.path("comprehend/pii_samples.json").read_text(encoding="utf-8"))
    hit = total = 0
    for item in truth:
        text = lines[item["line"] - 1]
        got = {(e["Type"], text[e["BeginOffset"]:e["EndOffset"]])
               for e in comprehend.detect_pii_entities(Text=text, LanguageCode="en")["Entities"]}
        for want in item["entities"]:
            total += 1
            hit += (want["Type"], want["Text"]) in got
    assert hit / total >= 0.85


def test_syntax_uses_universal_tags(comprehend):
    tokens = comprehend.detect_syntax(Text="The quick fox jumps over the lazy dog.", LanguageCode="en")["SyntaxTokens"]
    tags = [t["PartOfSpeech"]["Tag"] for t in tokens]
    assert tags[:4] == ["DET", "ADJ", "NOUN", "VERB"] and tags[-1] == "PUNCT"
    assert [t["TokenId"] for t in tokens] == list(range(1, len(tokens) + 1))


def test_key_phrases_are_noun_phrases(comprehend):
    phrases = [p["Text"] for p in comprehend.detect_key_phrases(
        Text="The new battery lasts two full days on a single charge.", LanguageCode="en")["KeyPhrases"]]
    assert "The new battery" in phrases and "a single charge" in phrases


def test_targeted_sentiment_differs_per_entity(comprehend):
    r = comprehend.detect_targeted_sentiment(Text="The camera is superb. The battery is terrible.", LanguageCode="en")
    by_text = {m["Text"]: m["MentionSentiment"]["Sentiment"] for e in r["Entities"] for m in e["Mentions"]}
    assert by_text["The camera"] == "POSITIVE" and by_text["The battery"] == "NEGATIVE"


def test_batch_results_keyed_by_index_with_error_list(comprehend):
    texts = ["Brilliant!", "x" * 5001, "Dreadful service."]
    r = comprehend.batch_detect_sentiment(TextList=texts, LanguageCode="en")
    assert [i["Index"] for i in r["ResultList"]] == [0, 2]
    assert [(e["Index"], e["ErrorCode"]) for e in r["ErrorList"]] == [(1, "TEXT_SIZE_LIMIT_EXCEEDED")]
    assert r["ResultList"][0]["Sentiment"] == "POSITIVE" and r["ResultList"][1]["Sentiment"] == "NEGATIVE"


def _tar(s3, uri):
    bucket, key = uri[5:].split("/", 1)
    raw = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
        return {m.name: tar.extractfile(m).read().decode() for m in tar.getmembers()}


def test_async_sentiment_job_one_doc_per_file_writes_documented_output(aws, comprehend):
    s3 = aws("s3")
    s3.create_bucket(Bucket="jobs")
    s3.put_object(Bucket="jobs", Key="in/a.txt", Body=b"I adore this blender.")
    s3.put_object(Bucket="jobs", Key="in/b.txt", Body=b"The blender broke and support ignored me. Awful.")
    job = comprehend.start_sentiment_detection_job(
        JobName="j", LanguageCode="en", DataAccessRoleArn=ROLE,
        InputDataConfig={"S3Uri": "s3://jobs/in/"}, OutputDataConfig={"S3Uri": "s3://jobs/out"})
    assert job["JobStatus"] == "SUBMITTED"
    props = comprehend.describe_sentiment_detection_job(JobId=job["JobId"])["SentimentDetectionJobProperties"]
    assert props["JobStatus"] == "COMPLETED"
    uri = props["OutputDataConfig"]["S3Uri"]
    assert uri == f"s3://jobs/out/123456789012-SENTIMENT-{job['JobId']}/output/output.tar.gz"
    lines = [json.loads(l) for l in _tar(s3, uri)["output"].splitlines()]
    assert {(l["File"], l["Sentiment"]) for l in lines} == {("a.txt", "POSITIVE"), ("b.txt", "NEGATIVE")}
    assert all("Line" not in l for l in lines)
    listed = comprehend.list_sentiment_detection_jobs(Filter={"JobStatus": "COMPLETED"})
    assert [p["JobId"] for p in listed["SentimentDetectionJobPropertiesList"]] == [job["JobId"]]


def test_async_job_on_missing_input_fails_like_aws_and_keeps_state(aws, comprehend):
    aws("s3").create_bucket(Bucket="out-only")
    job = comprehend.start_entities_detection_job(
        LanguageCode="en", DataAccessRoleArn=ROLE, InputDataConfig={"S3Uri": "s3://no-such-bucket/in/"},
        OutputDataConfig={"S3Uri": "s3://out-only/x/"})
    props = comprehend.describe_entities_detection_job(JobId=job["JobId"])["EntitiesDetectionJobProperties"]
    assert props["JobStatus"] == "FAILED" and "no-such-bucket" in props["Message"]
    with pytest.raises(ClientError) as err:
        comprehend.start_entities_detection_job(
            LanguageCode="en", DataAccessRoleArn="arn:aws:iam::not-an-account:role", InputDataConfig={"S3Uri": "s3://a-b/c"},
            OutputDataConfig={"S3Uri": "s3://a-b/d"})
    assert err.value.response["Error"]["Code"] == "ValidationException"
    assert len(comprehend.list_entities_detection_jobs()["EntitiesDetectionJobPropertiesList"]) == 1


def test_stop_before_it_runs_means_no_output(aws, comprehend):
    s3 = aws("s3")
    s3.create_bucket(Bucket="stops")
    s3.put_object(Bucket="stops", Key="in/a.txt", Body=b"hello there")
    job = comprehend.start_key_phrases_detection_job(
        LanguageCode="en", DataAccessRoleArn=ROLE, InputDataConfig={"S3Uri": "s3://stops/in/"},
        OutputDataConfig={"S3Uri": "s3://stops/out/"})
    assert comprehend.stop_key_phrases_detection_job(JobId=job["JobId"])["JobStatus"] == "STOP_REQUESTED"
    props = comprehend.describe_key_phrases_detection_job(JobId=job["JobId"])["KeyPhrasesDetectionJobProperties"]
    assert props["JobStatus"] == "STOPPED"
    assert "Contents" not in s3.list_objects_v2(Bucket="stops", Prefix="out/")
    with pytest.raises(ClientError) as err:
        comprehend.stop_key_phrases_detection_job(JobId=job["JobId"])
    assert err.value.response["Error"]["Code"] == "InvalidRequestException"


def test_topics_job_recovers_the_corpus_themes(aws, comprehend):
    s3 = aws("s3")
    s3.create_bucket(Bucket="topics")
    s3.put_object(Bucket="topics", Key="in/docs.txt", Body=data.path("comprehend/topics_corpus.txt").read_bytes())
    job = comprehend.start_topics_detection_job(
        NumberOfTopics=4, DataAccessRoleArn=ROLE,
        InputDataConfig={"S3Uri": "s3://topics/in/", "InputFormat": "ONE_DOC_PER_LINE"},
        OutputDataConfig={"S3Uri": "s3://topics/out/"})
    props = comprehend.describe_topics_detection_job(JobId=job["JobId"])["TopicsDetectionJobProperties"]
    files = _tar(s3, props["OutputDataConfig"]["S3Uri"])
    assert set(files) == {"topic-terms.csv", "doc-topics.csv"}
    doc_topics = list(csv.DictReader(io.StringIO(files["doc-topics.csv"])))
    best = {}
    for row in doc_topics:
        if float(row["proportion"]) > best.get(row["docname"], ("", 0))[1]:
            best[row["docname"]] = (row["topic"], float(row["proportion"]))
    themes = {int(r["line"]) - 1: r["theme"] for r in data.read_csv("comprehend/topics_labels.csv")}
    pairs = {}
    for docname, (topic, _) in best.items():
        pairs.setdefault(topic, []).append(themes[int(docname.split(":")[1])])
    purity = sum(max(v.count(t) for t in set(v)) for v in pairs.values()) / len(best)
    assert purity >= 0.8


def test_custom_classifier_trains_serves_and_classifies(aws, comprehend):
    s3 = aws("s3")
    s3.create_bucket(Bucket="train")
    s3.put_object(Bucket="train", Key="tickets.csv", Body=data.path("comprehend/support_tickets.csv").read_bytes())
    arn = comprehend.create_document_classifier(
        DocumentClassifierName="tickets", LanguageCode="en", DataAccessRoleArn=ROLE,
        InputDataConfig={"S3Uri": "s3://train/tickets.csv"})["DocumentClassifierArn"]
    props = comprehend.describe_document_classifier(DocumentClassifierArn=arn)["DocumentClassifierProperties"]
    assert props["Status"] == "TRAINED"
    meta = props["ClassifierMetadata"]
    assert meta["NumberOfLabels"] == 4 and meta["EvaluationMetrics"]["Accuracy"] >= 0.7
    endpoint = comprehend.create_endpoint(EndpointName="t", ModelArn=arn, DesiredInferenceUnits=1)["EndpointArn"]
    top = comprehend.classify_document(EndpointArn=endpoint, Text="My refund never reached my credit card.")["Classes"][0]
    assert top["Name"] == "BILLING"
    top = comprehend.classify_document(EndpointArn=endpoint, Text="The courier says the parcel is lost.")["Classes"][0]
    assert top["Name"] == "SHIPPING"


def test_classifier_with_too_few_examples_ends_in_error(aws, comprehend):
    s3 = aws("s3")
    s3.create_bucket(Bucket="tiny")
    s3.put_object(Bucket="tiny", Key="t.csv", Body=b"A,one\nB,two\nA,three\n")
    arn = comprehend.create_document_classifier(
        DocumentClassifierName="tiny", LanguageCode="en", DataAccessRoleArn=ROLE,
        InputDataConfig={"S3Uri": "s3://tiny/t.csv"})["DocumentClassifierArn"]
    props = comprehend.describe_document_classifier(DocumentClassifierArn=arn)["DocumentClassifierProperties"]
    assert props["Status"] == "IN_ERROR" and "at least 10" in props["Message"]
