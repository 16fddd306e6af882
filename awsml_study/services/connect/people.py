"""Users (agents) and security profiles: who works in the instance and what they may do."""
from __future__ import annotations

import re

from awsml_study.services.connect import store
from awsml_study.services.connect.routing import _page, _with_tags
from awsml_study.services.connect.store import op
from awsml_study.sim.errors import AwsError

# The model's own password pattern is wrapped in slashes, so it is checked here as Connect words it.
PASSWORD = re.compile(r"^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d\S]{8,64}$")
HIDDEN_USER = ("Password",)


@op("CreateUser")
def create_user(params: dict) -> dict:
    inst = store.instance(params)
    store.check_unique(inst, "users", "Username", params["Username"], "User")
    identity = inst.props["IdentityManagementType"]
    if identity == "CONNECT_MANAGED" and not params.get("Password"):
        raise AwsError("InvalidParameterException", "Password is required for a CONNECT_MANAGED instance.")
    if params.get("Password") and not PASSWORD.match(params["Password"]):
        raise AwsError("InvalidParameterException", "The password must be 8-64 characters with an upper case "
                       "letter, a lower case letter and a number.")
    store.resource(inst, "routing_profiles", params["RoutingProfileId"], "Routing profile")
    for sid in params["SecurityProfileIds"]:
        store.resource(inst, "security_profiles", sid, "Security profile")
    uid = store.new_id()
    props = store.stamp({"Id": uid, "Arn": store.arn(inst, "agent", uid), "Username": params["Username"],
                         "SecurityProfileIds": list(params["SecurityProfileIds"]),
                         "RoutingProfileId": params["RoutingProfileId"],
                         "PhoneConfig": params.get("PhoneConfig") or {"PhoneType": "SOFT_PHONE", "AutoAccept": False,
                                                                      "AfterContactWorkTimeLimit": 0}})
    for key in ("IdentityInfo", "DirectoryUserId", "HierarchyGroupId"):
        if key in params:
            props[key] = params[key]
    inst.table("users")[uid] = props
    store.set_tags(props["Arn"], params.get("Tags"))
    return {"UserId": uid, "UserArn": props["Arn"]}


@op("DescribeUser")
def describe_user(params: dict) -> dict:
    props = store.resource(store.instance(params), "users", params["UserId"], "User")
    return {"User": _with_tags(props, "Arn", HIDDEN_USER)}


@op("ListUsers")
def list_users(params: dict) -> dict:
    inst = store.instance(params)
    keys = {"Id": "Id", "Arn": "Arn", "Username": "Username", "LastModifiedTime": "LastModifiedTime",
            "LastModifiedRegion": "LastModifiedRegion"}
    return _page(params, [store.summary(p, keys) for p in inst.table("users").values()], "UserSummaryList")


@op("UpdateUserRoutingProfile")
def update_user_routing_profile(params: dict) -> dict:
    inst = store.instance(params)
    props = store.resource(inst, "users", params["UserId"], "User")
    store.resource(inst, "routing_profiles", params["RoutingProfileId"], "Routing profile")
    props["RoutingProfileId"] = params["RoutingProfileId"]
    store.stamp(props)
    return {}


@op("DeleteUser")
def delete_user(params: dict) -> dict:
    inst = store.instance(params)
    props = store.resource(inst, "users", params["UserId"], "User")
    del inst.table("users")[props["Id"]]
    return {}


@op("CreateSecurityProfile")
def create_security_profile(params: dict) -> dict:
    inst = store.instance(params)
    store.check_unique(inst, "security_profiles", "SecurityProfileName", params["SecurityProfileName"],
                       "Security profile")
    sid = store.new_id()
    props = store.stamp({"Id": sid, "Arn": store.arn(inst, "security-profile", sid),
                         "SecurityProfileName": params["SecurityProfileName"], "OrganizationResourceId": inst.id,
                         "Permissions": list(params.get("Permissions") or []), "Type": "CUSTOMER_MANAGED"})
    if params.get("Description"):
        props["Description"] = params["Description"]
    inst.table("security_profiles")[sid] = props
    store.set_tags(props["Arn"], params.get("Tags"))
    return {"SecurityProfileId": sid, "SecurityProfileArn": props["Arn"]}


@op("DescribeSecurityProfile")
def describe_security_profile(params: dict) -> dict:
    props = store.resource(store.instance(params), "security_profiles", params["SecurityProfileId"],
                           "Security profile")
    return {"SecurityProfile": _with_tags(props, "Arn", ("Permissions",))}


@op("ListSecurityProfiles")
def list_security_profiles(params: dict) -> dict:
    inst = store.instance(params)
    keys = {"Id": "Id", "Arn": "Arn", "Name": "SecurityProfileName", "LastModifiedTime": "LastModifiedTime",
            "LastModifiedRegion": "LastModifiedRegion"}
    return _page(params, [store.summary(p, keys) for p in inst.table("security_profiles").values()],
                 "SecurityProfileSummaryList")


@op("ListSecurityProfilePermissions")
def list_security_profile_permissions(params: dict) -> dict:
    props = store.resource(store.instance(params), "security_profiles", params["SecurityProfileId"],
                           "Security profile")
    out = _page(params, list(props["Permissions"]), "Permissions")
    out.update(LastModifiedTime=props["LastModifiedTime"], LastModifiedRegion=props["LastModifiedRegion"])
    return out


@op("DeleteSecurityProfile")
def delete_security_profile(params: dict) -> dict:
    inst = store.instance(params)
    props = store.resource(inst, "security_profiles", params["SecurityProfileId"], "Security profile")
    if any(props["Id"] in u["SecurityProfileIds"] for u in inst.table("users").values()):
        raise AwsError("ResourceInUseException", "Users are assigned to this security profile.",
                       ResourceType="USER", ResourceId=props["Arn"])
    del inst.table("security_profiles")[props["Id"]]
    return {}
