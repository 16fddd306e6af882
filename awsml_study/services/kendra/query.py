"""Kendra Query and Retrieve: ranked ANSWER, QUESTION_ANSWER and DOCUMENT results, RAG passages."""
from __future__ import annotations

from awsml_study.engines.search import answers, ranker, text as tx
from awsml_study.services.kendra import access, attributes as at, common, faqs, featured, results, thesauri
from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation

MAX_RESULTS = 100          # Query and Retrieve return at most 100 results in all
ANSWER_CONFIDENCE = 0.5    # below this the kit gives no ANSWER result, only documents
MORE_ANSWERS_CONFIDENCE = 0.7  # a second or third ANSWER needs a clearly good passage
MAX_ANSWERS = 3            # Kendra returns at most three ANSWER results
RETRIEVE_WORDS = 200       # Retrieve passages: up to 200 token words


def _paging(p: dict) -> tuple[int, int]:
    size, number = p.get("PageSize", 10), p.get("PageNumber", 1)
    if not 1 <= size <= MAX_RESULTS:
        raise AwsError("ValidationException", f"PageSize must be between 1 and {MAX_RESULTS}.")
    if number < 1:
        raise AwsError("ValidationException", "PageNumber must be 1 or more.")
    if (number - 1) * size >= MAX_RESULTS:
        raise AwsError("ValidationException", f"Results beyond the first {MAX_RESULTS} are not "
                                              "available; use a smaller PageNumber or PageSize.")
    return size, number


def _prepare(p: dict, operation_name: str):
    """The index, the documents the caller may see that pass the filter, and the principal."""
    common.check(operation_name, p)
    rec = common.active_index(p["IndexId"])
    rec.settle_documents()
    jobs.settle_all(list(rec.faqs.values()) + list(rec.thesauri.values()))
    fields = rec.fields()
    flt = p.get("AttributeFilter")
    if flt:
        at.check_filter(flt, fields)
    ctx = p.get("UserContext") or {}
    if ctx.get("Token") and (ctx.get("UserId") or ctx.get("Groups") or ctx.get("DataSourceGroups")):
        raise AwsError("ValidationException", "UserContext takes either a Token or UserId/Groups/"
                                              "DataSourceGroups, not both.")
    if ctx.get("Token") and rec.props["Edition"] == "GEN_AI_ENTERPRISE_EDITION":
        raise AwsError("ValidationException", "Gen AI Enterprise Edition indexes do not support "
                                              "token-based user context; use UserId and Groups.")
    if len(ctx.get("Groups") or []) > 100:
        raise AwsError("ValidationException", "UserContext can name up to 100 groups.")
    principal = at.principal_of(p.get("UserContext"), rec.props.get("UserContextPolicy"),
                                rec.props.get("UserTokenConfigurations"))
    if principal is None:
        principal = at.acl_filter_principal(flt)
    if rec.props.get("UserContextPolicy") == "USER_TOKEN" and not (p.get("UserContext") or {}).get("Token"):
        principal = (set(), set())  # no token: only documents without an ACL are visible
    if principal is not None and rec.principals:
        principal = (principal[0], access.expand_groups(rec, principal[0], principal[1]))
    plain = at.strip_acl_terms(flt)
    # A snapshot: a sync job may add or remove documents in the worker thread meanwhile.
    allowed = {d.doc_id for d in list(rec.docs.values())
               if at.visible(access.effective(rec, d), principal)
               and (plain is None or at.matches(plain, d.attributes))}
    return rec, fields, allowed, plain, principal


def _overrides(p: dict) -> dict:
    return {c["Name"]: c["Relevance"] for c in p.get("DocumentRelevanceOverrideConfigurations") or []}


def _ranked_documents(rec, p: dict, fields: dict, allowed: set[str], text: str):
    engine = rec.search_engine()
    synonyms = thesauri.expansions(rec.synonym_rules(), tx.query_terms(text))
    hits = ranker.per_document(engine.search(text, synonyms, allowed)) if text else []
    q_terms = set(tx.query_terms(text))
    key = " ".join(tx.query_terms(text))
    overrides = _overrides(p)
    pairs = [(h, rec.docs.get(h.doc_id)) for h in hits]
    pairs = [(h, d) for h, d in pairs if d is not None]  # a running sync may have removed one
    hits, docs = [h for h, _ in pairs], [d for _, d in pairs]
    bounds = results.long_bounds(docs, fields)
    scored = []
    for h, d in zip(hits, docs):
        s = results.tuned_score(h, d, fields, overrides, q_terms, bounds) + rec.feedback.get((key, d.doc_id), 0.0)
        scored.append((d, s, h))
    scored.sort(key=lambda x: -x[1])
    return scored, synonyms, q_terms


@operation("kendra", "Query", engine=ranker.ENGINE)
def query(p: dict) -> dict:
    text = (p.get("QueryText") or "").strip()
    if not text and not p.get("AttributeFilter"):
        raise AwsError("ValidationException", "A query needs QueryText, or an AttributeFilter to "
                                              "browse documents without query text.")
    size, number = _paging(p)
    rec, fields, allowed, plain, principal = _prepare(p, "Query")
    sort = p.get("SortingConfigurations") or ([p["SortingConfiguration"]] if p.get("SortingConfiguration") else [])
    results.check_sortable(sort, fields)
    results.check_facets(p.get("Facets") or [], fields)
    if text:
        scored, synonyms, q_terms = _ranked_documents(rec, p, fields, allowed, text)
    else:  # browsing by filter only: every allowed document, in index order
        scored, synonyms, q_terms = [(d, 0.0, None) for i, d in list(rec.docs.items()) if i in allowed], {}, set()
    if sort:
        scored = results.sort_docs(scored, sort)
    scored = scored[:MAX_RESULTS]
    syn_terms = {s for t in q_terms for s in synonyms.get(t, ())} - q_terms
    qid = common.new_id()
    items: list[dict] = []
    wanted_type = p.get("QueryResultTypeFilter")
    requested = p.get("RequestedDocumentAttributes")
    engine = rec.search_engine()
    record = {"text": text, "results": {}}
    counter = iter(range(1, 10_000))

    def rid() -> str:
        return f"{qid}-{next(counter)}"

    if number == 1 and text:
        if wanted_type in (None, "QUESTION_ANSWER"):
            for entry, conf in faqs.match(rec, text, plain, principal):
                r = rid()
                items.append(results.faq_item(r, qid, entry, conf, q_terms, syn_terms))
                record["results"][r] = entry["doc_id"]
        if wanted_type in (None, "ANSWER") and answers.looks_like_question(text):
            for n, (d, _, h) in enumerate(scored[:MAX_ANSWERS]):
                if h is None or h.confidence < (ANSWER_CONFIDENCE if n == 0 else MORE_ANSWERS_CONFIDENCE):
                    break
                r = rid()
                items.append(results.answer_item(r, qid, d, h, engine, text, q_terms, syn_terms, fields, requested))
                record["results"][r] = d.doc_id
    if wanted_type in (None, "DOCUMENT"):
        for d, _, h in scored[(number - 1) * size: number * size]:
            r = rid()
            if h is None:  # filter-only browsing: the start of the document as excerpt
                h = ranker.Hit(d.doc_id, _first_passage(engine, d.doc_id), 0.0, 0.0, 0.0, 0.0)
            items.append(results.document_item(r, qid, d, h, engine, q_terms, syn_terms, fields, requested))
            record["results"][r] = d.doc_id
    rec.queries[qid] = record
    _log(rec, p, text, bool(scored))
    out = {"QueryId": qid, "ResultItems": items,
           "FacetResults": results.facet_results(p.get("Facets") or [], [d for d, _, _ in scored], fields),
           "TotalNumberOfResults": len(scored)}
    pinned = [rec.docs.get(i) for i in featured.featured_for(rec.index_id, text) if i in allowed] \
        if text and number == 1 else []
    pinned = [d for d in pinned if d is not None]
    if pinned:
        out["FeaturedResultsItems"] = []
        for d in pinned:
            r = rid()
            item = results.document_item(r, qid, d, ranker.Hit(d.doc_id, _first_passage(engine, d.doc_id), 0.0, 1.0,
                                                                0.0, 0.0), engine, q_terms, syn_terms, fields, requested)
            out["FeaturedResultsItems"].append({k: v for k, v in item.items()
                                                if k not in ("Format", "ScoreAttributes")})
            record["results"][r] = d.doc_id
    if text and (p.get("SpellCorrectionConfiguration") or {}).get("IncludeQuerySpellCheckSuggestions"):
        from awsml_study.engines.search import spelling
        fixes = spelling.corrections(text, engine.words())
        if fixes:
            out["SpellCorrectedQueries"] = [{"SuggestedQueryText": spelling.corrected(text, fixes),
                                             "Corrections": fixes}]
    return out


def _first_passage(engine, doc_id: str) -> int:
    if engine._dirty:
        engine._build()
    return next(i for i, ps in enumerate(engine.passages) if ps.doc_id == doc_id)


def _log(rec, p: dict, text: str, found: bool) -> None:
    if text:
        user = (p.get("UserContext") or {}).get("UserId") or p.get("VisitorId")
        rec.query_log.append({"text": text, "found": found, "user": user, "at": jobs.now()})


@operation("kendra", "Retrieve", engine=ranker.ENGINE)
def retrieve(p: dict) -> dict:
    size, number = _paging(p)
    text = p["QueryText"].strip()
    if not text:
        raise AwsError("ValidationException", "QueryText must not be empty.")
    rec, fields, allowed, _, _ = _prepare(p, "Retrieve")
    engine = rec.search_engine()
    hits = engine.search(text, thesauri.expansions(rec.synonym_rules(), tx.query_terms(text)), allowed,
                         limit=MAX_RESULTS)
    key = " ".join(tx.query_terms(text))
    hits.sort(key=lambda h: -(h.score + rec.feedback.get((key, h.doc_id), 0.0)))
    qid = common.new_id()
    items = []
    requested = p.get("RequestedDocumentAttributes")
    hits = [h for h in hits if h.doc_id in rec.docs]
    for n, h in enumerate(hits[(number - 1) * size: number * size], 1):
        doc = rec.docs.get(h.doc_id)
        if doc is None:  # removed by a running sync since the search
            continue
        item = {"Id": f"{qid}-{n}", "DocumentId": doc.doc_id, "DocumentTitle": doc.title or doc.doc_id,
                "Content": _passage_for_rag(engine, h.passage),
                "DocumentAttributes": results.shown_attributes(doc, fields, requested),
                "ScoreAttributes": {"ScoreConfidence": ranker.confidence_label(h.confidence)}}
        if doc.uri:
            item["DocumentURI"] = doc.uri
        items.append(item)
    rec.queries[qid] = {"text": text, "results": {i["Id"]: i["DocumentId"] for i in items}}
    _log(rec, p, text, bool(hits))
    return {"QueryId": qid, "ResultItems": items}


def _passage_for_rag(engine, pi: int) -> str:
    """The passage, grown with the next passage of the same document while it stays within
    200 words: RAG prompts want whole thoughts."""
    p = engine.passages[pi]
    doc = engine.docs[p.doc_id]
    end = p.end
    nxt = pi + 1
    while nxt < len(engine.passages) and engine.passages[nxt].doc_id == p.doc_id:
        cand = engine.passages[nxt].end
        if len(tx.words(doc.text[p.begin:cand])) > RETRIEVE_WORDS:
            break
        end, nxt = cand, nxt + 1
    return doc.text[p.begin:end]
