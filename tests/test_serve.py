"""`awsml-study serve`: one endpoint, reached from other processes by boto3, the AWS CLI and node."""
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
AWS_CLI = Path(sys.executable).with_name("aws")


def server_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def start_server() -> tuple[subprocess.Popen, int]:
    """`serve --port 0`: the system picks a free port and the server prints it once listening,
    so parallel test runs never race for one (a port probed free can be taken before the bind)."""
    proc = subprocess.Popen([sys.executable, "-m", "awsml_study", "serve", "--port", "0"],
                            cwd=ROOT, env=server_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    first = []

    def read_until_listening():
        for line in proc.stdout:  # warnings may come first (stderr is merged in)
            first.append(line)
            if "listening on" in line:
                return
    reader = threading.Thread(target=read_until_listening, daemon=True)
    reader.start()
    reader.join(60)
    found = re.search(r"listening on http://127\.0\.0\.1:(\d+)", first[-1] if first else "")
    if not found:
        proc.kill()
        raise RuntimeError("awsml-study serve did not start in 60 s:\n" + "".join(first))
    port = int(found.group(1))
    # Keep draining its output: a full pipe would block the server.
    threading.Thread(target=proc.stdout.read, daemon=True).start()
    return proc, port


@pytest.fixture(scope="module")
def endpoint():
    proc, port = start_server()
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(10)


def client(endpoint, service, key="111111111111", **config):
    return boto3.session.Session().client(
        service, endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key,
        aws_secret_access_key="secret",
        config=Config(retries={"max_attempts": 1}, read_timeout=30, connect_timeout=2, **config))


def test_s3_object_feeds_rekognition(endpoint):
    s3 = client(endpoint, "s3")
    s3.create_bucket(Bucket="photos-serve")
    s3.put_object(Bucket="photos-serve", Key="images/cat.png", Body=(DATA / "rekognition/cat.png").read_bytes())
    s3.put_object(Bucket="photos-serve", Key="images/group.png",
                  Body=(DATA / "rekognition/group.png").read_bytes())
    rek = client(endpoint, "rekognition")

    labels = rek.detect_labels(Image={"S3Object": {"Bucket": "photos-serve", "Name": "images/cat.png"}})
    faces = rek.detect_faces(Image={"S3Object": {"Bucket": "photos-serve", "Name": "images/group.png"}})

    assert labels["Labels"] and all(0 <= lab["Confidence"] <= 100 for lab in labels["Labels"])
    assert labels["ResponseMetadata"]["HTTPHeaders"]["x-awsml-study-engine"].startswith("rekognition")
    assert len(faces["FaceDetails"]) >= 2  # the group picture shows several people


def test_comprehend_and_its_modelled_error(endpoint):
    comprehend = client(endpoint, "comprehend")
    unchecked = client(endpoint, "comprehend", parameter_validation=False)

    happy = comprehend.detect_sentiment(Text="I love this wonderful, excellent course.", LanguageCode="en")
    sad = comprehend.detect_sentiment(Text="This is terrible, awful and broken.", LanguageCode="en")
    with pytest.raises(ClientError) as refused:
        unchecked.detect_sentiment(Text="", LanguageCode="en")

    assert (happy["Sentiment"], sad["Sentiment"]) == ("POSITIVE", "NEGATIVE")
    assert refused.value.response["Error"]["Code"] in {
        s.name for s in comprehend.meta.service_model.error_shapes}
    assert "Traceback" not in refused.value.response["Error"]["Message"]


def test_polly_audio_is_the_http_body(endpoint):
    polly = client(endpoint, "polly")

    speech = polly.synthesize_speech(Text="Hello from the local endpoint.", OutputFormat="pcm",
                                     VoiceId="Joanna", SampleRate="16000")
    audio = speech["AudioStream"].read()

    assert speech["ContentType"] == "audio/pcm"
    assert len(audio) > 16000  # over half a second of 16-bit samples
    assert int(speech["RequestCharacters"]) == len("Hello from the local endpoint.")


def test_textract_reads_a_form_from_s3(endpoint):
    s3 = client(endpoint, "s3")
    s3.create_bucket(Bucket="forms-serve")
    s3.put_object(Bucket="forms-serve", Key="form.png", Body=(DATA / "textract/form_01.png").read_bytes())
    expected = json.loads((DATA / "textract/form_01.json").read_text())

    found = client(endpoint, "textract").detect_document_text(
        Document={"S3Object": {"Bucket": "forms-serve", "Name": "form.png"}})

    words = {b["Text"].lower() for b in found["Blocks"] if b["BlockType"] == "WORD"}
    wanted = {w.lower().strip(":") for w in json.dumps(expected).replace('"', " ").split() if w.isalpha()}
    assert found["DocumentMetadata"]["Pages"] == 1
    assert len(words & wanted) >= 3


def test_a_cbor_client_is_answered_in_cbor(endpoint, tmp_path, monkeypatch):
    """SDKs that speak smithy-rpc-v2-cbor (the model's first protocol) get CBOR back: botocore
    itself, made to prefer CBOR by a copy of the model that offers only that protocol."""
    import botocore.session
    loader = botocore.session.get_session().get_component("data_loader")
    version = loader.determine_latest_version("comprehend", "service-2")
    model = loader.load_service_model("comprehend", "service-2")
    model["metadata"]["protocols"] = ["smithy-rpc-v2-cbor"]
    target = tmp_path / "comprehend" / version
    target.mkdir(parents=True)
    (target / "service-2.json").write_text(json.dumps(model))
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    comprehend = client(endpoint, "comprehend", parameter_validation=False)

    answer = comprehend.detect_sentiment(Text="What a wonderful, happy day!", LanguageCode="en")
    with pytest.raises(ClientError) as refused:
        comprehend.detect_sentiment(Text="", LanguageCode="en")

    assert comprehend.meta.service_model.protocol == "smithy-rpc-v2-cbor"
    assert answer["ResponseMetadata"]["HTTPHeaders"]["content-type"] == "application/cbor"
    assert answer["Sentiment"] == "POSITIVE" and answer["SentimentScore"]["Positive"] > 0.5
    assert refused.value.response["Error"]["Code"] in {
        s.name for s in comprehend.meta.service_model.error_shapes}


def test_access_keys_are_accounts(endpoint):
    alice, bob = client(endpoint, "s3", key="alice-key"), client(endpoint, "s3", key="222222222222")
    alice.create_bucket(Bucket="alice-only-bucket")
    polly_a, polly_b = client(endpoint, "polly", key="alice-key"), client(endpoint, "polly", key="222222222222")
    lexicon = ('<?xml version="1.0" encoding="UTF-8"?><lexicon version="1.0" '
               'xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" '
               'xml:lang="en-US"><lexeme><grapheme>W3C</grapheme><alias>World Wide Web Consortium'
               '</alias></lexeme></lexicon>')
    polly_a.put_lexicon(Name="alicewords", Content=lexicon)

    alice_sees = [b["Name"] for b in alice.list_buckets()["Buckets"]]
    bob_sees = [b["Name"] for b in bob.list_buckets()["Buckets"]]

    assert "alice-only-bucket" in alice_sees and "alice-only-bucket" not in bob_sees
    assert [x["Name"] for x in polly_a.list_lexicons()["Lexicons"]] == ["alicewords"]
    assert polly_b.list_lexicons()["Lexicons"] == []


def test_aws_cli_v1_example_end_to_end(endpoint, tmp_path):
    photo = tmp_path / "photo.jpg"  # the seed's example; the bytes are a PNG, as Rekognition sniffs them
    shutil.copy(DATA / "rekognition/cat.png", photo)
    env = {**server_env(), "AWS_ACCESS_KEY_ID": "333333333333", "AWS_SECRET_ACCESS_KEY": "x",
           "AWS_DEFAULT_REGION": "us-east-1"}

    def aws(*args):
        return subprocess.run([str(AWS_CLI), "--endpoint-url", endpoint, *args], env=env,
                              capture_output=True, text=True, timeout=60)

    made = aws("s3", "mb", "s3://my-bucket")
    copied = aws("s3", "cp", str(photo), "s3://my-bucket/images/photo.jpg")
    labels = aws("rekognition", "detect-labels", "--image",
                 '{"S3Object":{"Bucket":"my-bucket","Name":"images/photo.jpg"}}')
    missing = aws("rekognition", "detect-labels", "--image",
                  '{"S3Object":{"Bucket":"my-bucket","Name":"images/none.png"}}')

    assert made.returncode == 0 and copied.returncode == 0, made.stderr + copied.stderr
    assert labels.returncode == 0, labels.stderr
    assert json.loads(labels.stdout)["Labels"]
    assert missing.returncode != 0 and "InvalidS3ObjectException" in missing.stderr


def test_awsml_study_aws_uses_the_running_server(endpoint):
    env = {**server_env(), "AWS_ENDPOINT_URL": endpoint}

    def kit_aws(*args):
        return subprocess.run([sys.executable, "-m", "awsml_study", "aws", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60)

    kit_aws("s3", "mb", "s3://kept-between-commands")
    listed = kit_aws("s3", "ls")

    assert listed.returncode == 0, listed.stderr
    assert "kept-between-commands" in listed.stdout
    assert "served by the endpoint" in listed.stderr


RUN_SCRIPT = """
import sys, boto3
s3 = boto3.client("s3")
if sys.argv[1] == "make":
    s3.create_bucket(Bucket="made-by-run")
print(sorted(b["Name"] for b in s3.list_buckets()["Buckets"]))
"""


def test_awsml_study_run_uses_the_running_server(endpoint, tmp_path):
    script = tmp_path / "buckets.py"
    script.write_text(RUN_SCRIPT)
    env = {**server_env(), "AWS_ENDPOINT_URL": endpoint}

    def kit_run(*args):
        return subprocess.run([sys.executable, "-m", "awsml_study", "run", str(script), *args], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=60)

    kit_run("make")
    listed = kit_run("list")

    assert listed.returncode == 0, listed.stderr
    assert "made-by-run" in listed.stdout  # made by the previous run, kept by the server
    assert "served by the endpoint" in listed.stderr


NODE_CACHE = Path.home() / ".cache/awsml-study/node-sdk"
NODE_SCRIPT = r"""
const { S3Client, CreateBucketCommand, ListBucketsCommand } = require("@aws-sdk/client-s3");
const { ComprehendClient, DetectSentimentCommand } = require("@aws-sdk/client-comprehend");
const config = { endpoint: process.argv[2], region: "us-east-1", forcePathStyle: true,
  credentials: { accessKeyId: "444444444444", secretAccessKey: "x" } };
(async () => {
  const s3 = new S3Client(config);
  await s3.send(new CreateBucketCommand({ Bucket: "node-bucket" }));
  const buckets = (await s3.send(new ListBucketsCommand({}))).Buckets.map(b => b.Name);
  const c = new ComprehendClient(config);
  const s = await c.send(new DetectSentimentCommand({ Text: "I love it, it is great", LanguageCode: "en" }));
  let code = null;
  try { await c.send(new DetectSentimentCommand({ Text: "x", LanguageCode: "xx" })); }
  catch (e) { code = e.name; }
  console.log(JSON.stringify({ buckets, sentiment: s.Sentiment, code }));
})().catch(e => { console.error(e); process.exit(1); });
"""


def node_sdk() -> Path:
    """The JavaScript v3 SDK from npm, cached outside the repo; skip if node or npm is missing."""
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("node and npm are not installed")
    if not (NODE_CACHE / "node_modules/@aws-sdk/client-comprehend").is_dir():
        # Installed beside the cache and renamed into place, so two runs at once (parallel
        # workers, two checkouts) never see each other's half-installed tree.
        partial = NODE_CACHE.with_name(f"{NODE_CACHE.name}.{os.getpid()}.tmp")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        try:
            done = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(partial),
                                   "@aws-sdk/client-s3@3", "@aws-sdk/client-comprehend@3"],
                                  capture_output=True, text=True, timeout=240)
        except subprocess.TimeoutExpired:
            shutil.rmtree(partial, ignore_errors=True)
            pytest.skip("npm registry unreachable (npm install timed out)")
        if done.returncode != 0:
            shutil.rmtree(partial, ignore_errors=True)
            pytest.skip(f"npm registry unreachable: {done.stderr.strip()[-200:]}")
        if not (NODE_CACHE / "node_modules/@aws-sdk/client-comprehend").is_dir():
            shutil.rmtree(NODE_CACHE, ignore_errors=True)  # an older, incomplete install
        try:
            partial.rename(NODE_CACHE)
        except OSError:  # another run finished first: use its tree
            shutil.rmtree(partial, ignore_errors=True)
    return NODE_CACHE


def test_javascript_sdk_v3(endpoint, tmp_path):
    cache = node_sdk()
    script = tmp_path / "serve_check.js"
    script.write_text(NODE_SCRIPT)

    ran = subprocess.run(["node", str(script), endpoint], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "NODE_PATH": str(cache / "node_modules")})

    assert ran.returncode == 0, ran.stderr[-2000:]
    seen = json.loads(ran.stdout.strip().splitlines()[-1])
    assert "node-bucket" in seen["buckets"] and seen["sentiment"] == "POSITIVE"
    assert seen["code"] in ("UnsupportedLanguageException", "ValidationException")


def test_awsml_study_aws_without_a_server_says_state_ends(tmp_path):
    from awsml_study.server import probe
    if probe.health(f"http://{probe.DEFAULT_HOST}:{probe.DEFAULT_PORT}") is not None:
        pytest.skip("an awsml-study serve runs on the default port on this machine")

    ran = subprocess.run([sys.executable, "-m", "awsml_study", "aws", "s3", "ls"], cwd=ROOT,
                         env=server_env(), capture_output=True, text=True, timeout=60)

    notes = [line for line in ran.stderr.splitlines() if "state ends" in line]
    assert ran.returncode == 0, ran.stderr
    assert len(notes) == 1 and "awsml-study serve" in notes[0]


def learner(endpoint, key):
    """A client factory for one learner, and the account `serve` gives their key."""
    from awsml_study.server.accounts import account_for
    return (lambda service, **config: client(endpoint, service, key=key, **config)), account_for(key)


def test_kit_arns_and_urls_name_each_learners_account(endpoint):
    """Kit-made ARNs carry the caller's account; the same names in two accounts do not collide;
    the URLs the kit hands out point at the server and fetch that learner's own content."""
    import urllib.request
    seen = {}
    for key in ("555555555555", "bob-key"):
        make, account = learner(endpoint, key)
        s3, bucket = make("s3"), f"langs-{account}"
        s3.create_bucket(Bucket=bucket)
        s3.put_object(Bucket=bucket, Key="in/docs.txt", Body=b"Bonjour tout le monde, merci beaucoup.\n")
        collection = make("rekognition").create_collection(CollectionId="class-faces")
        translate = make("translate")
        terminology = translate.import_terminology(
            Name="glossary", MergeStrategy="OVERWRITE",
            TerminologyData={"File": f"en,fr\nhello,bonjour-{account}\n".encode(), "Format": "CSV"})
        stored = translate.get_terminology(Name="glossary", TerminologyDataFormat="CSV")
        job = make("comprehend").start_dominant_language_detection_job(
            InputDataConfig={"S3Uri": f"s3://{bucket}/in/", "InputFormat": "ONE_DOC_PER_LINE"},
            OutputDataConfig={"S3Uri": f"s3://{bucket}/out/"},
            DataAccessRoleArn=f"arn:aws:iam::{account}:role/ComprehendRole")
        with urllib.request.urlopen(stored["TerminologyDataLocation"]["Location"], timeout=10) as got:
            csv = got.read().decode()
        seen[key] = account, job["JobId"]

        assert f":{account}:" in collection["CollectionArn"]
        assert f":{account}:" in terminology["TerminologyProperties"]["Arn"]
        assert f":{account}:" in job["JobArn"]
        assert stored["TerminologyDataLocation"]["Location"].startswith(endpoint + "/")
        assert f"bonjour-{account}" in csv

    (alice, (a_account, a_job)), (bob, (b_account, _)) = seen.items()
    bob_comprehend = learner(endpoint, bob)[0]("comprehend")
    with pytest.raises(ClientError) as hidden:
        bob_comprehend.describe_dominant_language_detection_job(JobId=a_job)
    assert a_account != b_account
    assert hidden.value.response["Error"]["Code"] == "JobNotFoundException"


def test_lex_export_download_and_import_upload_go_through_the_server(endpoint):
    import io
    import urllib.request
    import zipfile

    import requests

    from tests.services.lex import sample_bot as sb
    make, account = learner(endpoint, "lex-learner-key")
    lex = make("lexv2-models")
    ids = sb.hotel(make, build=False)

    export = lex.create_export(fileFormat="LexJson", resourceSpecification={
        "botExportSpecification": {"botId": ids["botId"], "botVersion": "DRAFT"}})
    lex.get_waiter("bot_export_completed").wait(exportId=export["exportId"])
    url = lex.describe_export(exportId=export["exportId"])["downloadUrl"]
    with urllib.request.urlopen(url, timeout=10) as got:
        data = got.read()
    upload = lex.create_upload_url()
    put = requests.put(upload["uploadUrl"], data=data, timeout=10)
    started = lex.start_import(importId=upload["importId"], mergeStrategy="FailOnConflict", resourceSpecification={
        "botImportSpecification": {"botName": "HotelCopy", "roleArn": sb.role(make),
                                   "dataPrivacy": {"childDirected": False}, "idleSessionTTLInSeconds": 300}})
    lex.get_waiter("bot_import_completed").wait(importId=started["importId"])
    copy_id = lex.describe_import(importId=started["importId"])["importedResourceId"]
    intents = lex.list_intents(botId=copy_id, botVersion="DRAFT", localeId="en_US")["intentSummaries"]
    others = learner(endpoint, "another-learner-key")[0]("lexv2-models").list_bots()["botSummaries"]

    assert url.startswith(endpoint + "/") and upload["uploadUrl"].startswith(endpoint + "/")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "HotelBot/BotLocales/en_US/Intents/BookHotel/Slots/RoomType/Slot.json" in names
    assert put.status_code == 200
    assert "BookHotel" in {i["intentName"] for i in intents}
    assert others == []  # another learner's account has no bots


def test_transcript_uri_is_served_and_names_the_account(endpoint):
    import urllib.request

    from awsml_study.engines.speech import audio, tts
    make, account = learner(endpoint, "666666666666")
    speech = tts.synthesize("Please send the invoice to our office before the end of the month.",
                            voice="en-us+m6", rate_wpm=150)  # as tests/services/transcribe does
    s3 = make("s3")
    s3.create_bucket(Bucket="media-666")
    s3.put_object(Bucket="media-666", Key="invoice.wav",
                  Body=audio.encode(speech.samples, speech.sample_rate, "wav"))
    transcribe = make("transcribe")
    transcribe.start_transcription_job(TranscriptionJobName="served", LanguageCode="en-US",
                                       Media={"MediaFileUri": "s3://media-666/invoice.wav"})
    transcribe.get_waiter("transcription_job_completed").wait(
        TranscriptionJobName="served", WaiterConfig={"Delay": 1, "MaxAttempts": 120})
    uri = transcribe.get_transcription_job(TranscriptionJobName="served")[
        "TranscriptionJob"]["Transcript"]["TranscriptFileUri"]
    with urllib.request.urlopen(uri, timeout=10) as got:
        doc = json.loads(got.read())

    assert uri.startswith(f"{endpoint}/aws-transcribe-us-east-1-prod/{account}/served/")
    assert doc["accountId"] == account
    assert "invoice" in doc["results"]["transcripts"][0]["transcript"].lower()


def test_a_lambda_function_calls_aws_as_the_learner_who_invoked_it(endpoint):
    """A function's own boto3 calls are made in the invoking learner's account, not a shared one."""
    import io
    import zipfile
    source = ("import boto3\ndef lambda_handler(e, c):\n"
              "    s3 = boto3.client('s3')\n"
              "    s3.put_object(Bucket=e['bucket'], Key='from-lambda.txt', Body=b'hi')\n"
              "    return sorted(b['Name'] for b in s3.list_buckets()['Buckets'])\n")
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as z:
        z.writestr("lambda_function.py", source)
    seen = {}
    for key in ("818181818181", "dora-key"):
        make, account = learner(endpoint, key)
        bucket = f"own-{account}"
        make("s3").create_bucket(Bucket=bucket)
        role = make("iam").create_role(RoleName="fn", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
        make("lambda").create_function(FunctionName="lister", Runtime="python3.12", Role=role,
                                       Handler="lambda_function.lambda_handler", Timeout=30,
                                       Code={"ZipFile": package.getvalue()})
        out = make("lambda").invoke(FunctionName="lister", Payload=json.dumps({"bucket": bucket}))
        seen[bucket] = json.loads(out["Payload"].read())
        assert make("s3").get_object(Bucket=bucket, Key="from-lambda.txt")["Body"].read() == b"hi"
    first, second = seen
    assert first in seen[first] and second not in seen[first]  # each function lists its own
    assert second in seen[second] and first not in seen[second]  # learner's buckets only
