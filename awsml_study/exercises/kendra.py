"""Self-checks for notebooks/08_kendra.ipynb: each says right or wrong, and why."""
from __future__ import annotations

from awsml_study.exercises.feedback import blank, say


def check_it_filter(client, index_id: str, attribute_filter) -> bool | None:
    """Exercise 1: an AttributeFilter that keeps only IT documents viewed more than 1,000 times."""
    if blank(attribute_filter):
        return None
    try:
        got = client.query(IndexId=index_id, AttributeFilter=attribute_filter, PageSize=100)
    except client.exceptions.ClientError as err:
        return say(False, "", f"Kendra refused the filter: {err.response['Error']['Message']}")
    want = client.query(IndexId=index_id, PageSize=100, AttributeFilter={"AndAllFilters": [
        {"EqualsTo": {"Key": "department", "Value": {"StringValue": "IT"}}},
        {"GreaterThan": {"Key": "views", "Value": {"LongValue": 1000}}}]})
    ids = lambda r: sorted(i["DocumentId"] for i in r["ResultItems"])
    return say(ids(got) == ids(want), f"{len(ids(want))} documents, exactly the popular IT ones.",
               f"Your filter returns {len(ids(got))} documents; combine EqualsTo on department and "
               "GreaterThan on views with AndAllFilters.")


def check_top_answer(client, index_id: str, question: str, answer) -> bool | None:
    """Exercise 2: the text of the TopAnswer highlight of the ANSWER result for `question`."""
    if blank(answer):
        return None
    r = client.query(IndexId=index_id, QueryText=question, QueryResultTypeFilter="ANSWER")
    if not r["ResultItems"]:
        return say(False, "", "This question gets no ANSWER result; try the question as given.")
    body = r["ResultItems"][0]["AdditionalAttributes"][0]["Value"]["TextWithHighlightsValue"]
    top = next(h for h in body["Highlights"] if h["TopAnswer"])
    expected = body["Text"][top["BeginOffset"]:top["EndOffset"]]
    return say(str(answer).strip() == expected.strip(), f"Right: {expected!r}",
               "Slice AnswerText's Text with the BeginOffset and EndOffset of the highlight whose "
               "TopAnswer is true.")


def check_visible_to(client, index_id: str, question: str, groups: list[str], answer) -> bool | None:
    """Exercise 3: the document ids a user in `groups` sees for `question` (UserContext)."""
    if blank(answer):
        return None
    r = client.query(IndexId=index_id, QueryText=question, UserContext={"Groups": groups},
                     QueryResultTypeFilter="DOCUMENT", PageSize=100)
    expected = sorted(i["DocumentId"] for i in r["ResultItems"])
    return say(sorted(answer) == expected, f"{len(expected)} documents, ACLs respected.",
               "Pass UserContext={'Groups': groups} to query and collect the DOCUMENT ids.")


def check_synonyms(thesaurus_text) -> bool | None:
    """Exercise 4: a Solr synonym line that makes 'sick leave' and 'illness' equivalent."""
    if blank(thesaurus_text):
        return None
    from awsml_study.services.kendra.thesauri import expansions, parse
    from awsml_study.sim.jobs import JobFailure
    try:
        rules = parse(str(thesaurus_text).encode())
    except JobFailure as err:
        return say(False, "", f"Kendra would reject the file: {err}")
    from awsml_study.engines.search import text as tx
    a = expansions(rules, tx.query_terms("illness"))
    b = expansions(rules, tx.query_terms("sick leave"))
    ok = set(tx.terms("sick leave")) <= {t for s in a.values() for t in s} and \
        set(tx.terms("illness")) <= {t for s in b.values() for t in s}
    return say(ok, "Both directions expand: an equivalence rule.",
               "Write the two phrases on one line separated by a comma (no =>), e.g. 'x, y'.")
