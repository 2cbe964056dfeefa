"""Start moto_server with the CloudFormation support the deploy rehearsal needs and moto 5.2.1 lacks.

Test infrastructure for scripts/deploy-rehearsal.sh only; nothing here ships. moto 5.2.1's CloudFormation:
- does not implement AWS::IAM::Group (it logs "No Moto CloudFormation support" and skips the resource), so the
  sample's group would never exist;
- does not implement AWS::IAM::UserToGroupAddition, which CDK uses to add existing (imported) users to a group;
- never deletes an AWS::IAM::ManagedPolicy when its stack is deleted, so `cdk destroy` would seem to leave the
  MFA policy behind;
- stores an AWS::KMS::Key's KeyPolicy as an object where its KMS API expects text, so reading the alerts topic's
  key through the API fails.
The models below call moto's own IAM backend, as moto's other IAM models do, and keep IAM's rules that matter here:
a group is deleted only without members, and a managed policy only when nothing is attached to it. No other moto
behaviour is changed; moto still does not evaluate policy conditions.

Usage: python3 moto_server_with_iam_groups.py [moto_server arguments, e.g. -H 127.0.0.1 -p 5000]
"""
import json
import sys
from typing import Any

from moto.core.common_models import CloudFormationModel
from moto.iam.exceptions import DeleteConflictException
from moto.iam.models import IAMBackend, ManagedPolicy, iam_backends
from moto.kms.models import Key as KmsKey
from moto.server import main
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


ManagedPolicy.delete_from_cloudformation_json = classmethod(_delete_managed_policy)  # type: ignore[assignment]

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
    main(sys.argv[1:])
