"""Start moto_server with the CloudFormation support the deploy rehearsal needs and moto 5.2.1 lacks.

Test infrastructure for scripts/deploy-rehearsal.sh only; nothing here ships. moto 5.2.1's CloudFormation:
- does not implement AWS::IAM::Group (it logs "No Moto CloudFormation support" and skips the resource), so the
  sample's group would never exist;
- does not implement AWS::IAM::UserToGroupAddition, which CDK uses to add existing (imported) users to a group;
- never deletes an AWS::IAM::ManagedPolicy when its stack is deleted, so `cdk destroy` would seem to leave the
  MFA policy behind;
- stores an AWS::KMS::Key's KeyPolicy as an object where its KMS API expects text, so reading the alerts topic's
  key through the API fails.
- has no update for AWS::IAM::ManagedPolicy (nor for the two types above): a stack update that changes the policy
  document leaves the policy as it was and drops the resource from moto's stack model;
- refuses a number as a condition value (below), which the MFA policy has with a maximum MFA age.
The models below call moto's own IAM backend, as moto's other IAM models do, and keep IAM's rules that matter here:
a group is deleted only without members, and a managed policy only when nothing is attached to it. Updates follow
the CloudFormation resource reference ("Update requires"): a new PolicyDocument becomes a new default version of the
same policy, changed ManagedPolicyArns are attached and detached on the same group, and changed Users of a
UserToGroupAddition are added and removed. A change to a create-only property (GroupName; ManagedPolicyName,
Description, Path) would need a replacement, which these models do not perform: they refuse the update, so the
rehearsal fails instead of pretending. No other moto behaviour is changed; moto still does not evaluate policy
conditions, and it has no rollback.

Usage: python3 moto_server_with_iam_groups.py --port-file FILE
  binds 127.0.0.1 on a free port chosen by the kernel and holds it from then on (no window in which another
  process could take it), sets MOTO_PORT to it, and writes it to FILE once the server is listening;
or: python3 moto_server_with_iam_groups.py [moto_server arguments, e.g. -H 127.0.0.1 -p 5000]
"""
import json
import os
import signal
import sys
from typing import Any

from moto.core.common_models import CloudFormationModel
from moto.iam.exceptions import DeleteConflictException
from moto.iam.models import IAMBackend, ManagedPolicy, iam_backends
from moto.iam.policy_validation import IAMPolicyDocumentValidator
from moto.kms.models import Key as KmsKey
from moto.server import DomainDispatcherApplication, create_backend_app, main
from moto.utilities.utils import get_partition


# moto's model metaclass files every model under the service named by its module ("moto.<service>...").
MOTO_MODULE = "moto.iam.rehearsal_models"


def _iam(account_id: str, region_name: str) -> IAMBackend:
    return iam_backends[account_id][get_partition(region_name)]


class CfnIamGroup(CloudFormationModel):
    """AWS::IAM::Group: GroupName, Path, ManagedPolicyArns, Policies; Ref is the name, GetAtt Arn the ARN."""

    __module__ = MOTO_MODULE

    def __init__(self, account_id: str, region_name: str, name: str, arn: str):
        self.account_id = account_id
        self.region_name = region_name
        self.name = name
        self.arn = arn

    @staticmethod
    def cloudformation_name_type() -> str:
        return "GroupName"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::IAM::Group"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name: str, cloudformation_json: dict[str, Any],
                                        account_id: str, region_name: str, **kwargs: Any) -> "CfnIamGroup":
        properties = cloudformation_json.get("Properties", {})
        iam = _iam(account_id, region_name)
        group = iam.create_group(resource_name, properties.get("Path", "/"))
        for policy_arn in properties.get("ManagedPolicyArns", []):
            iam.attach_group_policy(policy_arn, resource_name)
        for policy in properties.get("Policies", []):
            iam.put_group_policy(resource_name, policy["PolicyName"], json.dumps(policy["PolicyDocument"]))
        return cls(account_id, region_name, resource_name, group.arn)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource: "CfnIamGroup", new_resource_name: str,
                                        cloudformation_json: dict[str, Any], account_id: str,
                                        region_name: str) -> "CfnIamGroup":
        properties = cloudformation_json.get("Properties", {})
        if properties.get("GroupName", original_resource.name) != original_resource.name:
            raise NotImplementedError(f"GroupName {original_resource.name} -> {properties['GroupName']} needs a "
                                      "replacement, which this model does not perform")
        iam = _iam(account_id, region_name)
        group = iam.get_group(original_resource.name)
        wanted = list(properties.get("ManagedPolicyArns", []))
        for policy_arn in list(group.managed_policies):
            if policy_arn not in wanted:
                iam.detach_group_policy(policy_arn, original_resource.name)
        for policy_arn in wanted:
            if policy_arn not in group.managed_policies:
                iam.attach_group_policy(policy_arn, original_resource.name)
        wanted_inline = {policy["PolicyName"]: policy["PolicyDocument"] for policy in properties.get("Policies", [])}
        for policy_name in list(group.policies):
            if policy_name not in wanted_inline:
                iam.delete_group_policy(original_resource.name, policy_name)
        for policy_name, document in wanted_inline.items():
            iam.put_group_policy(original_resource.name, policy_name, json.dumps(document))
        return original_resource

    @property
    def physical_resource_id(self) -> str:
        return self.name

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Arn"

    def get_cfn_attribute(self, attribute_name: str) -> str:
        if attribute_name == "Arn":
            return self.arn
        from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
        raise UnformattedGetAttTemplateException()

    def delete(self, account_id: str, region_name: str) -> None:
        iam = _iam(account_id, region_name)
        group = iam.get_group(self.name)
        if group.users:
            # IAM refuses DeleteGroup while the group has members; CloudFormation deletes the
            # UserToGroupAddition first, and moto's stack deletion retries this resource after it.
            raise DeleteConflictException(f"Group {self.name} still has members")
        for policy_arn in list(group.managed_policies):
            iam.detach_group_policy(policy_arn, self.name)
        for policy_name in list(group.policies):
            iam.delete_group_policy(self.name, policy_name)
        iam.delete_group(self.name)


class CfnIamUserToGroupAddition(CloudFormationModel):
    """AWS::IAM::UserToGroupAddition: GroupName and Users, existing users added to an existing group."""

    __module__ = MOTO_MODULE

    def __init__(self, name: str, group_name: str, user_names: list[str]):
        self.name = name
        self.group_name = group_name
        self.user_names = user_names

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::IAM::UserToGroupAddition"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name: str, cloudformation_json: dict[str, Any],
                                        account_id: str, region_name: str,
                                        **kwargs: Any) -> "CfnIamUserToGroupAddition":
        properties = cloudformation_json["Properties"]
        iam = _iam(account_id, region_name)
        for user_name in properties["Users"]:
            iam.add_user_to_group(properties["GroupName"], user_name)
        return cls(resource_name, properties["GroupName"], list(properties["Users"]))

    @classmethod
    def update_from_cloudformation_json(cls, original_resource: "CfnIamUserToGroupAddition", new_resource_name: str,
                                        cloudformation_json: dict[str, Any], account_id: str,
                                        region_name: str) -> "CfnIamUserToGroupAddition":
        properties = cloudformation_json["Properties"]
        if properties["GroupName"] != original_resource.group_name:
            raise NotImplementedError("a UserToGroupAddition moved to another group is not modelled")
        iam = _iam(account_id, region_name)
        wanted = list(properties["Users"])
        for user_name in original_resource.user_names:
            if user_name not in wanted:
                iam.remove_user_from_group(original_resource.group_name, user_name)
        for user_name in wanted:
            if user_name not in original_resource.user_names:
                iam.add_user_to_group(original_resource.group_name, user_name)
        original_resource.user_names = wanted
        return original_resource

    @property
    def physical_resource_id(self) -> str:
        return self.name

    def delete(self, account_id: str, region_name: str) -> None:
        iam = _iam(account_id, region_name)
        for user_name in self.user_names:
            iam.remove_user_from_group(self.group_name, user_name)


def _delete_managed_policy(cls: type, resource_name: str, cloudformation_json: dict[str, Any],
                           account_id: str, region_name: str) -> None:
    """AWS::IAM::ManagedPolicy deletion; resource_name is the physical id, the policy ARN."""
    iam = _iam(account_id, region_name)
    policy = iam.get_policy(resource_name)
    if policy.attachment_count > 0:
        # IAM refuses DeletePolicy while the policy is attached; moto retries after the group is gone.
        raise DeleteConflictException(f"Policy {resource_name} is still attached")
    iam.delete_policy(resource_name)


def _update_managed_policy(cls: type, original_resource: ManagedPolicy, new_resource_name: str,
                           cloudformation_json: dict[str, Any], account_id: str, region_name: str) -> ManagedPolicy:
    """AWS::IAM::ManagedPolicy update in place: the new document becomes the default version of the same policy."""
    properties = cloudformation_json.get("Properties", {})
    for name, current in (("ManagedPolicyName", original_resource.name), ("Description", original_resource.description),
                          ("Path", original_resource.path)):
        given = properties.get(name)
        if name == "Path" and given is None:
            given = "/"
        if name == "ManagedPolicyName" and given is None:
            continue  # a generated name stays as it is
        if (given or "") != (current or ""):
            raise NotImplementedError(f"{name} {current!r} -> {given!r} needs a replacement, which this model does "
                                      "not perform")
    iam = _iam(account_id, region_name)
    iam.create_policy_version(original_resource.arn, json.dumps(properties["PolicyDocument"]), set_as_default=True)
    return original_resource


_moto_condition_syntax = IAMPolicyDocumentValidator._validate_condition_syntax


def _condition_syntax_with_numbers(statement: dict[str, Any]) -> None:
    """moto 5.2.1 refuses a JSON number as a condition value ("Syntax errors in policy."), which IAM accepts ("Grammar
    of the IAM JSON policy language": quotation marks are optional for numeric and Boolean values,
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html) and CDK writes for
    NumericGreaterThan aws:MultiFactorAuthAge. moto's own check runs on the statement with numbers as text; the
    document stored is the one given."""
    condition = statement.get("Condition")
    if isinstance(condition, dict):
        statement = {**statement, "Condition": {
            operator: {key: str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value
                       for key, value in values.items()} if isinstance(values, dict) else values
            for operator, values in condition.items()}}
    _moto_condition_syntax(statement)


IAMPolicyDocumentValidator._validate_condition_syntax = staticmethod(_condition_syntax_with_numbers)  # type: ignore
ManagedPolicy.delete_from_cloudformation_json = classmethod(_delete_managed_policy)  # type: ignore[assignment]
ManagedPolicy.update_from_cloudformation_json = classmethod(_update_managed_policy)  # type: ignore[assignment]

def serve_on_a_free_port(port_file: str) -> None:
    """moto_server's own set-up (moto.server.main), on a socket bound before the port is announced."""
    from werkzeug.serving import make_server

    app = DomainDispatcherApplication(create_backend_app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    port = server.server_port
    os.environ["MOTO_PORT"] = str(port)
    # SIGTERM and SIGINT end the server cleanly, as moto_server does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    # The socket listens from make_server on; the file appears whole (rename) only then.
    with open(port_file + ".tmp", "w", encoding="utf-8") as file:
        file.write(str(port))
    os.replace(port_file + ".tmp", port_file)
    server.serve_forever()


# AWS::KMS::Key: moto 5.2.1 stores a template's KeyPolicy object as it is, while its KMS API expects the policy as a
# JSON string (DescribeKey and GetKeyPolicy fail with a server error). Hand it the string the API would have stored.
_create_kms_key = KmsKey.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]


def _create_kms_key_with_policy_text(cls: type, resource_name: str, cloudformation_json: dict[str, Any],
                                     account_id: str, region_name: str, **kwargs: Any) -> KmsKey:
    properties = cloudformation_json.get("Properties", {})
    if isinstance(properties.get("KeyPolicy"), dict):
        properties["KeyPolicy"] = json.dumps(properties["KeyPolicy"])
    return _create_kms_key(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)


KmsKey.create_from_cloudformation_json = classmethod(_create_kms_key_with_policy_text)  # type: ignore[assignment]

if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--port-file":
        serve_on_a_free_port(sys.argv[2])
    else:
        main(sys.argv[1:])
