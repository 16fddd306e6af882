"""Batch translation jobs: every file under the prefix, the real output layout, parallel data, filters, stop."""
import json

import pytest
from botocore.exceptions import ClientError

BUCKET = "translate-batch-test"
ROLE = "arn:aws:iam::123456789012:role/translate"


def start(translate, **extra):
    params = {"InputDataConfig": {"S3Uri": f"s3://{BUCKET}/in/", "ContentType": "text/plain"},
              "OutputDataConfig": {"S3Uri": f"s3://{BUCKET}/out/"}, "DataAccessRoleArn": ROLE,
              "SourceLanguageCode": "en", "TargetLanguageCodes": ["pt"], "ClientToken": "tok", **extra}
    return translate.start_text_translation_job(**params)["JobId"]


@pytest.fixture
def bucket(aws):
    s3 = aws("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="in/welcome.txt", Body=b"Welcome to our shop. Our boots are waterproof.")
    s3.put_object(Bucket=BUCKET, Key="in/sub/hours.txt", Body=b"We open at nine in the morning.")
    s3.put_object(Bucket=BUCKET, Key="pd.csv",
                  Body="en,es\nWelcome to our shop.,Bienvenido a nuestra tienda.\n"
                       "Our boots are waterproof.,Nuestras botas son impermeables.\n".encode())
    return s3


def outputs(s3):
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET, Prefix="out/").get("Contents", []))


def test_output_layout_and_details(aws, bucket):
    translate = aws("translate")
    job_id = start(translate, JobName="nightly")
    props = translate.describe_text_translation_job(JobId=job_id)["TextTranslationJobProperties"]
    assert props["JobStatus"] == "COMPLETED" and props["JobDetails"]["TranslatedDocumentsCount"] == 2
    folder = f"out/123456789012-TranslateText-{job_id}/"
    assert outputs(bucket) == [folder + "details/pt.auxiliary-translation-details.json",
                               folder + "pt.welcome.txt", folder + "sub/pt.hours.txt"]
    text = bucket.get_object(Bucket=BUCKET, Key=folder + "pt.welcome.txt")["Body"].read().decode()
    assert "botas" in text
    details = json.loads(bucket.get_object(Bucket=BUCKET, Key=folder + "details/pt.auxiliary-translation-details.json")["Body"].read())
    assert details["targetLanguageCode"] == "pt" and details["outputDataPrefix"] == f"s3://{BUCKET}/{folder}"
    assert {d["sourceFile"] for d in details["details"]} == {"welcome.txt", "sub/hours.txt"}


def test_parallel_data_serves_a_pair_without_model(aws, bucket):
    translate = aws("translate")
    translate.create_parallel_data(Name="shop", ClientToken="p1",
                                   ParallelDataConfig={"S3Uri": f"s3://{BUCKET}/pd.csv", "Format": "CSV"})
    job_id = start(translate, TargetLanguageCodes=["es"], ParallelDataNames=["shop"])
    props = translate.describe_text_translation_job(JobId=job_id)["TextTranslationJobProperties"]
    # welcome.txt is covered by the parallel data; hours.txt is not, and the kit invents nothing.
    assert props["JobStatus"] == "COMPLETED_WITH_ERROR" and props["JobDetails"]["DocumentsWithErrorsCount"] == 1
    text = bucket.get_object(Bucket=BUCKET, Key=f"out/123456789012-TranslateText-{job_id}/es.welcome.txt")["Body"].read()
    assert text.decode() == "Bienvenido a nuestra tienda. Nuestras botas son impermeables."


def test_missing_input_fails_the_job(aws, bucket):
    translate = aws("translate")
    job_id = start(translate, InputDataConfig={"S3Uri": f"s3://{BUCKET}/nothing/", "ContentType": "text/plain"})
    props = translate.describe_text_translation_job(JobId=job_id)["TextTranslationJobProperties"]
    assert props["JobStatus"] == "FAILED" and "No input documents" in props["Message"]


def test_idempotent_token_and_filters(aws, bucket):
    translate = aws("translate")
    first = start(translate, JobName="a")
    assert start(translate, JobName="a") == first
    second = start(translate, JobName="b", ClientToken="other")
    listed = translate.list_text_translation_jobs(Filter={"JobName": "b"})["TextTranslationJobPropertiesList"]
    assert [j["JobId"] for j in listed] == [second]
    done = translate.list_text_translation_jobs(Filter={"JobStatus": "COMPLETED"}, MaxResults=1)
    assert len(done["TextTranslationJobPropertiesList"]) == 1 and "NextToken" in done


def test_stop_before_it_runs(aws, bucket):
    translate = aws("translate")
    job_id = start(translate)
    assert translate.stop_text_translation_job(JobId=job_id)["JobStatus"] == "STOP_REQUESTED"
    assert translate.describe_text_translation_job(JobId=job_id)["TextTranslationJobProperties"]["JobStatus"] == "STOPPED"


def test_start_errors(aws, bucket):
    translate = aws("translate")
    with pytest.raises(ClientError) as info:
        start(translate, TargetLanguageCodes=["de", "fr", "es", "it", "ja", "ko", "nl", "pl", "sv", "tr", "ru"])
    assert info.value.response["Error"]["Code"] == "InvalidRequestException"
    with pytest.raises(ClientError) as info:
        start(translate, InputDataConfig={"S3Uri": f"s3://{BUCKET}/in/", "ContentType": "application/pdf"})
    assert info.value.response["Error"]["Code"] == "InvalidRequestException"


def _package(parts: dict) -> bytes:
    import io
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, body in parts.items():
            z.writestr(name, body)
    return buffer.getvalue()


@pytest.mark.parametrize("content_type,name,body,part,expect", [
    ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "deck.pptx",
     {"[Content_Types].xml": "<Types/>", "ppt/slides/slide1.xml": "<p:sld><a:t>Good morning.</a:t></p:sld>"},
     "ppt/slides/slide1.xml", "<a:t>Bom dia.</a:t>"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "prices.xlsx",
     {"[Content_Types].xml": "<Types/>", "xl/sharedStrings.xml": "<sst><si><t>Good morning.</t></si></sst>"},
     "xl/sharedStrings.xml", "<t>Bom dia.</t>"),
])
def test_office_packages_translated_in_place(aws, bucket, content_type, name, body, part, expect):
    import io
    import zipfile
    bucket.put_object(Bucket=BUCKET, Key=f"office/{name}", Body=_package(body))
    translate = aws("translate")
    job_id = start(translate, InputDataConfig={"S3Uri": f"s3://{BUCKET}/office/", "ContentType": content_type})
    assert translate.describe_text_translation_job(JobId=job_id)["TextTranslationJobProperties"]["JobStatus"] == "COMPLETED"
    out = bucket.get_object(Bucket=BUCKET, Key=f"out/123456789012-TranslateText-{job_id}/pt.{name}")["Body"].read()
    assert expect in zipfile.ZipFile(io.BytesIO(out)).read(part).decode()


def test_xliff_targets_filled(aws, bucket):
    xliff = ('<xliff version="1.2"><file source-language="en" datatype="plaintext" original="x"><body>'
             '<trans-unit id="1"><source>Good morning.</source></trans-unit></body></file></xliff>')
    bucket.put_object(Bucket=BUCKET, Key="xliff/ui.xlf", Body=xliff.encode())
    translate = aws("translate")
    job_id = start(translate, InputDataConfig={"S3Uri": f"s3://{BUCKET}/xliff/", "ContentType": "application/x-xliff+xml"})
    props = translate.describe_text_translation_job(JobId=job_id)["TextTranslationJobProperties"]
    assert props["JobStatus"] == "COMPLETED", props
    out = bucket.get_object(Bucket=BUCKET, Key=f"out/123456789012-TranslateText-{job_id}/pt.ui.xlf")["Body"].read().decode()
    assert '<target xml:lang="pt">Bom dia.</target>' in out and 'target-language="pt"' in out
