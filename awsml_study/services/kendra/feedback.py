"""Kendra feedback and query suggestions: SubmitFeedback nudges later rankings; suggestions come
from the index's own query history (Get/Clear, Describe/UpdateQuerySuggestionsConfig)."""
from __future__ import annotations

import datetime as dt

from awsml_study.engines.search import text as tx
from awsml_study.services.kendra import common
from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

RELEVANT_BOOST = 0.15   # added to the document's score for the same query terms
CLICK_BOOST = 0.03
# The kit's starting configuration: low thresholds, so a short study session sees suggestions.
DEFAULT_CONFIG = {"Mode": "ENABLED", "Status": "ACTIVE", "QueryLogLookBackWindowInDays": 180,
                  "IncludeQueriesWithoutUserInformation": True, "MinimumNumberOfQueryingUsers": 1,
                  "MinimumQueryCount": 1}
MAX_SUGGESTION_CHARS = 60  # query suggestions ignore longer query text


@operation("kendra", "SubmitFeedback", engine="kendra/feedback")
def submit_feedback(p: dict) -> dict:
    common.check("SubmitFeedback", p)
    rec = common.active_index(p["IndexId"])
    record = rec.queries.get(p["QueryId"])
    if record is None:
        raise AwsError("ResourceNotFoundException", f"Query {p['QueryId']} was not made on this index.")
    key = " ".join(tx.query_terms(record["text"]))
    items = [(i["ResultId"], CLICK_BOOST) for i in p.get("ClickFeedbackItems") or []]
    items += [(i["ResultId"], RELEVANT_BOOST if i["RelevanceValue"] == "RELEVANT" else -RELEVANT_BOOST)
              for i in p.get("RelevanceFeedbackItems") or []]
    for result_id, _ in items:
        if result_id not in record["results"]:
            raise AwsError("ValidationException", f"Result {result_id} is not a result of query {p['QueryId']}.")
    for result_id, boost in items:
        doc_id = record["results"][result_id]
        rec.feedback[(key, doc_id)] = rec.feedback.get((key, doc_id), 0.0) + boost
    return {}


def _config(rec) -> dict:
    if not rec.suggestions_config:
        rec.suggestions_config.update(DEFAULT_CONFIG)
    return rec.suggestions_config


def _candidates(rec) -> list[tuple[str, int]]:
    """Past queries that found something, with their counts, within the look-back window."""
    conf = _config(rec)
    since = jobs.now() - dt.timedelta(days=conf["QueryLogLookBackWindowInDays"])
    counts: dict[str, list] = {}
    for q in rec.query_log:
        if not q["found"] or q["at"] < since or len(q["text"]) > MAX_SUGGESTION_CHARS:
            continue
        if q["user"] is None and not conf["IncludeQueriesWithoutUserInformation"]:
            continue
        text = " ".join(q["text"].split()).lower().rstrip("?")
        entry = counts.setdefault(text, [0, set()])
        entry[0] += 1
        entry[1].add(q["user"])
    return [(t, n) for t, (n, users) in counts.items()
            if n >= conf["MinimumQueryCount"] and len(users) >= conf["MinimumNumberOfQueryingUsers"]]


@operation("kendra", "GetQuerySuggestions", engine="kendra/query-log")
def get_query_suggestions(p: dict) -> dict:
    common.check("GetQuerySuggestions", p)
    rec = common.active_index(p["IndexId"])
    if "DOCUMENT_ATTRIBUTES" in (p.get("SuggestionTypes") or []):
        raise AwsError("ValidationException", "awsml-study suggests from query history only "
                                              "(SuggestionTypes QUERY).")
    typed = " ".join(p["QueryText"].split()).lower()
    if not typed:
        raise AwsError("ValidationException", "QueryText must not be empty.")
    limit = p.get("MaxSuggestionsCount", 10)
    conf = _config(rec)
    found = []
    if conf["Mode"] == "ENABLED":
        from awsml_study.services.kendra.blocklists import is_blocked
        jobs.settle_all(list(rec.block_lists.values()))
        for text, n in _candidates(rec):
            if is_blocked(rec, text):
                continue
            if text != typed and (text.startswith(typed) or f" {typed}" in f" {text}"):
                found.append((text, n))
    found.sort(key=lambda x: (not x[0].startswith(typed), -x[1], x[0]))
    sid = common.new_id()
    suggestions = []
    for i, (text, _) in enumerate(found[:limit], 1):
        at = text.find(typed)
        suggestions.append({"Id": f"{sid}-{i}", "Value": {"Text": {
            "Text": text, "Highlights": [{"BeginOffset": at, "EndOffset": at + len(typed)}]}}})
    return {"QuerySuggestionsId": sid, "Suggestions": suggestions}


@operation("kendra", "DescribeQuerySuggestionsConfig", engine="kendra/query-log")
def describe_config(p: dict) -> dict:
    common.check("DescribeQuerySuggestionsConfig", p)
    rec = common.index_or_404(p["IndexId"])
    out = dict(_config(rec))
    out["TotalSuggestionsCount"] = len(_candidates(rec))
    out["LastSuggestionsBuildTime"] = jobs.now()
    return out


@operation("kendra", "UpdateQuerySuggestionsConfig", engine="kendra/query-log")
def update_config(p: dict) -> dict:
    common.check("UpdateQuerySuggestionsConfig", p)
    rec = common.active_index(p["IndexId"])
    conf = _config(rec)
    for key in ("Mode", "QueryLogLookBackWindowInDays", "IncludeQueriesWithoutUserInformation",
                "MinimumNumberOfQueryingUsers", "MinimumQueryCount"):
        if key in p:
            conf[key] = p[key]
    if not 1 <= conf["QueryLogLookBackWindowInDays"] <= 365:
        raise AwsError("ValidationException", "QueryLogLookBackWindowInDays runs from 1 to 365.")
    return {}


@operation("kendra", "ClearQuerySuggestions", engine="kendra/query-log")
def clear_query_suggestions(p: dict) -> dict:
    common.check("ClearQuerySuggestions", p)
    rec = common.active_index(p["IndexId"])
    rec.query_log.clear()
    _config(rec)["LastClearTime"] = jobs.now()
    return {}
