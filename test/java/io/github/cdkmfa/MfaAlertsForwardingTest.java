package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.DefaultStackSynthesizer;
import software.amazon.awscdk.DefaultStackSynthesizerProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The regional forwarding and the organization's central bus, as their templates deploy them. */
class MfaAlertsForwardingTest {
    private static final String HOME_BUS = "arn:aws:events:us-east-1:123456789012:event-bus/default";

    private static Stack stackIn(String region) {
        return new Stack(TestStacks.app(), "Forwarding", StackProps.builder()
                .env(Environment.builder().account("123456789012").region(region).build()).build());
    }

    private static Template forward(Stack stack, String target) {
        MfaAlertsForwarding.Builder.create(stack, "MfaAlertsForwarding").targetEventBusArn(target)
                .emailAddresses(List.of("security@example.com")).build();
        return Template.fromStack(stack);
    }

    @Test
    void everyRuleForwardsToTheTargetBusThroughARoleWithADeadLetterQueueAndRetries() {
        Template template = forward(stackIn("eu-west-1"), HOME_BUS);
        template.resourceCountIs("AWS::Events::Rule", 2);
        // Written from the EventBridge API's Target (RoleArn, DeadLetterConfig, RetryPolicy at its maximum).
        template.allResourcesProperties("AWS::Events::Rule", Map.of("State", "ENABLED", "Targets", List.of(
                Match.objectEquals(Map.of(
                        "Arn", HOME_BUS,
                        "Id", "Target0",
                        "RoleArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("MfaAlertsForwardingRole.*"),
                                "Arn")),
                        "DeadLetterConfig", Map.of("Arn", Map.of("Fn::GetAtt", List.of(
                                Match.stringLikeRegexp("MfaAlertsForwardingDeadLetterQueue.*"), "Arn"))),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 185,
                                "MaximumEventAgeInSeconds", 86400))))));
        template.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern",
                Map.of("source", List.of("aws.signin"))));
        template.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Map.of(
                "source", List.of("aws.iam", "aws.account"),
                "detail-type", List.of("AWS API Call via CloudTrail"),
                "detail", Map.of("eventName", Match.arrayWith(List.of("EnableMFADevice", "DeactivateMFADevice",
                        "CreateLoginProfile", "CreateAccessKey", "TagUser", "EnableRegion"))))));
        // The role can only put events on the one bus.
        template.hasResourceProperties("AWS::IAM::Role", Map.of("AssumeRolePolicyDocument", Map.of("Statement",
                List.of(Match.objectLike(Map.of("Action", "sts:AssumeRole",
                        "Principal", Map.of("Service", "events.amazonaws.com")))))));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(
                Map.of("Effect", "Allow", "Action", "events:PutEvents", "Resource", HOME_BUS)))));
        // The dead-letter queue is encrypted, takes only TLS, admits the rules only (aws:SourceArn).
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true,
                "MessageRetentionPeriod", 1209600));
        template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Action", "sqs:SendMessage",
                        "Principal", Map.of("Service", "events.amazonaws.com"),
                        "Condition", Map.of("ArnEquals", Map.of("aws:SourceArn", Match.anyValue())))))))));
        // The failure alarm notifies a topic in this Region that CloudWatch may use.
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/SQS", "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 1,
                "AlarmActions", List.of(Map.of("Ref", Match.stringLikeRegexp("MfaAlertsForwardingTopic.*")))));
        template.hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Principal",
                        Map.of("Service", "cloudwatch.amazonaws.com"))))))));
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email",
                "Endpoint", "security@example.com"));
    }

    @Test
    void theTemplateNeedsNoBootstrapResourcesSoAStackSetCanDeployIt() {
        // As a StackSet template: an environment-agnostic stack without the bootstrap version rule.
        Stack stack = new Stack(TestStacks.app(), "StackSetTemplate", StackProps.builder()
                .synthesizer(new DefaultStackSynthesizer(DefaultStackSynthesizerProps.builder()
                        .generateBootstrapVersionRule(false).build())).build());
        String json = forward(stack, "arn:aws:events:eu-central-1:999999999999:event-bus/mfa-alerts")
                .toJSON().toString();
        assertThat(json).doesNotContain("BootstrapVersion").doesNotContain("cdk-hnb659fds")
                .doesNotContain("AssetParameters").contains("event-bus/mfa-alerts");
    }

    @Test
    void failsWhenTheTargetIsMissing() {
        assertThatThrownBy(() -> new MfaAlertsForwarding(stackIn("eu-west-1"), "F",
                MfaAlertsForwardingProps.builder().build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("targetEventBusArn: required.");
    }

    @Test
    void failsWhenTheTargetIsNotAnEventBusArn() {
        assertThatThrownBy(() -> forward(stackIn("eu-west-1"), "arn:aws:sns:us-east-1:123456789012:alerts"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("targetEventBusArn: 'arn:aws:sns:us-east-1:123456789012:alerts' is not an "
                        + "event bus ARN. Allowed: arn:PARTITION:events:REGION:ACCOUNT:event-bus/NAME");
    }

    @Test
    void failsWhenTheTargetIsInAnotherPartition() {
        assertThatThrownBy(() -> forward(stackIn("eu-west-1"),
                "arn:aws-us-gov:events:us-gov-west-1:123456789012:event-bus/default"))
                .hasMessageStartingWith("targetEventBusArn: 'arn:aws-us-gov:events:us-gov-west-1:123456789012:"
                        + "event-bus/default' is in the aws-us-gov partition, the stack in eu-west-1 (aws).");
    }

    @Test
    void failsWhereEventBridgeDoesNotRouteAcrossRegions() {
        assertThatThrownBy(() -> forward(stackIn("cn-northwest-1"),
                "arn:aws-cn:events:cn-north-1:123456789012:event-bus/default"))
                .hasMessageContaining("where EventBridge does not route events across Regions");
    }

    @Test
    void failsWhenTheTargetIsTheStacksOwnDefaultBus() {
        assertThatThrownBy(() -> forward(stackIn("us-east-1"), HOME_BUS))
                .hasMessageContaining("is this stack's own default bus");
    }

    @Test
    void centralBusAdmitsTheOrganizationAndNobodyElse() {
        Stack stack = stackIn("eu-central-1");
        MfaAlertsCentralBus central = MfaAlertsCentralBus.Builder.create(stack, "CentralBus")
                .organizationId("o-a1b2c3d4e5").build();
        Template template = Template.fromStack(stack);
        template.hasResourceProperties("AWS::Events::EventBus", Map.of("Name", "mfa-alerts"));
        template.resourceCountIs("AWS::Events::EventBusPolicy", 1);
        // Written from the EventBridge user guide's organization example: PutEvents, any principal, one org id.
        template.hasResourceProperties("AWS::Events::EventBusPolicy", Map.of("Statement", Map.of(
                "Sid", "cdk-AllowOrganizationToPutMfaAlertEvents",
                "Effect", "Allow",
                "Principal", Map.of("AWS", "*"),
                "Action", "events:PutEvents",
                "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("CentralBus.*"), "Arn")),
                "Condition", Map.of("StringEquals", Map.of("aws:PrincipalOrgID", "o-a1b2c3d4e5")))));
        assertThat(stack.resolve(central.getEventBusArn()).toString()).contains("CentralBus");
    }

    @Test
    void alertsOnTheCentralBusDefineTheirRulesThereAndNoForwarders() {
        Stack stack = stackIn("eu-central-1");
        MfaAlertsCentralBus central = MfaAlertsCentralBus.Builder.create(stack, "CentralBus")
                .organizationId("o-a1b2c3d4e5").build();
        MfaAlerts alerts = MfaAlerts.Builder.create(stack, "MfaAlerts").eventBus(central.getEventBus()).build();
        assertThat(alerts.getForwarders()).isEmpty();
        Template.fromStack(stack).allResourcesProperties("AWS::Events::Rule", Map.of("EventBusName",
                Map.of("Ref", Match.stringLikeRegexp("CentralBus.*"))));
    }

    @Test
    void failsWhenTheOrganizationIdIsNotOne() {
        assertThatThrownBy(() -> MfaAlertsCentralBus.Builder.create(stackIn("eu-central-1"), "CentralBus")
                .organizationId("123456789012").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("organizationId: '123456789012' is not an organization id. Allowed: o- ");
    }

    @Test
    void failsWhenTheCentralBusWouldBeTheDefaultBus() {
        assertThatThrownBy(() -> MfaAlertsCentralBus.Builder.create(stackIn("eu-central-1"), "CentralBus")
                .organizationId("o-a1b2c3d4e5").eventBusName("default").build())
                .hasMessageStartingWith("eventBusName: 'default' is not a name for a custom event bus.");
    }
}
