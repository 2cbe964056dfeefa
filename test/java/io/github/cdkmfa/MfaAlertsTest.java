package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sns.Topic;

/** What each MfaAlerts option puts in the template, its region warnings, and the errors for bad input. */
class MfaAlertsTest {

    private static Stack stackIn(String region) {
        return new Stack(TestStacks.app(), "Alerts", StackProps.builder()
                .env(Environment.builder().account("123456789012").region(region).build()).build());
    }

    private static Template define(Stack stack, UnaryOperator<MfaAlerts.Builder> configure) {
        configure.apply(MfaAlerts.Builder.create(stack, "MfaAlerts")).build();
        return Template.fromStack(stack);
    }

    private static Template define(UnaryOperator<MfaAlerts.Builder> configure) {
        return define(TestStacks.stack(), configure);
    }

    @Test
    void defaultsDefineThreeRulesAndAnEncryptedTlsOnlyTopic() {
        Template template = define(b -> b);
        template.resourceCountIs("AWS::Events::Rule", 3);
        template.resourceCountIs("AWS::SNS::Topic", 1);
        template.resourceCountIs("AWS::SNS::Subscription", 0);
        template.resourceCountIs("AWS::Config::ConfigRule", 0);
        template.resourceCountIs("AWS::Logs::MetricFilter", 0);
        template.resourceCountIs("AWS::CloudWatch::Alarm", 0);
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
        template.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId",
                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("MfaAlertsKey.*"), "Arn"))));
        template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny", "Action", "sns:Publish",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
        // EventBridge may use the key: without it, publishing to the encrypted topic fails.
        template.hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Principal",
                        Map.of("Service", "events.amazonaws.com"), "Action",
                        Match.arrayWith(List.of("kms:GenerateDataKey*")))))))));
        template.allResourcesProperties("AWS::Events::Rule", Map.of("Targets", List.of(Match.objectLike(Map.of(
                "Arn", Map.of("Ref", Match.stringLikeRegexp("MfaAlertsTopic.*")))))));
    }

    @Test
    void eachAlertKindTurnsOff() {
        assertThat(define(b -> b.signInWithoutMfaAlerts(false)).findResources("AWS::Events::Rule")).hasSize(2);
        assertThat(define(b -> b.mfaDeviceChangeAlerts(false)).findResources("AWS::Events::Rule")).hasSize(1);
    }

    @Test
    void emailAddressesBecomeSubscriptionsOnce() {
        Template template = define(b -> b.emailAddresses(List.of("security@example.com", "soc+mfa@corp.example.org",
                "security@example.com")));
        template.resourceCountIs("AWS::SNS::Subscription", 2);
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email",
                "Endpoint", "soc+mfa@corp.example.org"));
    }

    @Test
    void aGivenTopicIsUsedAndNoKeyIsDefined() {
        Stack stack = TestStacks.stack();
        Topic topic = new Topic(stack, "Existing");
        Template template = define(stack, b -> b.topic(topic));
        template.resourceCountIs("AWS::KMS::Key", 0);
        template.resourceCountIs("AWS::SNS::Topic", 1);
        template.allResourcesProperties("AWS::Events::Rule", Map.of("Targets", List.of(Match.objectLike(Map.of(
                "Arn", Map.of("Ref", Match.stringLikeRegexp("Existing.*")))))));
    }

    @Test
    void configRulesAreOptIn() {
        Template template = define(b -> b.configRules(true));
        template.resourceCountIs("AWS::Config::ConfigRule", 2);
        template.hasResourceProperties("AWS::Config::ConfigRule", Map.of("Source",
                Map.of("Owner", "AWS", "SourceIdentifier", "IAM_USER_MFA_ENABLED")));
        template.hasResourceProperties("AWS::Config::ConfigRule", Map.of("Source",
                Map.of("Owner", "AWS", "SourceIdentifier", "MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS")));
    }

    @Test
    void configRulesAloneNeedNoTopic() {
        Template template = define(b -> b.configRules(true).signInWithoutMfaAlerts(false)
                .mfaDeviceChangeAlerts(false));
        template.resourceCountIs("AWS::SNS::Topic", 0);
        template.resourceCountIs("AWS::KMS::Key", 0);
        template.resourceCountIs("AWS::Config::ConfigRule", 2);
    }

    @Test
    void logGroupGetsTheCloudWatch3FilterAndAnAlarmOnTheTopic() {
        Stack stack = TestStacks.stack();
        LogGroup logGroup = new LogGroup(stack, "Trail");
        Template template = define(stack, b -> b.cloudTrailLogGroup(logGroup));
        // Written from Security Hub's CloudWatch.3 control, not read from the construct.
        template.hasResourceProperties("AWS::Logs::MetricFilter", Map.of(
                "FilterPattern", "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") "
                        + "&& ($.userIdentity.type = \"IAMUser\") && ($.responseElements.ConsoleLogin = \"Success\") }",
                "LogGroupName", Map.of("Ref", Match.stringLikeRegexp("Trail.*")),
                "MetricTransformations", List.of(Map.of("MetricNamespace", "CloudTrailMetrics",
                        "MetricName", "ConsoleSignInWithoutMfa", "MetricValue", "1"))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ConsoleSignInWithoutMfa", "Namespace", "CloudTrailMetrics", "Statistic", "Sum",
                "Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "AlarmActions", List.of(Map.of("Ref", Match.stringLikeRegexp("MfaAlertsTopic.*")))));
        // CloudWatch may use the key and publish to the topic.
        template.hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Principal",
                        Map.of("Service", "cloudwatch.amazonaws.com"))))))));
        template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Principal",
                        Map.of("Service", "cloudwatch.amazonaws.com"), "Action", "sns:Publish")))))));
    }

    @Test
    void noCloudWatchGrantWithoutALogGroup() {
        assertThat(define(b -> b).toJSON().toString()).doesNotContain("cloudwatch.amazonaws.com");
    }

    @Test
    void warnsWhereIamEventsNeverArrive() {
        Stack stack = stackIn("eu-west-1");
        new MfaAlerts(stack, "MfaAlerts");
        Annotations annotations = Annotations.fromStack(stack);
        annotations.hasWarning("/Alerts/MfaAlerts", Match.stringLikeRegexp(".*us-east-1 only.*"
                + "\\[ack: @cdkmfa/mfa-alerts:iamEventsOnlyInUsEast1\\].*"));
        annotations.hasWarning("/Alerts/MfaAlerts", Match.stringLikeRegexp(".*global endpoint.*"
                + "\\[ack: @cdkmfa/mfa-alerts:signInEventsRegion\\].*"));
    }

    @Test
    void signInRegionsOfTheGlobalEndpointWarnOnlyAboutIamEvents() {
        Stack stack = stackIn("eu-north-1");
        new MfaAlerts(stack, "MfaAlerts");
        Annotations annotations = Annotations.fromStack(stack);
        annotations.hasWarning("/Alerts/MfaAlerts", Match.stringLikeRegexp(".*iamEventsOnlyInUsEast1.*"));
        annotations.hasNoWarning("/Alerts/MfaAlerts", Match.stringLikeRegexp(".*signInEventsRegion.*"));
    }

    @Test
    void noWarningInUsEast1OrWithoutAKnownRegion() {
        Stack east = stackIn("us-east-1");
        new MfaAlerts(east, "MfaAlerts");
        Annotations.fromStack(east).hasNoWarning("*", Match.anyValue());
        Stack agnostic = TestStacks.stack();
        new MfaAlerts(agnostic, "MfaAlerts");
        Annotations.fromStack(agnostic).hasNoWarning("*", Match.anyValue());
    }

    @Test
    void groupAddsAlertsAsItsChild() {
        Stack stack = TestStacks.stack();
        MfaEnforcedGroup group = new MfaEnforcedGroup(stack, "Group");
        MfaAlerts alerts = group.addAlerts(MfaAlertsProps.builder().configRules(true).build());
        assertThat(alerts.getNode().getPath()).isEqualTo("TestStack/Group/Alerts");
        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::Events::Rule", 3);
        template.resourceCountIs("AWS::Config::ConfigRule", 2);
    }

    @Test
    void failsWhenAlertsAreAddedToAGroupTwice() {
        MfaEnforcedGroup group = new MfaEnforcedGroup(TestStacks.stack(), "Group");
        group.addAlerts(null);
        assertThatThrownBy(() -> group.addAlerts(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("addAlerts: the group TestStack/Group already has alerts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"security", "security@", "@example.com", "security@example", "se curity@example.com",
        "security@example..com", "security@-example.com", "<security@example.com>", "security@example.com ",
        "a@b@example.com", ""})
    void failsWhenAnEmailAddressIsNotOne(String address) {
        assertThatThrownBy(() -> define(b -> b.emailAddresses(List.of(address))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("emailAddresses: '" + address + "' is not an e-mail address. Allowed: ")
                .hasMessageContaining("local-part@domain");
    }

    @Test
    void failsWhenAnEmailAddressIsTooLong() {
        String address = "a".repeat(64) + "@" + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60)
                + ".example.com";
        assertThat(address.length()).isGreaterThan(254);
        assertThatThrownBy(() -> define(b -> b.emailAddresses(List.of(address))))
                .hasMessageContaining("at most 254 characters");
    }

    @Test
    void failsWhenEverythingIsOff() {
        assertThatThrownBy(() -> define(b -> b.signInWithoutMfaAlerts(false).mfaDeviceChangeAlerts(false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("signInWithoutMfaAlerts, mfaDeviceChangeAlerts, configRules, "
                        + "cloudTrailLogGroup: every alert and check is off");
    }

    @Test
    void failsWhenEmailAddressesAreGivenButNothingPublishes() {
        assertThatThrownBy(() -> define(b -> b.signInWithoutMfaAlerts(false).mfaDeviceChangeAlerts(false)
                .configRules(true).emailAddresses(List.of("security@example.com"))))
                .hasMessageStartingWith("emailAddresses: given, but nothing publishes to the topic");
    }

    @Test
    void failsWhenTheTopicIsInAnotherRegion() {
        Stack stack = stackIn("us-east-1");
        assertThatThrownBy(() -> define(stack, b -> b.topic(Topic.fromTopicArn(stack, "Elsewhere",
                "arn:aws:sns:eu-west-1:123456789012:security"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("topic: arn:aws:sns:eu-west-1:123456789012:security is in region eu-west-1, "
                        + "the stack in us-east-1. Allowed: a topic in the stack's region");
    }

    @Test
    void failsWhenTheAlarmsTopicIsInAnotherRegion() {
        // With only a log group, the alarm is the one publisher; a topic in another region could never receive it.
        Stack stack = stackIn("us-east-1");
        LogGroup logGroup = new LogGroup(stack, "Trail");
        assertThatThrownBy(() -> define(stack, b -> b.signInWithoutMfaAlerts(false).mfaDeviceChangeAlerts(false)
                .cloudTrailLogGroup(logGroup).topic(Topic.fromTopicArn(stack, "Elsewhere",
                        "arn:aws:sns:us-west-2:123456789012:security"))))
                .hasMessageStartingWith("topic: ");
    }

    @Test
    void failsWhenAnEmailAddressIsAToken() {
        Stack stack = TestStacks.stack();
        String token = new software.amazon.awscdk.CfnParameter(stack, "Email").getValueAsString();
        assertThatThrownBy(() -> define(stack, b -> b.emailAddresses(List.of(token))))
                .hasMessageContaining("is a token, known only at deployment");
    }

    @Test
    void everyOptionSynthesizesForCfnLint() throws Exception {
        // With the feature flags of cdk.json, as an app made by cdk init has them.
        App app = new App(AppProps.builder().analyticsReporting(false).context(Map.of(
                "@aws-cdk/core:enablePartitionLiterals", true)).build());
        Stack stack = new Stack(app, "AlertsEveryOption", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("us-east-1").build()).build());
        new MfaAlerts(stack, "MfaAlerts", MfaAlertsProps.builder().configRules(true)
                .cloudTrailLogGroup(LogGroup.fromLogGroupName(stack, "Trail", "cloudtrail/management"))
                .emailAddresses(List.of("security@example.com")).build());
        TestStacks.synth(stack);
        Template template = Template.fromStack(stack);
        assertThat(template.findResources("AWS::CloudWatch::Alarm")).hasSize(1);
        assertThat(CfnLint.findings("MfaAlertsEveryOption", template.toJSON())).as("cfn-lint " + CfnLint.VERSION
                + " findings, informational ones included").isEmpty();
    }
}
