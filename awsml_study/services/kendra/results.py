"""Building Kendra result items: relevance tuning, sorting, facets, excerpts with highlights."""
from __future__ import annotations

import datetime as dt

from awsml_study.engines.search import answers, ranker, text as tx
from awsml_study.services.kendra import attributes as at
from awsml_study.sim.errors import AwsError

MAX_TEXT = 2048  # TextWithHighlights.Text maximum


def tuned_score(hit, doc, fields: dict, overrides: dict, q_terms: set[str], bounds: dict) -> float:
    """The hit's score after the index's relevance tuning (and the query's overrides):
    Importance of searchable fields that hold query terms, ValueImportanceMap, Freshness of
    date fields, and RankOrder of numeric fields. At importance 10 each can add up to half the score."""
    bonus = 0.0
    for name, value in doc.attributes.items():
        conf = fields.get(name)
        if conf is None:
            continue
        rel = dict(conf.get("Relevance") or {})
        rel.update(overrides.get(name, {}))
        importance = rel.get("Importance", 1)
        step = (importance - 1) / 9  # 0 for the default importance 1, 1 for the maximum 10
        if "StringValue" in value or "StringListValue" in value:
            values = value.get("StringListValue") or [value.get("StringValue")]
            vmap = rel.get("ValueImportanceMap") or {}
            if vmap:
                best = max((vmap.get(v, 0) for v in values), default=0)
                bonus += 0.5 * best / 10
            if (conf.get("Search") or {}).get("Searchable") and step:
                if q_terms & {t for v in values for t in tx.terms(v)}:
                    bonus += 0.5 * step
        elif "DateValue" in value and rel.get("Freshness"):
            age = (dt.datetime.now(dt.timezone.utc) - at.as_date(value["DateValue"])).total_seconds()
            window = float(str(rel.get("Duration", "25920000s")).rstrip("s") or 1)
            bonus += 0.5 * max(step, 0.2) * max(0.0, 1 - age / window)
        elif "LongValue" in value and rel.get("RankOrder") and step and name in bounds:
            lo, hi = bounds[name]
            frac = (value["LongValue"] - lo) / (hi - lo) if hi > lo else 0.0
            # Kendra: ASCENDING means higher numbers rank higher; DESCENDING, lower numbers.
            bonus += 0.5 * step * (frac if rel["RankOrder"] == "ASCENDING" else 1 - frac)
    return hit.score * (1 + bonus)


def long_bounds(docs: list, fields: dict) -> dict:
    out: dict = {}
    for d in docs:
        for name, v in d.attributes.items():
            if "LongValue" in v:
                lo, hi = out.get(name, (v["LongValue"], v["LongValue"]))
                out[name] = (min(lo, v["LongValue"]), max(hi, v["LongValue"]))
    return out


def check_sortable(configs: list[dict], fields: dict) -> None:
    for c in configs:
        key = c["DocumentAttributeKey"]
        if key == "_document_relevance":
            continue
        f = fields.get(key)
        if f is None or not (f.get("Search") or {}).get("Sortable"):
            raise AwsError("ValidationException", f"The field {key} is not sortable. Set "
                                                  "Search.Sortable to true with UpdateIndex first.")


def sort_docs(items: list, configs: list[dict]) -> list:
    """Stable sorts, last criterion first; documents without the attribute go last."""
    for c in reversed(configs):
        key, desc = c["DocumentAttributeKey"], c["SortOrder"] == "DESC"
        if key == "_document_relevance":
            items.sort(key=lambda x: x[1], reverse=desc)
            continue
        have = [x for x in items if key in x[0].attributes]
        missing = [x for x in items if key not in x[0].attributes]
        have.sort(key=lambda x: at._scalar(x[0].attributes[key]), reverse=desc)
        items = have + missing
    return items


def check_facets(facets: list[dict], fields: dict, depth: int = 0) -> None:
    for f in facets:
        key = f.get("DocumentAttributeKey")
        conf = fields.get(key)
        if conf is None or not (conf.get("Search") or {}).get("Facetable"):
            raise AwsError("ValidationException", f"The field {key} is not facetable. Set "
                                                  "Search.Facetable to true with UpdateIndex first.")
        if f.get("Facets"):
            if depth >= 1:
                raise AwsError("ValidationException", "Facets can be nested one level only.")
            check_facets(f["Facets"], fields, depth + 1)


def facet_results(facets: list[dict], docs: list, fields: dict) -> list[dict]:
    out = []
    for f in facets:
        key = f["DocumentAttributeKey"]
        kind = fields[key]["Type"]
        counts: dict = {}
        members: dict = {}
        for d in docs:
            v = d.attributes.get(key)
            if v is None:
                continue
            values = ([("StringValue", s) for s in v["StringListValue"]] if "StringListValue" in v
                      else [next(iter(v.items()))])
            for pair in values:
                counts[pair] = counts.get(pair, 0) + 1
                members.setdefault(pair, []).append(d)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0][1])))
        limit = f.get("MaxResults") or 10
        pairs = []
        for (vk, vv), n in ranked[:limit]:
            item = {"DocumentAttributeValue": {vk: vv}, "Count": n}
            if f.get("Facets"):
                item["FacetResults"] = facet_results(f["Facets"], members[(vk, vv)], fields)
            pairs.append(item)
        out.append({"DocumentAttributeKey": key, "DocumentAttributeValueType": kind,
                    "DocumentAttributeValueCountPairs": pairs})
    return out


def shown_attributes(doc, fields: dict, requested: list | None) -> list[dict]:
    keys = requested if requested else [k for k in doc.attributes
                                        if (fields.get(k, {}).get("Search") or {}).get("Displayable", True)]
    return [{"Key": k, "Value": doc.attributes[k]} for k in keys if k in doc.attributes]


def text_with_highlights(text: str, wanted: set[str], synonyms: set[str]) -> dict:
    text = text[:MAX_TEXT]
    return {"Text": text, "Highlights": tx.highlights(text, wanted, synonyms)}


def document_item(rid: str, qid: str, doc, hit, engine, wanted: set[str], synonyms: set[str],
                  fields: dict, requested: list | None) -> dict:
    p = engine.passages[hit.passage]
    snippet, _ = answers.excerpt(doc.text, p.begin, p.end, wanted | synonyms)
    item = {"Id": rid, "Type": "DOCUMENT", "Format": "TEXT", "AdditionalAttributes": [],
            "DocumentId": doc.doc_id,
            "DocumentTitle": text_with_highlights(doc.title or doc.doc_id, wanted, synonyms),
            "DocumentExcerpt": text_with_highlights(snippet, wanted, synonyms),
            "DocumentAttributes": shown_attributes(doc, fields, requested),
            "ScoreAttributes": {"ScoreConfidence": ranker.confidence_label(hit.confidence)},
            "FeedbackToken": f"{qid}.{rid}"}
    if doc.uri:
        item["DocumentURI"] = doc.uri
    return item


def answer_item(rid: str, qid: str, doc, hit, engine, query: str, wanted: set[str],
                synonyms: set[str], fields: dict, requested: list | None) -> dict:
    """An ANSWER: the passage as excerpt, and the sentence that answers marked TopAnswer."""
    passage = engine.passage_text(hit.passage)[:MAX_TEXT]
    b, e, _ = answers.best_sentence(passage, query, wanted | synonyms)
    marks = [h for h in tx.highlights(passage, wanted, synonyms)
             if h["EndOffset"] <= b or h["BeginOffset"] >= e]
    marks.append({"BeginOffset": b, "EndOffset": e, "TopAnswer": True, "Type": "STANDARD"})
    marks.sort(key=lambda h: h["BeginOffset"])
    body = {"Text": passage, "Highlights": marks}
    item = {"Id": rid, "Type": "ANSWER", "Format": "TEXT",
            "AdditionalAttributes": [{"Key": "AnswerText", "ValueType": "TEXT_WITH_HIGHLIGHTS_VALUE",
                                      "Value": {"TextWithHighlightsValue": body}}],
            "DocumentId": doc.doc_id,
            "DocumentTitle": text_with_highlights(doc.title or doc.doc_id, wanted, synonyms),
            "DocumentExcerpt": body,
            "DocumentAttributes": shown_attributes(doc, fields, requested),
            "ScoreAttributes": {"ScoreConfidence": ranker.confidence_label(hit.confidence)},
            "FeedbackToken": f"{qid}.{rid}"}
    if doc.uri:
        item["DocumentURI"] = doc.uri
    return item


def faq_item(rid: str, qid: str, entry: dict, confidence: float, wanted: set[str],
             synonyms: set[str]) -> dict:
    q = text_with_highlights(entry["question"], wanted, synonyms)
    a = text_with_highlights(entry["answer"], wanted, synonyms)
    item = {"Id": rid, "Type": "QUESTION_ANSWER", "Format": "TEXT",
            "AdditionalAttributes": [
                {"Key": "QuestionText", "ValueType": "TEXT_WITH_HIGHLIGHTS_VALUE",
                 "Value": {"TextWithHighlightsValue": q}},
                {"Key": "AnswerText", "ValueType": "TEXT_WITH_HIGHLIGHTS_VALUE",
                 "Value": {"TextWithHighlightsValue": a}}],
            "DocumentId": entry["doc_id"], "DocumentTitle": q, "DocumentExcerpt": a,
            "DocumentAttributes": [{"Key": k, "Value": v} for k, v in entry["attributes"].items()],
            "ScoreAttributes": {"ScoreConfidence": ranker.confidence_label(confidence)},
            "FeedbackToken": f"{qid}.{rid}"}
    if entry.get("uri"):
        item["DocumentURI"] = entry["uri"]
    return item
