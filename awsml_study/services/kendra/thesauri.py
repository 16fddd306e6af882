"""Kendra thesauri: Solr-format synonym files from S3 that expand query terms (Create/Describe/List/Update/Delete)."""
from __future__ import annotations

from awsml_study.services.kendra import common
from awsml_study.sim import jobs, s3io
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

LIFE = jobs.Lifecycle(key="Status", running="CREATING", done="ACTIVE", failed="FAILED",
                      stopped="FAILED", message_key="ErrorMessage", start_key=None, end_key="UpdatedAt")
UPDATE_LIFE = jobs.Lifecycle(key="Status", running="UPDATING", done="ACTIVE",
                             failed="ACTIVE_BUT_UPDATE_FAILED", stopped="ACTIVE",
                             message_key="ErrorMessage", start_key=None, end_key="UpdatedAt")
MAX_THESAURI = 1                 # per index (published quota, adjustable)
MAX_FILE_BYTES = 5 * 1024 * 1024


def parse(data: bytes) -> list[tuple[list[tuple[str, ...]], list[tuple[str, ...]]]]:
    """Rules (left phrases, right phrases) of a Solr synonym file: `a, b, c` makes the terms
    equivalent; `a, b => c` expands a or b to c. Each phrase is a tuple of stemmed terms."""
    from awsml_study.engines.search import text as tx
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise jobs.JobFailure("The thesaurus file is not UTF-8 text.") from None
    rules = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.count("=>") > 1:
            raise jobs.JobFailure(f"Line {n} of the thesaurus has more than one '=>'.")
        left, _, right = line.partition("=>")
        lhs = [tuple(tx.terms(t)) for t in left.split(",") if tx.terms(t)]
        rhs = [tuple(tx.terms(t)) for t in right.split(",") if tx.terms(t)] if right else lhs
        if not lhs or not rhs or (not right and len(lhs) < 2):
            raise jobs.JobFailure(f"Line {n} of the thesaurus is not a synonym rule: {raw.strip()!r}.")
        rules.append((lhs, rhs))
    if not rules:
        raise jobs.JobFailure("The thesaurus file has no synonym rules.")
    return rules


def expansions(rules: list, q_terms: list[str]) -> dict[str, set[str]]:
    """Query term → the terms its synonyms add (a multi-word phrase must appear whole)."""
    present = set(q_terms)
    out: dict[str, set[str]] = {}
    for lhs, rhs in rules:
        for phrase in lhs:
            if phrase and set(phrase) <= present:
                extra = {t for other in rhs if other != phrase for t in other} - set(phrase)
                if extra:
                    out.setdefault(phrase[0], set()).update(extra)
    return out


def _load(rec, thes_id: str, path: dict, job) -> None:
    try:
        data = s3io.read(path["Bucket"], path["Key"])
    except s3io.S3ReadError as err:
        raise jobs.JobFailure(f"Amazon Kendra could not read the thesaurus file: {err}") from None
    if len(data) > MAX_FILE_BYTES:
        raise jobs.JobFailure("The thesaurus file is larger than 5 MB.")
    rules = parse(data)
    rec.synonyms[thes_id] = rules
    job.props.update({"FileSizeBytes": len(data), "SynonymRuleCount": len(rules),
                      "TermCount": len({p for lhs, rhs in rules for p in lhs + rhs})})


@operation("kendra", "CreateThesaurus", engine="kendra/thesaurus")
def create_thesaurus(p: dict) -> dict:
    common.check("CreateThesaurus", p)
    rec = common.active_index(p["IndexId"])
    if len(rec.thesauri) >= MAX_THESAURI:
        raise AwsError("ServiceQuotaExceededException", f"An index can have at most {MAX_THESAURI} thesaurus.")
    thes_id = common.new_id()
    now = jobs.now()
    props = {"Id": thes_id, "IndexId": rec.index_id, "Name": p["Name"], "Description": p.get("Description", ""),
             "Status": "CREATING", "CreatedAt": now, "UpdatedAt": now, "RoleArn": p["RoleArn"],
             "SourceS3Path": dict(p["SourceS3Path"])}
    rec.thesauri[thes_id] = jobs.submit(jobs.Job(
        thes_id, props, work=lambda job: _load(rec, thes_id, p["SourceS3Path"], job), lifecycle=LIFE))
    common.add_tags(f"{common.arn_prefix()}{rec.index_id}/thesaurus/{thes_id}", p.get("Tags"))
    return {"Id": thes_id}


def _thesaurus_or_404(rec, thes_id: str):
    job = rec.thesauri.get(thes_id)
    if job is None:
        raise AwsError("ResourceNotFoundException", f"Thesaurus {thes_id} does not exist in index {rec.index_id}.")
    return job.settle()


@operation("kendra", "DescribeThesaurus", engine=common.ENGINE_CONTROL)
def describe_thesaurus(p: dict) -> dict:
    common.check("DescribeThesaurus", p)
    job = _thesaurus_or_404(common.index_or_404(p["IndexId"]), p["Id"])
    return {k: v for k, v in job.props.items() if v != ""}


@operation("kendra", "ListThesauri", engine=common.ENGINE_CONTROL)
def list_thesauri(p: dict) -> dict:
    common.check("ListThesauri", p)
    rec = common.index_or_404(p["IndexId"])
    jobs.settle_all(list(rec.thesauri.values()))
    items = [{k: j.props[k] for k in ("Id", "Name", "Status", "CreatedAt", "UpdatedAt")} for j in rec.thesauri.values()]
    page, token = jobs.page(items, p.get("MaxResults"), p.get("NextToken"), error_code="ValidationException")
    return {"ThesaurusSummaryItems": page, **({"NextToken": token} if token else {})}


@operation("kendra", "UpdateThesaurus", engine="kendra/thesaurus")
def update_thesaurus(p: dict) -> dict:
    common.check("UpdateThesaurus", p)
    rec = common.active_index(p["IndexId"])
    old = _thesaurus_or_404(rec, p["Id"])
    props = old.props
    for key in ("Name", "Description", "RoleArn"):
        if key in p:
            props[key] = p[key]
    if "SourceS3Path" in p:
        props["SourceS3Path"] = dict(p["SourceS3Path"])
        props["Status"] = "UPDATING"
        props.pop("ErrorMessage", None)
        rec.thesauri[p["Id"]] = jobs.submit(jobs.Job(
            p["Id"], props, work=lambda job: _load(rec, p["Id"], p["SourceS3Path"], job), lifecycle=UPDATE_LIFE))
    else:
        props["UpdatedAt"] = jobs.now()
    return {}


@operation("kendra", "DeleteThesaurus", engine=common.ENGINE_CONTROL)
def delete_thesaurus(p: dict) -> dict:
    common.check("DeleteThesaurus", p)
    rec = common.index_or_404(p["IndexId"])
    _thesaurus_or_404(rec, p["Id"])
    rec.thesauri.pop(p["Id"], None)
    rec.synonyms.pop(p["Id"], None)
    common.tags().pop(f"{common.arn_prefix()}{rec.index_id}/thesaurus/{p['Id']}", None)
    return {}
