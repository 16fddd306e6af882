"""Transcribe Call Analytics: agent and customer turns (stereo channels, or voices told apart in mono),
per-turn sentiment from the kit's Comprehend sentiment engine, talk time, speed, non-talk time,
interruptions, loudness, and the learner's categories matched against all of it."""
from __future__ import annotations

import uuid

import numpy as np

from awsml_study.services.transcribe import checks, start_checks
from awsml_study.services.transcribe import jobs as tx
from awsml_study.services.transcribe import media
from awsml_study.services.transcribe import output
from awsml_study.sim import jobs, s3io, state
from awsml_study.sim.registry import operation

ENGINE = "transcribe-call-analytics/moonshine-en+pocketsphinx-align+kit-sentiment"
STATUS = "CallAnalyticsJobStatus"
NAME_KEY = "CallAnalyticsJobName"
ROLES = ("AGENT", "CUSTOMER")
NON_TALK_MS = 3000            # silences at least this long are non-talk time
TURN_GAP_S = 0.8              # a participant's words closer than this stay in one turn


def table() -> dict:
    return state.store("transcribe.analytics_jobs")


def _roles(p: dict) -> dict[int, str]:
    defs = p.get("ChannelDefinitions") or []
    if defs and len(defs) != 2:
        raise checks.bad("ChannelDefinitions must define both channels (0 and 1), one AGENT and one CUSTOMER.")
    roles = {d.get("ChannelId"): d.get("ParticipantRole") for d in defs}
    if defs and (set(roles) != {0, 1} or set(roles.values()) != set(ROLES)):
        raise checks.bad("ChannelDefinitions must give channel 0 and channel 1 one role each: AGENT and CUSTOMER.")
    return roles or {0: "AGENT", 1: "CUSTOMER"}


@operation("transcribe", "StartCallAnalyticsJob", engine=ENGINE)
def start_call_analytics_job(p: dict) -> dict:
    start_checks.validate_start(p, NAME_KEY, table())
    s = dict(p.get("Settings") or {})
    roles = _roles(p)
    if s.get("LanguageOptions"):
        start_checks.check_language_choice({"IdentifyLanguage": True, "LanguageOptions": s["LanguageOptions"]})
    if s.get("Summarization", {}).get("GenerateAbstractiveSummary"):
        raise checks.bad("awsml-study has no generative model, so GenerateAbstractiveSummary is not "
                     "simulated. Leave Summarization out, or use AWSML_STUDY_MODE=aws.")
    if s.get("LanguageModelName"):
        start_checks.check_unsupported({"ModelSettings": {"LanguageModelName": s["LanguageModelName"]}})
    start_checks.check_settings({"Settings": {k: s[k] for k in ("VocabularyName", "VocabularyFilterName",
                                                        "VocabularyFilterMethod") if k in s}})
    if s.get("ContentRedaction"):
        start_checks.check_redaction({"ContentRedaction": s["ContentRedaction"]})
    bucket, key = None, None
    if p.get("OutputLocation"):
        bucket, key = s3io.split_uri(p["OutputLocation"], "outputLocation")
        media.check_bucket(bucket)
    if p.get("DataAccessRoleArn"):
        s3io.check_role(p["DataAccessRoleArn"], "dataAccessRoleArn")
    name, now = p[NAME_KEY], jobs.now()
    props = {NAME_KEY: name, STATUS: "IN_PROGRESS", "Media": dict(p["Media"]), "StartTime": now,
             "CreationTime": now, "LanguageCode": "en-US",
             "ChannelDefinitions": [{"ChannelId": c, "ParticipantRole": r} for c, r in sorted(roles.items())]}
    for k in ("DataAccessRoleArn", "Tags"):
        if p.get(k) is not None:
            props[k] = p[k]
    if s:
        props["Settings"] = s
    request = {"OutputBucketName": bucket, "OutputKey": key or None,
               "OutputEncryptionKMSKeyId": p.get("OutputEncryptionKMSKeyId")}
    job = jobs.Job(name, props, lambda j: run(j, request, roles), tx.lifecycle(STATUS))
    job.request = request
    table()[name] = jobs.submit(job)
    return {"CallAnalyticsJob": tx._view(job, STATUS)}


# ----- the analysis -----

def _turns_by_channel(m, props, roles) -> list[dict]:
    """Turns [{role, start, end, items}] from each channel, or from two voices in mono audio."""
    from awsml_study.services.transcribe import recognise
    from awsml_study.services.transcribe import speakers
    from awsml_study.services.transcribe import vocabularies as vocab
    s = props.get("Settings") or {}
    vocabulary = vocab.entries_for(s["VocabularyName"]) if s.get("VocabularyName") else ()
    per_role: list[tuple[str, list[dict]]] = []
    if m.channels.shape[1] == 2:
        for c in (0, 1):
            per_role.append((roles[c], recognise.recognise_items(m.channels[:, c], m.rate, vocabulary)))
    else:   # mono: the first voice heard is taken to be the agent
        items = recognise.recognise_items(m.mono(), m.rate, vocabulary)
        spans = speakers.label(m.mono(), m.rate, items, 2)
        for spk, role in (("spk_0", roles[0]), ("spk_1", roles[1])):
            mine = [sp for sp in spans if sp["speaker_label"] == spk]
            per_role.append((role, [it for it in items if _inside(it, items, mine)]))
    if s.get("VocabularyFilterName"):
        words = vocab.filter_words(s["VocabularyFilterName"])
        per_role = [(r, recognise.apply_filter(items, words, s["VocabularyFilterMethod"])) for r, items in per_role]
    turns = []
    for role, items in per_role:
        for group in _split(items):
            timed = [i for i in group if i["kind"] == "pronunciation"]
            turns.append({"role": role, "start": timed[0]["start"], "end": timed[-1]["end"], "items": group})
    return sorted(turns, key=lambda t: t["start"])


def _inside(it, items, spans) -> bool:
    if it["kind"] == "punctuation":   # punctuation follows the word before it
        k = items.index(it)
        prev = next((items[j] for j in range(k - 1, -1, -1) if items[j]["kind"] == "pronunciation"), None)
        return prev is not None and _inside(prev, items, spans)
    mid = (it["start"] + it["end"]) / 2
    return any(sp["start"] - 1e-6 <= mid <= sp["end"] + 1e-6 for sp in spans)


def _split(items: list[dict]) -> list[list[dict]]:
    groups: list[list[dict]] = []
    last_end = None
    for it in items:
        if it["kind"] == "pronunciation" and (last_end is None or it["start"] - last_end >= TURN_GAP_S):
            groups.append([])
        if groups:
            groups[-1].append(it)
        if it["kind"] == "pronunciation":
            last_end = it["end"]
    return [g for g in groups if any(i["kind"] == "pronunciation" for i in g)]


def _sentiment(text: str) -> tuple[str, float]:
    """Comprehend's sentiment engine: the label, and a score from -5 to 5 as Call Analytics reports."""
    from awsml_study.engines.text import sentiment
    label, scores = sentiment.analyse(text)
    return label, round(5.0 * (scores["Positive"] - scores["Negative"]), 2)


def _loudness(samples: np.ndarray, rate: int, start: float, end: float) -> list[float]:
    """One score per second of the turn: RMS level mapped from -60..0 dBFS to 0..100."""
    out = []
    t = start
    while t < end:
        seg = samples[int(t * rate):int(min(t + 1, end) * rate)]
        rms = float(np.sqrt(np.mean(seg ** 2))) if seg.size else 0.0
        db = 20 * np.log10(max(rms, 1e-6))
        out.append(round(float(np.clip((db + 60) / 60 * 100, 0, 100)), 2))
        t += 1
    return out


def analyse(m, props, roles) -> dict:
    turns = _turns_by_channel(m, props, roles)
    ms = lambda s: int(round(s * 1000))   # noqa: E731
    duration_ms = ms(m.duration)
    mono = m.mono()
    transcript = []
    for t in turns:
        text = output.text_of(t["items"])
        label, score = _sentiment(text)
        t.update(text=text, sentiment=label, score=score)
        ch = m.channels[:, 0 if roles.get(0) == t["role"] else 1] if m.channels.shape[1] == 2 else mono
        transcript.append({
            "Id": str(uuid.uuid5(uuid.NAMESPACE_OID, f"{t['role']}{t['start']}")),
            "ParticipantRole": t["role"], "Content": text, "Sentiment": label,
            "BeginOffsetMillis": ms(t["start"]), "EndOffsetMillis": ms(t["end"]),
            "LoudnessScores": _loudness(ch, m.rate, t["start"], t["end"]),
            "Items": [{"Type": i["kind"], "Content": i["content"],
                       **({"Confidence": round(i["confidence"], 4), "BeginOffsetMillis": ms(i["start"]),
                           "EndOffsetMillis": ms(i["end"])} if i["kind"] == "pronunciation" else {})}
                      for i in t["items"]]})
    characteristics = _characteristics(turns, duration_ms)
    return {"turns": turns, "transcript": transcript, "characteristics": characteristics,
            "duration_ms": duration_ms}


def _characteristics(turns: list[dict], duration_ms: int) -> dict:
    ms = lambda s: int(round(s * 1000))   # noqa: E731
    talk = {r: sum(ms(t["end"] - t["start"]) for t in turns if t["role"] == r) for r in ROLES}
    words = {r: sum(1 for t in turns if t["role"] == r for i in t["items"] if i["kind"] == "pronunciation")
             for r in ROLES}
    # non-talk time: gaps (including the start and the end) when nobody speaks
    spans, covered = sorted((t["start"], t["end"]) for t in turns), []
    for a, b in spans:
        if covered and a <= covered[-1][1]:
            covered[-1][1] = max(covered[-1][1], b)
        else:
            covered.append([a, b])
    gaps, cursor = [], 0.0
    for a, b in covered + [[duration_ms / 1000, duration_ms / 1000]]:
        if ms(a - cursor) >= NON_TALK_MS:
            gaps.append({"BeginOffsetMillis": ms(cursor), "EndOffsetMillis": ms(a), "DurationMillis": ms(a - cursor)})
        cursor = max(cursor, b)
    # interruptions: a turn that starts while the other participant is still talking
    by_role: dict[str, list] = {r: [] for r in ROLES}
    for t in turns:
        other = [o for o in turns if o["role"] != t["role"] and o["start"] < t["start"] < o["end"]]
        if other:
            by_role[t["role"]].append({"BeginOffsetMillis": ms(t["start"]), "EndOffsetMillis": ms(min(
                t["end"], other[0]["end"])), "DurationMillis": ms(min(t["end"], other[0]["end"]) - t["start"])})
    overall, by_period = {}, {}
    for r in ROLES:
        mine = [t for t in turns if t["role"] == r]
        weight = sum(t["end"] - t["start"] for t in mine)
        overall[r] = round(sum(t["score"] * (t["end"] - t["start"]) for t in mine) / weight, 2) if weight else 0.0
        quarters = []
        for q in range(4):
            a, b = duration_ms * q // 4, duration_ms * (q + 1) // 4
            inq = [t for t in mine if a <= ms(t["start"]) < b]
            score = round(sum(t["score"] for t in inq) / len(inq), 2) if inq else 0.0
            quarters.append({"BeginOffsetMillis": a, "EndOffsetMillis": b, "Score": score})
        by_period[r] = quarters
    return {
        "NonTalkTime": {"Instances": gaps, "TotalTimeMillis": sum(g["DurationMillis"] for g in gaps)},
        "Interruptions": {"TotalCount": sum(len(v) for v in by_role.values()),
                          "TotalTimeMillis": sum(i["DurationMillis"] for v in by_role.values() for i in v),
                          "InterruptionsByInterrupter": {r: v for r, v in by_role.items() if v}},
        "TotalConversationDurationMillis": duration_ms,
        "Sentiment": {"OverallSentiment": overall, "SentimentByPeriod": {"QUARTER": by_period}},
        "TalkSpeed": {"DetailsByParticipant": {
            r: {"AverageWordsPerMinute": round(words[r] / (talk[r] / 60000)) if talk[r] else 0} for r in ROLES}},
        "TalkTime": {"DetailsByParticipant": {r: {"TotalTimeMillis": talk[r]} for r in ROLES},
                     "TotalTimeMillis": sum(talk.values())},
    }


def run(job: jobs.Job, request: dict, roles: dict) -> None:
    from awsml_study.services.transcribe import categories
    props = job.props
    m = media.load(props["Media"]["MediaFileUri"], None, None)
    props["MediaFormat"], props["MediaSampleRateHertz"] = m.fmt, m.rate
    a = analyse(m, props, roles)
    matched = categories.match(a)
    name = props[NAME_KEY]

    def document(transcript):
        return {"JobName": name, "AccountId": s3io.account(), "JobStatus": "COMPLETED", "LanguageCode": "en-US",
                "Channel": "VOICE", "Participants": [{"ParticipantRole": r} for r in ROLES],
                "Categories": matched, "ConversationCharacteristics": a["characteristics"],
                "Transcript": transcript, "Version": "1.0"}

    bucket, key, managed = output.base_key(name, request.get("OutputBucketName"), request.get("OutputKey"))
    kms = request.get("OutputEncryptionKMSKeyId")
    redaction = (props.get("Settings") or {}).get("ContentRedaction")
    outs = {}
    if redaction:
        red = [dict(t, Content=_redact(t["Content"], redaction.get("PiiEntityTypes"))) for t in a["transcript"]]
        for t in red:
            t.pop("Items")
        red_key = output.redacted_key(key) + ".json"
        output.put(bucket, red_key, output.dumps(document(red)), "application/json", managed, kms)
        outs["redacted"] = (bucket, red_key)
    if not redaction or redaction.get("RedactionOutput") == "redacted_and_unredacted":
        output.put(bucket, key + ".json", output.dumps(document(a["transcript"])), "application/json", managed, kms)
        outs["transcript"] = (bucket, key + ".json")
    job.outputs, job.managed = outs, managed


def _redact(text: str, types) -> str:
    from awsml_study.engines.text import pii
    from awsml_study.services.transcribe.output import PII_TYPES
    wanted = set(types or ["ALL"])
    keep = {t for t in PII_TYPES if "ALL" in wanted or t in wanted}
    return pii.redact(text, entity_types=keep)


# ----- Get / List / Delete -----

@operation("transcribe", "GetCallAnalyticsJob", engine=ENGINE)
def get_call_analytics_job(p: dict) -> dict:
    job = tx.find(p[NAME_KEY], table())
    tx._finish(job, STATUS)
    return {"CallAnalyticsJob": tx._view(job, STATUS)}


@operation("transcribe", "ListCallAnalyticsJobs", engine=ENGINE)
def list_call_analytics_jobs(p: dict) -> dict:
    checks.check_enum(p.get("Status"), ("QUEUED", "IN_PROGRESS", "FAILED", "COMPLETED"), "status")
    keys = (NAME_KEY, "CreationTime", "StartTime", "CompletionTime", "LanguageCode", STATUS, "FailureReason")
    found = []
    for job in table().values():
        tx._finish(job, STATUS)
        if p.get("Status") and job.props[STATUS] != p["Status"]:
            continue
        if p.get("JobNameContains") and p["JobNameContains"].lower() not in job.props[NAME_KEY].lower():
            continue
        found.append({k: job.props[k] for k in keys if k in job.props})
    found.sort(key=lambda s: s["CreationTime"], reverse=True)
    page, token = jobs.page(found, p.get("MaxResults"), p.get("NextToken"), default=5,
                            error_code="BadRequestException")
    out = {"CallAnalyticsJobSummaries": page, **({"NextToken": token} if token else {})}
    if p.get("Status"):
        out["Status"] = p["Status"]
    return out


@operation("transcribe", "DeleteCallAnalyticsJob", engine=ENGINE)
def delete_call_analytics_job(p: dict) -> dict:
    job = tx.find(p[NAME_KEY], table())
    tx._finish(job, STATUS)
    if getattr(job, "managed", False):
        for bucket, key in (getattr(job, "outputs", {}) or {}).values():
            s3io.s3().delete_object(Bucket=bucket, Key=key)
    del table()[p[NAME_KEY]]
    return {}
