"""Phone numbers: simulated numbers to search and claim (fictional 555-01xx in North America,
phonenumbers' example ranges elsewhere), each checked as E.164 by the phonenumbers library."""
from __future__ import annotations

from awsml_study.services.connect import store
from awsml_study.services.connect.store import op
from awsml_study.sim import jobs, state
from awsml_study.sim.errors import AwsError
from awsml_study.sim.s3io import REGION, account

AREA_CODES = {"DID": ["206", "312", "415", "617", "646"], "TOLL_FREE": ["800", "888", "877"]}
SUPPORTED = ("DID", "TOLL_FREE")


def claimed() -> dict:
    return state.store("connect.phone_numbers")


def parse_number(text: str, path: str = "phoneNumber"):
    """A valid E.164 number as phonenumbers parses it, or Connect's InvalidParameterException."""
    import phonenumbers
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not text.startswith("+") or not phonenumbers.is_valid_number(number):
        raise AwsError("InvalidParameterException", f"Value '{text}' at '{path}' is not a valid E.164 phone number.")
    return number


def _candidates(country: str, kind: str) -> list[str]:
    """Simulated numbers no real subscriber owns: 555-0100..0199 is reserved for fiction in North
    America; elsewhere the library's example number for the type with its last two digits varied."""
    import phonenumbers
    from phonenumbers import PhoneNumberType
    if country in ("US", "CA"):
        areas = AREA_CODES[kind] if country == "US" else (["416", "604"] if kind == "DID" else ["800", "888"])
        numbers = [f"+1{area}55501{n:02d}" for area in areas for n in range(0, 100, 7)]
    else:
        wanted = PhoneNumberType.FIXED_LINE if kind == "DID" else PhoneNumberType.TOLL_FREE
        example = phonenumbers.example_number_for_type(country, wanted)
        if example is None:
            return []
        base = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)[:-2]
        numbers = [f"{base}{n:02d}" for n in range(0, 100, 7)]
    valid = []
    for text in numbers:
        parsed = phonenumbers.parse(text, None)
        if phonenumbers.is_valid_number(parsed) and phonenumbers.region_code_for_number(parsed) == country:
            valid.append(text)
    return valid


def _target(params: dict) -> tuple[str, str | None]:
    """(TargetArn, InstanceId) of a request naming exactly one of them."""
    if bool(params.get("TargetArn")) == bool(params.get("InstanceId")):
        raise AwsError("InvalidParameterException", "Specify exactly one of TargetArn and InstanceId.")
    if params.get("InstanceId"):
        inst = store.instance(params)
        return inst.arn, inst.id
    ref = params["TargetArn"]
    inst = store.instance({"InstanceId": ref})
    return inst.arn, inst.id


@op("SearchAvailablePhoneNumbers")
def search_available(params: dict) -> dict:
    _target(params)
    kind = params["PhoneNumberType"]
    if kind not in SUPPORTED:
        raise AwsError("InvalidParameterException", f"The simulator offers DID and TOLL_FREE numbers, not {kind}.")
    taken = {c["PhoneNumber"] for c in claimed().values()}
    prefix = params.get("PhoneNumberPrefix")
    items = [{"PhoneNumber": n, "PhoneNumberCountryCode": params["PhoneNumberCountryCode"], "PhoneNumberType": kind}
             for n in _candidates(params["PhoneNumberCountryCode"], kind)
             if n not in taken and (not prefix or n.startswith(prefix if prefix.startswith("+") else "+" + prefix))]
    page, token = jobs.page(items, params.get("MaxResults"), params.get("NextToken"), default=10,
                            error_code="InvalidParameterException")
    return {"AvailableNumbersList": page, **({"NextToken": token} if token else {})}


@op("ClaimPhoneNumber")
def claim(params: dict) -> dict:
    import phonenumbers
    target, inst_id = _target(params)
    number = parse_number(params["PhoneNumber"])
    country = phonenumbers.region_code_for_number(number)
    text = params["PhoneNumber"]
    for item in claimed().values():
        if item["PhoneNumber"] == text:
            if params.get("ClientToken") and item.get("_token") == params["ClientToken"]:
                return {"PhoneNumberId": item["PhoneNumberId"], "PhoneNumberArn": item["PhoneNumberArn"]}
            raise AwsError("InvalidParameterException", f"The phone number {text} is already claimed.")
    kind = next((k for k in SUPPORTED if text in _candidates(country, k)), None)
    if kind is None:
        raise AwsError("InvalidParameterException", f"The phone number {text} is not available; find one "
                       "with SearchAvailablePhoneNumbers.")
    pid = store.new_id()
    item = {"PhoneNumberId": pid, "PhoneNumberArn": f"arn:aws:connect:{REGION}:{account()}:phone-number/{pid}",
            "PhoneNumber": text, "PhoneNumberCountryCode": country, "PhoneNumberType": kind,
            "TargetArn": target, "InstanceId": inst_id, "_token": params.get("ClientToken"),
            "PhoneNumberStatus": {"Status": "CLAIMED"}}
    if params.get("PhoneNumberDescription"):
        item["PhoneNumberDescription"] = params["PhoneNumberDescription"]
    claimed()[pid] = item
    store.set_tags(item["PhoneNumberArn"], params.get("Tags"))
    return {"PhoneNumberId": pid, "PhoneNumberArn": item["PhoneNumberArn"]}


def _number(ref: str) -> dict:
    ident = ref.rsplit("/", 1)[-1] if ref.startswith("arn:") else ref
    found = claimed().get(ident)
    if found is None:
        raise AwsError("ResourceNotFoundException", f"Phone number not found: {ref}")
    return found


PUBLIC = ("PhoneNumberId", "PhoneNumberArn", "PhoneNumber", "PhoneNumberCountryCode", "PhoneNumberType",
          "PhoneNumberDescription", "TargetArn", "InstanceId")


@op("DescribePhoneNumber")
def describe(params: dict) -> dict:
    item = _number(params["PhoneNumberId"])
    out = {k: item[k] for k in PUBLIC if item.get(k)}
    out["PhoneNumberStatus"] = item["PhoneNumberStatus"]
    if store.tags_of(item["PhoneNumberArn"]):
        out["Tags"] = store.tags_of(item["PhoneNumberArn"])
    return {"ClaimedPhoneNumberSummary": out}


@op("ListPhoneNumbersV2")
def list_numbers(params: dict) -> dict:
    target = None
    if params.get("TargetArn") or params.get("InstanceId"):
        target, _ = _target(params)
    countries = set(params.get("PhoneNumberCountryCodes") or [])
    kinds = set(params.get("PhoneNumberTypes") or [])
    prefix = params.get("PhoneNumberPrefix")
    items = [{k: c[k] for k in PUBLIC if c.get(k)} for c in claimed().values()
             if (target is None or c["TargetArn"] == target) and (not countries or c["PhoneNumberCountryCode"] in countries)
             and (not kinds or c["PhoneNumberType"] in kinds)
             and (not prefix or c["PhoneNumber"].startswith(prefix if prefix.startswith("+") else "+" + prefix))]
    page, token = jobs.page(items, params.get("MaxResults"), params.get("NextToken"), default=100,
                            error_code="InvalidParameterException")
    return {"ListPhoneNumbersSummaryList": page, **({"NextToken": token} if token else {})}


@op("AssociatePhoneNumberContactFlow")
def associate_flow(params: dict) -> dict:
    item = _number(params["PhoneNumberId"])
    inst = store.instance(params)
    if item["InstanceId"] != inst.id:
        raise AwsError("InvalidParameterException", "The phone number is claimed for another instance.")
    flow = store.resource(inst, "flows", params["ContactFlowId"], "Contact flow")
    if flow["Type"] != "CONTACT_FLOW":
        raise AwsError("InvalidParameterException", "Only an inbound flow (CONTACT_FLOW) can answer a number.")
    item["_flow"] = flow["Id"]
    return {}


@op("DisassociatePhoneNumberContactFlow")
def disassociate_flow(params: dict) -> dict:
    item = _number(params["PhoneNumberId"])
    store.instance(params)
    if not item.pop("_flow", None):
        raise AwsError("ResourceNotFoundException", "No flow is associated with this phone number.")
    return {}


@op("ReleasePhoneNumber")
def release(params: dict) -> dict:
    item = _number(params["PhoneNumberId"])
    if item.get("_flow"):
        raise AwsError("ResourceInUseException", "The phone number is still associated with a flow.",
                       ResourceType="PHONE_NUMBER", ResourceId=item["PhoneNumberArn"])
    del claimed()[item["PhoneNumberId"]]
    return {}
