"""Call Analytics categories: rules (transcript phrases, sentiment, interruptions, non-talk time)
kept as the learner writes them and evaluated on every Call Analytics job's computed analysis."""
from __future__ import annotations

from awsml_study.services.transcribe import checks as tx
from awsml_study.sim import jobs, state
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

ENGINE = "transcribe-call-analytics/rules-on-computed-analysis"
FILTERS = ("NonTalkTimeFilter", "InterruptionFilter", "TranscriptFilter", "SentimentFilter")
SENTIMENTS = ("POSITIVE", "NEGATIVE", "NEUTRAL", "MIXED")
NOT_FOUND = "We can't find the requested resource. Check that the specified name is correct and try your request again."


def categories() -> dict:
    return state.store("transcribe.categories")


def _check_rules(rules: list[dict]) -> None:
    if not rules:
        raise tx.bad("A category needs at least one rule.")
    for rule in rules:
        kinds = [k for k in FILTERS if k in rule]
        if len(kinds) != 1:
            raise tx.bad(f"Each rule must have exactly one of {', '.join(FILTERS)}.")
        f = rule[kinds[0]]
        tx.check_enum(f.get("ParticipantRole"), ("AGENT", "CUSTOMER"), "rules.member.participantRole")
        if kinds[0] == "TranscriptFilter" and not f.get("Targets"):
            raise tx.bad("A TranscriptFilter needs at least one target phrase.")
        for s in f.get("Sentiments") or []:
            tx.check_enum(s, SENTIMENTS, "rules.member.sentimentFilter.sentiments.member")


def _create(p: dict) -> dict:
    name = p.get("CategoryName", "")
    tx.check_pattern(name, tx.NAME, "categoryName", "^[0-9a-zA-Z._-]+")
    if name in categories():
        raise AwsError("ConflictException", "A resource already exists with this name. "
                                            "Resource names must be unique within an AWS account.")
    tx.check_enum(p.get("InputType"), ("REAL_TIME", "POST_CALL"), "inputType")
    _check_rules(p["Rules"])
    now = jobs.now()
    cat = {"CategoryName": name, "Rules": p["Rules"], "CreateTime": now, "LastUpdateTime": now,
           "InputType": p.get("InputType", "POST_CALL")}
    if p.get("Tags"):
        cat["Tags"] = p["Tags"]
    categories()[name] = cat
    return {"CategoryProperties": cat}


def _find(name: str) -> dict:
    if name not in categories():
        raise AwsError("NotFoundException", NOT_FOUND)
    return categories()[name]


operation("transcribe", "CreateCallAnalyticsCategory", ENGINE)(_create)
operation("transcribe", "GetCallAnalyticsCategory", ENGINE)(
    lambda p: {"CategoryProperties": _find(p["CategoryName"])})


@operation("transcribe", "ListCallAnalyticsCategories", ENGINE)
def list_call_analytics_categories(p: dict) -> dict:
    found = sorted(categories().values(), key=lambda c: c["CreateTime"], reverse=True)
    page, token = jobs.page(found, p.get("MaxResults"), p.get("NextToken"), default=5,
                            error_code="BadRequestException")
    return {"Categories": page, **({"NextToken": token} if token else {})}


@operation("transcribe", "UpdateCallAnalyticsCategory", ENGINE)
def update_call_analytics_category(p: dict) -> dict:
    cat = _find(p["CategoryName"])
    _check_rules(p["Rules"])
    cat.update({"Rules": p["Rules"], "LastUpdateTime": jobs.now()})
    if p.get("InputType"):
        cat["InputType"] = p["InputType"]
    return {"CategoryProperties": cat}


@operation("transcribe", "DeleteCallAnalyticsCategory", ENGINE)
def delete_call_analytics_category(p: dict) -> dict:
    _find(p["CategoryName"])
    del categories()[p["CategoryName"]]
    return {}


# ----- evaluation on a job's analysis -----

def _window(f: dict, duration_ms: int) -> tuple[int, int]:
    absolute, relative = f.get("AbsoluteTimeRange"), f.get("RelativeTimeRange")
    if absolute:
        if "First" in absolute:
            return 0, absolute["First"]
        if "Last" in absolute:
            return duration_ms - absolute["Last"], duration_ms
        return absolute.get("StartTime", 0), absolute.get("EndTime", duration_ms)
    if relative:
        pct = lambda v: duration_ms * v // 100   # noqa: E731
        if "First" in relative:
            return 0, pct(relative["First"])
        if "Last" in relative:
            return duration_ms - pct(relative["Last"]), duration_ms
        return pct(relative.get("StartPercentage", 0)), pct(relative.get("EndPercentage", 100))
    return 0, duration_ms


def _rule(rule: dict, a: dict) -> tuple[bool, list[dict]]:
    """(matched?, points of interest) for one rule."""
    kind = next(k for k in FILTERS if k in rule)
    f = rule[kind]
    lo, hi = _window(f, a["duration_ms"])
    role = f.get("ParticipantRole")
    turns = [t for t in a["transcript"] if (not role or t["ParticipantRole"] == role)
             and lo <= t["BeginOffsetMillis"] <= hi]
    points: list[dict] = []
    if kind == "TranscriptFilter":
        targets = [" ".join(t.lower().split()) for t in f["Targets"]]
        for t in turns:
            text = " " + " ".join(w.strip(".,?!").lower() for w in t["Content"].split()) + " "
            if any(f" {target} " in text for target in targets):
                points.append({"BeginOffsetMillis": t["BeginOffsetMillis"], "EndOffsetMillis": t["EndOffsetMillis"]})
    elif kind == "SentimentFilter":
        points = [{"BeginOffsetMillis": t["BeginOffsetMillis"], "EndOffsetMillis": t["EndOffsetMillis"]}
                  for t in turns if t["Sentiment"] in f["Sentiments"]]
    elif kind == "InterruptionFilter":
        by = a["characteristics"]["Interruptions"]["InterruptionsByInterrupter"]
        found = [i for r, v in by.items() if not role or r == role for i in v if lo <= i["BeginOffsetMillis"] <= hi]
        if sum(i["DurationMillis"] for i in found) >= f.get("Threshold", 0) and found:
            points = [{k: i[k] for k in ("BeginOffsetMillis", "EndOffsetMillis")} for i in found]
    else:
        gaps = a["characteristics"]["NonTalkTime"]["Instances"]
        points = [{k: g[k] for k in ("BeginOffsetMillis", "EndOffsetMillis")} for g in gaps
                  if g["DurationMillis"] >= f.get("Threshold", 0) and lo <= g["BeginOffsetMillis"] <= hi]
    matched = bool(points)
    if f.get("Negate"):
        return not matched, []
    return matched, points


def match(a: dict) -> dict:
    """Categories{MatchedCategories, MatchedDetails} of a Call Analytics job's analysis."""
    names, details = [], {}
    for cat in categories().values():
        if cat.get("InputType", "POST_CALL") != "POST_CALL":
            continue
        results = [_rule(rule, a) for rule in cat["Rules"]]
        if all(ok for ok, _ in results):
            names.append(cat["CategoryName"])
            details[cat["CategoryName"]] = {"PointsOfInterest": [p for _, pts in results for p in pts]}
    return {"MatchedCategories": names, "MatchedDetails": details}
