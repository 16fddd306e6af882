"""What a call costs on real AWS: a dated price table and per-call estimates from the call log.

    from awsml_study import calls, costs
    costs.summarize(calls.log())   # rows per operation, in either mode: what the lab would cost
    costs.total(calls.log())

The quantity comes from what the log kept: text length, pages in the response, instance type and
count, engine, audio length of a WAV the notebook put into S3. Resources billed by the hour (Kendra
indexes, endpoints, campaigns) are estimated as their hourly rate: the cost of the first hour, and
they keep costing until deleted (`awsml_study.teardown()`).
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

_TABLE = json.loads((Path(__file__).with_name("costs_table.json")).read_text())
RATES: dict = _TABLE["rates"]
TABLE_DATE: str = _TABLE["date"]
TABLE_REGION: str = _TABLE["region"]
MIN_COMPREHEND_UNITS = 3
MIN_TRANSCRIBE_SECONDS = 15


@dataclass
class Estimate:
    """The estimated price of one call (or of the first hour of what it started)."""
    usd: float
    unit: str
    quantity: float
    basis: str
    at_least: bool = False  # the quantity is a floor: the real one is known only later


def _price(key: str, quantity: float, what: str = "", at_least: bool = False,
           note: str = "") -> Estimate:
    rate = RATES[key]
    usd = rate["usd"] * quantity / rate["per"]
    per = f"per {rate['per']:,}" if rate["per"] != 1 else "per"
    per = f"{per} {rate['unit']}" if rate["per"] == 1 else per
    approx = ", approximate" if rate["approximate"] else ""
    shown = f"{quantity:,.0f}" if float(quantity).is_integer() else f"{quantity:,.2f}"
    basis = (f"{'at least ' if at_least else ''}{shown} {what or rate['unit'] + 's'} x "
             f"${rate['usd']:,.4g} {per} ({rate['label']}, {TABLE_REGION}, {TABLE_DATE}{approx})")
    return Estimate(usd, rate["unit"], float(quantity), basis + (f"; {note}" if note else ""),
                    at_least)


def _free(unit: str, why: str) -> Estimate:
    return Estimate(0.0, unit, 0.0, why)


# --- quantities -------------------------------------------------------------------------------

def _units(text: str) -> int:
    """Comprehend's billing units: 100 characters each, at least 3 per document."""
    return max(MIN_COMPREHEND_UNITS, math.ceil(len(text or "") / 100))


def _text_units(params: dict) -> tuple[int, int]:
    """(units, documents) of a single or batch Comprehend request."""
    texts = params.get("TextList") if "TextList" in params else [params.get("Text", "")]
    return sum(_units(t) for t in texts), len(texts)


def _plain_chars(params: dict) -> int:
    text = params.get("Text", "") or ""
    if params.get("TextType") == "ssml":  # SSML tags are not billed
        text = re.sub(r"<[^>]*>", "", text)
    return len(text)


def _later(log, service: str, operation: str, name: str, value):
    """Responses of later calls about the same job (`name` == `value` in their request)."""
    return [c.response or {} for c in log if value and c.service == service
            and c.operation == operation and c.params.get(name) == value]


def _pages(call, log) -> tuple[int, bool]:
    """Pages from the response (or, for an async job, from a Get* that read its result);
    else 1 page, a floor."""
    responses = [call.response or {}]
    job = (call.response or {}).get("JobId")
    getter = TEXTRACT_RESULTS.get(call.operation)
    if getter:
        responses += _later(log, "textract", getter, "JobId", job)
    for response in responses:
        pages = (response.get("DocumentMetadata") or {}).get("Pages")
        if pages:
            return int(pages), False
    return 1, True


def _wav_seconds(uri: str, log) -> float | None:
    """Length of an audio file this process put into S3 (WAV header), if the log kept its bytes."""
    match = re.match(r"s3://([^/]+)/(.+)", uri or "")
    if not match:
        return None
    bucket, key = match.groups()
    for earlier in reversed(log):
        if earlier.operation == "PutObject" and earlier.params.get("Bucket") == bucket \
                and earlier.params.get("Key") == key:
            body = earlier.params.get("Body")
            # botocore wraps bytes in a BytesIO before the log sees them; streams are not read
            data = body.getvalue() if hasattr(body, "getvalue") else body
            data = data if isinstance(data, (bytes, bytearray)) else None
            if data is None:
                return None
            import io
            import wave
            try:
                with wave.open(io.BytesIO(data)) as audio:
                    return audio.getnframes() / float(audio.getframerate())
            except (wave.Error, EOFError, ZeroDivisionError):
                return None
    return None


def _instances(variants) -> list[tuple[str, int]]:
    return [(v.get("InstanceType", ""), int(v.get("InitialInstanceCount") or 1))
            for v in variants or [] if v.get("InstanceType")]


def _instance_hours(pairs: list[tuple[str, int]], what: str) -> Estimate | None:
    known = [(kind, count) for kind, count in pairs if f"sagemaker.{kind}" in RATES]
    if not pairs:
        return None
    if not known:
        kinds = ", ".join(kind for kind, _ in pairs)
        return _free("instance-hour", f"{kinds}: not in the price table (see "
                     f"https://aws.amazon.com/sagemaker/pricing/); billed per instance-hour")
    usd, parts = 0.0, []
    for kind, count in known:
        each = _price(f"sagemaker.{kind}", count)
        usd += each.usd
        parts.append(f"{count} x {kind} x ${RATES['sagemaker.' + kind]['usd']:g}/h")
    return Estimate(usd, "instance-hour", float(sum(c for _, c in known)),
                    f"{' + '.join(parts)} per hour of {what} (SageMaker, {TABLE_REGION}, "
                    f"{TABLE_DATE}, approximate)")


def _endpoint_config(name: str, log) -> list:
    for earlier in reversed(log):
        if earlier.service == "sagemaker" and earlier.operation == "CreateEndpointConfig" \
                and earlier.params.get("EndpointConfigName") == name:
            return earlier.params.get("ProductionVariants", [])
    return []


# --- the operations ---------------------------------------------------------------------------

REKOGNITION_GROUP1 = {"CompareFaces", "IndexFaces", "SearchFacesByImage", "SearchFaces"}
REKOGNITION_GROUP2 = {"DetectFaces", "DetectModerationLabels", "DetectLabels", "DetectText",
                      "RecognizeCelebrities", "DetectProtectiveEquipment"}
REKOGNITION_VIDEO = {"StartLabelDetection", "StartFaceDetection", "StartContentModeration",
                     "StartCelebrityRecognition", "StartTextDetection", "StartPersonTracking",
                     "StartFaceSearch"}
COMPREHEND_NLP = {"DetectSentiment", "DetectEntities", "DetectKeyPhrases", "DetectDominantLanguage",
                  "DetectPiiEntities", "ContainsPiiEntities", "DetectTargetedSentiment",
                  "BatchDetectSentiment", "BatchDetectEntities", "BatchDetectKeyPhrases",
                  "BatchDetectDominantLanguage", "BatchDetectTargetedSentiment"}
COMPREHEND_SYNTAX = {"DetectSyntax", "BatchDetectSyntax"}
TEXTRACT_SYNC = {"DetectDocumentText": "detect_text", "AnalyzeExpense": "expense",
                 "AnalyzeID": "id", "StartDocumentTextDetection": "detect_text",
                 "StartExpenseAnalysis": "expense"}
TEXTRACT_RESULTS = {"StartDocumentTextDetection": "GetDocumentTextDetection",
                    "StartDocumentAnalysis": "GetDocumentAnalysis",
                    "StartExpenseAnalysis": "GetExpenseAnalysis"}
TRANSCRIBE_JOBS = {"StartTranscriptionJob": "standard", "StartMedicalTranscriptionJob": "medical",
                   "StartCallAnalyticsJob": "call_analytics"}
# Plumbing: a lab's requests are fractions of a cent and usually inside the free tier.
PLUMBING = {"s3": "s3.put", "sns": "sns.publish", "sqs": "sqs.request", "lambda": "lambda.request"}
FREE_SERVICES = {"iam", "sts"}


def estimate(call, log=None) -> Estimate | None:
    """The price of one call (a `calls.Call`, finished or about to be made), or None when the
    operation is not billed per call (List*, Describe*, Create* of free containers...)."""
    try:
        return _estimate(call, log)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        # Estimates run before the call on the caller's unchecked parameters: a value AWS will
        # refuse (an unknown edition, a text that is not a string) has no price.
        return None


def _estimate(call, log=None) -> Estimate | None:
    from awsml_study import calls as _calls
    log = _calls.log() if log is None else log
    service, op, p = call.service, call.operation, call.params or {}
    if service == "rekognition":
        return _rekognition(op, p)
    if service == "textract":
        return _textract(call, op, p, log)
    if service == "comprehend":
        return _comprehend(op, p)
    if service == "transcribe" and op in TRANSCRIBE_JOBS:
        uri = (p.get("Media") or {}).get("MediaFileUri", "")
        seconds = _wav_seconds(uri, log)
        known = seconds is not None
        seconds = max(MIN_TRANSCRIBE_SECONDS, math.ceil(seconds or 0))
        return _price(f"transcribe.{TRANSCRIBE_JOBS[op]}", seconds, "audio seconds",
                      at_least=not known,
                      note="" if known else "audio length unknown before the job: 15 s minimum")
    if service == "polly" and op in ("SynthesizeSpeech", "StartSpeechSynthesisTask"):
        engine = (p.get("Engine") or "standard").lower()
        return _price(f"polly.{engine}" if f"polly.{engine}" in RATES else "polly.standard",
                      _plain_chars(p), "characters")
    if service == "translate":
        if op == "TranslateText":
            return _price("translate.standard", len(p.get("Text", "") or ""), "characters")
        if op == "TranslateDocument":
            content = (p.get("Document") or {}).get("Content", b"") or b""
            return _price("translate.standard", len(content), "characters",
                          note="counted as bytes of the document")
        return None
    if service == "kendra" and op == "CreateIndex":
        edition = p.get("Edition") or "ENTERPRISE_EDITION"
        return _price(f"kendra.{edition}", 1, "index-hour",
                      note="every hour until DeleteIndex, queries included")
    if service == "lexv2-runtime":
        if op == "RecognizeText":
            return _price("lex.text", 1, "request")
        if op == "RecognizeUtterance":
            return _price("lex.speech", 1, "request")
        return None
    if service in ("connect", "connectparticipant"):
        return _connect(op)
    if service == "sagemaker":
        return _sagemaker(op, p, log)
    if service == "personalize":
        return _personalize(call, op, p, log)
    if service in PLUMBING and op.startswith(("Put", "Publish", "Send", "Invoke", "Create",
                                                "Copy", "Upload", "Receive", "Get")):
        key = "s3.get" if service == "s3" and op.startswith("Get") else PLUMBING[service]
        return _price(key, 1, "request", note="negligible; usually inside the free tier")
    if service in FREE_SERVICES:
        return _free("request", f"{service.upper()}: no charge")
    return None


def _rekognition(op: str, p: dict) -> Estimate | None:
    if op in REKOGNITION_GROUP1 or op in REKOGNITION_GROUP2:
        group = "group1" if op in REKOGNITION_GROUP1 else "group2"
        images = 1  # one billed image per call, CompareFaces included
        note = "plus $0.01 per 1,000 faces stored per month" if op == "IndexFaces" else ""
        return _price(f"rekognition.image.{group}", images, "image", note=note)
    if op in REKOGNITION_VIDEO or op == "StartSegmentDetection":
        key = "rekognition.video.segments" if op == "StartSegmentDetection" else "rekognition.video"
        return _price(key, 1, "video minute", at_least=True,
                      note="video length unknown before the job")
    if op == "StartProjectVersion":
        return _price("rekognition.customlabels.inference", int(p.get("MinInferenceUnits") or 1),
                      "inference units", note="every hour until StopProjectVersion")
    if op == "CreateProjectVersion":
        return _price("rekognition.customlabels.training", 1, "training hour", at_least=True)
    return None


def _textract(call, op: str, p: dict, log) -> Estimate | None:
    pages, floor = _pages(call, log)
    if op in TEXTRACT_SYNC:
        return _price(f"textract.{TEXTRACT_SYNC[op]}", pages, "pages", at_least=floor)
    if op in ("AnalyzeDocument", "StartDocumentAnalysis"):
        features = sorted(set(p.get("FeatureTypes") or []))
        known = [f for f in features if f"textract.{f}" in RATES] or ["TABLES"]
        parts = [_price(f"textract.{f}", pages, "pages", at_least=floor) for f in known]
        usd = sum(part.usd for part in parts)
        basis = " + ".join(f"${RATES['textract.' + f]['usd']:g}" for f in known)
        return Estimate(usd, "page", float(pages),
                        f"{'at least ' if floor else ''}{pages} pages x ({basis}) per 1,000 "
                        f"({'+'.join(known)}; bundles cost less, so this is an upper bound; "
                        f"Textract, {TABLE_REGION}, {TABLE_DATE}, approximate)", floor)
    return None


def _comprehend(op: str, p: dict) -> Estimate | None:
    if op in COMPREHEND_NLP or op in COMPREHEND_SYNTAX:
        units, docs = _text_units(p)
        key = "comprehend.syntax" if op in COMPREHEND_SYNTAX else "comprehend.nlp"
        return _price(key, units, f"units of 100 characters ({docs} document"
                      f"{'s' if docs != 1 else ''}, 3-unit minimum each)")
    if op == "CreateEndpoint":
        return _price("comprehend.custom.endpoint", int(p.get("DesiredInferenceUnits") or 1),
                      "inference units", note="every hour until DeleteEndpoint")
    if op in ("CreateDocumentClassifier", "CreateEntityRecognizer"):
        return _price("comprehend.custom.training", 1, "training hour", at_least=True,
                      note="billed per second of training; plus $0.50 a month per model")
    return None


def _connect(op: str) -> Estimate | None:
    if op in ("StartChatContact", "SendMessage"):
        return _price("connect.chat", 1, "message")
    if op == "StartOutboundVoiceContact":
        return _price("connect.voice", 1, "minute", at_least=True,
                      note="call length unknown; telephony charged on top")
    return None


def _sagemaker(op: str, p: dict, log) -> Estimate | None:
    if op == "CreateEndpoint":
        variants = _endpoint_config(p.get("EndpointConfigName", ""), log)
        if any(v.get("ServerlessConfig") for v in variants):
            return _free("request", "serverless endpoint: billed per millisecond of compute and "
                         "per GB processed, not estimated here")
        return _instance_hours(_instances(variants), "hosting, until DeleteEndpoint")
    if op == "CreateTrainingJob":
        resources = p.get("ResourceConfig") or {}
        pairs = [(resources.get("InstanceType", ""), int(resources.get("InstanceCount") or 1))]
        return _instance_hours([x for x in pairs if x[0]], "training")
    if op == "CreateTransformJob":
        resources = p.get("TransformResources") or {}
        pairs = [(resources.get("InstanceType", ""), int(resources.get("InstanceCount") or 1))]
        return _instance_hours([x for x in pairs if x[0]], "batch transform")
    return None


def _personalize(call, op: str, p: dict, log) -> Estimate | None:
    if op == "CreateSolutionVersion":
        arn = (call.response or {}).get("solutionVersionArn")
        hours = [r.get("solutionVersion", {}).get("trainingHours") for r in
                 _later(log, "personalize", "DescribeSolutionVersion", "solutionVersionArn", arn)]
        hours = [h for h in hours if h]
        if hours:  # DescribeSolutionVersion reports the billed hours once training is done
            return _price("personalize.training", float(hours[-1]), "training hours")
        return _price("personalize.training", 1, "training hour", at_least=True,
                      note="billed training hours can exceed wall-clock hours; "
                           "DescribeSolutionVersion reports them when training ends")
    if op == "CreateCampaign":
        return _price("personalize.tps", int(p.get("minProvisionedTPS") or 1), "TPS",
                      note="every hour until DeleteCampaign (at least the minimum TPS)")
    return None


# --- summaries --------------------------------------------------------------------------------

def summarize(calls_list) -> list[dict]:
    """One row per (service, operation) of the calls that succeeded and are billed."""
    rows: dict = {}
    for call in calls_list:
        if not call.ok:
            continue  # failed requests are not billed
        found = estimate(call, calls_list)
        if found is None:
            continue
        row = rows.setdefault((call.service, call.operation), {
            "service": call.service, "operation": call.operation, "calls": 0,
            "quantity": 0.0, "unit": found.unit, "usd": 0.0})
        row["calls"] += 1
        row["quantity"] += found.quantity
        row["usd"] += found.usd
    return sorted(rows.values(), key=lambda r: -r["usd"])


def total(calls_list) -> float:
    """The estimated USD of the billed calls in `calls_list` (first hour of hourly resources)."""
    return sum(row["usd"] for row in summarize(calls_list))
