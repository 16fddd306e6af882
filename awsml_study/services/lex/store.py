"""Lex V2 state: bots, their versions, locales, intents, slots, slot types and aliases; ids and lookups."""
from __future__ import annotations

import random
import string

from awsml_study.sim import jobs, s3io, state
from awsml_study.sim.errors import AwsError

REGION = "us-east-1"
account = s3io.account  # the caller's account, which the ARNs name
DRAFT = "DRAFT"
TEST_ALIAS_ID = "TSTALIASID"
TEST_ALIAS_NAME = "TestBotAlias"
FALLBACK = "FallbackIntent"             # the intent every locale starts with
FALLBACK_SIGNATURE = "AMAZON.FallbackIntent"  # the built-in it extends
FALLBACK_ID = "FALLBCKINT"
MODELS_ENGINE = "lex/local-model-builder"
LOCALES = {"en_US": "English (US)", "en_GB": "English (GB)", "en_AU": "English (AU)",
           "en_IN": "English (IN)", "en_IE": "English (IE)", "en_ZA": "English (ZA)",
           "es_ES": "Spanish (ES)", "es_US": "Spanish (US)", "es_419": "Spanish (Latin America)",
           "fr_FR": "French (FR)", "fr_CA": "French (CA)", "de_DE": "German (DE)", "de_AT": "German (AT)",
           "it_IT": "Italian (IT)", "ja_JP": "Japanese (JP)", "ko_KR": "Korean (KR)",
           "pt_BR": "Portuguese (BR)", "pt_PT": "Portuguese (PT)", "zh_CN": "Mandarin (PRC)",
           "ca_ES": "Catalan (ES)", "nl_NL": "Dutch (NL)", "sv_SE": "Swedish (SE)",
           "fi_FI": "Finnish (FI)", "da_DK": "Danish (DK)", "no_NO": "Norwegian (NO)",
           "pl_PL": "Polish (PL)", "ar_AE": "Gulf Arabic (AE)", "hi_IN": "Hindi (IN)",
           "id_ID": "Indonesian (ID)", "tr_TR": "Turkish (TR)", "yue_HK": "Cantonese (HK)"}
ENGLISH = {"en_US", "en_GB", "en_AU"}


def bots() -> dict:
    return state.store("lex.bots")


def sessions() -> dict:
    return state.store("lex.sessions")


def new_id(taken=()) -> str:
    alphabet = string.ascii_uppercase + string.digits
    while True:
        candidate = "".join(random.choices(alphabet, k=10))
        if candidate not in taken:
            return candidate


def not_found(kind: str, ident: str) -> AwsError:
    return AwsError("ResourceNotFoundException",
                    f"Failed to retrieve resource since it does not exist: {kind} {ident}", 404)


def settle(resource: dict) -> dict:
    """Observation settles a resource's lifecycle job (see awsml_study.sim.jobs)."""
    job = resource.get("job")
    if job is not None:
        job.settle()
    return resource


def bot(bot_id: str) -> dict:
    found = bots().get(bot_id)
    if found is None:
        raise not_found("bot", bot_id)
    return settle(found)


def version(bot_id: str, number: str) -> dict:
    found = bot(bot_id)["versions"].get(number)
    if found is None:
        raise not_found("bot version", f"{bot_id}/{number}")
    return settle(found)


def locale(bot_id: str, number: str, locale_id: str) -> dict:
    found = version(bot_id, number)["locales"].get(locale_id)
    if found is None:
        raise not_found("bot locale", f"{bot_id}/{number}/{locale_id}")
    return settle(found)


def draft_locale(p: dict) -> dict:
    """The DRAFT locale a create/update request names (only DRAFT can be edited)."""
    if p.get("botVersion", DRAFT) != DRAFT:
        raise AwsError("ValidationException", "Only the DRAFT version of a bot can be edited.")
    found = locale(p["botId"], DRAFT, p["localeId"])
    if found["props"].get("botLocaleStatus") == "Building":
        raise AwsError("PreconditionFailedException",
                       f"Unable to update bot locale {p['localeId']} while it is building.", 412)
    return found


def intent(loc: dict, intent_id: str) -> dict:
    found = loc["intents"].get(intent_id)
    if found is None:
        raise not_found("intent", intent_id)
    return found


def alias(bot_id: str, alias_id: str) -> dict:
    found = bot(bot_id)["aliases"].get(alias_id)
    if found is None:
        raise not_found("bot alias", f"{bot_id}/{alias_id}")
    return settle(found)


def changed(loc: dict) -> None:
    """An edit to a built DRAFT locale: it must be rebuilt before the change is heard."""
    loc["props"]["lastUpdatedDateTime"] = jobs.now()
    if loc["props"].get("botLocaleStatus") in ("Built", "Failed", "ReadyExpressTesting"):
        loc["props"]["botLocaleStatus"] = "NotBuilt"


def lifecycle(key: str, running: str, done: str) -> jobs.Lifecycle:
    return jobs.Lifecycle(key=key, running=running, done=done, failed="Failed", stopped="Failed",
                          message_key=None, start_key=None, end_key=None)


def start(resource: dict, key: str, running: str, done: str, work=None) -> None:
    """Put a resource into its transitional status and let the job runner finish it."""
    resource["props"][key] = running
    resource["job"] = jobs.submit(jobs.Job(jobs.new_id(), resource["props"],
                                           work=work or (lambda job: None),
                                           lifecycle=lifecycle(key, running, done)))


def out(props: dict, model_shape_members) -> dict:
    """Only the members the output shape has (internal keys start with '_')."""
    return {k: v for k, v in props.items() if k in model_shape_members and v is not None}
