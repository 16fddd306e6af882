"""Transcribe output: the transcript JSON in AWS's format, PII redaction, subtitles, and where they go."""
from __future__ import annotations

import functools
import json
import uuid

from awsml_study.engines.speech import asr
from awsml_study.sim import jobs, s3io

SERVICE_BUCKET = f"aws-transcribe-{s3io.REGION}-prod"   # service-managed output, kept in moto
URI_TTL_S = 900                                           # service-bucket URIs last 15 minutes
DIGITS = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
          "six": "6", "seven": "7", "eight": "8", "nine": "9"}
# PII types the shared engine finds that are also Transcribe PiiEntityTypes
PII_TYPES = {"ADDRESS", "AGE", "AWS_ACCESS_KEY", "CREDIT_DEBIT_NUMBER", "DATE_TIME", "EMAIL",
             "IP_ADDRESS", "MAC_ADDRESS", "NAME", "PHONE", "SSN", "URL"}


# ----- from recognised words to items -----

def spoken_digits(words: list[asr.Word], min_run: int = 3) -> list[asr.Word]:
    """Inverse text normalisation for digit strings: 'five five five one two ...' becomes one word
    '555-123-4567'. Runs of 10 digits are grouped like North American phone numbers, 9 like US SSNs,
    16 in fours like card numbers; other runs stay plain."""
    out: list[asr.Word] = []
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and words[j].text.lower() in DIGITS and (j == i or words[j].start - words[j - 1].end < 0.6):
            j += 1
        if j - i >= min_run:
            run = words[i:j]
            out.append(asr.Word(_group("".join(DIGITS[w.text.lower()] for w in run)), run[0].start, run[-1].end,
                                min(w.confidence for w in run), run[-1].punct))
            i = j
        else:
            out.append(words[i])
            i += 1
    return out


def _group(d: str) -> str:
    if len(d) == 10:
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    if len(d) == 9:
        return f"{d[:3]}-{d[3:5]}-{d[5:]}"
    if len(d) == 16:
        return " ".join(d[k:k + 4] for k in range(0, 16, 4))
    return d


def items_of(words: list[asr.Word]) -> list[asr.Item]:
    return asr.punctuate(spoken_digits(words))


# ----- PII redaction with the engine Comprehend uses -----

def redact(items: list[asr.Item], entity_types: list[str] | None) -> list[dict]:
    """Items as dicts with each PII span replaced by one '[PII]' item carrying its redactions."""
    wanted = set(entity_types or ["ALL"])
    text, spans = "", []
    for k, it in enumerate(items):
        if it.kind == "pronunciation" and text:
            text += " "
        spans.append((len(text), len(text) + len(it.content)))
        text += it.content
    from awsml_study.engines.text import pii
    hits = [e for e in pii.find(text) if e["Type"] in PII_TYPES and ("ALL" in wanted or e["Type"] in wanted)]
    out: list[dict] = []
    k = 0
    while k < len(items):
        hit = next((e for e in hits if spans[k][0] < e["EndOffset"] and e["BeginOffset"] < spans[k][1]
                    and items[k].kind == "pronunciation"), None)
        if hit is None:
            out.append(_plain(items[k]))
            k += 1
            continue
        inside = [m for m in range(k, len(items)) if spans[m][0] < hit["EndOffset"]]
        words = [items[m] for m in inside if items[m].kind == "pronunciation"]
        out.append({"kind": "pronunciation", "content": "[PII]", "start": words[0].start,
                    "end": words[-1].end, "redactions": [{"confidence": f"{hit['Score']:.4f}",
                                                          "type": hit["Type"], "category": "PII"}]})
        k = inside[-1] + 1
        trailing = items[inside[-1]]
        if trailing.kind == "punctuation":     # keep the sentence's own punctuation
            out.append(_plain(trailing))
    return out


def _plain(it: asr.Item) -> dict:
    return {"kind": it.kind, "content": it.content, "start": it.start, "end": it.end,
            "confidence": it.confidence}


# ----- the transcript JSON -----

def _t(seconds: float) -> str:
    return f"{seconds:.3f}"


def results(items: list[dict], channel: str | None = None) -> dict:
    """results{transcripts, items, audio_segments} from item dicts (kind/content/start/end)."""
    out_items, segments, current = [], [], []
    for n, it in enumerate(items):
        entry: dict = {"id": n, "type": it["kind"]}
        if channel:
            entry["channel_label"] = channel
        if it["kind"] == "pronunciation":
            entry["start_time"], entry["end_time"] = _t(it["start"]), _t(it["end"])
            alt = {"content": it["content"]}
            if "redactions" in it:
                alt["redactions"] = it["redactions"]
            else:
                alt = {"confidence": f"{it['confidence']:.4f}", **alt}
            entry["alternatives"] = [alt]
        else:
            entry["alternatives"] = [{"confidence": "0.0", "content": it["content"]}]
        out_items.append(entry)
        current.append(n)
        if it["kind"] == "punctuation" and it["content"] in ".?!":
            segments.append(current)
            current = []
    if current:
        segments.append(current)
    audio_segments = []
    for s, ids in enumerate(segments):
        timed = [items[i] for i in ids if items[i]["kind"] == "pronunciation"]
        if not timed:
            continue
        seg = {"id": s, "transcript": text_of([items[i] for i in ids]),
               "start_time": _t(timed[0]["start"]), "end_time": _t(timed[-1]["end"]), "items": ids}
        if channel:
            seg["channel_label"] = channel
        audio_segments.append(seg)
    return {"transcripts": [{"transcript": text_of(items)}], "items": out_items,
            "audio_segments": audio_segments}


def text_of(items: list[dict]) -> str:
    out = ""
    for it in items:
        out += it["content"] if it["kind"] == "punctuation" or not out else " " + it["content"]
    return out


def document(job_name: str, res: dict, redacted: bool | None = None) -> dict:
    doc = {"jobName": job_name, "accountId": s3io.account()}
    if redacted is not None:
        doc["isRedacted"] = redacted
    doc.update({"results": res, "status": "COMPLETED"})
    return doc


def merge_channels(per_channel: list[list[dict]]) -> dict:
    """results for ChannelIdentification: each channel's items, and all items in time order."""
    channels = [{"channel_label": f"ch_{c}", "items": results(items, f"ch_{c}")["items"]}
                for c, items in enumerate(per_channel)]
    merged = _interleave(per_channel)
    res = results(merged, None)
    for entry, it in zip(res["items"], merged):
        entry["channel_label"] = it["channel"]
    res["channel_labels"] = {"channels": channels, "number_of_channels": len(per_channel)}
    return res


def _interleave(per_channel: list[list[dict]]) -> list[dict]:
    """All channels' items by start time, each punctuation mark kept after its word."""
    units = []
    for c, items in enumerate(per_channel):
        for it in items:
            it = dict(it, channel=f"ch_{c}")
            if it["kind"] == "punctuation" and units and units[-1][1] == c:
                units[-1][2].append(it)
            else:
                units.append([it.get("start") or 0.0, c, [it]])
    units.sort(key=lambda u: (u[0], u[1]))
    return [it for _, _, group in units for it in group]


# ----- where output goes -----

def base_key(job_name: str, bucket: str | None, output_key: str | None) -> tuple[str, str, bool]:
    """(bucket, key without extension, service-managed?) of a job's transcript, as AWS names it."""
    if not bucket:
        return SERVICE_BUCKET, f"{s3io.account()}/{job_name}/{uuid.uuid4()}/asrOutput", True
    if not output_key:
        return bucket, job_name, False
    if output_key.endswith("/"):
        return bucket, output_key + job_name, False
    if output_key.endswith(".json"):
        return bucket, output_key[:-5], False
    return bucket, f"{output_key}/{job_name}", False


def redacted_key(key: str) -> str:
    folder, _, name = key.rpartition("/")
    return f"{folder}/redacted-{name}" if folder else f"redacted-{name}"


def put(bucket: str, key: str, body: str, content_type: str, managed: bool,
        kms_key: str | None = None) -> None:
    """Write one output file; with a KMS key as SSE-KMS, otherwise SSE-S3 as AWS does."""
    from botocore.exceptions import ClientError
    if managed:
        _ensure_bucket(bucket)
    sse = ({"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": kms_key} if kms_key
           else {"ServerSideEncryption": "AES256"})
    try:
        s3io.s3().put_object(Bucket=bucket, Key=key, Body=body.encode("utf-8"),
                             ContentType=content_type, **sse)
    except ClientError as err:
        raise jobs.JobFailure(f"Unable to write output to s3://{bucket}/{key}: "
                              f"{err.response['Error']['Code']}") from None


def _ensure_bucket(bucket: str) -> None:
    """Service-managed buckets are created in moto on first use (in AWS the service owns them)."""
    from botocore.exceptions import ClientError
    try:
        s3io.s3().head_bucket(Bucket=bucket)
    except ClientError:
        s3io.s3().create_bucket(Bucket=bucket)


def uri(bucket: str, key: str, managed: bool) -> str:
    """The https URI GetTranscriptionJob shows: a 15-minute presigned URL for service-managed output."""
    if not managed:
        return s3io.object_url(bucket, key)
    return s3io.presigned_url("get_object", bucket, key, URI_TTL_S, signer=_aws_signer)


@functools.lru_cache(maxsize=1)
def _aws_signer():
    """In-process, service-managed URIs name AWS's regional S3 host, path style, as Transcribe's do."""
    import boto3
    from botocore.config import Config
    return boto3.client("s3", region_name=s3io.REGION, endpoint_url=s3io.S3_HOST,
                        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))


def dumps(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False)
