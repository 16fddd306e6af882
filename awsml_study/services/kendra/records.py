"""What the simulator keeps for one Kendra index: its description, documents, FAQs and history."""
from __future__ import annotations

from dataclasses import dataclass, field

from awsml_study.sim import jobs

# Kendra's reserved fields, present in every new index (DescribeIndex lists them).
BUILT_IN_FIELDS = [
    ("_authors", "STRING_LIST_VALUE"), ("_category", "STRING_VALUE"), ("_created_at", "DATE_VALUE"),
    ("_data_source_id", "STRING_VALUE"), ("_document_title", "STRING_VALUE"),
    ("_excerpt_page_number", "LONG_VALUE"), ("_faq_id", "STRING_VALUE"),
    ("_file_type", "STRING_VALUE"), ("_language_code", "STRING_VALUE"),
    ("_last_updated_at", "DATE_VALUE"), ("_source_uri", "STRING_VALUE"),
    ("_version", "STRING_VALUE"), ("_view_count", "LONG_VALUE"),
]
FACETABLE_BY_DEFAULT = {"_category", "_created_at", "_data_source_id", "_file_type",
                        "_language_code", "_last_updated_at", "_authors", "_faq_id", "_source_uri"}
MAX_CUSTOM_FIELDS = 500


def built_in_configurations() -> list[dict]:
    out = []
    for name, kind in BUILT_IN_FIELDS:
        search = {"Facetable": name in FACETABLE_BY_DEFAULT, "Searchable": name in ("_document_title", "_authors", "_category"),
                  "Displayable": True, "Sortable": kind in ("DATE_VALUE", "LONG_VALUE")}
        rel = {"Freshness": False, "Importance": 1}
        if kind == "DATE_VALUE":
            rel["Duration"] = "25920000s"  # 300 days, Kendra's default freshness window
            rel["RankOrder"] = "ASCENDING"
        out.append({"Name": name, "Type": kind, "Relevance": rel, "Search": search})
    return out


@dataclass
class Doc:
    """One indexed (or failed) document, as BatchPutDocument or a sync left it."""
    doc_id: str
    title: str
    text: str
    attributes: dict            # key → DocumentAttributeValue dict
    acl: list                   # Principal dicts
    hierarchical: list          # HierarchicalPrincipal dicts
    uri: str | None
    data_source_id: str | None
    fingerprint: str = ""
    acl_config_id: str | None = None  # an access control configuration replaces the ACL above


@dataclass
class IndexRecord:
    props: dict                                  # DescribeIndex members
    job: jobs.Job                                # the current lifecycle job (create/update/delete)
    engine: object = None                        # awsml_study.engines.search.ranker.SearchIndex
    docs: dict = field(default_factory=dict)     # doc id → Doc (indexed)
    status: dict = field(default_factory=dict)   # doc id → jobs.Job (DocumentStatus lifecycle)
    faqs: dict = field(default_factory=dict)     # faq id → jobs.Job (props = DescribeFaq)
    faq_entries: dict = field(default_factory=dict)  # faq id → [entry dicts]
    thesauri: dict = field(default_factory=dict)     # thesaurus id → jobs.Job
    synonyms: dict = field(default_factory=dict)     # thesaurus id → {term: {terms}}
    sources: dict = field(default_factory=dict)      # data source id → jobs.Job
    syncs: dict = field(default_factory=dict)        # data source id → [jobs.Job]
    queries: dict = field(default_factory=dict)      # query id → {"text", "results": {result id: doc id}}
    query_log: list = field(default_factory=list)    # (query text, had results)
    feedback: dict = field(default_factory=dict)     # (normalised query, doc id) → boost
    suggestions_config: dict = field(default_factory=dict)
    block_lists: dict = field(default_factory=dict)   # block list id → jobs.Job (props = Describe*)
    blocked: dict = field(default_factory=dict)       # block list id → [blocked phrases]
    acl_configs: dict = field(default_factory=dict)   # access control configuration id → props
    principals: dict = field(default_factory=dict)    # (group id, data source id) → jobs.Job

    @property
    def index_id(self) -> str:
        return self.props["Id"]

    def fields(self) -> dict:
        """Field name → DocumentMetadataConfiguration."""
        return {c["Name"]: c for c in self.props["DocumentMetadataConfigurations"]}

    def search_engine(self):
        if self.engine is None:
            from awsml_study.engines.search.ranker import SearchIndex
            self.engine = SearchIndex()
        return self.engine

    def settle_documents(self) -> None:
        jobs.settle_all(list(self.status.values()))

    def synonym_rules(self) -> list:
        """The rules of every ACTIVE thesaurus (a failed update keeps the rules it had)."""
        return [r for tid, rules in self.synonyms.items() if tid in self.thesauri for r in rules]
