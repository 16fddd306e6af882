"""Price estimates from the call log: quantities read from real simulated calls, rates from the table."""
import io
import math
import wave
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

import awsml_study
from awsml_study import calls, costs, meter

DATA = Path(__file__).resolve().parents[1] / "data"


def _made(action):
    """Run `action()` in a fresh simulation; return the calls it made."""
    with awsml_study.simulate():
        start = calls.mark()
        action()
        return calls.since(start)


def _wav(seconds: float, rate: int = 8000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(rate)
        audio.writeframes(b"\x00\x00" * int(seconds * rate))
    return out.getvalue()


def test_table_is_dated_sourced_and_in_us_east_1():
    assert costs.TABLE_REGION == "us-east-1" and costs.TABLE_DATE[:4] == "2026"
    for key, rate in costs.RATES.items():
        assert rate["usd"] >= 0 and rate["per"] > 0 and rate["unit"], key
        assert rate["source"].startswith("https://aws.amazon.com/"), key
        assert rate["approximate"] is ("checked" not in rate), key  # unchecked rows say so
    assert costs.RATES["polly.neural"]["usd"] == 16.00 and not costs.RATES["polly.neural"]["approximate"]


def test_comprehend_units_of_100_characters_with_a_3_unit_minimum():
    short, long = "Great phone. " * 2, "The battery lasts for days. " * 20  # 26 and 560 characters
    made = _made(lambda: (
        awsml_study.client("comprehend").detect_sentiment(Text=short, LanguageCode="en"),
        awsml_study.client("comprehend").detect_entities(Text=long, LanguageCode="en"),
        awsml_study.client("comprehend").batch_detect_sentiment(TextList=[short, long],
                                                                LanguageCode="en")))
    one, two, batch = (costs.estimate(c, made) for c in made)
    assert one.quantity == 3 and one.usd == pytest.approx(0.0003)
    assert two.quantity == math.ceil(len(long) / 100) == 6
    assert batch.quantity == 3 + 6 and "2 documents" in batch.basis
    assert "us-east-1" in one.basis and costs.TABLE_DATE in one.basis


def test_polly_bills_characters_by_engine_without_ssml_tags():
    ssml = "<speak>Hello <break time='1s'/>world</speak>"
    made = _made(lambda: (
        awsml_study.client("polly").synthesize_speech(Text="Hello world", VoiceId="Joanna",
                                                      OutputFormat="mp3"),
        awsml_study.client("polly").synthesize_speech(Text=ssml, TextType="ssml", VoiceId="Joanna",
                                                      OutputFormat="mp3", Engine="neural")))
    standard, neural = (costs.estimate(c, made) for c in made)
    assert standard.quantity == 11 and standard.usd == pytest.approx(11 * 4.00 / 1e6)
    assert neural.quantity == len("Hello world") and neural.usd == pytest.approx(11 * 16.00 / 1e6)
    assert "Polly neural" in neural.basis


def test_textract_pages_come_from_the_response_and_features_add_up():
    image = (DATA / "textract" / "form_01.png").read_bytes()
    made = _made(lambda: (
        awsml_study.client("textract").detect_document_text(Document={"Bytes": image}),
        awsml_study.client("textract").analyze_document(Document={"Bytes": image},
                                                        FeatureTypes=["TABLES", "FORMS"])))
    text, analysis = (costs.estimate(c, made) for c in made)
    assert text.quantity == 1 and not text.at_least and text.usd == pytest.approx(0.0015)
    assert analysis.usd == pytest.approx((15 + 50) / 1000) and "FORMS+TABLES" in analysis.basis


def test_transcribe_reads_the_length_of_a_wav_this_process_uploaded():
    def lab():
        s3 = awsml_study.client("s3")
        s3.create_bucket(Bucket="costs-audio")
        s3.put_object(Bucket="costs-audio", Key="long.wav", Body=_wav(40.2))
        s3.put_object(Bucket="costs-audio", Key="short.wav", Body=_wav(3))
        tr = awsml_study.client("transcribe")
        for name in ("long", "short"):
            tr.start_transcription_job(TranscriptionJobName=f"costs-{name}", LanguageCode="en-US",
                                       Media={"MediaFileUri": f"s3://costs-audio/{name}.wav"})
        s3.upload_fileobj(io.BytesIO(_wav(30)), "costs-audio", "streamed.wav")  # bytes not kept
        tr.start_transcription_job(TranscriptionJobName="costs-streamed", LanguageCode="en-US",
                                   Media={"MediaFileUri": "s3://costs-audio/streamed.wav"})
    made = _made(lab)
    jobs = [c for c in made if c.operation == "StartTranscriptionJob"]
    long, short = (costs.estimate(c, made) for c in jobs[:2])
    assert long.quantity == 41 and long.usd == pytest.approx(41 * 0.024 / 60) and not long.at_least
    assert short.quantity == 15  # the 15-second minimum
    unknown = costs.estimate(jobs[2], made)  # length unknown before the job: a floor, said so
    assert unknown.at_least and unknown.quantity == 15 and "at least 15" in unknown.basis


def test_hourly_resources_are_priced_per_hour_from_the_request():
    from tests.services.sagemaker import samples as s

    def make(name):
        return awsml_study.client(name)

    def lab():
        model = s.model(make)
        sm = make("sagemaker")
        sm.create_endpoint_config(EndpointConfigName="costs-config", ProductionVariants=[
            {"VariantName": "AllTraffic", "ModelName": model, "InstanceType": "ml.m5.large",
             "InitialInstanceCount": 2}])
        sm.create_endpoint(EndpointName="costs-ep", EndpointConfigName="costs-config")
        make("kendra").create_index(Name="costs", Edition="DEVELOPER_EDITION",
                                    RoleArn="arn:aws:iam::123456789012:role/k")
    made = _made(lab)
    endpoint = costs.estimate(next(c for c in made if c.operation == "CreateEndpoint"), made)
    index = costs.estimate(next(c for c in made if c.operation == "CreateIndex"), made)
    assert endpoint.usd == pytest.approx(2 * 0.115) and "2 x ml.m5.large" in endpoint.basis
    assert index.usd == pytest.approx(1.125) and "until DeleteIndex" in index.basis
    config = next(c for c in made if c.operation == "CreateEndpointConfig")
    assert costs.estimate(config, made) is None  # a configuration costs nothing by itself


def test_summary_counts_only_billed_successful_calls():
    def lab():
        comprehend = awsml_study.client("comprehend")
        for _ in range(3):
            comprehend.detect_sentiment(Text="I love this phone.", LanguageCode="en")
        with pytest.raises(ClientError):
            comprehend.detect_sentiment(Text="x" * 6000, LanguageCode="en")  # refused: not billed
        comprehend.list_endpoints()
    made = _made(lab)
    rows = costs.summarize(made)
    assert [(r["service"], r["operation"], r["calls"], r["quantity"]) for r in rows] == [
        ("comprehend", "DetectSentiment", 3, 9.0)]
    assert costs.total(made) == pytest.approx(9 * 0.0001) == pytest.approx(rows[0]["usd"])


def test_meter_prints_before_billable_calls_only_when_started(capsys):
    with awsml_study.simulate():
        awsml_study.client("comprehend").detect_sentiment(Text="Fine.", LanguageCode="en")
        assert capsys.readouterr().err == ""  # local mode: silent
        meter.start()
        try:
            before = meter.total()
            comprehend = awsml_study.client("comprehend")
            comprehend.detect_sentiment(Text="Fine.", LanguageCode="en")
            comprehend.detect_sentiment(Text="Fine.", LanguageCode="en")
            awsml_study.client("s3").list_buckets()
        finally:
            meter.stop()
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("≈ $0.0003 (DetectSentiment: 3 units")
                                   for line in lines)
    assert lines[1].endswith(f"total so far ≈ ${before + 0.0006:.4f}")
    assert meter.total() == pytest.approx(before + 0.0006)


def test_an_async_textract_job_is_priced_from_the_pages_its_results_report():
    import time

    def lab():
        s3 = awsml_study.client("s3")
        s3.create_bucket(Bucket="costs-docs")
        s3.put_object(Bucket="costs-docs", Key="three.pdf",
                      Body=(DATA / "textract" / "multipage.pdf").read_bytes())
        textract = awsml_study.client("textract")
        job = textract.start_document_text_detection(
            DocumentLocation={"S3Object": {"Bucket": "costs-docs", "Name": "three.pdf"}})["JobId"]
        deadline = time.time() + 180
        while textract.get_document_text_detection(JobId=job)["JobStatus"] == "IN_PROGRESS" \
                and time.time() < deadline:
            time.sleep(0.2)
    made = _made(lab)
    start = next(c for c in made if c.operation == "StartDocumentTextDetection")
    before = costs.estimate(start, [c for c in made if c is start])  # nothing read back yet
    after = costs.estimate(start, made)
    assert before.at_least and before.quantity == 1
    assert not after.at_least and after.quantity == 3 and after.usd == pytest.approx(3 * 0.0015)
