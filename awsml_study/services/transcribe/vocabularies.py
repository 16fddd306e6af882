"""Transcribe custom vocabularies (which bias the recogniser), medical vocabularies, vocabulary
filters and resource tags."""
from __future__ import annotations

import re

from awsml_study.services.transcribe import checks as tx
from awsml_study.services.transcribe import media
from awsml_study.services.transcribe import output
from awsml_study.sim import jobs, s3io, state
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

ENGINE_VOCAB = "transcribe/phonetic-post-correction"
ENGINE_STATE = "transcribe/local-state"
MAX_BYTES = 50 * 1024          # a vocabulary (or filter) file: 50 KB
MAX_ENTRY = 256                # characters per phrase
MAX_VOCABULARIES = 100
NOT_FOUND = "The requested vocabulary couldn't be found. Check the vocabulary name and try your request again."
FILTER_NOT_FOUND = ("The requested vocabulary filter couldn't be found. Check the vocabulary filter "
                    "name and try your request again.")
DICTIONARY_BUCKET = f"aws-transcribe-dictionary-model-{s3io.REGION}-prod"


def vocabularies(kind: str = "vocabulary") -> dict:
    return state.store(f"transcribe.{kind}")


# ----- parsing phrases into decoder entries -----

class VocabularyFailure(Exception):
    """The vocabulary ends FAILED with this FailureReason."""


def read_uri(uri: str) -> str:
    bucket, key = media.locate(uri)
    try:
        data = s3io.read(bucket, key)
    except s3io.S3ReadError:
        raise VocabularyFailure(f"The S3 URI {uri} can't be accessed. Make sure the file exists and "
                                "that you have read permission.") from None
    if len(data) > MAX_BYTES:
        raise VocabularyFailure(f"The vocabulary file is {len(data)} bytes; the limit is 50 KB.")
    return data.decode("utf-8", errors="replace")


def parse_file(text: str) -> list[tuple[str, str | None]]:
    """[(phrase, DisplayAs)] from a table (tab-separated, header row naming Phrase) or a list file."""
    lines = [ln.rstrip("\r") for ln in text.split("\n") if ln.strip()]
    if lines and "Phrase" in lines[0].split("\t"):
        header = lines[0].split("\t")
        at, show = header.index("Phrase"), header.index("DisplayAs") if "DisplayAs" in header else None
        rows = []
        for ln in lines[1:]:
            cells = ln.split("\t")
            shown = cells[show].strip() if show is not None and show < len(cells) else ""
            rows.append((cells[at].strip(), shown or None))
        return rows
    return [(ln.strip(), None) for ln in lines]


def entries(rows: list[tuple[str, str | None]]):
    """Decoder entries for phrases, or the reason AWS would give for failing the vocabulary."""
    from awsml_study.engines.speech import asr
    if not rows:
        raise VocabularyFailure("The vocabulary has no phrases.")
    out = []
    for phrase, shown in rows:
        if len(phrase) > MAX_ENTRY:
            raise VocabularyFailure(f"The phrase '{phrase[:40]}...' is longer than 256 characters.")
        if re.search(r"\d", phrase):
            raise VocabularyFailure(f"The phrase '{phrase}' contains digits; spell numbers out "
                                    "(for example VX02Q is V.X.-zero-two-Q.).")
        if not re.fullmatch(r"[A-Za-z.'\- ]+", phrase):
            raise VocabularyFailure(f"The phrase '{phrase}' has characters outside the en-US "
                                    "character set (letters, apostrophe, period, hyphen).")
        try:
            out.append(asr.vocabulary_entry(phrase.replace(" ", "-"), shown))
        except asr.AsrError as err:
            raise VocabularyFailure(f"The phrase '{phrase}' cannot be used: {err}.") from None
    return tuple(out)


# ----- vocabularies (standard and medical share the logic) -----

def _create(p: dict, kind: str) -> dict:
    table = vocabularies(kind)
    name = p.get("VocabularyName", "")
    tx.check_pattern(name, tx.NAME, "vocabularyName", "^[0-9a-zA-Z._-]+")
    if name in table:
        raise AwsError("ConflictException", "The requested vocabulary name already exists. "
                                            "Use a different vocabulary name.")
    if len(table) >= MAX_VOCABULARIES:
        raise AwsError("LimitExceededException", "You have reached the quota of 100 custom vocabularies.")
    tx.check_language(p.get("LanguageCode", ""))
    source = _source(p)
    vocab = {"VocabularyName": name, "LanguageCode": p["LanguageCode"], "VocabularyState": "PENDING",
             "LastModifiedTime": jobs.now(), "_source": source, "_tags": list(p.get("Tags") or [])}
    table[name] = vocab
    _queue(vocab)
    return _summary(vocab, with_failure=True)


def _source(p: dict) -> dict:
    has_phrases, has_uri = p.get("Phrases") is not None, bool(p.get("VocabularyFileUri"))
    if has_phrases == has_uri:
        raise tx.bad("Either Phrases or VocabularyFileUri field should be provided.")
    if has_phrases:
        if not p["Phrases"]:
            raise tx.bad("1 validation error detected: Value '[]' at 'phrases' failed to satisfy "
                         "constraint: Member must have length greater than or equal to 1")
        return {"Phrases": list(p["Phrases"])}
    media.check_readable(p["VocabularyFileUri"])
    return {"VocabularyFileUri": p["VocabularyFileUri"]}


BUILD = jobs.Lifecycle(key="VocabularyState", running="PENDING", done="READY", failed="FAILED",
                       message_key="FailureReason", end_key="LastModifiedTime")


def _queue(vocab: dict) -> None:
    """PENDING -> READY (entries built) or FAILED (with FailureReason), on the shared job runner."""
    vocab.pop("FailureReason", None)
    vocab["_job"] = jobs.submit(jobs.Job(vocab["VocabularyName"], vocab, _build, BUILD))


def _build(job: jobs.Job) -> None:
    vocab = job.props
    try:
        src = vocab["_source"]
        rows = ([(ph, None) for ph in src["Phrases"]] if "Phrases" in src
                else parse_file(read_uri(src["VocabularyFileUri"])))
        vocab["_text"] = "\n".join(ph for ph, _ in rows)
        vocab["_entries"] = entries(rows)
    except VocabularyFailure as err:
        raise jobs.JobFailure(str(err)) from None


def _process(vocab: dict) -> None:
    vocab["_job"].settle()


def _summary(vocab: dict, with_failure: bool = False) -> dict:
    keys = ["VocabularyName", "LanguageCode", "VocabularyState", "LastModifiedTime"]
    if with_failure:
        keys.append("FailureReason")
    return {k: vocab[k] for k in keys if k in vocab}


def _find(name: str, kind: str, not_found_code: str = "BadRequestException") -> dict:
    vocab = vocabularies(kind).get(name)
    if vocab is None:
        raise AwsError(not_found_code, NOT_FOUND)
    _process(vocab)
    return vocab


def _get(p: dict, kind: str) -> dict:
    vocab = _find(p["VocabularyName"], kind)
    out = _summary(vocab, with_failure=True)
    if vocab["VocabularyState"] == "READY":
        key = f"{s3io.account()}/{'medical/' if kind == 'medical' else ''}{vocab['VocabularyName']}/input.txt"
        output.put(DICTIONARY_BUCKET, key, vocab.get("_text", ""), "text/plain", True)
        out["DownloadUri"] = output.uri(DICTIONARY_BUCKET, key, True)
    return out


def _list(p: dict, kind: str) -> dict:
    tx.check_enum(p.get("StateEquals"), ("PENDING", "READY", "FAILED"), "stateEquals")
    found = []
    for vocab in vocabularies(kind).values():
        _process(vocab)
        if p.get("StateEquals") and vocab["VocabularyState"] != p["StateEquals"]:
            continue
        if p.get("NameContains") and p["NameContains"].lower() not in vocab["VocabularyName"].lower():
            continue
        found.append(_summary(vocab))
    found.sort(key=lambda v: v["LastModifiedTime"], reverse=True)
    page, token = jobs.page(found, p.get("MaxResults"), p.get("NextToken"), default=5,
                            error_code="BadRequestException")
    out = {"Vocabularies": page, **({"NextToken": token} if token else {})}
    if p.get("StateEquals"):
        out["Status"] = p["StateEquals"]
    return out


def _update(p: dict, kind: str) -> dict:
    vocab = _find(p["VocabularyName"], kind)
    tx.check_language(p.get("LanguageCode", vocab["LanguageCode"]))
    vocab.update({"LanguageCode": p.get("LanguageCode", vocab["LanguageCode"]), "_source": _source(p),
                  "VocabularyState": "PENDING", "LastModifiedTime": jobs.now()})
    _queue(vocab)
    return _summary(vocab)


def _delete(p: dict, kind: str) -> dict:
    name = p["VocabularyName"]
    if name not in vocabularies(kind):
        raise AwsError("NotFoundException", NOT_FOUND)
    del vocabularies(kind)[name]
    return {}


def entries_for(name: str, kind: str = "vocabulary"):
    """The decoder entries of a READY vocabulary; BadRequestException otherwise (as AWS at Start)."""
    vocab = _find(name, kind)
    if vocab["VocabularyState"] != "READY":
        raise tx.bad(f"The requested vocabulary {name} is {vocab['VocabularyState']}, not READY"
                     + (f": {vocab['FailureReason']}" if "FailureReason" in vocab else "") + ".")
    return vocab["_entries"]


for _kind, _suffix in (("vocabulary", "Vocabulary"), ("medical", "MedicalVocabulary")):
    def _bind(kind=_kind, suffix=_suffix):
        operation("transcribe", f"Create{suffix}", ENGINE_VOCAB)(lambda p: _create(p, kind))
        operation("transcribe", f"Get{suffix}", ENGINE_VOCAB)(lambda p: _get(p, kind))
        plural = "Vocabularies" if kind == "vocabulary" else "MedicalVocabularies"
        operation("transcribe", f"List{plural}", ENGINE_VOCAB)(lambda p: _list(p, kind))
        operation("transcribe", f"Update{suffix}", ENGINE_VOCAB)(lambda p: _update(p, kind))
        operation("transcribe", f"Delete{suffix}", ENGINE_VOCAB)(lambda p: _delete(p, kind))
    _bind()


# ----- vocabulary filters -----

def filters() -> dict:
    return state.store("transcribe.filters")


def _filter_words(p: dict) -> list[str]:
    has_words, has_uri = p.get("Words") is not None, bool(p.get("VocabularyFilterFileUri"))
    if has_words == has_uri:
        raise tx.bad("Either Words or VocabularyFilterFileUri field should be provided.")
    if has_words:
        words = list(p["Words"])
    else:
        media.check_readable(p["VocabularyFilterFileUri"])
        try:
            words = [w.strip() for w in read_uri(p["VocabularyFilterFileUri"]).split("\n") if w.strip()]
        except VocabularyFailure as err:
            raise tx.bad(str(err)) from None
    if not words:
        raise tx.bad("The vocabulary filter has no words.")
    for w in words:
        if len(w) > MAX_ENTRY or not re.fullmatch(r"[A-Za-z.'\-]+", w):
            raise tx.bad(f"The word '{w}' is not valid in a vocabulary filter: use single words of "
                         "letters, apostrophes, periods and hyphens.")
    return words


@operation("transcribe", "CreateVocabularyFilter", ENGINE_STATE)
def create_vocabulary_filter(p: dict) -> dict:
    name = p.get("VocabularyFilterName", "")
    tx.check_pattern(name, tx.NAME, "vocabularyFilterName", "^[0-9a-zA-Z._-]+")
    if name in filters():
        raise AwsError("ConflictException", "The requested vocabulary filter name already exists. "
                                            "Use a different vocabulary filter name.")
    tx.check_language(p.get("LanguageCode", ""))
    words = _filter_words(p)
    filters()[name] = {"VocabularyFilterName": name, "LanguageCode": p["LanguageCode"],
                       "LastModifiedTime": jobs.now(), "_words": words, "_tags": list(p.get("Tags") or [])}
    return _filter_summary(filters()[name])


def _filter_summary(f: dict) -> dict:
    return {k: f[k] for k in ("VocabularyFilterName", "LanguageCode", "LastModifiedTime")}


def _find_filter(name: str, code: str = "BadRequestException") -> dict:
    f = filters().get(name)
    if f is None:
        raise AwsError(code, FILTER_NOT_FOUND)
    return f


@operation("transcribe", "GetVocabularyFilter", ENGINE_STATE)
def get_vocabulary_filter(p: dict) -> dict:
    f = _find_filter(p["VocabularyFilterName"])
    key = f"{s3io.account()}/filters/{f['VocabularyFilterName']}/input.txt"
    output.put(DICTIONARY_BUCKET, key, "\n".join(f["_words"]), "text/plain", True)
    return {**_filter_summary(f), "DownloadUri": output.uri(DICTIONARY_BUCKET, key, True)}


@operation("transcribe", "ListVocabularyFilters", ENGINE_STATE)
def list_vocabulary_filters(p: dict) -> dict:
    found = [_filter_summary(f) for f in filters().values()
             if not p.get("NameContains") or p["NameContains"].lower() in f["VocabularyFilterName"].lower()]
    found.sort(key=lambda f: f["LastModifiedTime"], reverse=True)
    page, token = jobs.page(found, p.get("MaxResults"), p.get("NextToken"), default=5,
                            error_code="BadRequestException")
    return {"VocabularyFilters": page, **({"NextToken": token} if token else {})}


@operation("transcribe", "UpdateVocabularyFilter", ENGINE_STATE)
def update_vocabulary_filter(p: dict) -> dict:
    f = _find_filter(p["VocabularyFilterName"])
    f.update({"_words": _filter_words(p), "LastModifiedTime": jobs.now()})
    return _filter_summary(f)


@operation("transcribe", "DeleteVocabularyFilter", ENGINE_STATE)
def delete_vocabulary_filter(p: dict) -> dict:
    _find_filter(p["VocabularyFilterName"], "NotFoundException")
    del filters()[p["VocabularyFilterName"]]
    return {}


def filter_words(name: str) -> set[str]:
    return {w.lower() for w in _find_filter(name)["_words"]}


# ----- tags on jobs, vocabularies and filters -----

ARN = re.compile(r"^arn:aws(-[^:]+)?:transcribe:[a-zA-Z0-9-]*:[0-9]{12}:([a-zA-Z-]*)/([0-9a-zA-Z._-]+)$")


def _tagged(arn: str) -> dict:
    m = ARN.match(arn or "")
    if not m:
        raise tx.bad(f"1 validation error detected: Value '{arn}' at 'resourceArn' failed to satisfy "
                     "constraint: Member must satisfy regular expression pattern: "
                     "arn:aws(-[^:]+)?:transcribe:[a-zA-Z0-9-]*:[0-9]{12}:[a-zA-Z-]*/[0-9a-zA-Z._-]+")
    kind, name = m.group(2), m.group(3)
    stores = {"vocabulary": vocabularies("vocabulary"), "medical-vocabulary": vocabularies("medical"),
              "vocabulary-filter": filters()}
    if kind in stores and name in stores[kind]:
        return stores[kind][name]
    job_stores = {"transcription-job": "transcribe.jobs", "medical-transcription-job": "transcribe.medical_jobs",
                  "call-analytics-job": "transcribe.analytics_jobs"}
    if kind in job_stores and name in state.store(job_stores[kind]):
        props = state.store(job_stores[kind])[name].props
        props.setdefault("Tags", [])
        return {"_tags": props["Tags"]}
    raise AwsError("NotFoundException", "We can't find the requested resource. Check that the "
                                        "specified name is correct and try your request again.")


@operation("transcribe", "TagResource", ENGINE_STATE)
def tag_resource(p: dict) -> dict:
    tags = _tagged(p["ResourceArn"]).setdefault("_tags", [])
    for tag in p["Tags"]:
        tags[:] = [t for t in tags if t["Key"] != tag["Key"]] + [tag]
    return {}


@operation("transcribe", "UntagResource", ENGINE_STATE)
def untag_resource(p: dict) -> dict:
    tags = _tagged(p["ResourceArn"]).setdefault("_tags", [])
    tags[:] = [t for t in tags if t["Key"] not in set(p["TagKeys"])]
    return {}


@operation("transcribe", "ListTagsForResource", ENGINE_STATE)
def list_tags_for_resource(p: dict) -> dict:
    return {"ResourceArn": p["ResourceArn"], "Tags": list(_tagged(p["ResourceArn"]).get("_tags", []))}
