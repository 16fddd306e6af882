"""Custom terminology: ImportTerminology (CSV, TSV, TMX; UNI or MULTI), Get, List and Delete."""
from __future__ import annotations

import json

from awsml_study.engines.translation import formats
from awsml_study.services.translate import store, validation
from awsml_study.services.translate.languages import LANGUAGES
from awsml_study.services.translate.limits import (MAX_TERM_BYTES, MAX_TERM_TARGETS,
                                                   MAX_TERMINOLOGIES, MAX_TERMINOLOGY_BYTES,
                                                   STORE_ENGINE)
from awsml_study.sim import jobs
from awsml_study.sim.errors import AwsError, validation_error
from awsml_study.sim.registry import operation

FORMATS = ("CSV", "TMX", "TSV")


def not_found(name: str) -> AwsError:
    return AwsError("ResourceNotFoundException",
                    f"The resource {store.arn('terminology', name)} could not be found. "
                    f"Check the name (ListTerminologies) and the Region.")


def get(name: str) -> dict:
    found = store.terminologies().get(name)
    if found is None:
        raise not_found(name)
    return found


def check_languages(languages: list[str], error: str) -> None:
    unknown = [code for code in languages if code not in LANGUAGES]
    if unknown:
        raise AwsError(error, f"Language code(s) {', '.join(unknown)} are not supported by "
                              f"Amazon Translate. Use codes such as en, fr, pt, zh-TW.")


def terms_for(names: list[str], source: str, target: str) -> dict[str, list[tuple[str, str]]]:
    """{terminology name: [(source term, target term)]} that apply to this language pair."""
    out = {}
    for name in names:
        entry = get(name)
        table, multi = entry["table"], entry["props"]["Directionality"] == "MULTI"
        if not multi and table.languages[0] != source:
            out[name] = []
            continue
        out[name] = [(row[source], row[target]) for row in table.rows
                     if row.get(source) and row.get(target)]
    return out


def check_request_names(names, error: str = "InvalidRequestException") -> list[str]:
    names = list(names or [])
    for name in names:
        validation.name(name, "terminologyNames")
    if len(names) > 1:
        raise AwsError(error, "You can use only one custom terminology in a translation request.")
    for name in names:
        get(name)
    return names


@operation("translate", "ImportTerminology", engine=STORE_ENGINE)
def import_terminology(params: dict) -> dict:
    name = validation.name(params.get("Name"))
    validation.description(params.get("Description"))
    if params.get("MergeStrategy") != "OVERWRITE":
        raise validation_error(params.get("MergeStrategy"), "mergeStrategy",
                               "Member must satisfy enum value set: [OVERWRITE]")
    data = params.get("TerminologyData") or {}
    fmt, direction = data.get("Format"), data.get("Directionality") or "UNI"
    if fmt not in FORMATS:
        raise validation_error(fmt, "terminologyData.format", "Member must satisfy enum value set: [CSV, TMX, TSV]")
    body = data.get("File") or b""
    body = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    if len(body) > MAX_TERMINOLOGY_BYTES:
        raise validation_error(f"<{len(body)} bytes>", "terminologyData.file",
                               f"Member must have length less than or equal to {MAX_TERMINOLOGY_BYTES}")
    tags = validation.tags(params.get("Tags"))
    existing = store.terminologies().get(name)
    if existing is None and len(store.terminologies()) >= MAX_TERMINOLOGIES:
        raise AwsError("LimitExceededException",
                       f"An account can have at most {MAX_TERMINOLOGIES} terminologies per Region.")
    try:
        table = formats.parse(body, fmt, MAX_TERM_BYTES)
    except formats.FormatError as err:
        raise AwsError("InvalidParameterValueException", f"The terminology file is not valid {fmt}: {err}") from None
    check_languages(table.languages, "InvalidParameterValueException")
    if len(table.languages) - 1 > MAX_TERM_TARGETS:
        raise AwsError("LimitExceededException", f"A terminology file can have at most "
                                                 f"{MAX_TERM_TARGETS} target languages.")
    if not table.rows:
        raise AwsError("InvalidParameterValueException", "The terminology file contains no terms.")
    now = jobs.now()
    key = f"terminology/{name}/{fmt.lower()}"
    store.keep(key, body, "text/xml" if fmt == "TMX" else "text/csv")
    skipped = table.skipped + table.failed
    props = {
        "Name": name, "Arn": store.arn("terminology", name),
        "SourceLanguageCode": table.languages[0], "TargetLanguageCodes": table.languages[1:],
        "SizeBytes": len(body), "TermCount": len(table.rows),
        "CreatedAt": existing["props"]["CreatedAt"] if existing else now, "LastUpdatedAt": now,
        "Directionality": direction, "Format": fmt, "SkippedTermCount": skipped,
    }
    if params.get("Description") is not None:
        props["Description"] = params["Description"]
    if params.get("EncryptionKey"):
        props["EncryptionKey"] = params["EncryptionKey"]
    out = {}
    if skipped:
        props["Message"] = (f"{skipped} of the file's terms were skipped; see the auxiliary data "
                            f"file for the reasons.")
        aux_key = f"terminology/{name}/skipped.json"
        store.keep(aux_key, json.dumps({"skippedTerms": table.notes}, indent=2).encode(), "application/json")
        out["AuxiliaryDataLocation"] = store.location(aux_key)
    store.terminologies()[name] = {"props": props, "table": table, "key": key,
                                   "tags": existing["tags"] if existing else tags,
                                   "aux": out.get("AuxiliaryDataLocation") and f"terminology/{name}/skipped.json"}
    return {"TerminologyProperties": dict(props), **out}


@operation("translate", "GetTerminology", engine=STORE_ENGINE)
def get_terminology(params: dict) -> dict:
    entry = get(validation.name(params.get("Name")))
    props, wanted = entry["props"], params.get("TerminologyDataFormat") or entry["props"]["Format"]
    if wanted not in FORMATS:
        raise validation_error(wanted, "terminologyDataFormat", "Member must satisfy enum value set: [CSV, TMX, TSV]")
    key = entry["key"]
    if wanted != props["Format"]:
        if props["Directionality"] == "MULTI":
            raise AwsError("InvalidParameterValueException",
                           f"A multi-directional terminology can be retrieved only in the format "
                           f"it was imported in ({props['Format']}).")
        key = f"terminology/{props['Name']}/{wanted.lower()}"
        store.keep(key, formats.write(entry["table"], wanted))
    out = {"TerminologyProperties": dict(props), "TerminologyDataLocation": store.location(key)}
    if entry.get("aux"):
        out["AuxiliaryDataLocation"] = store.location(entry["aux"])
    return out


@operation("translate", "ListTerminologies", engine=STORE_ENGINE)
def list_terminologies(params: dict) -> dict:
    items = [dict(e["props"]) for _, e in sorted(store.terminologies().items())]
    page, token = jobs.page(items, params.get("MaxResults"), params.get("NextToken"), default=100,
                            error_code="InvalidParameterValueException")
    return {"TerminologyPropertiesList": page, **({"NextToken": token} if token else {})}


@operation("translate", "DeleteTerminology", engine=STORE_ENGINE)
def delete_terminology(params: dict) -> dict:
    name = validation.name(params.get("Name"))
    get(name)
    del store.terminologies()[name]
    store.forget(f"terminology/{name}/")
    return {}
