package io.github.cdkmfa;

import static io.github.cdkmfa.TestStacks.asList;
import static io.github.cdkmfa.TestStacks.policyDocument;
import static io.github.cdkmfa.TestStacks.statement;
import static io.github.cdkmfa.TestStacks.statements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.CfnGroup;
import software.amazon.awscdk.services.iam.Group;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.User;

class MfaEnforcedGroupTest {

    /** The MFA policy document of a group defined with the builder settings that {@code configure} applies. */
    private static Map<String, Object> document(UnaryOperator<MfaEnforcedGroup.Builder> configure) {
        Stack stack = TestStacks.stack();
        configure.apply(MfaEnforcedGroup.Builder.create(stack, "Group")).build();
        return policyDocument(Template.fromStack(stack));
    }

    @Test
    void definesGroupWithTheMfaPolicyAttachedAndNothingElseByDefault() {
        Stack stack = TestStacks.stack();
        new MfaEnforcedGroup(stack, "Developers");
        Template template = Template.fromStack(stack);

        template.resourceCountIs("AWS::IAM::Group", 1);
        template.resourceCountIs("AWS::IAM::ManagedPolicy", 1);
        String policyId = template.findResources("AWS::IAM::ManagedPolicy").keySet().iterator().next();
        template.hasResourceProperties("AWS::IAM::Group", Map.of(
                "ManagedPolicyArns", List.of(Map.of("Ref", policyId)),
                "GroupName", Match.absent(),
                "Path", Match.absent()));
        template.hasResourceProperties("AWS::IAM::ManagedPolicy", Map.of("ManagedPolicyName", Match.absent()));
    }

    @Test
    void defaultPolicyFollowsAwsExampleWithDevicesOfAnyNameAndPathUsers() {
        Map<String, Object> doc = document(g -> g);

        assertThat(statements(doc)).extracting(s -> s.get("Sid")).containsExactly("AllowViewAccountInfo",
                "AllowManageOwnVirtualMFADevice", "AllowManageOwnMFAAndCredentials", "DenyAllExceptListedIfNoMFA",
                "DenyMFAEnrolmentWithAccessKeys");
        assertThat(asList(statement(doc, "AllowViewAccountInfo").get("Action")))
                .containsExactlyInAnyOrder("iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices");
        assertThat(statement(doc, "AllowViewAccountInfo").get("Resource")).isEqualTo("*");

        Map<String, Object> device = statement(doc, "AllowManageOwnVirtualMFADevice");
        assertThat(asList(device.get("Action"))).containsExactly("iam:CreateVirtualMFADevice");
        assertThat(device.get("Resource").toString()).endsWith(":mfa/*]]}").contains("AWS::Partition")
                .contains("AWS::AccountId");

        Map<String, Object> own = statement(doc, "AllowManageOwnMFAAndCredentials");
        assertThat(asList(own.get("Action"))).contains("iam:EnableMFADevice", "iam:GetMFADevice", "iam:GetUser",
                "iam:ListMFADevices", "iam:ResyncMFADevice", "iam:DeactivateMFADevice", "iam:ChangePassword",
                "iam:CreateAccessKey", "iam:UploadSSHPublicKey", "iam:UploadSigningCertificate",
                "iam:CreateServiceSpecificCredential").doesNotContain("iam:DeleteVirtualMFADevice");
        assertThat(asList(own.get("Resource"))).hasSize(2);
        assertThat(own.get("Resource").toString()).contains(":user/${aws:username}")
                .contains(":user/*/${aws:username}").doesNotContain("$${");

        Map<String, Object> deny = statement(doc, "DenyAllExceptListedIfNoMFA");
        assertThat(deny.get("Effect")).isEqualTo("Deny");
        assertThat(deny.get("Resource")).isEqualTo("*");
        assertThat(deny).doesNotContainKey("Action");
        assertThat(asList(deny.get("NotAction"))).containsExactlyInAnyOrder("iam:CreateVirtualMFADevice",
                "iam:EnableMFADevice", "iam:GetMFADevice", "iam:GetUser", "iam:ListMFADevices",
                "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken");
        assertThat(deny.get("Condition"))
                .isEqualTo(Map.of("BoolIfExists", Map.of("aws:MultiFactorAuthPresent", "false")));
    }

    @Test
    void consoleOnlyUsesBoolAndStillRequiresMfaForCredentialsAndMfaRemoval() {
        Map<String, Object> doc = document(g -> g.enforcement(MfaEnforcement.CONSOLE_ONLY));

        assertThat(statement(doc, "DenyAllExceptListedIfNoMFA").get("Condition"))
                .isEqualTo(Map.of("Bool", Map.of("aws:MultiFactorAuthPresent", "false")));
        Map<String, Object> credentials = statement(doc, "DenyCredentialChangesWithoutMFA");
        assertThat(credentials.get("Effect")).isEqualTo("Deny");
        assertThat(credentials.get("Resource")).isEqualTo("*");
        assertThat(credentials.get("Condition"))
                .isEqualTo(Map.of("BoolIfExists", Map.of("aws:MultiFactorAuthPresent", "false")));
        assertThat(asList(credentials.get("Action"))).containsExactlyInAnyOrder("iam:CreateAccessKey",
                "iam:CreateLoginProfile", "iam:CreateServiceSpecificCredential", "iam:DeactivateMFADevice",
                "iam:DeleteVirtualMFADevice", "iam:ResetServiceSpecificCredential", "iam:UpdateAccessKey",
                "iam:UpdateLoginProfile", "iam:UpdateSSHPublicKey", "iam:UpdateServiceSpecificCredential",
                "iam:UpdateSigningCertificate", "iam:UploadSSHPublicKey", "iam:UploadSigningCertificate");
    }

    @Test
    void consoleAndApiNeedsNoSeparateCredentialDeny() {
        Map<String, Object> doc = document(g -> g.enforcement(MfaEnforcement.CONSOLE_AND_API));
        assertThat(statements(doc)).extracting(s -> s.get("Sid")).doesNotContain("DenyCredentialChangesWithoutMFA");
    }

    @Test
    void maxMfaAgeAddsADenyForOldMfaSignInsWithTheSameExemptions() {
        Map<String, Object> doc = document(g -> g.maxMfaAge(Duration.hours(12)));

        Map<String, Object> tooOld = statement(doc, "DenyAllExceptListedIfMFATooOld");
        assertThat(tooOld.get("Effect")).isEqualTo("Deny");
        assertThat(tooOld.get("Resource")).isEqualTo("*");
        assertThat(tooOld.get("Condition"))
                .isEqualTo(Map.of("NumericGreaterThan", Map.of("aws:MultiFactorAuthAge", 43200)));
        assertThat(tooOld.get("NotAction")).isEqualTo(statement(doc, "DenyAllExceptListedIfNoMFA").get("NotAction"));
    }

    @Test
    void maxMfaAgeInConsoleOnlyModeLeavesRequestsWithoutAgeToTheBoolDeny() {
        Map<String, Object> doc = document(g -> g.enforcement(MfaEnforcement.CONSOLE_ONLY)
                .maxMfaAge(Duration.minutes(90)));
        // NumericGreaterThan, not ...IfExists: long-term keys carry no age and must keep working in this mode.
        assertThat(statement(doc, "DenyAllExceptListedIfMFATooOld").get("Condition"))
                .isEqualTo(Map.of("NumericGreaterThan", Map.of("aws:MultiFactorAuthAge", 5400)));
    }

    @Test
    void eachSelfServiceCategoryCanBeSwitchedOff() {
        for (SelfService off : SelfService.values()) {
            List<SelfService> on = new java.util.ArrayList<>(List.of(SelfService.values()));
            on.remove(off);
            Map<String, Object> doc = document(g -> g.selfService(on));
            List<Object> actions = asList(statement(doc, "AllowManageOwnMFAAndCredentials").get("Action"));
            assertThat(actions).as("with %s off", off).doesNotContainAnyElementsOf(off.getActions());
            for (SelfService kept : on) {
                assertThat(actions).as("with %s off", off).containsAll(kept.getActions());
            }
        }
    }

    @Test
    void noSelfServiceLeavesOnlyOwnMfaActions() {
        Map<String, Object> doc = document(g -> g.selfService(List.of()));
        assertThat(asList(statement(doc, "AllowManageOwnMFAAndCredentials").get("Action")))
                .containsExactlyInAnyOrder("iam:DeactivateMFADevice", "iam:EnableMFADevice", "iam:GetMFADevice",
                        "iam:GetUser", "iam:ListMFADevices", "iam:ResyncMFADevice");
    }

    @Test
    void passwordChangeWithoutMfaExemptsChangePasswordAndThePasswordPolicy() {
        Map<String, Object> off = document(g -> g);
        assertThat(asList(statement(off, "DenyAllExceptListedIfNoMFA").get("NotAction")))
                .doesNotContain("iam:ChangePassword", "iam:GetAccountPasswordPolicy");

        Map<String, Object> on = document(g -> g.allowPasswordChangeWithoutMfa(true));
        assertThat(asList(statement(on, "DenyAllExceptListedIfNoMFA").get("NotAction")))
                .contains("iam:ChangePassword", "iam:GetAccountPasswordPolicy")
                .doesNotContain("iam:UpdateLoginProfile", "iam:CreateLoginProfile");
        assertThat(asList(statement(on, "AllowManageOwnMFAAndCredentials").get("Action")))
                .contains("iam:ChangePassword");
    }

    @Test
    void consoleUserListAllowsAndExemptsListUsers() {
        Map<String, Object> off = document(g -> g);
        assertThat(asList(statement(off, "AllowViewAccountInfo").get("Action"))).doesNotContain("iam:ListUsers");

        Map<String, Object> on = document(g -> g.allowConsoleUserList(true));
        assertThat(asList(statement(on, "AllowViewAccountInfo").get("Action"))).contains("iam:ListUsers");
        assertThat(asList(statement(on, "DenyAllExceptListedIfNoMFA").get("NotAction"))).contains("iam:ListUsers");
    }

    @Test
    void exemptActionsJoinTheDenyExceptionsOnceEach() {
        Map<String, Object> doc = document(g -> g.exemptActions(
                List.of("s3:ListAllMyBuckets", "S3:listallmybuckets", "sts:GetSessionToken", "iam:ListRoles")));
        List<Object> notActions = asList(statement(doc, "DenyAllExceptListedIfNoMFA").get("NotAction"));
        assertThat(notActions).contains("s3:ListAllMyBuckets", "iam:ListRoles").doesNotContain("S3:listallmybuckets");
        assertThat(notActions.stream().filter("sts:GetSessionToken"::equals)).hasSize(1);
    }

    @Test
    void namesPathAndPolicyNameReachTheTemplate() {
        Stack stack = TestStacks.stack();
        MfaEnforcedGroup.Builder.create(stack, "Admins").groupName("admins").path("/teams/platform/")
                .managedPolicyName("Force_MFA").build();
        Template template = Template.fromStack(stack);
        template.hasResourceProperties("AWS::IAM::Group", Map.of("GroupName", "admins", "Path", "/teams/platform/"));
        template.hasResourceProperties("AWS::IAM::ManagedPolicy", Map.of("ManagedPolicyName", "Force_MFA"));
    }

    @Test
    void powerUserAccessAndFurtherPoliciesAreAttachedBesideTheMfaPolicy() {
        Stack stack = TestStacks.stack();
        MfaEnforcedGroup.Builder.create(stack, "Group").powerUserAccess(true)
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("ReadOnlyAccess"))).build();
        Template template = Template.fromStack(stack);
        String arns = template.findResources("AWS::IAM::Group").toString();
        assertThat(arns).contains(":iam::aws:policy/PowerUserAccess").contains(":iam::aws:policy/ReadOnlyAccess");
        template.hasResourceProperties("AWS::IAM::Group",
                Map.of("ManagedPolicyArns", Match.arrayWith(List.of(Match.objectLike(Map.of("Ref", Match.anyValue()))))));
    }

    @Test
    void powerUserAccessIsOffByDefault() {
        Stack stack = TestStacks.stack();
        new MfaEnforcedGroup(stack, "Group", MfaEnforcedGroupProps.builder().build());
        assertThat(Template.fromStack(stack).findResources("AWS::IAM::Group").toString())
                .doesNotContain("PowerUserAccess");
    }

    @Test
    void addUserAndAddManagedPolicyAreIdempotent() {
        Stack stack = TestStacks.stack();
        User alice = User.Builder.create(stack, "Alice").userName("alice").build();
        MfaEnforcedGroup group = MfaEnforcedGroup.Builder.create(stack, "Group").users(List.of(alice)).build();
        group.addUser(alice);
        group.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName("ReadOnlyAccess"));
        group.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName("ReadOnlyAccess"));
        group.addManagedPolicy(group.getMfaPolicy().getManagedPolicy());

        Template template = Template.fromStack(stack);
        Map<String, Map<String, Object>> users = template.findResources("AWS::IAM::User");
        assertThat(users.values().iterator().next().get("Properties").toString()).containsOnlyOnce("Ref");
        String groupJson = template.findResources("AWS::IAM::Group").toString();
        assertThat(groupJson).containsOnlyOnce("ReadOnlyAccess");
        assertThat(groupJson.split("MfaPolicy", -1)).hasSize(2);
    }

    @Test
    void importedUsersBecomeMembersThroughUserToGroupAddition() {
        Stack stack = TestStacks.stack();
        MfaEnforcedGroup group = MfaEnforcedGroup.Builder.create(stack, "Group").groupName("developers")
                .users(List.of(User.fromUserName(stack, "Bob", "bob"))).build();
        group.addUser(User.fromUserName(stack, "Carol", "carol"));
        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::IAM::UserToGroupAddition", 2);
        template.hasResourceProperties("AWS::IAM::UserToGroupAddition", Map.of("Users", List.of("bob")));
        template.hasResourceProperties("AWS::IAM::UserToGroupAddition", Map.of("Users", List.of("carol")));
    }

    @Test
    void exposesGroupPolicyAndTheirNames() {
        Stack stack = TestStacks.stack();
        MfaEnforcedGroup group = MfaEnforcedGroup.Builder.create(stack, "Group").groupName("ops").build();
        assertThat(group.getGroup()).isInstanceOf(Group.class);
        String groupId = stack.getLogicalId((CfnElement) group.getGroup().getNode().getDefaultChild());
        assertThat(stack.resolve(group.getGroupName())).isEqualTo(Map.of("Ref", groupId));
        assertThat(stack.resolve(group.getGroupArn()).toString()).contains(groupId, "Arn");
        assertThat(stack.resolve(group.getMfaPolicy().getManagedPolicyArn()).toString()).contains("MfaPolicy");
        assertThat(group.getNode().findChild("Resource")).isSameAs(group.getGroup());
        assertThat(group.getNode().findChild("MfaPolicy")).isSameAs(group.getMfaPolicy());
    }

    @Test
    void grantsGoToTheGroupItExposes() {
        Stack stack = TestStacks.stack();
        MfaEnforcedGroup developers = new MfaEnforcedGroup(stack, "Developers");
        software.amazon.awscdk.services.s3.Bucket bucket = new software.amazon.awscdk.services.s3.Bucket(stack,
                "Reports");
        bucket.grantRead(developers.getGroup());
        Template template = Template.fromStack(stack);
        String groupId = template.findResources("AWS::IAM::Group").keySet().iterator().next();
        template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Groups", List.of(Map.of("Ref", groupId)),
                "PolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
                        "Effect", "Allow", "Action", Match.arrayWith(List.of("s3:GetObject*")))))))));
    }

    @Test
    void implementsNoInterfaceThatAwsCdkLibMayExtend() {
        // aws-cdk-lib's interfaces gain abstract members between minor versions (IGroup gained IGroupRef and
        // IEnvironmentAware); a class of this library implementing one would throw AbstractMethodError for the
        // new member after a user upgrades aws-cdk-lib. The group is exposed through getGroup() instead.
        assertThat(MfaEnforcedGroup.class.getInterfaces()).isEmpty();
        assertThat(MfaEnforcementPolicy.class.getInterfaces()).isEmpty();
        assertThat(MfaEnforcedGroup.class.getSuperclass()).isEqualTo(software.constructs.Construct.class);
    }

    @Test
    void theDefaultChildIsTheCfnGroupForTheUsualEscapeHatch() {
        Stack stack = TestStacks.stack();
        MfaEnforcedGroup developers = MfaEnforcedGroup.Builder.create(stack, "Developers").groupName("developers")
                .build();
        CfnGroup cfnGroup = (CfnGroup) developers.getNode().getDefaultChild();
        assertThat(cfnGroup).isSameAs(developers.getGroup().getNode().getDefaultChild());
        cfnGroup.addPropertyOverride("Path", "/overridden/");
        Template.fromStack(stack).hasResourceProperties("AWS::IAM::Group",
                Map.of("GroupName", "developers", "Path", "/overridden/"));
    }

    @Test
    void applyRemovalPolicyRetainsTheGroupAndItsMfaPolicyTogether() {
        Stack stack = TestStacks.stack();
        MfaEnforcedGroup developers = MfaEnforcedGroup.Builder.create(stack, "Developers").powerUserAccess(true)
                .build();
        developers.applyRemovalPolicy(RemovalPolicy.RETAIN);
        Template template = Template.fromStack(stack);
        Map<String, Object> retained = Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain");
        assertThat(template.findResources("AWS::IAM::Group", Match.objectLike(retained))).hasSize(1);
        assertThat(template.findResources("AWS::IAM::ManagedPolicy", Match.objectLike(retained))).hasSize(1);
    }

    @Test
    void failsWhenTheGroupIsRetainedWithoutItsMfaPolicy() {
        Stack stack = TestStacks.stack();
        MfaEnforcedGroup developers = MfaEnforcedGroup.Builder.create(stack, "Developers").powerUserAccess(true)
                .build();
        developers.getGroup().applyRemovalPolicy(RemovalPolicy.RETAIN);
        assertThatThrownBy(() -> TestStacks.synth(stack)).hasMessageContaining("TestStack/Developers: removal policy")
                .hasMessageContaining("the group has DeletionPolicy RETAIN and its MFA policy DELETE")
                .hasMessageContaining("Allowed: the same for both");
    }

    @Test
    void failsWhenTheMfaPolicyIsRetainedWithoutTheGroup() {
        Stack stack = TestStacks.stack();
        MfaEnforcedGroup developers = new MfaEnforcedGroup(stack, "Developers");
        ((CfnResource) developers.getMfaPolicy().getManagedPolicy().getNode().getDefaultChild())
                .applyRemovalPolicy(RemovalPolicy.RETAIN);
        assertThatThrownBy(() -> TestStacks.synth(stack))
                .hasMessageContaining("the group has DeletionPolicy DELETE and its MFA policy RETAIN");
    }

    @Test
    void ownUserArnsUseTheStackAccountAndPartitionWhenKnown() {
        App app = new App(software.amazon.awscdk.AppProps.builder().analyticsReporting(false)
                .context(Map.of("@aws-cdk/core:enablePartitionLiterals", true)).build());
        Stack stack = new Stack(app, "Pinned", software.amazon.awscdk.StackProps.builder()
                .env(software.amazon.awscdk.Environment.builder().account("123456789012").region("us-gov-west-1")
                        .build())
                .build());
        new MfaEnforcedGroup(stack, "Group");
        String own = statement(policyDocument(Template.fromStack(stack)), "AllowManageOwnMFAAndCredentials")
                .get("Resource").toString();
        assertThat(own).contains("arn:aws-us-gov:iam::123456789012:user/${aws:username}")
                .doesNotContain("AWS::AccountId").doesNotContain("AWS::Partition");
    }
}
