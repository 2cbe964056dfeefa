package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.StageSynthesisOptions;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.eks.CfnAccessEntry;
import software.amazon.awscdk.services.iam.AccessKey;
import software.amazon.awscdk.services.iam.CfnManagedPolicy;
import software.amazon.awscdk.services.iam.CfnUser;
import software.amazon.awscdk.services.iam.CfnUserToGroupAddition;
import software.amazon.awscdk.services.iam.Group;
import software.amazon.awscdk.services.iam.IGroup;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.User;

/**
 * Runs {@link MfaEnforcementChecks} as aws-cdk-lib runs it, a policy validation plugin of a real synthesis, and reads
 * what it found from the validation report aws-cdk-lib writes into the cloud assembly.
 */
class MfaEnforcementChecksTest {
    private static final String PASSWORD = "not-a-real-password-1!";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Environment ACCOUNT_1 = Environment.builder().account("111111111111").region("us-east-1")
            .build();

    private final App app = TestStacks.app();
    private final Stack stack = new Stack(app, "Users", StackProps.builder().env(ACCOUNT_1).build());
    private final Stack other = new Stack(app, "Groups", StackProps.builder().env(ACCOUNT_1).build());

    /** A finding of the check in aws-cdk-lib's validation report. */
    record Finding(String rule, String severity, String path, String description, String acknowledgedAt,
            String reason) {
        @Override
        public String toString() {
            return rule + " " + path;
        }
    }

    /** What the report holds for the check: violations, and those an acknowledgment suppressed. */
    record Report(List<Finding> violations, List<Finding> suppressed, String thrown) {
    }

    private static Report synth(App app) {
        Validations.of(app).addPlugins(new MfaEnforcementChecks());
        String thrown = null;
        try {
            app.synth(StageSynthesisOptions.builder().force(true).build());
        } catch (RuntimeException e) {
            thrown = e.getMessage();
        }
        Path report = Path.of(app.getOutdir(), "validation-report.json");
        assertThat(report).as("aws-cdk-lib writes the validation report when a plugin ran").exists();
        try {
            JsonNode json = JSON.readTree(Files.readString(report));
            List<Finding> violations = new ArrayList<>();
            List<Finding> suppressed = new ArrayList<>();
            for (JsonNode plugin : json.get("pluginReports")) {
                if (!MfaEnforcementChecks.PLUGIN_NAME.equals(plugin.get("pluginName").asText())) {
                    continue;
                }
                assertThat(plugin.path("metadata").path("error").asText(""))
                        .as("the plugin itself must not fail").isEmpty();
                collect(plugin.get("violations"), violations);
                collect(plugin.get("suppressedViolations"), suppressed);
            }
            return new Report(violations, suppressed, thrown);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void collect(JsonNode list, List<Finding> into) {
        if (list == null) {
            return;
        }
        for (JsonNode violation : list) {
            for (JsonNode construct : violation.get("violatingConstructs")) {
                into.add(new Finding(violation.get("ruleName").asText(), violation.path("severity").asText(),
                        construct.path("constructPath").asText(), violation.get("description").asText(),
                        violation.path("acknowledgedAt").asText(null), violation.path("reason").asText(null)));
            }
        }
    }

    private Report synth() {
        return synth(app);
    }

    private List<String> found() {
        return synth().violations().stream().map(Finding::toString).toList();
    }

    private static User consoleUser(Stack scope, String id) {
        return User.Builder.create(scope, id).password(SecretValue.unsafePlainText(PASSWORD)).build();
    }

    private static CfnUser.LoginProfileProperty loginProfile() {
        return CfnUser.LoginProfileProperty.builder().password(PASSWORD).build();
    }

    // ---- covered ----

    @Test
    void memberAddedToAnMfaEnforcedGroupIsCovered() {
        MfaEnforcedGroup group = new MfaEnforcedGroup(stack, "Developers");
        group.addUser(consoleUser(stack, "Alice"));
        Report report = synth();
        assertThat(report.violations()).isEmpty();
        assertThat(report.thrown()).isNull();
    }

    @Test
    void memberThroughCfnUserGroupsWithTheGroupsLiteralNameInTheSameAccountIsCovered() {
        MfaEnforcedGroup.Builder.create(other, "Developers").groupName("developers").build();
        CfnUser.Builder.create(stack, "Alice").groups(List.of("developers")).loginProfile(loginProfile()).build();
        assertThat(found()).isEmpty();
    }

    @Test
    void memberThroughACrossStackReferenceIsCovered() {
        // The group has no name of its own: the user's Groups holds an Fn::ImportValue of the other stack's export.
        MfaEnforcedGroup group = new MfaEnforcedGroup(other, "Developers");
        CfnUser.Builder.create(stack, "Alice").groups(List.of(group.getGroupName())).loginProfile(loginProfile())
                .build();
        assertThat(found()).isEmpty();
    }

    @Test
    void memberThroughAStackOutputReferenceIsCovered() {
        // New CDK apps (and the sample's cdk.json) write cross-stack references as Fn::GetStackOutput.
        App weak = new App(AppProps.builder().analyticsReporting(false)
                .context(Map.of("@aws-cdk/core:defaultCrossStackReferences", "weak")).build());
        MfaEnforcedGroup group = new MfaEnforcedGroup(new Stack(weak, "Groups",
                StackProps.builder().env(ACCOUNT_1).build()), "Developers");
        Stack users = new Stack(weak, "Users", StackProps.builder().env(ACCOUNT_1).build());
        User alice = consoleUser(users, "Alice");
        AccessKey.Builder.create(users, "AliceKey").user(alice).build();
        group.addUser(alice);
        consoleUser(users, "Bob").addToGroup(Group.Builder.create(new Stack(weak, "Plain",
                StackProps.builder().env(ACCOUNT_1).build()), "Plain").build());
        assertThat(synth(weak).violations()).extracting(Finding::toString)
                .containsExactly("CdkMfa::UserNotEnforced Users/Bob/Resource");
    }

    @Test
    void memberThroughGroupAddUserAcrossStacksWithAnAccessKeyIsCovered() {
        MfaEnforcedGroup group = new MfaEnforcedGroup(other, "Developers");
        User alice = consoleUser(stack, "Alice");
        AccessKey.Builder.create(stack, "AliceKey").user(alice).build();
        group.getGroup().addUser(alice);
        assertThat(found()).isEmpty();
    }

    @Test
    void memberThroughUserToGroupAdditionIsCovered() {
        MfaEnforcedGroup group = new MfaEnforcedGroup(other, "Developers");
        User alice = consoleUser(stack, "Alice");
        CfnUserToGroupAddition.Builder.create(other, "AddAlice").groupName(group.getGroupName())
                .users(List.of(alice.getUserName())).build();
        assertThat(found()).isEmpty();
    }

    @Test
    void memberAddedByNameThroughAnImportedUserIsCovered() {
        MfaEnforcedGroup group = new MfaEnforcedGroup(other, "Developers");
        User.Builder.create(stack, "Alice").userName("alice").password(SecretValue.unsafePlainText(PASSWORD)).build();
        group.addUser(User.fromUserName(other, "AliceByName", "alice"));
        assertThat(found()).isEmpty();
    }

    @Test
    void memberOfAGroupWithThePolicyInItsManagedPolicyArnsIsCovered() {
        MfaEnforcementPolicy policy = new MfaEnforcementPolicy(other, "ForceMfa");
        Group group = Group.Builder.create(stack, "Operators").build();
        group.addManagedPolicy(policy.getManagedPolicy());
        group.addUser(consoleUser(stack, "Alice"));
        assertThat(found()).isEmpty();
    }

    @Test
    void memberOfAGroupThePolicyIsAttachedToThroughItsGroupsIsCovered() {
        Group group = Group.Builder.create(stack, "Operators").build();
        MfaEnforcementPolicy.Builder.create(other, "ForceMfa").groups(List.of(group)).build();
        group.addUser(consoleUser(stack, "Alice"));
        assertThat(found()).isEmpty();
    }

    @Test
    void memberOfAGroupImportedByNameWithThePolicyAttachedIsCovered() {
        IGroup operators = Group.fromGroupName(other, "Operators", "operators");
        MfaEnforcementPolicy.Builder.create(other, "ForceMfa").groups(List.of(operators)).build();
        consoleUser(stack, "Alice").addToGroup(Group.fromGroupName(stack, "OperatorsHere", "operators"));
        CfnUser.Builder.create(stack, "Bob").groups(List.of("Operators")).loginProfile(loginProfile()).build();
        assertThat(found()).isEmpty();
    }

    @Test
    void userWithThePolicyAttachedDirectlyIsCovered() {
        User alice = consoleUser(stack, "Alice");
        MfaEnforcementPolicy.Builder.create(other, "ForceMfa").users(List.of(alice)).build();
        User bob = consoleUser(stack, "Bob");
        bob.addManagedPolicy(new MfaEnforcementPolicy(stack, "BobsMfa").getManagedPolicy());
        assertThat(found()).isEmpty();
    }

    @Test
    void aPolicyNamedByFromManagedPolicyNameIsTheAppsOwnMfaPolicy() {
        MfaEnforcementPolicy.Builder.create(other, "ForceMfa").managedPolicyName("force-mfa").build();
        User alice = consoleUser(stack, "Alice");
        alice.addManagedPolicy(ManagedPolicy.fromManagedPolicyName(stack, "ForceMfaByName", "force-mfa"));
        Group group = Group.Builder.create(stack, "Operators").build();
        group.addManagedPolicy(ManagedPolicy.fromManagedPolicyName(stack, "ForceMfaForGroup", "force-mfa"));
        group.addUser(consoleUser(stack, "Bob"));
        assertThat(found()).isEmpty();
    }

    @Test
    void failsWhenFromManagedPolicyNameNamesTheMfaPolicyOfAnotherAccount() {
        Stack elsewhere = new Stack(app, "Elsewhere", StackProps.builder()
                .env(Environment.builder().account("222222222222").region("us-east-1").build()).build());
        MfaEnforcementPolicy.Builder.create(elsewhere, "ForceMfa").managedPolicyName("force-mfa").build();
        consoleUser(stack, "Alice")
                .addManagedPolicy(ManagedPolicy.fromManagedPolicyName(stack, "ForceMfaByName", "force-mfa"));
        assertThat(found()).containsExactly("CdkMfa::UserNotEnforced Users/Alice/Resource");
    }

    @Test
    void groupNamedByAParameterMatchesTheSameParameterInTheUsersGroups() {
        CfnParameter name = CfnParameter.Builder.create(stack, "GroupName").type("String").build();
        Group group = Group.Builder.create(stack, "Operators").groupName(name.getValueAsString()).build();
        new MfaEnforcementPolicy(stack, "ForceMfa").attachToGroup(group);
        CfnUser.Builder.create(stack, "Alice").groups(List.of(name.getValueAsString())).loginProfile(loginProfile())
                .build();
        assertThat(found()).isEmpty();
    }

    @Test
    void aGroupNameJoinedFromTheStackNameMatchesTheSameJoinInTheSameStack() {
        String name = Fn.join("-", List.of(Aws.STACK_NAME, "developers"));
        MfaEnforcedGroup.Builder.create(stack, "Developers").groupName(name).build();
        CfnUser.Builder.create(stack, "Alice").groups(List.of(name)).loginProfile(loginProfile()).build();
        assertThat(found()).isEmpty();
    }

    @Test
    void groupNamesCompareWithoutRegardToCaseAsInIam() {
        MfaEnforcedGroup.Builder.create(other, "Developers").groupName("Developers").build();
        CfnUser.Builder.create(stack, "Alice").groups(List.of("developers")).loginProfile(loginProfile()).build();
        assertThat(found()).isEmpty();
    }

    @Test
    void aUserWithAPathIsJudgedByItsName() {
        MfaEnforcedGroup group = new MfaEnforcedGroup(other, "Developers");
        User alice = User.Builder.create(stack, "Alice").userName("alice").path("/engineering/")
                .password(SecretValue.unsafePlainText(PASSWORD)).build();
        group.addUser(alice);
        User bob = User.Builder.create(stack, "Bob").userName("bob").path("/engineering/").build();
        AccessKey.Builder.create(stack, "BobKey").user(bob).build();
        assertThat(found()).containsExactly("CdkMfa::UserNotEnforced Users/Bob/Resource");
    }

    @Test
    void aConsoleOnlyGroupCoversAMemberWithoutAnAccessKey() {
        MfaEnforcedGroup.Builder.create(stack, "Console").enforcement(MfaEnforcement.CONSOLE_ONLY).build()
                .addUser(consoleUser(stack, "Alice"));
        assertThat(found()).isEmpty();
    }

    // ---- nested stacks and stages ----

    @Test
    void usersInNestedStagesAreChecked() {
        Stage prod = new Stage(app, "Prod");
        Stage eu = new Stage(prod, "Eu");
        Stack users = new Stack(eu, "Users");
        new MfaEnforcedGroup(users, "Developers").addUser(consoleUser(users, "Alice"));
        consoleUser(users, "Bob");
        consoleUser(new Stack(prod, "Admins"), "Carol");
        assertThat(found()).containsExactlyInAnyOrder("CdkMfa::UserNotEnforced Prod/Eu/Users/Bob/Resource",
                "CdkMfa::UserNotEnforced Prod/Admins/Carol/Resource");
    }

    @Test
    void usersInNestedStacksAreCheckedWithTheirParentsGroups() {
        MfaEnforcedGroup group = new MfaEnforcedGroup(stack, "Developers");
        NestedStack nested = new NestedStack(stack, "Team");
        NestedStack deeper = new NestedStack(nested, "Deeper");
        group.addUser(consoleUser(nested, "Alice"));
        group.addUser(consoleUser(deeper, "Dora"));
        consoleUser(deeper, "Bob");
        assertThat(found()).containsExactly("CdkMfa::UserNotEnforced Users/Team/Deeper/Bob/Resource");
    }

    // ---- not covered ----

    @Test
    void failsWhenAConsoleUserIsInNoGroup() {
        consoleUser(stack, "Alice");
        Report report = synth();
        assertThat(report.violations()).singleElement().satisfies(finding -> {
            assertThat(finding.rule()).isEqualTo("CdkMfa::UserNotEnforced");
            assertThat(finding.severity()).isEqualTo("error");
            assertThat(finding.path()).isEqualTo("Users/Alice/Resource");
            assertThat(finding.description()).isEqualTo("IAM user Users/Alice/Resource can sign in to the console "
                    + "(it has a LoginProfile) and is not under MFA enforcement: it is a member of no group, and no "
                    + "MFA enforcement policy is attached to it.");
        });
        assertThat(report.thrown()).contains("Validation failed");
    }

    @Test
    void failsWhenAUserWithAnAccessKeyInAnotherStackIsOnlyInAGroupWithoutThePolicy() {
        Group group = Group.Builder.create(other, "Readers")
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("ReadOnlyAccess"))).build();
        User alice = User.Builder.create(stack, "Alice").userName("alice").build();
        group.addUser(alice);
        AccessKey.Builder.create(new Stack(app, "Keys", StackProps.builder().env(ACCOUNT_1).build()), "AliceKey")
                .user(alice).build();
        assertThat(synth().violations()).singleElement().extracting(Finding::description).asString()
                .startsWith("IAM user Users/Alice/Resource (user name 'alice') holds an access key "
                        + "(Keys/AliceKey/Resource) and is not under MFA enforcement: its groups (group "
                        + "Groups/Readers/Resource) carry no MFA enforcement policy");
    }

    @Test
    void failsWhenTheGroupTheUserIsAddedToByNameIsAnotherGroup() {
        MfaEnforcedGroup.Builder.create(other, "Developers").groupName("developers").build();
        Group.Builder.create(other, "Testers").groupName("testers").build();
        CfnUser.Builder.create(stack, "Alice").groups(List.of("testers")).loginProfile(loginProfile()).build();
        assertThat(found()).containsExactly("CdkMfa::UserNotEnforced Users/Alice");
    }

    @Test
    void failsWhenThePolicyIsAttachedToAnotherUser() {
        User alice = consoleUser(stack, "Alice");
        consoleUser(stack, "Bob");
        MfaEnforcementPolicy.Builder.create(stack, "ForceMfa").users(List.of(alice)).build();
        assertThat(found()).containsExactly("CdkMfa::UserNotEnforced Users/Bob/Resource");
    }

    @Test
    void failsWhenAConsoleOnlyGroupHasAMemberWithAnAccessKey() {
        MfaEnforcedGroup group = MfaEnforcedGroup.Builder.create(stack, "Console")
                .enforcement(MfaEnforcement.CONSOLE_ONLY).build();
        User alice = consoleUser(stack, "Alice");
        group.addUser(alice);
        AccessKey.Builder.create(stack, "AliceKey").user(alice).build();
        assertThat(synth().violations()).singleElement().satisfies(finding -> {
            assertThat(finding.toString()).isEqualTo("CdkMfa::UserNotEnforced Users/Alice/Resource");
            assertThat(finding.description()).contains("console-only mode", "the key works without MFA");
        });
    }

    @Test
    void failsWhenAnOverrideRemovesTheMembership() {
        MfaEnforcedGroup group = new MfaEnforcedGroup(stack, "Developers");
        User alice = consoleUser(stack, "Alice");
        group.addUser(alice);
        ((CfnUser) alice.getNode().getDefaultChild()).addPropertyOverride("Groups", List.of());
        assertThat(found()).containsExactly("CdkMfa::UserNotEnforced Users/Alice/Resource");
    }

    @Test
    void failsWhenAnOverrideAddsALoginProfile() {
        User alice = User.Builder.create(stack, "Alice").build();
        ((CfnUser) alice.getNode().getDefaultChild()).addPropertyOverride("LoginProfile",
                Map.of("Password", PASSWORD));
        Report report = synth();
        assertThat(report.violations()).extracting(Finding::toString)
                .containsExactly("CdkMfa::UserNotEnforced Users/Alice/Resource");
        assertThat(report.violations().get(0).severity()).isEqualTo("error");
    }

    @Test
    void failsWhenAnOverrideWeakensTheMfaPolicy() {
        MfaEnforcedGroup group = new MfaEnforcedGroup(stack, "Developers");
        group.addUser(consoleUser(stack, "Alice"));
        CfnManagedPolicy policy = (CfnManagedPolicy) group.getNode().findAll().stream()
                .filter(CfnManagedPolicy.class::isInstance).findFirst().orElseThrow();
        // The Deny is the fourth statement of the default document; an override adds a write action to its NotAction.
        policy.addPropertyOverride("PolicyDocument.Statement.3.NotAction.8", "s3:PutObject");
        assertThat(found()).containsExactly("CdkMfa::UserNotEnforced Users/Alice/Resource");
    }

    @Test
    void failsWhenTheMfaDenyIsOnlyInAnInlinePolicy() {
        // Only managed policies count: the same document inline on the user is not recognised.
        MfaEnforcementPolicy unattached = new MfaEnforcementPolicy(other, "Unattached");
        CfnUser.Builder.create(stack, "Alice").loginProfile(loginProfile()).policies(List.of(
                CfnUser.PolicyProperty.builder().policyName("mfa").policyDocument(unattached.getDocument()).build()))
                .build();
        assertThat(found()).containsExactly("CdkMfa::UserNotEnforced Users/Alice");
    }

    @Test
    void failsWhenARawCfnResourceUserIsNotCovered() {
        CfnResource.Builder.create(stack, "Raw").type("AWS::IAM::User")
                .properties(Map.of("LoginProfile", Map.of("Password", PASSWORD))).build();
        assertThat(found()).containsExactly("CdkMfa::UserNotEnforced Users/Raw");
    }

    @Test
    void failsWhenAnEnvironmentAgnosticStackHasAGroupOfTheSameNameAsAnotherStacksEnforcedGroup() {
        App agnostic = TestStacks.app();
        Stack enforced = new Stack(agnostic, "Enforced");
        Stack plain = new Stack(agnostic, "Plain");
        MfaEnforcedGroup.Builder.create(enforced, "Developers").groupName("developers").build();
        consoleUser(enforced, "Alice").addToGroup(Group.fromGroupName(enforced, "ByName", "developers"));
        Group.Builder.create(plain, "Developers").groupName("developers").build();
        CfnUser.Builder.create(plain, "Bob").groups(List.of("developers")).loginProfile(loginProfile()).build();
        assertThat(synth(agnostic).violations()).extracting(Finding::toString)
                .containsExactly("CdkMfa::UserNotEnforced Plain/Bob");
    }

    @Test
    void failsWhenAnEnvironmentAgnosticStackNamesAGroupOfAnotherStack() {
        // Unknown accounts never match: the group of the same name in the other stack may be in another account.
        App agnostic = TestStacks.app();
        MfaEnforcedGroup.Builder.create(new Stack(agnostic, "Groups"), "Developers").groupName("developers").build();
        CfnUser.Builder.create(new Stack(agnostic, "Users"), "Alice").groups(List.of("developers"))
                .loginProfile(loginProfile()).build();
        assertThat(synth(agnostic).violations()).extracting(Finding::toString)
                .containsExactly("CdkMfa::UserInUnknownGroup Users/Alice");
    }

    @Test
    void failsWhenTheGroupWithThePolicyIsOfTheSameNameInAnotherAccount() {
        Stack dev = new Stack(app, "Dev", StackProps.builder()
                .env(Environment.builder().account("111111111111").region("eu-west-1").build()).build());
        Stack prod = new Stack(app, "Prod", StackProps.builder()
                .env(Environment.builder().account("222222222222").region("eu-west-1").build()).build());
        MfaEnforcedGroup.Builder.create(dev, "Developers").groupName("developers").build();
        Group.Builder.create(prod, "Developers").groupName("developers").build();
        CfnUser.Builder.create(prod, "Alice").groups(List.of("developers")).loginProfile(loginProfile()).build();
        assertThat(found()).containsExactly("CdkMfa::UserNotEnforced Prod/Alice");
    }

    @Test
    void failsClosedWhenTheGroupCannotBeResolved() {
        new MfaEnforcedGroup(stack, "Developers", MfaEnforcedGroupProps.builder().groupName("developers").build());
        // A typo: no group of that name in the app, and no MFA policy attached to it.
        User alice = consoleUser(stack, "Alice");
        alice.addToGroup(Group.fromGroupName(stack, "Typo", "develpers"));
        Report report = synth();
        assertThat(report.violations()).singleElement().satisfies(finding -> {
            assertThat(finding.toString()).isEqualTo("CdkMfa::UserInUnknownGroup Users/Alice/Resource");
            assertThat(finding.severity()).isEqualTo("error");
            assertThat(finding.description()).contains("group 'develpers'", "neither defines nor attaches");
        });
        assertThat(report.thrown()).contains("Validation failed");
    }

    @Test
    void failsWhenAParameterNamesAGroupOnlyInAnotherStack() {
        CfnParameter name = CfnParameter.Builder.create(other, "GroupName").type("String").build();
        Group group = Group.Builder.create(other, "Operators").groupName(name.getValueAsString()).build();
        new MfaEnforcementPolicy(other, "ForceMfa").attachToGroup(group);
        CfnParameter mine = CfnParameter.Builder.create(stack, "GroupName").type("String").build();
        CfnUser.Builder.create(stack, "Alice").groups(List.of(mine.getValueAsString())).loginProfile(loginProfile())
                .build();
        assertThat(found()).containsExactly("CdkMfa::UserInUnknownGroup Users/Alice");
    }

    @Test
    void warnsWhenAUserWithoutCredentialsIsNotCovered() {
        User.Builder.create(stack, "Alice").build();
        Report report = synth();
        assertThat(report.violations()).singleElement().satisfies(finding -> {
            assertThat(finding.toString()).isEqualTo("CdkMfa::UserWithoutCredentialsNotEnforced Users/Alice/Resource");
            assertThat(finding.severity()).isEqualTo("warning");
        });
        assertThat(report.thrown()).isNull();
    }

    // ---- EKS ----

    @Test
    void warnsWhenAnEksAccessEntryMapsAnIamUser() {
        MfaEnforcedGroup group = new MfaEnforcedGroup(stack, "Developers");
        User alice = consoleUser(stack, "Alice");
        group.addUser(alice);
        CfnAccessEntry.Builder.create(stack, "AliceInCluster").clusterName("prod").principalArn(alice.getUserArn())
                .build();
        CfnAccessEntry.Builder.create(stack, "BobInCluster").clusterName("prod")
                .principalArn("arn:aws:iam::111111111111:user/engineering/bob").build();
        CfnAccessEntry.Builder.create(stack, "Admins").clusterName("prod")
                .principalArn("arn:aws:iam::111111111111:role/cluster-admins").build();
        Report report = synth();
        assertThat(report.violations()).extracting(Finding::toString).containsExactlyInAnyOrder(
                "CdkMfa::UserMappedIntoEks Users/AliceInCluster", "CdkMfa::UserMappedIntoEks Users/BobInCluster");
        assertThat(report.violations()).allSatisfy(finding -> {
            assertThat(finding.severity()).isEqualTo("warning");
            assertThat(finding.description()).contains("sts:GetCallerIdentity");
        });
        assertThat(report.thrown()).isNull();
    }

    @Test
    void warnsWhenTheAwsAuthConfigMapMapsUsers() {
        // What aws-eks's AwsAuth writes: a KubernetesResource whose manifest joins the user ARN into mapUsers.
        User alice = consoleUser(stack, "Alice");
        new MfaEnforcedGroup(stack, "Developers").addUser(alice);
        String mapUsers = Fn.join("", List.of("[{\"userarn\":\"", alice.getUserArn(),
                "\",\"username\":\"alice\",\"groups\":[\"system:masters\"]}]"));
        String manifest = Fn.join("", List.of("[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
                + "\"aws-auth\",\"namespace\":\"kube-system\"},\"data\":{\"mapRoles\":\"[]\",\"mapUsers\":",
                Fn.toJsonString(mapUsers), ",\"mapAccounts\":\"[]\"}}]"));
        CfnResource.Builder.create(stack, "AwsAuthManifest").type("Custom::AWSCDK-EKS-KubernetesResource")
                .properties(Map.of("ServiceToken", "arn:aws:lambda:us-east-1:111111111111:function:kubectl",
                        "Manifest", manifest, "ClusterName", "prod"))
                .build();
        String rolesOnly = "[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"aws-auth\"},"
                + "\"data\":{\"mapRoles\":\"[{\\\"rolearn\\\":\\\"arn:aws:iam::111111111111:role/admins\\\"}]\","
                + "\"mapUsers\":\"[]\"}}]";
        CfnResource.Builder.create(stack, "RolesOnly").type("Custom::AWSCDK-EKS-KubernetesResource")
                .properties(Map.of("ServiceToken", "arn:aws:lambda:us-east-1:111111111111:function:kubectl",
                        "Manifest", rolesOnly, "ClusterName", "other"))
                .build();
        assertThat(found()).containsExactly("CdkMfa::UserMappedIntoEks Users/AwsAuthManifest");
    }

    // ---- acknowledgment ----

    @Test
    void aBreakGlassUserAcknowledgedOnTheUserWithAReasonIsAcceptedAndTheReasonIsReported() {
        User breakGlass = consoleUser(stack, "BreakGlass");
        Validations.of(breakGlass).acknowledge(Acknowledgment.builder().id(MfaEnforcementChecks.USER_NOT_ENFORCED)
                .reason("Break-glass user: its password is in the safe and every sign-in alarms.").build());
        CfnUser raw = CfnUser.Builder.create(stack, "RawBreakGlass").loginProfile(loginProfile()).build();
        Validations.of(raw).acknowledge(Acknowledgment.builder().id(MfaEnforcementChecks.USER_NOT_ENFORCED)
                .reason("Break-glass user defined as a raw resource.").build());
        consoleUser(stack, "Alice");
        Report report = synth();
        assertThat(report.violations()).extracting(Finding::toString)
                .containsExactly("CdkMfa::UserNotEnforced Users/Alice/Resource");
        assertThat(report.suppressed()).extracting(Finding::path, Finding::acknowledgedAt, Finding::reason)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("Users/BreakGlass/Resource", "Users/BreakGlass",
                                "Break-glass user: its password is in the safe and every sign-in alarms."),
                        org.assertj.core.groups.Tuple.tuple("Users/RawBreakGlass", "Users/RawBreakGlass",
                                "Break-glass user defined as a raw resource."));
    }

    @Test
    void anUnresolvableGroupIsAcknowledgedOnTheUser() {
        User legacy = consoleUser(stack, "Legacy");
        legacy.addToGroup(Group.fromGroupName(stack, "Admins", "legacy-admins"));
        Validations.of(legacy).acknowledge(Acknowledgment.builder().id(MfaEnforcementChecks.USER_IN_UNKNOWN_GROUP)
                .reason("legacy-admins carries the MFA policy; the identity team's app manages it.").build());
        Report report = synth();
        assertThat(report.violations()).isEmpty();
        assertThat(report.suppressed()).extracting(Finding::toString)
                .containsExactly("CdkMfa::UserInUnknownGroup Users/Legacy/Resource");
        assertThat(report.thrown()).isNull();
    }

    @Test
    void failsWhenTheAcknowledgmentHasNoReason() {
        User breakGlass = consoleUser(stack, "BreakGlass");
        Validations.of(breakGlass).acknowledge(Acknowledgment.builder().id(MfaEnforcementChecks.USER_NOT_ENFORCED)
                .reason(" ").build());
        Report report = synth();
        assertThat(report.violations()).singleElement().satisfies(finding -> {
            assertThat(finding.toString()).isEqualTo("CdkMfa::AcknowledgmentRefused Users/BreakGlass");
            assertThat(finding.severity()).isEqualTo("fatal");
            assertThat(finding.description()).contains("has no reason");
        });
        assertThat(report.thrown()).contains("Validation failed");
    }

    @Test
    void failsWhenTheAcknowledgmentIsOnAStackAStageOrTheApp() {
        Stage prod = new Stage(app, "Prod");
        consoleUser(new Stack(prod, "Users"), "Bob");
        consoleUser(stack, "Alice");
        for (software.constructs.IConstruct scope : List.of(stack, prod, app)) {
            Validations.of(scope).acknowledge(Acknowledgment.builder().id(MfaEnforcementChecks.USER_NOT_ENFORCED)
                    .reason("Every user below.").build());
        }
        Report report = synth();
        // aws-cdk-lib applies each acknowledgment to everything below it; the check refuses them, and cannot be
        // acknowledged itself.
        assertThat(report.violations()).extracting(Finding::toString).containsExactlyInAnyOrder(
                "CdkMfa::AcknowledgmentRefused Users", "CdkMfa::AcknowledgmentRefused Prod",
                "CdkMfa::AcknowledgmentRefused /");
        assertThat(report.violations()).allSatisfy(finding -> assertThat(finding.severity()).isEqualTo("fatal"));
        assertThat(report.thrown()).contains("Validation failed");
    }

    @Test
    void failsClosedOnAcknowledgmentsWhenTheAppTurnsLogicalIdMetadataOff() {
        // Without aws:cdk:logicalId metadata the check cannot tell that the acknowledgment is on the user.
        App bare = new App(AppProps.builder().analyticsReporting(false)
                .context(Map.of("aws:cdk:disable-logicalId-metadata", true)).build());
        User breakGlass = consoleUser(new Stack(bare, "Users"), "BreakGlass");
        Validations.of(breakGlass).acknowledge(Acknowledgment.builder().id(MfaEnforcementChecks.USER_NOT_ENFORCED)
                .reason("Break-glass user.").build());
        assertThat(synth(bare).violations()).extracting(Finding::toString)
                .containsExactly("CdkMfa::AcknowledgmentRefused Users/BreakGlass");
    }

    @Test
    void warningsAreAcknowledgedWithTheirOwnIds() {
        User service = User.Builder.create(stack, "Service").build();
        Validations.of(service).acknowledge(Acknowledgment.builder()
                .id(MfaEnforcementChecks.USER_WITHOUT_CREDENTIALS_NOT_ENFORCED)
                .reason("Gets a role to assume, never credentials.").build());
        Report report = synth();
        assertThat(report.violations()).isEmpty();
        assertThat(report.suppressed()).extracting(Finding::toString)
                .containsExactly("CdkMfa::UserWithoutCredentialsNotEnforced Users/Service/Resource");
    }

    // ---- how synthesis reports it ----

    @Test
    void appSynthThrowsWithTheReportWhenAUserIsNotCovered(@org.junit.jupiter.api.io.TempDir Path outdir)
            throws IOException {
        App flagged = new App(AppProps.builder().analyticsReporting(false).outdir(outdir.toString()).build());
        consoleUser(new Stack(flagged, "Users"), "Alice");
        Validations.of(flagged).addPlugins(new MfaEnforcementChecks());
        assertThatThrownBy(flagged::synth).hasMessageContaining("Validation failed");
        assertThat(Files.readString(outdir.resolve("validation-report.json")))
                .contains("\"constructPath\": \"Users/Alice/Resource\"", "CdkMfa::UserNotEnforced",
                        "IAM user Users/Alice/Resource can sign in to the console");
    }
}
