"""The organization part of scripts/deploy-rehearsal.sh: what moto 5.2.1 implements of an MfaEnforcedOrganization,
exercised through the AWS API (boto3) against the moto server that AWS_ENDPOINT_URL names.

moto's CloudFormation has no model for AWS::Organizations::Policy or AWS::CloudFormation::StackSet (a deploy would
skip both with "No Moto CloudFormation support"), so the rehearsal takes the SCP's Content and the StackSet's
properties from the synthesized template and makes the calls CloudFormation would make: an organization with an OU
and member accounts, the SCP created and attached to the root and the OU, a service-managed stack set created from
the inline TemplateBody and instances created for the OU. Expected values come from the template, never from the
API answers they are compared with.

What this does not show, and is reported as such: moto never evaluates an SCP (enforcement is proven by the IAM
simulator tests), does not enforce the SCP size or attachment quotas, ignores AutoDeployment, CallAs and operation
preferences (an account that joins later gets no instance), and completes stack set operations at once.

Usage: rehearsal_organization.py TEMPLATE
"""
import json
import os
import sys
from typing import Any

import boto3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rehearsal_checks import ADD_ON, fail, not_implemented, ok  # noqa: E402

MEMBER_ACCOUNTS = 2


def resource(template: dict[str, Any], resource_type: str) -> dict[str, Any]:
    found = [r["Properties"] for r in template["Resources"].values() if r["Type"] == resource_type]
    if len(found) != 1:
        fail(f"expected one {resource_type} in the synthesized template, found {len(found)}")
    return found[0]


def member_iam(account_id: str) -> Any:
    """An IAM client in a member account, through the role Organizations creates there."""
    credentials = boto3.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole",
        RoleSessionName="rehearsal")["Credentials"]
    return boto3.client("iam", aws_access_key_id=credentials["AccessKeyId"],
                        aws_secret_access_key=credentials["SecretAccessKey"],
                        aws_session_token=credentials["SessionToken"])


def main(template_file: str) -> None:
    with open(template_file, encoding="utf-8") as file:
        template = json.load(file)
    policy = resource(template, "AWS::Organizations::Policy")
    stack_set = resource(template, "AWS::CloudFormation::StackSet")
    orgs = boto3.client("organizations")
    cfn = boto3.client("cloudformation")

    orgs.create_organization(FeatureSet="ALL")
    root_id = orgs.list_roots()["Roots"][0]["Id"]
    ou_id = orgs.create_organizational_unit(ParentId=root_id, Name="workloads")["OrganizationalUnit"]["Id"]
    members = []
    for i in range(MEMBER_ACCOUNTS):
        status = orgs.create_account(Email=f"member{i}@example.com", AccountName=f"member-{i}")["CreateAccountStatus"]
        account_id = status["AccountId"]
        orgs.move_account(AccountId=account_id, SourceParentId=root_id, DestinationParentId=ou_id)
        members.append(account_id)
    ok(f"organization with root {root_id}, OU {ou_id} and member accounts {members}")
    # The synthesized ids are the rehearsal's placeholders; moto's organization has its own.
    target_ids = {policy["TargetIds"][0]: root_id, policy["TargetIds"][1]: ou_id}

    try:
        orgs.enable_policy_type(RootId=root_id, PolicyType=policy["Type"])
    except orgs.exceptions.PolicyTypeAlreadyEnabledException:
        pass
    content = json.dumps(policy["Content"], separators=(",", ":"))
    created = orgs.create_policy(Content=content, Description=policy["Description"], Name=policy["Name"],
                                 Type=policy["Type"])["Policy"]["PolicySummary"]
    stored = orgs.describe_policy(PolicyId=created["Id"])["Policy"]
    if json.loads(stored["Content"]) != policy["Content"] or stored["PolicySummary"]["Type"] != policy["Type"]:
        fail(f"the SCP moto stored differs from the synthesized Content: {stored}")
    ok(f"SCP {policy['Name']} created from the synthesized Content ({len(content)} characters) and read back equal")
    for placeholder in policy["TargetIds"]:
        orgs.attach_policy(PolicyId=created["Id"], TargetId=target_ids[placeholder])
    attached = {t["TargetId"] for t in orgs.list_targets_for_policy(PolicyId=created["Id"])["Targets"]}
    if attached != set(target_ids.values()):
        fail(f"the SCP is attached to {attached}, expected {set(target_ids.values())}")
    for target in target_ids.values():
        names = {p["Name"] for p in orgs.list_policies_for_target(TargetId=target,
                                                                  Filter=policy["Type"])["Policies"]}
        if policy["Name"] not in names:
            fail(f"{target} does not list the SCP: {names}")
    ok(f"SCP attached to the root and the OU (TargetIds {policy['TargetIds']} of the template)")
    not_implemented("moto never evaluates an SCP: that IAM users without MFA are denied is proven by "
                    "MfaOrganizationScpMatrixTest with the IAM simulator, not here")
    not_implemented(f"moto does not enforce the SCP size quota; the library checks {len(content)} characters "
                    "against 5,120 at synthesis")

    cfn.create_stack_set(StackSetName=stack_set["StackSetName"], Description=stack_set["Description"],
                         TemplateBody=stack_set["TemplateBody"], Capabilities=stack_set["Capabilities"],
                         PermissionModel=stack_set["PermissionModel"], CallAs=stack_set["CallAs"],
                         AutoDeployment=stack_set["AutoDeployment"], ManagedExecution=stack_set["ManagedExecution"])
    described = cfn.describe_stack_set(StackSetName=stack_set["StackSetName"])["StackSet"]
    if described["TemplateBody"] != stack_set["TemplateBody"] or described["PermissionModel"] != "SERVICE_MANAGED":
        fail(f"the stack set moto stored differs from the template: {described}")
    ok(f"stack set {stack_set['StackSetName']} created SERVICE_MANAGED from the inline TemplateBody "
       f"({len(stack_set['TemplateBody'].encode('utf-8'))} bytes) and read back equal")
    group = stack_set["StackInstancesGroup"][0]
    regions = [r if isinstance(r, str) else os.environ["AWS_REGION"] for r in group["Regions"]]
    operation = cfn.create_stack_instances(
        StackSetName=stack_set["StackSetName"], Regions=regions,
        DeploymentTargets={"OrganizationalUnitIds": [ou_id]},
        OperationPreferences=stack_set["OperationPreferences"])["OperationId"]
    status = cfn.describe_stack_set_operation(StackSetName=stack_set["StackSetName"],
                                              OperationId=operation)["StackSetOperation"]["Status"]
    if status != "SUCCEEDED":
        fail(f"the stack instance operation is {status}")
    instances = cfn.list_stack_instances(StackSetName=stack_set["StackSetName"])["Summaries"]
    deployed = sorted(i["Account"] for i in instances)
    if deployed != sorted(members) or {i["Region"] for i in instances} != set(regions):
        fail(f"stack instances in {[(i['Account'], i['Region']) for i in instances]}, expected one per member "
             f"account {members} in {regions}")
    ok(f"one stack instance per account of the OU ({len(instances)}) in {regions}")
    inner = json.loads(stack_set["TemplateBody"])
    group_names = [r["Properties"]["GroupName"] for r in inner["Resources"].values() if r["Type"] == "AWS::IAM::Group"]
    for account_id in members:
        found = [g["GroupName"] for g in member_iam(account_id).list_groups()["Groups"]]
        if found != group_names:
            fail(f"member account {account_id} has groups {found}, the StackSet's template defines {group_names}")
    ok(f"the StackSet's group {group_names} exists in every member account (read through "
       "OrganizationAccountAccessRole); its group model is the add-on's", source=ADD_ON)
    not_implemented("moto ignores AutoDeployment, CallAs, ManagedExecution and OperationPreferences, completes "
                    "operations at once, and targeting the root would deploy to the management account too (AWS "
                    "never does): new accounts, delegated administrators and roll-out speed are not shown here")
    not_implemented("moto's CloudFormation has no AWS::Organizations::Policy or AWS::CloudFormation::StackSet: "
                    "the rehearsal makes their API calls itself instead of deploying them with cdk deploy")

    # moto 5.2.1 reads only Accounts here and ignores DeploymentTargets (its DeleteStackInstances docstring);
    # CloudFormation takes the OU for a service-managed stack set, so both are given.
    cfn.delete_stack_instances(StackSetName=stack_set["StackSetName"], Regions=regions, Accounts=members,
                               DeploymentTargets={"OrganizationalUnitIds": [ou_id]}, RetainStacks=False)
    cfn.delete_stack_set(StackSetName=stack_set["StackSetName"])
    for target in target_ids.values():
        orgs.detach_policy(PolicyId=created["Id"], TargetId=target)
    orgs.delete_policy(PolicyId=created["Id"])
    remaining = [p["Name"] for p in orgs.list_policies(Filter=policy["Type"])["Policies"]]
    if policy["Name"] in remaining:
        fail(f"the SCP is still there after detach and delete: {remaining}")
    ok("roll-back: SCP detached from every target and deleted, stack instances and stack set deleted")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
