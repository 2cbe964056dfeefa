package io.github.cdkmfa;

import java.util.List;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.config.ManagedRule;
import software.amazon.awscdk.services.config.ManagedRuleIdentifiers;
import software.amazon.awscdk.services.config.MaximumExecutionFrequency;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The compliance controls the alerts map to: the AWS Config managed rules behind Security Hub IAM.19 and IAM.5, and
 * the metric filter and alarm behind CloudWatch.3.
 */
final class ComplianceRules {
    /**
     * The Regions where the managed rule {@code IAM_USER_MFA_ENABLED} does not exist: its page in the AWS Config
     * Developer Guide ("iam-user-mfa-enabled", https://docs.aws.amazon.com/config/latest/developerguide/iam-user-mfa-enabled.html)
     * lists Asia Pacific (New Zealand, Thailand, Hyderabad, Malaysia, Melbourne, Taipei), Middle East (UAE), Mexico
     * (Central), Israel (Tel Aviv), Canada West (Calgary), Europe (Spain, Zurich). The page of
     * {@code MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS} is held to the same list: a rule that may not exist fails the
     * deployment, so the stricter reading is the safe one.
     */
    static final List<String> CONFIG_RULE_MISSING_REGIONS = List.of("ap-southeast-6", "ap-southeast-7",
            "me-central-1", "ap-south-2", "ap-southeast-5", "ap-southeast-4", "mx-central-1", "il-central-1",
            "ap-east-2", "ca-west-1", "eu-south-2", "eu-central-2");

    private ComplianceRules() {
    }

    /**
     * Define the Config rules (children {@code IamUserMfaEnabled}, {@code MfaEnabledForConsoleAccess}).
     *
     * @throws IllegalArgumentException when the stack's Region is one where the rules do not exist
     */
    static void defineConfigRules(Construct scope) {
        String region = Stack.of(scope).getRegion();
        if (!Token.isUnresolved(region) && CONFIG_RULE_MISSING_REGIONS.contains(region)) {
            throw new IllegalArgumentException("configRules: true, but the stack is in " + region + ", where the AWS "
                    + "Config managed rules IAM_USER_MFA_ENABLED and MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS do not exist "
                    + "(each rule's page lists the Regions). Allowed: configRules in a stack in another Region, such "
                    + "as us-east-1; the rules are periodic and check IAM, which is global, so one Region suffices.");
        }
        // Periodic managed rules; each needs an AWS Config configuration recorder in the account and region.
        ManagedRule.Builder.create(scope, "IamUserMfaEnabled")
                .identifier(ManagedRuleIdentifiers.IAM_USER_MFA_ENABLED)
                .description("Every IAM user has MFA enabled (Security Hub IAM.19)")
                .maximumExecutionFrequency(MaximumExecutionFrequency.TWENTY_FOUR_HOURS)
                .build();
        ManagedRule.Builder.create(scope, "MfaEnabledForConsoleAccess")
                .identifier(ManagedRuleIdentifiers.MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS)
                .description("Every IAM user with a console password has MFA enabled (Security Hub IAM.5, CIS)")
                .maximumExecutionFrequency(MaximumExecutionFrequency.TWENTY_FOUR_HOURS)
                .build();
    }

    /**
     * Define the CloudWatch.3 metric filter and alarm (children {@code SignInWithoutMfaMetricFilter},
     * {@code SignInWithoutMfaAlarm}) on a CloudTrail log group, notifying the topic (which must let CloudWatch
     * publish: {@link AlertTopic#allowCloudWatchAlarms}).
     */
    static Alarm defineMetricFilterAndAlarm(Construct scope, ILogGroup logGroup, ITopic topic) {
        MetricFilter filter = MetricFilter.Builder.create(scope, "SignInWithoutMfaMetricFilter")
                .logGroup(logGroup)
                .filterPattern(FilterPattern.literal(MfaAlerts.SIGN_IN_WITHOUT_MFA_FILTER_PATTERN))
                .metricNamespace(MfaAlerts.METRIC_NAMESPACE)
                .metricName(MfaAlerts.METRIC_NAME)
                .metricValue("1")
                .build();
        Alarm alarm = Alarm.Builder.create(scope, "SignInWithoutMfaAlarm")
                .alarmDescription("Console sign-in of an IAM user without MFA (Security Hub CloudWatch.3, CIS 3.2)")
                .metric(filter.metric(MetricOptions.builder().statistic("Sum").period(Duration.minutes(5)).build()))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        return alarm;
    }
}
