"""Polly lexicons: PLS documents stored per simulation, applied during synthesis (alias and phoneme)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from awsml_study.services.polly.limits import ENGINE
from awsml_study.sim import jobs, state
from awsml_study.sim.errors import AwsError, validation_error
from awsml_study.sim.registry import operation
from awsml_study.sim.s3io import REGION, account

PLS_NS = "{http://www.w3.org/2005/01/pronunciation-lexicon}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ALPHABETS = ("ipa", "x-sampa", "x-amazon-pinyin", "x-amazon-jyutping", "x-amazon-pron-kana",
             "x-amazon-yomigana")
MAX_SIZE = 4000        # characters per lexicon
MAX_LEXEME = 100       # characters per <alias> or <phoneme>
MAX_LEXICONS = 100     # per account and Region
NAME = re.compile(r"^[0-9A-Za-z]{1,20}$")


def _store() -> dict:
    return state.store("polly.lexicons")


def _check_name(name: str) -> None:
    if not NAME.match(name or ""):
        raise validation_error(name, "name", "Member must satisfy regular expression pattern: [0-9A-Za-z]{1,20}")


def arn_of(name: str) -> str:
    return f"arn:aws:polly:{REGION}:{account()}:lexicon/{name}"


def not_found(name: str) -> AwsError:
    return AwsError("LexiconNotFoundException",
                    f"Lexicon not found: {name}. Verify that the lexicon exists in this Region "
                    f"(ListLexicons) and that its name is spelled correctly.")


def parse_pls(content: str) -> tuple[str, str, list]:
    """(alphabet, language, lexemes) of a PLS document, or Polly's error for it."""
    from awsml_study.engines.speech.ssml import Lexeme
    from awsml_study.services.polly.voices import ESPEAK_LANGUAGE
    if len(content) > MAX_SIZE:
        raise AwsError("LexiconSizeExceededException",
                       f"The lexicon has {len(content)} characters; the maximum is {MAX_SIZE}.")
    try:
        root = ET.fromstring(content.encode("utf-8"))
    except ET.ParseError as err:
        raise AwsError("InvalidLexiconException", f"The lexicon is not well-formed XML: {err}") from None
    if root.tag != PLS_NS + "lexicon":
        raise AwsError("InvalidLexiconException",
                       "The root element must be <lexicon> in the namespace "
                       "http://www.w3.org/2005/01/pronunciation-lexicon")
    alphabet = root.get("alphabet")
    if alphabet not in ALPHABETS:
        raise AwsError("UnsupportedPlsAlphabetException",
                       f"Alphabet '{alphabet}' is not supported. Valid values: {', '.join(ALPHABETS)}.")
    language = root.get(XML_LANG) or root.get("xml:lang")
    if language not in ESPEAK_LANGUAGE:
        raise AwsError("UnsupportedPlsLanguageException", f"Language '{language}' is not supported.")
    ns = PLS_NS
    lexemes = []
    for lexeme in root.iter(ns + "lexeme"):
        graphemes = [(g.text or "").strip() for g in lexeme.iter(ns + "grapheme") if (g.text or "").strip()]
        alias = next(((a.text or "").strip() for a in lexeme.iter(ns + "alias")), None)
        phoneme = next(((p.text or "").strip() for p in lexeme.iter(ns + "phoneme")), None)
        for part in (alias, phoneme):
            if part and len(part) > MAX_LEXEME:
                raise AwsError("MaxLexemeLengthExceededException",
                               f"'{part[:30]}...' is longer than {MAX_LEXEME} characters.")
        if not graphemes or (alias is None and phoneme is None):
            raise AwsError("InvalidLexiconException",
                           "Each <lexeme> needs at least one <grapheme> and an <alias> or <phoneme>.")
        lexemes.append(Lexeme(graphemes, alias=alias, phoneme=phoneme, alphabet=alphabet))
    return alphabet, language, lexemes


def lookup_all(names: list[str]) -> list[dict]:
    found = []
    for name in names:
        if name not in _store():
            raise not_found(name)
        found.append(_store()[name])
    return found


def lexemes_for(names: list[str], language: str) -> list[list]:
    """The lexemes of the named lexicons whose language is the voice's (Polly skips the others)."""
    return [lx["lexemes"] for lx in lookup_all(names) if lx["attributes"]["LanguageCode"] == language]


@operation("polly", "PutLexicon", engine=ENGINE)
def put_lexicon(params: dict) -> dict:
    name = params.get("Name", "")
    _check_name(name)
    content = params.get("Content", "")
    alphabet, language, lexemes = parse_pls(content)
    store = _store()
    existing = store.get(name)
    if existing is None and len(store) >= MAX_LEXICONS:
        raise AwsError("MaxLexiconsNumberExceededException",
                       f"An account can store at most {MAX_LEXICONS} lexicons per Region.")
    if existing is not None and params.get("Tags"):
        raise validation_error(params["Tags"], "tags", "Tags can be set only when the lexicon is created; "
                                                       "use TagResource to change them")
    store[name] = {
        "name": name, "content": content, "lexemes": lexemes,
        "tags": existing["tags"] if existing else dict(params.get("Tags") or {}),
        "attributes": {"Alphabet": alphabet, "LanguageCode": language, "LastModified": jobs.now(),
                       "LexiconArn": arn_of(name), "LexemesCount": len(lexemes),
                       "Size": len(content)},
    }
    return {}


@operation("polly", "GetLexicon", engine=ENGINE)
def get_lexicon(params: dict) -> dict:
    name = params.get("Name", "")
    _check_name(name)
    if name not in _store():
        raise not_found(name)
    lx = _store()[name]
    return {"Lexicon": {"Content": lx["content"], "Name": name}, "LexiconAttributes": dict(lx["attributes"])}


@operation("polly", "ListLexicons", engine=ENGINE)
def list_lexicons(params: dict) -> dict:
    items = [{"Name": n, "Attributes": dict(lx["attributes"])} for n, lx in sorted(_store().items())]
    page, token = jobs.page(items, 100, params.get("NextToken"), error_code="InvalidNextTokenException")
    return {"Lexicons": page, **({"NextToken": token} if token else {})}


@operation("polly", "DeleteLexicon", engine=ENGINE)
def delete_lexicon(params: dict) -> dict:
    name = params.get("Name", "")
    _check_name(name)
    if _store().pop(name, None) is None:
        raise not_found(name)
    return {}


# ----- tags on lexicons (the only Polly resource that carries tags) -----

def _by_arn(arn: str) -> dict:
    m = re.fullmatch(r"arn:aws:polly:[a-z0-9-]+:\d{12}:lexicon/([0-9A-Za-z]{1,20})", arn or "")
    if not m or m.group(1) not in _store():
        raise AwsError("ResourceNotFoundException", f"Resource not found: {arn}")
    return _store()[m.group(1)]


@operation("polly", "TagResource", engine=ENGINE)
def tag_resource(params: dict) -> dict:
    lx = _by_arn(params.get("ResourceArn"))
    tags = {**lx["tags"], **(params.get("Tags") or {})}
    if len(tags) > 200:
        raise AwsError("TooManyTagsException", "A resource can have at most 200 tags.")
    lx["tags"] = tags
    return {}


@operation("polly", "UntagResource", engine=ENGINE)
def untag_resource(params: dict) -> dict:
    lx = _by_arn(params.get("ResourceArn"))
    for key in params.get("TagKeys") or []:
        lx["tags"].pop(key, None)
    return {}


@operation("polly", "ListTagsForResource", engine=ENGINE)
def list_tags_for_resource(params: dict) -> dict:
    return {"Tags": dict(_by_arn(params.get("ResourceArn"))["tags"])}
