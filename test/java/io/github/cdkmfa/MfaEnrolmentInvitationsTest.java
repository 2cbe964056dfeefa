package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.User;
import software.amazon.awscdk.services.sns.Topic;

/** The synthesized template of {@link MfaEnrolmentInvitations}: rules, state machines, grants, alarms, invitations. */
class MfaEnrolmentInvitationsTest {

    private static Template template(MfaEnrolmentInvitationsProps props) {
        Stack stack = TestStacks.stack();
        new MfaEnrolmentInvitations(stack, "Invitations", props);
        return Template.fromStack(stack);
    }

    /** The statements of the role policy of one state machine (by the start of its logical id). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> grants(Template template, String machine) {
        Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy");
        List<Map<String, Object>> found = new ArrayList<>();
        policies.forEach((id, policy) -> {
            if (id.startsWith("Invitations" + machine + "RoleDefaultPolicy")) {
                Map<String, Object> document = (Map<String, Object>) ((Map<String, Object>) policy.get("Properties"))
                        .get("PolicyDocument");
                found.addAll(TestStacks.statements(document));
            }
        });
        assertThat(found).as("role policy of %s in %s", machine, policies.keySet()).isNotEmpty();
        return found;
    }

    private static TreeSet<String> iamActions(List<Map<String, Object>> statements) {
        TreeSet<String> actions = new TreeSet<>();
        for (Map<String, Object> statement : statements) {
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            TestStacks.asList(statement.get("Action")).stream().map(String::valueOf)
                    .filter(a -> a.startsWith("iam:")).forEach(actions::add);
        }
        return actions;
    }

    private static Map<String, Object> statementWith(List<Map<String, Object>> statements, String action) {
        return statements.stream().filter(s -> TestStacks.asList(s.get("Action")).contains(action)).findFirst()
                .orElseThrow(() -> new AssertionError("no statement allows " + action + " in " + statements));
    }

    @Test
    void enrolmentRuleMatchesSuccessfulEnableMfaDeviceByIamUsersAndStartsTheStandardMachine() {
        Template template = template(null);
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventPattern", Map.of(
                        "source", List.of("aws.iam"),
                        "detail-type", List.of("AWS API Call via CloudTrail"),
                        "detail", Map.of(
                                "eventSource", List.of("iam.amazonaws.com"),
                                "eventName", List.of("EnableMFADevice"),
                                "errorCode", List.of(Map.of("exists", false)),
                                "userIdentity", Map.of("type", List.of("IAMUser")))),
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Ref", Match.stringLikeRegexp("^InvitationsCloseInvitation")),
                        "DeadLetterConfig", Match.objectLike(Map.of()),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 185, "MaximumEventAgeInSeconds", 86400))))));
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "rate(1 hour)",
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Ref", Match.stringLikeRegexp("^InvitationsCleanUp")),
                        "DeadLetterConfig", Match.objectLike(Map.of()))))));
        // No rule on new invitations: MfaAlerts alerts on them, once.
        template.resourceCountIs("AWS::Events::Rule", 2);
    }

    @Test
    void stateMachinesAreLoggedTracedAndOfTheirType() {
        Template template = template(null);
        for (String type : List.of("STANDARD", "EXPRESS")) {
            template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
                    "StateMachineType", type,
                    "TracingConfiguration", Map.of("Enabled", true),
                    "LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL", "IncludeExecutionData", true)),
                    "DefinitionString", Match.anyValue()));
        }
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 365,
                "KmsKeyId", Match.anyValue()));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true,
                "MessageRetentionPeriod", 1209600));
    }

    @Test
    void theDeadLetterQueueAndTheKeyHaveWhatControlTowerProactiveControlsCheck() {
        Template template = template(null);
        // CT.SQS.PR.1 tells a dead-letter queue by its redrive-allow policy.
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "RedriveAllowPolicy", Map.of("redrivePermission", "allowAll"))));
        // CT.KMS.PR.3: the key policy denies grants that are not for AWS resources.
        template.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("KeyPolicy", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "DenyGrantsExceptForAwsServices", "Effect", "Deny", "Action", "kms:CreateGrant",
                        "Condition", Map.of("BoolIfExists", Map.of("kms:GrantIsForAWSResource", "false",
                                "aws:PrincipalIsAWSService", "false")))))))))));
    }

    @Test
    void anImportedTopicIsUsedButTheConstructWarnsThatCloudWatchMayNotPublish() {
        Stack stack = TestStacks.stack();
        MfaEnrolmentInvitations.Builder.create(stack, "Invitations").topic(Topic.fromTopicArn(stack, "Alerts",
                "arn:aws:sns:" + stack.getRegion() + ":" + stack.getAccount() + ":alerts")).build();
        Template.fromStack(stack).resourceCountIs("AWS::SNS::Topic", 0);
        Annotations.fromStack(stack).hasWarning("/TestStack/Invitations", Match.stringLikeRegexp(
                "The topic TestStack/Alerts .*cannot let CloudWatch alarms publish.*cloudWatchCannotPublish.*"));
    }

    @Test
    void everyOptionSynthesizesForCfnLint() throws Exception {
        // With the feature flags of cdk.json, as an app made by cdk init has them.
        App app = new App(software.amazon.awscdk.AppProps.builder().analyticsReporting(false).context(Map.of(
                "@aws-cdk/core:enablePartitionLiterals", true)).build());
        Stack stack = new Stack(app, "InvitationsEveryOption", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("us-east-1").build()).build());
        MfaEnrolmentInvitations invitations = MfaEnrolmentInvitations.Builder.create(stack, "Invitations")
                .tagKey("Onboarding").validity(Duration.days(1)).build();
        invitations.invite(User.Builder.create(stack, "Alice").userName("alice").build());
        TestStacks.synth(stack);
        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::StepFunctions::StateMachine", 2);
        List<String> findings = CfnLint.findings("MfaEnrolmentInvitationsEveryOption", template.toJSON());
        // Known and accepted, one of each per state machine: I1022 on the definition, which Stack.toJsonString joins
        // around the partition; W3005 on the DependsOn that aws-cdk-lib's StateMachine adds on its role.
        List<String> known = findings.stream().filter(line -> line.contains(":I1022:")
                || line.matches(".*:W3005:'Invitations(CloseInvitation|CleanUp)Role[0-9A-F]{8}' dependency already "
                        + "enforced by a 'GetAtt' at 'Resources/Invitations(CloseInvitation|CleanUp)[0-9A-F]{8}/"
                        + "Properties/RoleArn'")).toList();
        assertThat(known).as("known findings in " + findings).hasSize(4);
        assertThat(findings).as("cfn-lint " + CfnLint.VERSION + " findings, informational ones included")
                .containsExactlyElementsOf(known);
    }

    @Test
    void closingTheInvitationMayOnlyReadDevicesAndTagsAndRemoveTheTwoInvitationTags() {
        List<Map<String, Object>> statements = grants(template(null), "CloseInvitation");
        assertThat(iamActions(statements)).containsExactly("iam:ListMFADevices", "iam:ListUserTags", "iam:UntagUser");
        Map<String, Object> untag = statementWith(statements, "iam:UntagUser");
        assertThat(untag.get("Condition")).isEqualTo(Map.of("ForAllValues:StringEqualsIgnoreCase",
                Map.of("aws:TagKeys", List.of("mfa-enrolment-invitation", "mfa-enrolment-invitation-expires"))));
        assertThat(untag.get("Resource")).asString().contains(":user/*");
        assertThat(statementWith(statements, "iam:ListMFADevices").get("Resource")).asString().contains(":user/*");
    }

    @Test
    void theCleanUpMayListUsersAndWriteOnlyTheExpiryTag() {
        List<Map<String, Object>> statements = grants(template(null), "CleanUp");
        assertThat(iamActions(statements)).containsExactly("iam:ListMFADevices", "iam:ListUserTags", "iam:ListUsers",
                "iam:TagUser", "iam:UntagUser");
        assertThat(statementWith(statements, "iam:ListUsers").get("Resource")).isEqualTo("*");
        Map<String, Object> tag = statementWith(statements, "iam:TagUser");
        assertThat(TestStacks.asList(tag.get("Action"))).containsExactly("iam:TagUser");
        assertThat(tag.get("Condition")).isEqualTo(Map.of(
                "ForAllValues:StringEqualsIgnoreCase", Map.of("aws:TagKeys", List.of("mfa-enrolment-invitation-expires")),
                "Null", Map.of("aws:TagKeys", "false")));
    }

    @Test
    void alarmsPublishToTheTopicAndTheTopicIsEncrypted() {
        Template template = template(null);
        template.resourceCountIs("AWS::CloudWatch::Alarm", 3);
        template.allResourcesProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmActions", List.of(Map.of("Ref", Match.stringLikeRegexp("^InvitationsTopic"))),
                "Threshold", 1)));
        template.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.anyValue()));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "ExecutionsFailed", "Namespace", "AWS/States", "Statistic", "Sum", "Period", 300,
                "Dimensions", List.of(Match.objectLike(Map.of("Value",
                        Map.of("Ref", Match.stringLikeRegexp("^InvitationsCleanUp"))))),
                "TreatMissingData", "notBreaching")));
    }

    @Test
    void aGivenTopicReceivesTheAlarmsAndNoTopicIsDefined() {
        Stack stack = TestStacks.stack();
        Topic topic = new Topic(stack, "Alerts");
        MfaEnrolmentInvitations invitations = MfaEnrolmentInvitations.Builder.create(stack, "Invitations")
                .topic(topic).build();
        assertThat(invitations.getTopic()).isSameAs(topic);
        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::SNS::Topic", 1);
        template.allResourcesProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmActions", List.of(Map.of("Ref", Match.stringLikeRegexp("^Alerts"))))));
    }

    @Test
    void aCustomTagKeyAndValidityReachGrantsAndDefinitionsAndNoRule() {
        Template template = template(MfaEnrolmentInvitationsProps.builder().tagKey("Onboarding")
                .validity(Duration.hours(12)).build());
        assertThat(statementWith(grants(template, "CloseInvitation"), "iam:UntagUser").get("Condition"))
                .isEqualTo(Map.of("ForAllValues:StringEqualsIgnoreCase",
                        Map.of("aws:TagKeys", List.of("Onboarding", "Onboarding-expires"))));
        assertThat(template.findResources("AWS::Events::Rule").toString()).doesNotContain("Onboarding");
        String definitions = template.findResources("AWS::StepFunctions::StateMachine").toString();
        assertThat(definitions).contains("'onboarding'").contains("'onboarding-expires'")
                .contains(String.valueOf(12L * 3600 * 1000)).doesNotContain("mfa-enrolment-invitation")
                .doesNotContain(String.valueOf(3L * 24 * 3600 * 1000));
    }

    @Test
    void inviteTagsAUserWithItsOwnName() {
        Stack stack = TestStacks.stack();
        MfaEnrolmentInvitations invitations = new MfaEnrolmentInvitations(stack, "Invitations");
        User alice = User.Builder.create(stack, "Alice").userName("alice").build();
        User.Builder.create(stack, "Bob").userName("bob").build();
        invitations.invite(alice);
        Template template = Template.fromStack(stack);
        template.hasResourceProperties("AWS::IAM::User", Map.of("UserName", "alice",
                "Tags", List.of(Map.of("Key", "mfa-enrolment-invitation", "Value", "alice"))));
        template.hasResourceProperties("AWS::IAM::User", Map.of("UserName", "bob", "Tags", Match.absent()));
    }

    @Test
    void failsWhenInvitingAUserWithoutAName() {
        Stack stack = TestStacks.stack();
        MfaEnrolmentInvitations invitations = new MfaEnrolmentInvitations(stack, "Invitations");
        User unnamed = new User(stack, "Unnamed");
        assertThatThrownBy(() -> invitations.invite(unnamed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user: TestStack/Unnamed has no literal userName")
                .hasMessageContaining("${aws:username}").hasMessageContaining("Allowed: a User defined with a literal");
    }

    @Test
    void failsWhenInvitingAUserWhoseNameIsAToken() {
        Stack stack = TestStacks.stack();
        MfaEnrolmentInvitations invitations = new MfaEnrolmentInvitations(stack, "Invitations");
        CfnParameter name = CfnParameter.Builder.create(stack, "Name").build();
        User user = User.Builder.create(stack, "FromParameter").userName(name.getValueAsString()).build();
        assertThatThrownBy(() -> invitations.invite(user)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user: TestStack/FromParameter has no literal userName ('${Token[")
                .hasMessageContaining("CloudFormation decides it at deployment");
    }

    @Test
    void failsWhenInvitingAnImportedUser() {
        Stack stack = TestStacks.stack();
        MfaEnrolmentInvitations invitations = new MfaEnrolmentInvitations(stack, "Invitations");
        assertThatThrownBy(() -> invitations.invite(User.fromUserName(stack, "Existing", "carol")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user: TestStack/Existing is not defined by this app")
                .hasMessageContaining("aws iam tag-user --user-name NAME --tags Key=mfa-enrolment-invitation,Value=NAME");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT59M", "P30DT1M", "PT90M30S"})
    void failsWhenValidityIsOutOfRange(String iso) {
        Duration validity = Duration.parse(iso);
        assertThatThrownBy(() -> template(MfaEnrolmentInvitationsProps.builder().validity(validity).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("validity: " + validity.toHumanString() + " is out of range. Allowed: whole "
                        + "minutes from 1 hour to 30 days");
    }

    @Test
    void validityAtItsBoundsIsAccepted() {
        template(MfaEnrolmentInvitationsProps.builder().validity(Duration.hours(1)).build());
        template(MfaEnrolmentInvitationsProps.builder().validity(Duration.days(30)).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "aws:invite", "AWS:invite", "it's", "invite\"x", "tab\tkey",
        "a123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890"})
    void failsWhenTheTagKeyIsNotUsable(String key) {
        assertThatThrownBy(() -> template(MfaEnrolmentInvitationsProps.builder().tagKey(key).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tagKey: '" + key + "' is not a key this automation can use. Allowed: 1 to "
                        + "120 characters");
    }

    @Test
    void failsWhenTheTopicIsInAnotherRegion() {
        Stack stack = new Stack(TestStacks.app(), "Virginia", StackProps.builder()
                .env(Environment.builder().account("111122223333").region("us-east-1").build()).build());
        Stack other = new Stack(stack.getNode().getScope() instanceof App app ? app : TestStacks.app(), "Ireland",
                StackProps.builder().env(Environment.builder().account("111122223333").region("eu-west-1").build())
                        .build());
        Topic topic = new Topic(other, "Topic");
        assertThatThrownBy(() -> MfaEnrolmentInvitations.Builder.create(stack, "Invitations").topic(topic).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topic: ").hasMessageContaining("is in region eu-west-1, the stack in us-east-1")
                .hasMessageContaining("Allowed: a topic in the stack's region");
    }

    @Test
    void warnsOutsideUsEast1AndNotInIt() {
        Map<String, String> expected = Map.of("eu-west-1", MfaEnrolmentInvitations.IAM_EVENTS_REGION_WARNING,
                "cn-north-1", MfaEnrolmentInvitations.PARTITION_WARNING, "us-gov-west-1",
                MfaEnrolmentInvitations.PARTITION_WARNING, "us-east-1", "");
        expected.forEach((region, id) -> {
            Stack stack = new Stack(TestStacks.app(), "Stack", StackProps.builder()
                    .env(Environment.builder().account("111122223333").region(region).build()).build());
            new MfaEnrolmentInvitations(stack, "Invitations");
            List<?> warnings = Annotations.fromStack(stack).findWarning("*",
                    Match.stringLikeRegexp(".*@cdkmfa/mfa-enrolment-invitations:.*"));
            assertThat(warnings).as(region).hasSize(id.isEmpty() ? 0 : 1);
            if (!id.isEmpty()) {
                assertThat(Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp(".*" + id + ".*")))
                        .as(region).hasSize(1);
            }
        });
    }
}
