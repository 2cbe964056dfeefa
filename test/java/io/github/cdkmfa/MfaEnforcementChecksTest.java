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
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.StageSynthesisOptions;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.services.iam.AccessKey;
import software.amazon.awscdk.services.iam.CfnUser;
import software.amazon.awscdk.services.iam.CfnUserToGroupAddition;
import software.amazon.awscdk.services.iam.Group;
import software.amazon.awscdk.services.iam.IGroup;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.User;

/**
 * Runs {@link MfaEnforcementChecks} through real synthesis over apps where users are covered, or not, in each way the
 * check knows: a group's ManagedPolicyArns, the policy's Groups and Users, CfnUser.Groups, Group.addUser,
 * UserToGroupAddition, across stacks, with tokens as names and with groups imported by name.
 */
class MfaEnforcementChecksTest {
    private static final String PASSWORD = "not-a-real-password-1!";

    private final App app = TestStacks.app();
    private final Stack stack = new Stack(app, "Users");
    private final Stack other = new Stack(app, "Groups");

    /** Findings as "LEVEL path: message", read from the cloud assembly as the CLI reads them. */
    private static List<String> findings(App app) {
        Aspects.of(app).add(new MfaEnforcementChecks());
        List<String> found = new ArrayList<>();
        for (CloudFormationStackArtifact artifact : app.synth(StageSynthesisOptions.builder().force(true).build())
                .getStacks()) {
            for (SynthesisMessage message : artifact.getMessages()) {
                if (String.valueOf(message.getEntry().getData()).contains("CdkMfa-")) {
                    found.add(message.getLevel() + " " + message.getId() + ": " + message.getEntry().getData());
                }
            }
        }
        return found;
    }

    private List<String> findings() {
        return findings(app);
    }

    private static User consoleUser(Stack scope, String id) {
        return User.Builder.create(scope, id).password(SecretValue.unsafePlainText(PASSWORD)).build();
    }

    // ---- covered ----

    @Test
    void memberAddedToAnMfaEnforcedGroupIsCovered() {
        MfaEnforcedGroup group = new MfaEnforcedGroup(stack, "Developers");
        group.addUser(consoleUser(stack, "Alice"));
        assertThat(findings()).isEmpty();
    }

    @Test
    void memberThroughCfnUserGroupsWithTheGroupsLiteralNameIsCovered() {
        MfaEnforcedGroup.Builder.create(other, "Developers").groupName("developers").build();
        CfnUser.Builder.create(stack, "Alice").groups(List.of("developers"))
                .loginProfile(CfnUser.LoginProfileProperty.builder().password(PASSWORD).build()).build();
        assertThat(findings()).isEmpty();
    }

    @Test
    void memberThroughAGeneratedGroupNameInAnotherStackIsCovered() {
        // The group has no name of its own: the user holds a token that becomes a cross-stack reference.
        MfaEnforcedGroup group = new MfaEnforcedGroup(other, "Developers");
        CfnUser.Builder.create(stack, "Alice").groups(List.of(group.getGroupName()))
                .loginProfile(CfnUser.LoginProfileProperty.builder().password(PASSWORD).build()).build();
        assertThat(findings()).isEmpty();
    }

    @Test
    void memberThroughGroupAddUserAcrossStacksIsCovered() {
        MfaEnforcedGroup group = new MfaEnforcedGroup(other, "Developers");
        User alice = consoleUser(stack, "Alice");
        AccessKey.Builder.create(stack, "AliceKey").user(alice).build();
        group.getGroup().addUser(alice);
        assertThat(findings()).isEmpty();
    }

    @Test
    void memberThroughUserToGroupAdditionIsCovered() {
        MfaEnforcedGroup group = new MfaEnforcedGroup(other, "Developers");
        User alice = consoleUser(stack, "Alice");
        CfnUserToGroupAddition.Builder.create(other, "AddAlice").groupName(group.getGroupName())
                .users(List.of(alice.getUserName())).build();
        assertThat(findings()).isEmpty();
    }

    @Test
    void memberAddedByNameThroughAnImportedUserIsCovered() {
        // Group.addUser with User.fromUserName writes an AWS::IAM::UserToGroupAddition naming the user literally.
        MfaEnforcedGroup group = new MfaEnforcedGroup(other, "Developers");
        User.Builder.create(stack, "Alice").userName("alice").password(SecretValue.unsafePlainText(PASSWORD)).build();
        group.addUser(User.fromUserName(other, "AliceByName", "alice"));
        assertThat(findings()).isEmpty();
    }

    @Test
    void memberOfAGroupWithThePolicyInItsManagedPolicyArnsIsCovered() {
        MfaEnforcementPolicy policy = new MfaEnforcementPolicy(other, "ForceMfa");
        Group group = Group.Builder.create(stack, "Operators").build();
        group.addManagedPolicy(policy.getManagedPolicy());
        group.addUser(consoleUser(stack, "Alice"));
        assertThat(findings()).isEmpty();
    }

    @Test
    void memberOfAGroupThePolicyIsAttachedToThroughItsGroupsIsCovered() {
        Group group = Group.Builder.create(stack, "Operators").build();
        MfaEnforcementPolicy.Builder.create(other, "ForceMfa").groups(List.of(group)).build();
        group.addUser(consoleUser(stack, "Alice"));
        assertThat(findings()).isEmpty();
    }

    @Test
    void memberOfAGroupImportedByNameWithThePolicyAttachedIsCovered() {
        IGroup operators = Group.fromGroupName(other, "Operators", "operators");
        MfaEnforcementPolicy.Builder.create(other, "ForceMfa").groups(List.of(operators)).build();
        User alice = consoleUser(stack, "Alice");
        alice.addToGroup(Group.fromGroupName(stack, "OperatorsHere", "operators"));
        CfnUser.Builder.create(stack, "Bob").groups(List.of("operators"))
                .loginProfile(CfnUser.LoginProfileProperty.builder().password(PASSWORD).build()).build();
        assertThat(findings()).isEmpty();
    }

    @Test
    void userWithThePolicyAttachedDirectlyIsCovered() {
        User alice = consoleUser(stack, "Alice");
        MfaEnforcementPolicy.Builder.create(other, "ForceMfa").users(List.of(alice)).build();
        User bob = consoleUser(stack, "Bob");
        bob.addManagedPolicy(new MfaEnforcementPolicy(stack, "BobsMfa").getManagedPolicy());
        assertThat(findings()).isEmpty();
    }

    @Test
    void groupNamedByAParameterMatchesTheSameParameterInTheUsersGroups() {
        CfnParameter name = CfnParameter.Builder.create(stack, "GroupName").type("String").build();
        Group group = Group.Builder.create(stack, "Operators").groupName(name.getValueAsString()).build();
        new MfaEnforcementPolicy(stack, "ForceMfa").attachToGroup(group);
        CfnUser.Builder.create(stack, "Alice").groups(List.of(name.getValueAsString()))
                .loginProfile(CfnUser.LoginProfileProperty.builder().password(PASSWORD).build()).build();
        assertThat(findings()).isEmpty();
    }

    @Test
    void groupNamesCompareWithoutRegardToCaseAsInIam() {
        MfaEnforcedGroup.Builder.create(other, "Developers").groupName("Developers").build();
        CfnUser.Builder.create(stack, "Alice").groups(List.of("developers"))
                .loginProfile(CfnUser.LoginProfileProperty.builder().password(PASSWORD).build()).build();
        assertThat(findings()).isEmpty();
    }

    private Stage stageWithUsers() {
        Stage prod = new Stage(app, "Prod");
        Stack users = new Stack(prod, "Users");
        MfaEnforcedGroup group = new MfaEnforcedGroup(new Stack(prod, "Groups"), "Developers");
        group.addUser(consoleUser(users, "Alice"));
        consoleUser(users, "Bob");
        return prod;
    }

    private static List<String> reportedIn(Stage stage) {
        List<String> reported = new ArrayList<>();
        for (CloudFormationStackArtifact artifact : stage.synth().getStacks()) {
            artifact.getMessages().stream().filter(message -> String.valueOf(message.getEntry().getData())
                    .contains("CdkMfa-")).forEach(message -> reported.add(message.getId()));
        }
        return reported;
    }

    @Test
    void checksTheUsersOfAStageItIsAddedTo() {
        Stage prod = stageWithUsers();
        Aspects.of(prod).add(new MfaEnforcementChecks());
        assertThat(reportedIn(prod)).containsExactly("/Prod/Users/Bob");
    }

    @Test
    void anAspectOnTheAppDoesNotReachIntoItsStages() {
        // aws-cdk-lib invokes an app's aspects on the app's own constructs only; each Stage needs the check itself.
        Stage prod = stageWithUsers();
        Aspects.of(app).add(new MfaEnforcementChecks());
        assertThat(reportedIn(prod)).isEmpty();
    }

    @Test
    void usersImportedByNameAreNotChecked() {
        User.fromUserName(stack, "Alice", "alice");
        Group.Builder.create(stack, "Plain").build().addUser(User.fromUserName(stack, "Bob", "bob"));
        assertThat(findings()).isEmpty();
    }

    // ---- not covered ----

    @Test
    void failsWhenAConsoleUserIsInNoGroup() {
        consoleUser(stack, "Alice");
        assertThat(findings()).containsExactly("ERROR /Users/Alice: IAM user Users/Alice can sign in to the console "
                + "(it has a LoginProfile) and is not under MFA enforcement: it is a member of no group, and no "
                + "MfaEnforcementPolicy is attached to it. Fix: add it to an MfaEnforcedGroup (group.addUser(user)), "
                + "or attach an MfaEnforcementPolicy to it or to one of its groups (policy.attachToUser(user), "
                + "policy.attachToGroup(group)). A user that must stay outside MFA enforcement on purpose "
                + "(break-glass) is acknowledged on the user itself: Validations.of(user).acknowledge("
                + "Acknowledgment.builder().id(\"CdkMfa-UserNotEnforced\").reason(\"why\").build()). "
                + "(Annotation::CdkMfa-UserNotEnforced)");
    }

    @Test
    void failsWhenAUserWithAnAccessKeyInAnotherStackIsOnlyInAGroupWithoutThePolicy() {
        Group group = Group.Builder.create(other, "Readers")
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("ReadOnlyAccess"))).build();
        User alice = User.Builder.create(stack, "Alice").userName("alice").build();
        group.addUser(alice);
        AccessKey.Builder.create(new Stack(app, "Keys"), "AliceKey").user(alice).build();
        assertThat(findings()).singleElement().asString()
                .startsWith("ERROR /Users/Alice: IAM user Users/Alice (user name 'alice') holds an access key "
                        + "(Keys/AliceKey/Resource) and is not under MFA enforcement: its groups (group "
                        + "Groups/Readers/Resource) carry no MfaEnforcementPolicy, and no MfaEnforcementPolicy is "
                        + "attached to it.");
    }

    @Test
    void failsWhenTheGroupTheUserIsAddedToByNameIsAnotherGroup() {
        MfaEnforcedGroup.Builder.create(other, "Developers").groupName("developers").build();
        Group.Builder.create(other, "Testers").groupName("testers").build();
        CfnUser.Builder.create(stack, "Alice").groups(List.of("testers"))
                .loginProfile(CfnUser.LoginProfileProperty.builder().password(PASSWORD).build()).build();
        assertThat(findings()).singleElement().asString().startsWith("ERROR /Users/Alice: IAM user Users/Alice can "
                + "sign in to the console (it has a LoginProfile) and is not under MFA enforcement: its groups "
                + "(group Groups/Testers/Resource) carry no MfaEnforcementPolicy");
    }

    @Test
    void failsWhenThePolicyIsAttachedToAnotherUser() {
        User alice = consoleUser(stack, "Alice");
        consoleUser(stack, "Bob");
        MfaEnforcementPolicy.Builder.create(stack, "ForceMfa").users(List.of(alice)).build();
        assertThat(findings()).singleElement().asString().startsWith("ERROR /Users/Bob: IAM user Users/Bob can sign in");
    }

    @Test
    void failsWhenAParameterNamesAGroupWithoutThePolicyOnlyInAnotherStack() {
        // The same expression in another stack is another parameter: it does not name the enforced group.
        CfnParameter name = CfnParameter.Builder.create(other, "GroupName").type("String").build();
        Group group = Group.Builder.create(other, "Operators").groupName(name.getValueAsString()).build();
        new MfaEnforcementPolicy(other, "ForceMfa").attachToGroup(group);
        CfnParameter mine = CfnParameter.Builder.create(stack, "GroupName").type("String").build();
        CfnUser.Builder.create(stack, "Alice").groups(List.of(mine.getValueAsString()))
                .loginProfile(CfnUser.LoginProfileProperty.builder().password(PASSWORD).build()).build();
        assertThat(findings()).singleElement().asString().startsWith("WARNING /Users/Alice: IAM user Users/Alice is a "
                + "member of the group named by Users/GroupName, which this app does not define");
    }

    @Test
    void warnsWhenAUserWithoutCredentialsIsNotCovered() {
        User.Builder.create(stack, "Alice").build();
        assertThat(findings()).containsExactly("WARNING /Users/Alice: IAM user Users/Alice is not under MFA "
                + "enforcement: it is a member of no group, and no MfaEnforcementPolicy is attached to it. It has no "
                + "LoginProfile and no access key in this app, but a password or access key given to it later would "
                + "work without MFA. Fix: add it to an MfaEnforcedGroup (group.addUser(user)), or attach an "
                + "MfaEnforcementPolicy to it or to one of its groups (policy.attachToUser(user), "
                + "policy.attachToGroup(group)). To accept the user as it is, acknowledge it on the user: "
                + "Validations.of(user).acknowledge(Acknowledgment.builder().id("
                + "\"CdkMfa-UserWithoutCredentialsNotEnforced\").reason(\"why\").build()). "
                + "[ack: Annotation::CdkMfa-UserWithoutCredentialsNotEnforced]");
    }

    @Test
    void warnsWhenAConsoleUserIsOnlyInAGroupTheAppCannotSee() {
        consoleUser(stack, "Alice").addToGroup(Group.fromGroupName(stack, "Legacy", "legacy-admins"));
        CfnUser.Builder.create(stack, "Bob").groups(List.of("contractors"))
                .loginProfile(CfnUser.LoginProfileProperty.builder().password(PASSWORD).build()).build();
        assertThat(findings()).containsExactly(
                "WARNING /Users/Alice: IAM user Users/Alice is a member of group 'legacy-admins', which this app does "
                        + "not define and does not attach an MfaEnforcementPolicy to, so this check cannot tell "
                        + "whether MFA is enforced on the user. Fix: add it to an MfaEnforcedGroup "
                        + "(group.addUser(user)), or attach an MfaEnforcementPolicy to it or to one of its groups "
                        + "(policy.attachToUser(user), policy.attachToGroup(group)). For a group defined outside the "
                        + "app, attach the policy to it here: policy.attachToGroup(Group.fromGroupName(scope, id, "
                        + "name)). To accept the user as it is, acknowledge it on the user: Validations.of(user)"
                        + ".acknowledge(Acknowledgment.builder().id(\"CdkMfa-UserInUnknownGroup\").reason(\"why\")"
                        + ".build()). [ack: Annotation::CdkMfa-UserInUnknownGroup]",
                "WARNING /Users/Bob: IAM user Users/Bob is a member of group 'contractors', which this app does not "
                        + "define and does not attach an MfaEnforcementPolicy to, so this check cannot tell whether "
                        + "MFA is enforced on the user. Fix: add it to an MfaEnforcedGroup (group.addUser(user)), or "
                        + "attach an MfaEnforcementPolicy to it or to one of its groups (policy.attachToUser(user), "
                        + "policy.attachToGroup(group)). For a group defined outside the app, attach the policy to it "
                        + "here: policy.attachToGroup(Group.fromGroupName(scope, id, name)). To accept the user as it "
                        + "is, acknowledge it on the user: Validations.of(user).acknowledge(Acknowledgment.builder()"
                        + ".id(\"CdkMfa-UserInUnknownGroup\").reason(\"why\").build()). "
                        + "[ack: Annotation::CdkMfa-UserInUnknownGroup]");
    }

    @Test
    void failsWhenTheGroupWithThePolicyIsOfTheSameNameInAnotherAccount() {
        Stack dev = new Stack(app, "Dev", StackProps.builder()
                .env(Environment.builder().account("111111111111").region("eu-west-1").build()).build());
        Stack prod = new Stack(app, "Prod", StackProps.builder()
                .env(Environment.builder().account("222222222222").region("eu-west-1").build()).build());
        MfaEnforcedGroup.Builder.create(dev, "Developers").groupName("developers").build();
        Group.Builder.create(prod, "Developers").groupName("developers").build();
        CfnUser.Builder.create(prod, "Alice").groups(List.of("developers"))
                .loginProfile(CfnUser.LoginProfileProperty.builder().password(PASSWORD).build()).build();
        assertThat(findings()).singleElement().asString().startsWith("ERROR /Prod/Alice: IAM user Prod/Alice can "
                + "sign in to the console (it has a LoginProfile) and is not under MFA enforcement: its groups (group "
                + "Prod/Developers/Resource) carry no MfaEnforcementPolicy");
    }

    @Test
    void addedToOneStackItSeesOnlyThatStack() {
        // The check reads what the aspect visits: added to one stack, a group in another stack is unknown to it.
        MfaEnforcedGroup group = new MfaEnforcedGroup(other, "Developers");
        group.addUser(consoleUser(stack, "Alice"));
        consoleUser(other, "Carol");
        Aspects.of(stack).add(new MfaEnforcementChecks());
        List<String> reported = new ArrayList<>();
        for (CloudFormationStackArtifact artifact : app.synth().getStacks()) {
            artifact.getMessages().stream().filter(message -> String.valueOf(message.getEntry().getData())
                    .contains("CdkMfa-")).forEach(message -> reported.add(message.getId() + " "
                            + message.getEntry().getData()));
        }
        assertThat(reported).singleElement().asString().startsWith("/Users/Alice IAM user Users/Alice is a member "
                + "of the group named by Groups/Developers/Resource/Resource, which this app does not define");
    }

    @Test
    void checksAnAppWithHundredsOfUsers() {
        // Regression guard: reading the whole app inside the validation overflowed jsii's stacks at about a hundred
        // users; each resource is now read during its own visit.
        MfaEnforcedGroup[] groups = new MfaEnforcedGroup[10];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = new MfaEnforcedGroup(other, "Group" + i);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            User user = User.Builder.create(stack, "User" + i).build();
            AccessKey.Builder.create(stack, "Key" + i).user(user).build();
            if (i % 20 == 0) {
                expected.add("ERROR /Users/User" + i);
            } else {
                groups[i % groups.length].addUser(user);
            }
        }
        List<String> reported = new ArrayList<>();
        findings().forEach(finding -> reported.add(finding.substring(0, finding.indexOf(':'))));
        assertThat(reported).containsExactlyInAnyOrderElementsOf(expected);
    }

    // ---- acknowledgment ----

    @Test
    void aBreakGlassUserAcknowledgedWithAReasonIsAccepted() {
        User breakGlass = consoleUser(stack, "BreakGlass");
        Validations.of(breakGlass).acknowledge(Acknowledgment.builder().id(MfaEnforcementChecks.USER_NOT_ENFORCED)
                .reason("Break-glass user: its password is in the safe and every sign-in alarms.").build());
        CfnUser raw = CfnUser.Builder.create(stack, "RawBreakGlass")
                .loginProfile(CfnUser.LoginProfileProperty.builder().password(PASSWORD).build()).build();
        Validations.of(raw).acknowledge(Acknowledgment.builder().id("annotation::CdkMfa-UserNotEnforced")
                .reason("Break-glass user defined as a raw resource.").build());
        consoleUser(stack, "Alice");
        assertThat(findings()).singleElement().asString().startsWith("ERROR /Users/Alice: ");
    }

    @Test
    void failsWhenTheAcknowledgmentHasNoReason() {
        User breakGlass = consoleUser(stack, "BreakGlass");
        Validations.of(breakGlass).acknowledge(Acknowledgment.builder().id(MfaEnforcementChecks.USER_NOT_ENFORCED)
                .reason(" ").build());
        assertThat(findings()).singleElement().asString().startsWith("ERROR /Users/BreakGlass: ")
                .contains("The acknowledgment of CdkMfa-UserNotEnforced on it has an empty reason and does not count.");
    }

    @Test
    void failsWhenTheAcknowledgmentIsOnTheStackOrTheAppInsteadOfTheUser() {
        consoleUser(stack, "Alice");
        Validations.of(stack).acknowledge(Acknowledgment.builder().id(MfaEnforcementChecks.USER_NOT_ENFORCED)
                .reason("Every user in this stack.").build());
        Validations.of(app).acknowledge(Acknowledgment.builder().id(MfaEnforcementChecks.USER_NOT_ENFORCED)
                .reason("Every user in this app.").build());
        assertThat(findings()).singleElement().asString().startsWith("ERROR /Users/Alice: ");
    }

    @Test
    void warningsAreAcknowledgedWithTheirOwnIds() {
        User service = User.Builder.create(stack, "Service").build();
        Validations.of(service).acknowledge(Acknowledgment.builder()
                .id(MfaEnforcementChecks.USER_WITHOUT_CREDENTIALS_NOT_ENFORCED)
                .reason("Gets a role to assume, never credentials.").build());
        User legacy = consoleUser(stack, "Legacy");
        legacy.addToGroup(Group.fromGroupName(stack, "Admins", "legacy-admins"));
        Validations.of(legacy).acknowledge(Acknowledgment.builder().id(MfaEnforcementChecks.USER_IN_UNKNOWN_GROUP)
                .reason("legacy-admins carries the MFA policy; it is managed by the identity team's app.").build());
        assertThat(findings()).isEmpty();
    }

    // ---- how synthesis reports it ----

    @Test
    void theErrorIsAnAnnotationOfTheUserForTemplateAssertions() {
        consoleUser(stack, "Alice");
        Aspects.of(app).add(new MfaEnforcementChecks());
        software.amazon.awscdk.assertions.Annotations.fromStack(stack).hasError("/Users/Alice",
                Match.stringLikeRegexp("CdkMfa-UserNotEnforced"));
    }

    @Test
    void failsAppSynthWithTheReportWhenAnnotationsAreInTheValidationReport(@TempDir Path outdir) throws IOException {
        // The sample's cdk.json (and new CDK apps) turn this flag on: then app.synth() itself fails on the error and
        // writes the report it also prints. Without it, the error is in the manifest and the CLI fails on it.
        App flagged = new App(AppProps.builder().analyticsReporting(false).outdir(outdir.toString())
                .context(Map.of("@aws-cdk/core:annotationsInValidationReport", true)).build());
        consoleUser(new Stack(flagged, "Users"), "Alice");
        Aspects.of(flagged).add(new MfaEnforcementChecks());
        // The CDK prints the report's path relative to the working directory when that is shorter.
        assertThatThrownBy(flagged::synth).hasMessageContaining("Validation failed. A copy of this report can be "
                + "found in: ").hasMessageContaining(outdir.getFileName() + "/validation-report.json");
        assertThat(Files.readString(outdir.resolve("validation-report.json")))
                .contains("\"constructPath\": \"Users/Alice\"", "Annotation::CdkMfa-UserNotEnforced",
                        "IAM user Users/Alice can sign in to the console");
    }
}
