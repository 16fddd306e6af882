"""BuildBotLocale's work: check the locale as Lex does, then compile it (classifier, slot templates, types)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from awsml_study.sim import jobs
from awsml_study.services.lex import store
from awsml_study.services.lex.builtins import BUILT_IN_INTENTS, BUILT_IN_SLOT_TYPES

SLOT_REF = re.compile(r"\{([A-Za-z0-9_-]+)\}")
VARIANTS = 3  # filled-in copies of each sample utterance with slots, for training


@dataclass
class Slot:
    name: str
    slot_id: str
    type: object               # a built-in signature or an engines.dialog.values.CustomType
    required: bool
    props: dict


@dataclass
class Intent:
    name: str
    props: dict
    slots: dict[str, Slot] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)      # slot names by priority
    templates: list[re.Pattern] = field(default_factory=list)


@dataclass
class Compiled:
    threshold: float
    classifier: object | None
    intents: dict[str, Intent]
    voice: dict
    fallback: str = "FallbackIntent"


def _custom_type(props: dict):
    from awsml_study.engines.dialog.values import CustomType
    values = {}
    for v in props.get("slotTypeValues") or []:
        sample = v.get("sampleValue", {}).get("value")
        if sample:
            values[sample] = [s["value"] for s in v.get("synonyms") or [] if s.get("value")]
    setting = props.get("valueSelectionSetting") or {}
    strategy = {"TOP_RESOLUTION": "TopResolution", "ORIGINAL_VALUE": "OriginalValue", "TopResolution": "TopResolution",
                "CONCATENATION": "OriginalValue"}.get(setting.get("resolutionStrategy"), "OriginalValue")
    regex = (setting.get("regexFilter") or {}).get("pattern")
    return CustomType(props["slotTypeName"], values, strategy, props.get("parentSlotTypeSignature"), regex)


def _template(utterance: str) -> re.Pattern:
    parts, last = [], 0
    for m in SLOT_REF.finditer(utterance):
        parts.append(_literal(utterance[last:m.start()]))
        parts.append(f"(?P<{m.group(1).replace('-', '_')}>.+?)")
        last = m.end()
    parts.append(_literal(utterance[last:]))
    # Words before the template ("I love it here, book a ...") are allowed, as Lex allows them.
    return re.compile(r"(?:^|(?<=\W))" + "".join(parts) + r"\W*$", re.IGNORECASE)


def _literal(text: str) -> str:
    words = re.findall(r"[\w']+", text)
    if not words:
        return r"\W*" if not text.strip() else r"\W+"
    body = r"\W+".join(re.escape(w) for w in words)
    lead = r"\W*" if text[:1].isspace() or not text[:1] else ""
    tail = r"\W*" if text[-1:].isspace() else ""
    return lead + body + tail


def _examples(slot: Slot) -> list[str]:
    from awsml_study.engines.dialog.values import EXAMPLES, CustomType
    if isinstance(slot.type, CustomType):
        found = list(slot.type.values)
        for syn in slot.type.values.values():
            found += syn
        return found or ["something"]
    return EXAMPLES.get(slot.type, ["something"])


def _fill(utterance: str, slots: dict[str, Slot], k: int) -> str:
    def pick(m):
        slot = slots.get(m.group(1))
        options = _examples(slot) if slot else ["something"]
        return options[k % len(options)]
    return SLOT_REF.sub(pick, utterance)


def _fail(loc: dict, reasons: list[str]):
    loc["props"]["failureReasons"] = reasons
    raise jobs.JobFailure("; ".join(reasons))


def compile_locale(record: dict, loc: dict) -> Compiled:
    """Check the locale's definition and train its classifier (raises JobFailure with the reasons)."""
    reasons: list[str] = []
    intents: dict[str, Intent] = {}
    def is_fallback(props):
        return props.get("parentIntentSignature") == store.FALLBACK_SIGNATURE

    custom = [i for i in loc["intents"].values() if not is_fallback(i["props"])]
    fallback = next((i["props"]["intentName"] for i in loc["intents"].values() if is_fallback(i["props"])),
                    store.FALLBACK)
    if not custom:
        reasons.append("Failed to build the bot locale: it has no intents other than AMAZON.FallbackIntent. "
                       "Add an intent with sample utterances.")
    for raw in loc["intents"].values():
        props = raw["props"]
        name = props["intentName"]
        intent = Intent(name, props)
        for sid, s in raw["slots"].items():
            sp = s["props"]
            type_id = sp.get("slotTypeId")
            if type_id in BUILT_IN_SLOT_TYPES:
                kind = type_id
            elif type_id in loc["slotTypes"]:
                tprops = loc["slotTypes"][type_id]["props"]
                kind = _custom_type(tprops)
                if not kind.values and not kind.parent and not tprops.get("externalSourceSetting"):
                    reasons.append(f"Slot type {tprops['slotTypeName']} has no slot type values. "
                                   "Add at least one value or use a built-in slot type.")
            else:
                reasons.append(f"Slot {sp['slotName']} in intent {name} has no slot type. Specify a slot type.")
                kind = "AMAZON.FreeFormInput"  # kept, so the utterances that name it raise no second reason
            required = sp.get("valueElicitationSetting", {}).get("slotConstraint") == "Required"
            intent.slots[sp["slotName"]] = Slot(sp["slotName"], sid, kind, required, sp)
        by_id = {s.slot_id: s.name for s in intent.slots.values()}
        prios = sorted(props.get("slotPriorities") or [], key=lambda x: x["priority"])
        intent.order = [by_id[x["slotId"]] for x in prios if x["slotId"] in by_id]
        intent.order += [n for n in intent.slots if n not in intent.order]
        utterances = [u["utterance"] for u in props.get("sampleUtterances") or []]
        parent = props.get("parentIntentSignature")
        if not utterances and not is_fallback(props) and not (parent and BUILT_IN_INTENTS.get(parent, ("", []))[1]):
            if not parent:
                reasons.append(f"Intent {name} has no sample utterances. Add at least one sample utterance "
                               "to the intent.")
        for u in utterances:
            for ref in SLOT_REF.findall(u):
                if ref not in intent.slots:
                    reasons.append(f"Sample utterance '{u}' in intent {name} refers to slot {{{ref}}}, which "
                                   "doesn't exist in the intent.")
            if SLOT_REF.search(u):
                intent.templates.append(_template(u))
        intents[name] = intent
    if reasons:
        _fail(loc, reasons)
    examples: dict[str, list[str]] = {}
    for intent in intents.values():
        if is_fallback(intent.props):
            continue
        texts = []
        for u in (x["utterance"] for x in intent.props.get("sampleUtterances") or []):
            if SLOT_REF.search(u):
                texts += [_fill(u, intent.slots, k) for k in range(VARIANTS)]
                texts.append(SLOT_REF.sub(" ", u))
            else:
                texts.append(u)
        parent = intent.props.get("parentIntentSignature")
        if parent in BUILT_IN_INTENTS:
            texts += BUILT_IN_INTENTS[parent][1]
        if texts:
            examples[intent.name] = texts
    classifier = None
    if examples:
        from awsml_study.engines.dialog.classifier import train
        classifier = train(examples)
    return Compiled(float(loc["props"]["nluIntentConfidenceThreshold"]), classifier, intents,
                    dict(loc["props"].get("voiceSettings") or {}), fallback)
