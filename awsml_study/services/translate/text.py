"""TranslateText and TranslateDocument (text/plain, text/html with its markup kept, .docx)."""
from __future__ import annotations

from awsml_study.engines.translation import documents
from awsml_study.services.translate import terminology, validation
from awsml_study.services.translate.limits import (DOCUMENT_TYPES, DOCX, MAX_DOCUMENT_BYTES,
                                                   MAX_TEXT_BYTES, PPTX, TRANSLATION_ENGINE, XLIFF,
                                                   XLSX)
from awsml_study.services.translate.translation import detect_source, prepare
from awsml_study.sim.errors import AwsError
from awsml_study.sim.registry import operation


def _response(request, source, target, names, applied_settings) -> dict:
    # "Engine" names the engines that really answered this request (e.g. translate/bergamot or
    # translate/terminology); the seam puts it in the engine header once it reads it (see report).
    out = {"SourceLanguageCode": source, "TargetLanguageCode": target,
           "ResponseMetadata": {"Engine": f"translate/{request.engine}"}}
    if names:
        out["AppliedTerminologies"] = request.applied_terminologies(names)
    if applied_settings:
        out["AppliedSettings"] = applied_settings
    return out


@operation("translate", "TranslateText", engine=TRANSLATION_ENGINE)
def translate_text(params: dict) -> dict:
    text = params.get("Text", "")
    size = len(text.encode("utf-8"))
    if size > MAX_TEXT_BYTES:
        raise AwsError("TextSizeLimitExceededException",
                       f"Input text size exceeds limit. Max length of request text allowed is "
                       f"{MAX_TEXT_BYTES} bytes while {size} bytes was requested.")
    source, target = params.get("SourceLanguageCode", ""), params.get("TargetLanguageCode", "")
    validation.pair(source, target)
    names = terminology.check_request_names(params.get("TerminologyNames"))
    applied_settings, mask = validation.settings(params, [target], "TranslateText")
    if source == "auto":
        source = detect_source(text)
    request = prepare(source, target, names, mask)
    translated = request(text)
    request.check_covered()
    return {"TranslatedText": translated, **_response(request, source, target, names, applied_settings)}


def document_text(content: bytes, content_type: str) -> str:
    if content_type == "text/html":
        return documents.html_text(content)
    if content_type == DOCX:
        return documents.docx_text(content)
    if content_type in (PPTX, XLSX):
        return documents.office_text(content, "pptx" if content_type == PPTX else "xlsx")
    if content_type == XLIFF:
        return documents.xliff_text(content)
    return documents.plain_text(content)


def translate_content(content: bytes, content_type: str, request) -> bytes:
    """A document in its own format, translated piece by piece by `request`."""
    if content_type == "text/html":
        return documents.html_document(content, request)
    if content_type == DOCX:
        return documents.docx_document(content, request)
    if content_type in (PPTX, XLSX):  # batch jobs only
        return documents.office_document(content, "pptx" if content_type == PPTX else "xlsx", request)
    if content_type == XLIFF:
        return documents.xliff_document(content, request.target, request)
    return request(documents.plain_text(content)).encode("utf-8")


@operation("translate", "TranslateDocument", engine=TRANSLATION_ENGINE)
def translate_document(params: dict) -> dict:
    document = params.get("Document") or {}
    content = document.get("Content") or b""
    content = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    content_type = document.get("ContentType", "")
    if len(content) > MAX_DOCUMENT_BYTES:
        raise AwsError("LimitExceededException",
                       f"The document is {len(content)} bytes; TranslateDocument takes at most "
                       f"{MAX_DOCUMENT_BYTES} bytes (100 KB). Use StartTextTranslationJob for larger files.")
    if content_type not in DOCUMENT_TYPES:
        raise AwsError("InvalidRequestException",
                       f"Content type {content_type} is not supported. Use one of: {', '.join(DOCUMENT_TYPES)}.")
    source, target = params.get("SourceLanguageCode", ""), params.get("TargetLanguageCode", "")
    validation.pair(source, target)
    names = terminology.check_request_names(params.get("TerminologyNames"))
    applied_settings, mask = validation.settings(params, [target], "TranslateDocument")
    try:
        if source == "auto":
            source = detect_source(document_text(content, content_type))
        if "en" not in (source, target) and source != target:
            raise validation.unsupported_pair(source, target,
                "TranslateDocument needs English (en) as the source or the target language.")
        request = prepare(source, target, names, mask)
        translated = translate_content(content, content_type, request)
    except documents.DocumentError as err:
        raise AwsError("InvalidRequestException", str(err)) from None
    request.check_covered()
    return {"TranslatedDocument": {"Content": translated},
            **_response(request, source, target, names, applied_settings)}
