"""Kendra FAQs: CreateFaq from an S3 file (CSV, CSV_WITH_HEADER, JSON), Describe/List/Delete, matching."""
from __future__ import annotations

import csv
import io
import json

from awsml_study.services.kendra import attributes as at, common
from awsml_study.sim import jobs, s3io
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

LIFE = jobs.Lifecycle(key="Status", running="CREATING", done="ACTIVE", failed="FAILED",
                      stopped="FAILED", message_key="ErrorMessage", start_key=None, end_key="UpdatedAt")
MAX_FAQS = 30          # FAQs per index (older published quota)
MATCH_CONFIDENCE = 0.6  # a FAQ question at least this close becomes a QUESTION_ANSWER result
MAX_MATCHES = 4        # Kendra returns at most four QUESTION_ANSWER results


def parse(data: bytes, fmt: str, fields: dict) -> list[dict]:
    """FAQ entries {question, answer, uri, attributes} from a file; JobFailure for a bad file."""
    text = data.decode("utf-8-sig", errors="replace")
    entries = []
    if fmt == "JSON":
        try:
            doc = json.loads(text)
            items = doc["FaqDocuments"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise jobs.JobFailure('The JSON FAQ file must be an object with a "FaqDocuments" list.') from None
        for n, item in enumerate(items, 1):
            if not isinstance(item, dict) or not item.get("Question") or not item.get("Answer"):
                raise jobs.JobFailure(f"FAQ document {n} needs a Question and an Answer.")
            attrs = _typed(item.get("Attributes") or {}, fields, n)
            entries.append({"question": item["Question"], "answer": item["Answer"],
                            "uri": (item.get("Attributes") or {}).get("_source_uri"),
                            "attributes": attrs, "acl": item.get("AccessControlList") or []})
    else:
        rows = list(csv.reader(io.StringIO(text)))
        header = None
        if fmt == "CSV_WITH_HEADER":
            if not rows:
                raise jobs.JobFailure("The FAQ file is empty.")
            header = [h.strip() for h in rows.pop(0)]
            if "_question" not in header or "_answer" not in header:
                raise jobs.JobFailure("A CSV_WITH_HEADER FAQ file needs _question and _answer columns.")
        for n, row in enumerate(rows, 2 if header else 1):
            if not any(c.strip() for c in row):
                continue
            if header:
                values = dict(zip(header, row))
                q, a, uri = values.get("_question", ""), values.get("_answer", ""), values.get("_source_uri")
                extra = {k: v for k, v in values.items() if not k.startswith("_") and v.strip()}
            else:
                if len(row) < 2:
                    raise jobs.JobFailure(f"Row {n} of the CSV FAQ file has fewer than two columns "
                                          "(question, answer).")
                q, a, uri, extra = row[0], row[1], (row[2] if len(row) > 2 else None), {}
            if not q.strip() or not a.strip():
                raise jobs.JobFailure(f"Row {n} of the FAQ file has an empty question or answer.")
            entries.append({"question": q.strip(), "answer": a.strip(), "uri": (uri or "").strip() or None,
                            "attributes": _typed(extra, fields, n), "acl": []})
    if not entries:
        raise jobs.JobFailure("The FAQ file has no question and answer pairs.")
    return entries


def _typed(raw: dict, fields: dict, n: int) -> dict:
    out = {}
    for key, value in raw.items():
        if key == "_source_uri":
            out[key] = {"StringValue": str(value)}
            continue
        field = fields.get(key)
        if field is None:
            raise jobs.JobFailure(f"FAQ entry {n}: the attribute {key} is not defined in the index.")
        kind = field["Type"]
        try:
            out[key] = ({"LongValue": int(value)} if kind == "LONG_VALUE" else
                        {"DateValue": at.as_date(value)} if kind == "DATE_VALUE" else
                        {"StringListValue": value if isinstance(value, list) else [str(value)]}
                        if kind == "STRING_LIST_VALUE" else {"StringValue": str(value)})
        except (TypeError, ValueError):
            raise jobs.JobFailure(f"FAQ entry {n}: the value of {key} is not a {kind}.") from None
    return out


@operation("kendra", "CreateFaq", engine="kendra/faq-embeddings")
def create_faq(p: dict) -> dict:
    common.check("CreateFaq", p)
    rec = common.active_index(p["IndexId"])
    if len(rec.faqs) >= MAX_FAQS:
        raise AwsError("ServiceQuotaExceededException", f"An index can have at most {MAX_FAQS} FAQs.")
    faq_id = common.new_id()
    now = jobs.now()
    fmt = p.get("FileFormat", "CSV")
    props = {"Id": faq_id, "IndexId": rec.index_id, "Name": p["Name"], "Description": p.get("Description", ""),
             "CreatedAt": now, "UpdatedAt": now, "S3Path": dict(p["S3Path"]), "Status": "CREATING",
             "RoleArn": p["RoleArn"], "FileFormat": fmt, "LanguageCode": p.get("LanguageCode", "en")}

    def work(job):
        try:
            data = s3io.read(p["S3Path"]["Bucket"], p["S3Path"]["Key"])
        except s3io.S3ReadError as err:
            raise jobs.JobFailure(f"Amazon Kendra could not read the FAQ file: {err}") from None
        entries = parse(data, fmt, rec.fields())
        from awsml_study.engines.search import embeddings, text as tx
        vectors = embeddings.embed([e["question"] for e in entries])
        for n, (e, v) in enumerate(zip(entries, vectors), 1):
            e["vector"], e["terms"] = v, set(tx.terms(e["question"]))
            e["doc_id"] = f"{faq_id}-{n}"
            e["attributes"]["_faq_id"] = {"StringValue": faq_id}
        rec.faq_entries[faq_id] = entries

    rec.faqs[faq_id] = jobs.submit(jobs.Job(faq_id, props, work=work, lifecycle=LIFE))
    common.add_tags(f"{common.arn_prefix()}{rec.index_id}/faq/{faq_id}", p.get("Tags"))
    return {"Id": faq_id}


def _faq_or_404(rec, faq_id: str):
    job = rec.faqs.get(faq_id)
    if job is None:
        raise AwsError("ResourceNotFoundException", f"FAQ {faq_id} does not exist in index {rec.index_id}.")
    return job.settle()


@operation("kendra", "DescribeFaq", engine=common.ENGINE_CONTROL)
def describe_faq(p: dict) -> dict:
    common.check("DescribeFaq", p)
    job = _faq_or_404(common.index_or_404(p["IndexId"]), p["Id"])
    return {k: v for k, v in job.props.items() if v != ""}


@operation("kendra", "ListFaqs", engine=common.ENGINE_CONTROL)
def list_faqs(p: dict) -> dict:
    common.check("ListFaqs", p)
    rec = common.index_or_404(p["IndexId"])
    jobs.settle_all(list(rec.faqs.values()))
    items = [{k: j.props[k] for k in ("Id", "Name", "Status", "CreatedAt", "UpdatedAt", "FileFormat", "LanguageCode")}
             for j in rec.faqs.values()]
    page, token = jobs.page(items, p.get("MaxResults"), p.get("NextToken"), error_code="ValidationException")
    return {"FaqSummaryItems": page, **({"NextToken": token} if token else {})}


@operation("kendra", "DeleteFaq", engine=common.ENGINE_CONTROL)
def delete_faq(p: dict) -> dict:
    common.check("DeleteFaq", p)
    rec = common.index_or_404(p["IndexId"])
    _faq_or_404(rec, p["Id"])
    rec.faqs.pop(p["Id"], None)
    rec.faq_entries.pop(p["Id"], None)
    common.tags().pop(f"{common.arn_prefix()}{rec.index_id}/faq/{p['Id']}", None)
    return {}


def match(rec, query: str, plain_filter: dict | None, principal=None) -> list[tuple[dict, float]]:
    """FAQ entries whose question means what the query asks and the user may see (JSON FAQ
    entries can carry an AccessControlList): (entry, confidence), best first."""
    from types import SimpleNamespace
    entries = [e for fid, es in rec.faq_entries.items()
               if fid in rec.faqs and rec.faqs[fid].props["Status"] == "ACTIVE" for e in es]
    if not entries:
        return []
    from awsml_study.engines.search import embeddings, text as tx
    q_terms = set(tx.query_terms(query))
    qvec = embeddings.embed([query])[0]
    found = []
    for e in entries:
        if plain_filter and not at.matches(plain_filter, e["attributes"]):
            continue
        if not at.visible(SimpleNamespace(acl=e["acl"], hierarchical=[]), principal):
            continue
        cos = float(e["vector"] @ qvec)
        cover = len(q_terms & e["terms"]) / max(1, len(q_terms))
        conf = 0.5 * cover + 0.5 * max(0.0, cos)
        if conf >= MATCH_CONFIDENCE:
            found.append((e, conf))
    found.sort(key=lambda x: -x[1])
    return found[:MAX_MATCHES]
