"""Textract synchronous operations: DetectDocumentText, AnalyzeDocument, AnalyzeExpense."""
from __future__ import annotations

from awsml_study.services.textract.common import (ENGINE_ANALYSIS, ENGINE_EXPENSE, ENGINE_TEXT,
                                                  MAX_QUERIES_SYNC, check_features, check_human_loop,
                                                  open_sync)
from awsml_study.sim.registry import operation


@operation("textract", "DetectDocumentText", engine=ENGINE_TEXT)
def detect_document_text(params: dict) -> dict:
    from awsml_study.services.textract import analysis

    doc, image = open_sync(params.get("Document"))
    doc.close()
    blocks = analysis.text_blocks([image])
    return {"DocumentMetadata": {"Pages": 1}, "Blocks": blocks.items,
            "DetectDocumentTextModelVersion": "1.0"}


@operation("textract", "AnalyzeDocument", engine=ENGINE_ANALYSIS)
def analyze_document(params: dict) -> dict:
    from awsml_study.services.textract import analysis

    features, queries = check_features(params.get("FeatureTypes"), params.get("QueriesConfig"),
                                       MAX_QUERIES_SYNC)
    check_human_loop(params.get("HumanLoopConfig"))
    analysis.check_query_pages(queries, 1)
    doc, image = open_sync(params.get("Document"))
    doc.close()
    blocks = analysis.analysis_blocks([image], features, queries)
    return {"DocumentMetadata": {"Pages": 1}, "Blocks": blocks.items,
            "AnalyzeDocumentModelVersion": "1.0"}


@operation("textract", "AnalyzeExpense", engine=ENGINE_EXPENSE)
def analyze_expense(params: dict) -> dict:
    from awsml_study.services.textract import expense

    doc, image = open_sync(params.get("Document"))
    doc.close()
    return {"DocumentMetadata": {"Pages": 1}, "ExpenseDocuments": expense.expense_documents([image])}
