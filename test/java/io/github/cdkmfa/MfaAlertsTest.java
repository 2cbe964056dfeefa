package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.ObjectMapper;

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
    void defaultsDefineElevenRulesAndAnEncryptedTlsOnlyTopic() {
        Stack stack = TestStacks.stack();
        MfaAlerts alerts = MfaAlerts.Builder.create(stack, "MfaAlerts").build();
        Template template = Template.fromStack(stack);
        assertThat(alerts.getRules()).extracting(rule -> rule.getNode().getId()).containsExactly(
                "SignInWithoutMfa", "FederatedSignInWithoutMfa", "FailedSignInWithMfa", "RegionEnabled",
                "MfaDeviceChange", "MfaDeviceChangeOnCaller", "VirtualMfaDeviceChange", "PasswordChange",
                "PasswordChangeOnCaller", "AccessKeyCreated", "EnrolmentInvitation");
        template.resourceCountIs("AWS::Events::Rule", 11);
        template.resourceCountIs("AWS::SNS::Topic", 1);
        template.resourceCountIs("AWS::SNS::Subscription", 0);
        template.resourceCountIs("AWS::Config::ConfigRule", 0);
        template.resourceCountIs("AWS::Logs::MetricFilter", 0);
        template.resourceCountIs("AWS::CloudWatch::Alarm", 1);
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
        assertThat(define(b -> b.signInWithoutMfaAlerts(false)).findResources("AWS::Events::Rule")).hasSize(7);
        assertThat(define(b -> b.mfaDeviceChangeAlerts(false)).findResources("AWS::Events::Rule")).hasSize(4);
    }

    @Test
    void everyTargetHasTheDeadLetterQueueAndEventBridgesMaximumRetries() {
        Template template = define(b -> b);
        // Written from the EventBridge API's Target: RetryPolicy limits are 185 attempts and 86,400 seconds.
        template.allResourcesProperties("AWS::Events::Rule", Map.of("Targets", List.of(Match.objectLike(Map.of(
                "DeadLetterConfig", Map.of("Arn", Map.of("Fn::GetAtt", List.of(
                        Match.stringLikeRegexp("MfaAlertsDeadLetterQueue.*"), "Arn"))),
                "RetryPolicy", Map.of("MaximumRetryAttempts", 185, "MaximumEventAgeInSeconds", 86400))))));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true));
        // The alarm on the queue's depth notifies the topic, and CloudWatch may publish there and use the key.
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Namespace", "AWS/SQS",
                "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 1,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "AlarmActions", List.of(Map.of("Ref", Match.stringLikeRegexp("MfaAlertsTopic.*")))));
        template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Principal",
                        Map.of("Service", "cloudwatch.amazonaws.com"), "Action", "sns:Publish",
                        "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount",
                                Map.of("Ref", "AWS::AccountId"))))))))));
        template.hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Principal",
                        Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"))))))));
    }

    @Test
    void theKeyRefusesGrantsThatAreNotForAwsResourcesAsControlTowerRequires() {
        // CT.KMS.PR.3's fix, as its rule text states it.
        define(b -> b).hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny", "Action", "kms:CreateGrant",
                        "Principal", Map.of("AWS", "*"), "Resource", "*",
                        "Condition", Map.of("BoolIfExists", Map.of("kms:GrantIsForAWSResource", "false",
                                "aws:PrincipalIsAWSService", "false")))))))));
    }

    @Test
    void aCallersEncryptedTopicGetsTheCloudWatchGrantOnItsKey() {
        Stack stack = TestStacks.stack();
        software.amazon.awscdk.services.kms.Key key = new software.amazon.awscdk.services.kms.Key(stack, "OwnKey");
        Topic topic = Topic.Builder.create(stack, "Own").masterKey(key).build();
        Template template = define(stack, b -> b.topic(topic).cloudTrailLogGroup(new LogGroup(stack, "Trail")));
        template.hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Sid", "AllowCloudWatchAlarmsToUseTheKey",
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"))))))));
        Annotations.fromStack(stack).hasNoWarning("*", Match.stringLikeRegexp(".*cloudWatchCannotPublish.*"));
    }

    @Test
    void anImportedTopicWarnsThatCloudWatchMayNotPublish() {
        Stack stack = stackIn("us-east-1");
        define(stack, b -> b.signInRegions(List.of()).topic(Topic.fromTopicArn(stack, "Imported",
                "arn:aws:sns:us-east-1:123456789012:security")));
        Annotations.fromStack(stack).hasWarning("/Alerts/MfaAlerts",
                Match.stringLikeRegexp(".*cloudWatchCannotPublish.*"));
    }

    @Test
    void theInvitationTagKeyIsConfigurable() {
        define(b -> b.enrolmentInvitationTagKey("Onboarding:Invite")).hasResourceProperties("AWS::Events::Rule",
                Map.of("EventPattern", Match.objectLike(Map.of("detail", Match.objectLike(Map.of(
                        "requestParameters", Map.of("tags", Map.of("key",
                                List.of(Map.of("equals-ignore-case", "Onboarding:Invite"))))))))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "aws:invite", "with\ttab", "no#hash"})
    void failsWhenTheInvitationTagKeyIsNotATagKey(String key) {
        assertThatThrownBy(() -> define(b -> b.enrolmentInvitationTagKey(key)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("enrolmentInvitationTagKey: '" + key + "' is not an IAM tag key");
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


    /** The 17 Regions every account has enabled (AWS Account Management Reference Guide), written out here. */
    static final List<String> DEFAULT_REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2",
            "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
            "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "sa-east-1");

    @Test
    void eachOfTheSeventeenRegionsHasAForwardingRuleOrTheHomeRules() {
        App app = TestStacks.app();
        Stack home = new Stack(app, "Alerts", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("us-east-1").build()).build());
        MfaAlerts alerts = new MfaAlerts(home, "MfaAlerts");
        Template.fromStack(home).resourceCountIs("AWS::Events::Rule", 11);
        List<String> forwarded = new java.util.ArrayList<>();
        for (MfaAlertsForwarding forwarder : alerts.getForwarders()) {
            Stack stack = Stack.of(forwarder);
            forwarded.add(stack.getRegion());
            assertThat(stack.getAccount()).isEqualTo("123456789012");
            Template.fromStack(stack).allResourcesProperties("AWS::Events::Rule", Map.of("Targets", List.of(
                    Match.objectLike(Map.of("Arn", "arn:aws:events:us-east-1:123456789012:event-bus/default")))));
        }
        assertThat(forwarded).doesNotContain("us-east-1").doesNotHaveDuplicates();
        List<String> covered = new java.util.ArrayList<>(forwarded);
        covered.add(home.getRegion());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(DEFAULT_REGIONS);
        Annotations.fromStack(home).hasNoWarning("*", Match.anyValue());
    }

    @Test
    void signInRegionsAddOptInRegionsOrNarrowTheList() {
        App app = TestStacks.app();
        Stack home = new Stack(app, "Alerts", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("us-east-1").build()).build());
        MfaAlerts alerts = new MfaAlerts(home, "MfaAlerts", MfaAlertsProps.builder()
                .signInRegions(List.of("eu-west-1", "ap-east-1", "us-east-1", "eu-west-1")).build());
        assertThat(alerts.getForwarders()).extracting(forwarder -> Stack.of(forwarder).getRegion())
                .containsExactly("eu-west-1", "ap-east-1");
        // The Regions every account has enabled that the list leaves out are named in a warning.
        Annotations.fromStack(home).hasWarning("/Alerts/MfaAlerts", Match.stringLikeRegexp(
                ".*eu-north-1.*reach no alert.*\\[ack: @cdkmfa/mfa-alerts:signInRegionsNotCovered\\].*"));
    }

    @Test
    void signInAlertsAloneMayLiveInAnotherHomeRegion() {
        Stack stack = stackIn("eu-west-1");
        MfaAlerts alerts = new MfaAlerts(stack, "MfaAlerts", MfaAlertsProps.builder().mfaDeviceChangeAlerts(false)
                .build());
        assertThat(alerts.getForwarders()).hasSize(16);
        Template.fromStack(Stack.of(alerts.getForwarders().get(0))).allResourcesProperties("AWS::Events::Rule",
                Map.of("Targets", List.of(Match.objectLike(Map.of("Arn",
                        "arn:aws:events:eu-west-1:123456789012:event-bus/default")))));
    }

    @Test
    void failsWhenDeviceAlertsAreOutsideTheRegionWhereIamEventsArrive() {
        assertThatThrownBy(() -> new MfaAlerts(stackIn("eu-north-1"), "MfaAlerts"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mfaDeviceChangeAlerts: true (the default), but the stack is in eu-north-1, "
                        + "and IAM delivers its events to EventBridge in us-east-1 only");
    }

    @Test
    void anEnvironmentAgnosticStackWarnsAndForwardsNothing() {
        Stack agnostic = TestStacks.stack();
        MfaAlerts alerts = new MfaAlerts(agnostic, "MfaAlerts");
        assertThat(alerts.getForwarders()).isEmpty();
        Annotations annotations = Annotations.fromStack(agnostic);
        annotations.hasWarning("/TestStack/MfaAlerts", Match.stringLikeRegexp(
                ".*no explicit Region.*\\[ack: @cdkmfa/mfa-alerts:iamEventsOnlyInUsEast1\\].*"));
        annotations.hasWarning("/TestStack/MfaAlerts", Match.stringLikeRegexp(
                ".*chooses the Region.*\\[ack: @cdkmfa/mfa-alerts:signInRegionsNotCovered\\].*"));
    }

    @Test
    void govCloudAndChinaSayAtSynthThatNoOtherRegionIsForwarded() {
        Stack stack = stackIn("us-gov-west-1");
        MfaAlerts alerts = new MfaAlerts(stack, "MfaAlerts");
        assertThat(alerts.getForwarders()).isEmpty();
        Annotations.fromStack(stack).hasWarning("/Alerts/MfaAlerts", Match.stringLikeRegexp(
                ".*does not route events across Regions in AWS GovCloud \\(US\\) and China.*"));
        assertThatThrownBy(() -> new MfaAlerts(stackIn("cn-north-1"), "MfaAlerts", MfaAlertsProps.builder()
                .signInRegions(List.of("eu-west-1")).build()))
                .hasMessageStartingWith("signInRegions: [eu-west-1] given, but the stack is in cn-north-1, where "
                        + "EventBridge does not route events across Regions");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eu-west-9", "Frankfurt", "us-gov-east-1", "cn-northwest-1"})
    void failsWhenASignInRegionIsNotACommercialRegion(String region) {
        assertThatThrownBy(() -> new MfaAlerts(stackIn("us-east-1"), "MfaAlerts", MfaAlertsProps.builder()
                .signInRegions(List.of("eu-west-1", region)).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("signInRegions: '" + region + "' is ")
                .hasMessageContaining("Allowed: the Regions every account has enabled ")
                .hasMessageContaining("ap-east-1");
    }

    @Test
    void failsWhenConfigRulesAreInARegionWithoutThem() {
        assertThatThrownBy(() -> define(stackIn("ap-southeast-7"), b -> b.configRules(true)
                .mfaDeviceChangeAlerts(false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("configRules: true, but the stack is in ap-southeast-7, where the AWS Config "
                        + "managed rules IAM_USER_MFA_ENABLED and MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS do not exist");
    }

    @Test
    void failsWhenTheAppDefinesAlertsTwiceForOneAccount() {
        App app = TestStacks.app();
        Environment env = Environment.builder().account("123456789012").region("us-east-1").build();
        new MfaAlerts(new Stack(app, "First", StackProps.builder().env(env).build()), "MfaAlerts");
        Stack second = new Stack(app, "Second", StackProps.builder().env(env).build());
        assertThatThrownBy(() -> new MfaAlerts(second, "MfaAlerts")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("MfaAlerts: the app already defines MfaAlerts for 123456789012 at "
                        + "First/MfaAlerts, so Second/MfaAlerts would send every alert twice.");
    }

    @Test
    void anotherAccountInTheSameAppHasAlertsOfItsOwn() {
        App app = TestStacks.app();
        new MfaAlerts(new Stack(app, "First", StackProps.builder().env(Environment.builder()
                .account("123456789012").region("us-east-1").build()).build()), "MfaAlerts", MfaAlertsProps.builder()
                .signInRegions(List.of()).build());
        MfaAlerts other = new MfaAlerts(new Stack(app, "Other", StackProps.builder().env(Environment.builder()
                .account("210987654321").region("us-east-1").build()).build()), "MfaAlerts", MfaAlertsProps.builder()
                .signInRegions(List.of()).build());
        assertThat(other.getRules()).isNotEmpty();
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
    void everyOptionSynthesizesForCfnLint() throws IOException {
        // With the feature flags of cdk.json, as an app made by cdk init has them.
        App app = new App(AppProps.builder().analyticsReporting(false).context(Map.of(
                "@aws-cdk/core:enablePartitionLiterals", true)).build());
        Stack stack = new Stack(app, "AlertsEveryOption", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("us-east-1").build()).build());
        MfaAlerts alerts = new MfaAlerts(stack, "MfaAlerts", MfaAlertsProps.builder().configRules(true)
                .cloudTrailLogGroup(LogGroup.fromLogGroupName(stack, "Trail", "cloudtrail/management"))
                .emailAddresses(List.of("security@example.com")).build());
        TestStacks.synth(stack);
        Template template = Template.fromStack(stack);
        assertThat(template.findResources("AWS::CloudWatch::Alarm")).hasSize(2);
        // scripts/cfn-lint.sh lints this template in mvn verify.
        Path file = Path.of("target/cfn-lint/MfaAlertsEveryOption.template.json");
        Files.createDirectories(file.getParent());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), template.toJSON());
        // And one forwarding stack's template, as every Region deploys it.
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(
                file.resolveSibling("MfaAlertsForwarding.template.json").toFile(),
                Template.fromStack(Stack.of(alerts.getForwarders().get(0))).toJSON());
    }
}
