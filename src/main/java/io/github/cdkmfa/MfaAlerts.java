package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
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
import software.amazon.awscdk.services.events.EventField;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Match;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.events.targets.SnsTopicProps;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Subscription;
import software.amazon.awscdk.services.sns.SubscriptionProtocol;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * Defines alerts for what an MFA policy cannot prevent: console sign-ins of IAM users without MFA and MFA device
 * changes, published to an SNS topic, with optional AWS Config rules and the CloudWatch.3 metric filter and alarm.
 *
 * <pre>{@code
 * MfaAlerts.Builder.create(this, "MfaAlerts")
 *     .emailAddresses(List.of("security@example.com"))
 *     .build();
 * }</pre>
 *
 * <p>EventBridge rules on the default bus:
 * <ul>
 *   <li>{@code SignInWithoutMfa}: a successful console sign-in of an IAM user without MFA;</li>
 *   <li>{@code MfaDeviceChange}: {@code EnableMFADevice}, {@code DeactivateMFADevice}, {@code ResyncMFADevice};</li>
 *   <li>{@code VirtualMfaDeviceChange}: {@code CreateVirtualMFADevice}, {@code DeleteVirtualMFADevice}.</li>
 * </ul>
 *
 * <p>Where the events arrive: IAM delivers its events to EventBridge in us-east-1 only, and CloudTrail records an IAM
 * user's console sign-in in us-east-1, us-east-2, eu-north-1 or ap-southeast-2 when the user signs in through the
 * global endpoint, or in the region of a regional sign-in endpoint. Both need a CloudTrail trail with logging
 * enabled. The construct warns at synthesis when the stack's region is known and cannot receive the events; see the
 * README for multi-region coverage.
 *
 * <p>Construct ids are part of the contract: {@code Key}, {@code Topic}, {@code SignInWithoutMfa},
 * {@code MfaDeviceChange}, {@code VirtualMfaDeviceChange}, {@code Email-ADDRESS}, {@code IamUserMfaEnabled},
 * {@code MfaEnabledForConsoleAccess}, {@code SignInWithoutMfaMetricFilter}, {@code SignInWithoutMfaAlarm}.
 */
public class MfaAlerts extends Construct {
    /**
     * The filter pattern Security Hub control CloudWatch.3 (CIS AWS Foundations 1.2, 3.2) checks for: a successful
     * console sign-in of an IAM user without MFA.
     */
    public static final String SIGN_IN_WITHOUT_MFA_FILTER_PATTERN = "{ ($.eventName = \"ConsoleLogin\") && "
            + "($.additionalEventData.MFAUsed != \"Yes\") && ($.userIdentity.type = \"IAMUser\") && "
            + "($.responseElements.ConsoleLogin = \"Success\") }";

    /** The namespace of the sign-in-without-MFA metric. */
    public static final String METRIC_NAMESPACE = "CloudTrailMetrics";

    /** The name of the sign-in-without-MFA metric. */
    public static final String METRIC_NAME = "ConsoleSignInWithoutMfa";

    /** Warning id: the stack's region does not receive IAM's events (only us-east-1 does). */
    public static final String IAM_EVENTS_REGION_WARNING = "@cdkmfa/mfa-alerts:iamEventsOnlyInUsEast1";

    /** Warning id: the stack's region receives IAM users' console sign-ins only from its own regional endpoint. */
    public static final String SIGN_IN_EVENTS_REGION_WARNING = "@cdkmfa/mfa-alerts:signInEventsRegion";

    /** The region where IAM's CloudTrail events reach EventBridge. */
    public static final String IAM_EVENTS_REGION = "us-east-1";

    /**
     * The regions where CloudTrail records an IAM user's console sign-in through the global sign-in endpoint
     * ("AWS Management Console sign-in events", AWS CloudTrail User Guide).
     */
    public static final List<String> GLOBAL_SIGN_IN_REGIONS = List.of("us-east-1", "us-east-2", "eu-north-1",
            "ap-southeast-2");

    /** The MFA device calls that assign, remove or resync a device on a user. */
    static final List<String> DEVICE_ASSIGNMENT_EVENTS = List.of("EnableMFADevice", "DeactivateMFADevice",
            "ResyncMFADevice");

    /** The calls that create or delete a virtual MFA device, before or after it is bound to a user. */
    static final List<String> VIRTUAL_DEVICE_EVENTS = List.of("CreateVirtualMFADevice", "DeleteVirtualMFADevice");

    // An SNS e-mail endpoint: a local part and a domain with at least one dot, no spaces or angle brackets. Full
    // RFC 5322 allows more (quoted local parts, address literals) that SNS e-mail subscriptions are not meant for.
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    private static final int MAX_EMAIL_LENGTH = 254;

    private final @Nullable ITopic topic;
    private final @Nullable Key key;
    private final List<Rule> rules = new ArrayList<>();
    private final @Nullable Alarm alarm;

    /**
     * Define the alerts with every option at its default.
     *
     * @param scope the parent construct
     * @param id the construct id
     */
    public MfaAlerts(@NotNull Construct scope, @NotNull String id) {
        this(scope, id, null);
    }

    /**
     * Define the alerts.
     *
     * @param scope the parent construct
     * @param id the construct id
     * @param props the properties, or {@code null} for the defaults
     * @throws IllegalArgumentException when a property is invalid; the message names it, the value given and what
     *     is allowed
     */
    public MfaAlerts(@NotNull Construct scope, @NotNull String id, @Nullable MfaAlertsProps props) {
        super(Objects.requireNonNull(scope, "scope is required"), Objects.requireNonNull(id, "id is required"));
        MfaAlertsProps given = props == null ? MfaAlertsProps.builder().build() : props;
        boolean signIn = !Boolean.FALSE.equals(given.getSignInWithoutMfaAlerts());
        boolean devices = !Boolean.FALSE.equals(given.getMfaDeviceChangeAlerts());
        boolean config = Boolean.TRUE.equals(given.getConfigRules());
        ILogGroup logGroup = given.getCloudTrailLogGroup();
        List<String> emails = checkEmails(given.getEmailAddresses());
        boolean publishes = signIn || devices || logGroup != null;

        if (!publishes && !config) {
            throw new IllegalArgumentException("signInWithoutMfaAlerts, mfaDeviceChangeAlerts, configRules, "
                    + "cloudTrailLogGroup: every alert and check is off, so MfaAlerts would define nothing. Allowed: "
                    + "at least one of signInWithoutMfaAlerts(true) (the default), mfaDeviceChangeAlerts(true) (the "
                    + "default), configRules(true) or a cloudTrailLogGroup.");
        }
        if (!publishes && (given.getTopic() != null || !emails.isEmpty())) {
            throw new IllegalArgumentException((given.getTopic() != null ? "topic" : "emailAddresses")
                    + ": given, but nothing publishes to the topic: signInWithoutMfaAlerts and mfaDeviceChangeAlerts "
                    + "are false and no cloudTrailLogGroup is given. Allowed: a topic or e-mail addresses only with "
                    + "at least one alert, or a cloudTrailLogGroup for the CloudWatch.3 alarm.");
        }
        checkTopicRegion(given.getTopic());

        if (publishes) {
            if (given.getTopic() != null) {
                topic = given.getTopic();
                key = null;
            } else {
                key = Key.Builder.create(this, "Key")
                        .description("Encrypts the MFA alerts topic " + getNode().getPath())
                        .enableKeyRotation(true)
                        // The key protects messages only while SNS delivers them: nothing stored depends on it.
                        .removalPolicy(RemovalPolicy.DESTROY)
                        .pendingWindow(Duration.days(7))
                        .build();
                // A service publishes to an encrypted topic only when the key policy lets it use the key, and the
                // policy of the AWS managed key for SNS cannot be changed: hence a customer managed key. CDK's SNS
                // target grants EventBridge; the CloudWatch alarm's grant is added here.
                if (logGroup != null) {
                    key.addToResourcePolicy(PolicyStatement.Builder.create()
                            .sid("AllowCloudWatchAlarmsToUseTheKey")
                            .effect(Effect.ALLOW)
                            .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                            .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                            .resources(List.of("*"))
                            .build());
                }
                topic = Topic.Builder.create(this, "Topic")
                        .displayName("MFA alerts")
                        .masterKey(key)
                        .enforceSsl(true)
                        .build();
            }
            for (String email : emails) {
                Subscription.Builder.create(this, "Email-" + email.replace('/', '_'))
                        .topic(topic)
                        .protocol(SubscriptionProtocol.EMAIL)
                        .endpoint(email)
                        .build();
            }
        } else {
            topic = null;
            key = null;
        }

        if (signIn) {
            defineSignInRule();
        }
        if (devices) {
            defineDeviceRules();
        }
        warnAboutRegion(signIn, devices);
        if (config) {
            defineConfigRules();
        }
        alarm = logGroup == null ? null : defineMetricFilterAndAlarm(logGroup);
    }

    private static List<String> checkEmails(@Nullable List<String> addresses) {
        if (addresses == null) {
            return List.of();
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String address : addresses) {
            if (address == null) {
                throw new IllegalArgumentException("emailAddresses: null is not an e-mail address. Allowed: "
                        + "addresses of the form name@example.com.");
            }
            if (Token.isUnresolved(address)) {
                throw new IllegalArgumentException("emailAddresses: '" + address + "' is a token, known only at "
                        + "deployment, and the construct ids of the subscriptions derive from the addresses. "
                        + "Allowed: literal addresses of the form name@example.com.");
            }
            if (address.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(address).matches()) {
                throw new IllegalArgumentException("emailAddresses: '" + address + "' is not an e-mail address. "
                        + "Allowed: local-part@domain, at most " + MAX_EMAIL_LENGTH + " characters, a local part of "
                        + "letters, digits and !#$%&'*+/=?^_`{|}~.- (at most 64), a domain of dot-separated labels "
                        + "of letters, digits and hyphens with at least one dot, no spaces.");
            }
            unique.add(address);
        }
        return List.copyOf(unique);
    }

    private void checkTopicRegion(@Nullable ITopic given) {
        if (given == null) {
            return;
        }
        String topicRegion = given.getEnv().getRegion();
        String stackRegion = Stack.of(this).getRegion();
        if (!Token.isUnresolved(topicRegion) && !Token.isUnresolved(stackRegion) && !topicRegion.equals(stackRegion)) {
            throw new IllegalArgumentException("topic: " + given.getTopicArn() + " is in region " + topicRegion
                    + ", the stack in " + stackRegion + ". Allowed: a topic in the stack's region; EventBridge rules "
                    + "and CloudWatch alarms publish only to SNS topics in their own region.");
        }
    }

    /** Define a rule that sends a readable message to the topic. */
    private void alert(String id, String description, EventPattern pattern, String message) {
        Rule rule = Rule.Builder.create(this, id).description(description).eventPattern(pattern).build();
        rule.addTarget(new SnsTopic(Objects.requireNonNull(topic),
                SnsTopicProps.builder().message(RuleTargetInput.fromText(message)).build()));
        rules.add(rule);
    }

    private void defineSignInRule() {
        // Match on source and eventName, never on detail-type: the EventBridge user guide spells it "AWS Console
        // Signin via CloudTrail", while delivered events carry "AWS Console Sign In via CloudTrail".
        alert("SignInWithoutMfa", "Console sign-in of an IAM user without MFA", EventPattern.builder()
                .source(List.of("aws.signin"))
                .detail(Map.of(
                        "eventSource", List.of("signin.amazonaws.com"),
                        "eventName", List.of("ConsoleLogin"),
                        "userIdentity", Map.of("type", List.of("IAMUser")),
                        "responseElements", Map.of("ConsoleLogin", List.of("Success")),
                        "additionalEventData", Map.of("MFAUsed", Match.anythingBut("Yes"))))
                .build(),
                "MFA alert: IAM user " + EventField.fromPath("$.detail.userIdentity.userName")
                + " signed in to the console WITHOUT MFA (MFAUsed: "
                + EventField.fromPath("$.detail.additionalEventData.MFAUsed") + "). User: "
                + EventField.fromPath("$.detail.userIdentity.arn") + ". Source IP address: "
                + EventField.fromPath("$.detail.sourceIPAddress") + ". Time: "
                + EventField.fromPath("$.detail.eventTime") + ". Account " + EventField.getAccount()
                + ", recorded in " + EventField.getRegion() + ". If this user has no MFA device yet, make sure it is "
                + "the user who enrols one.");
    }

    private void defineDeviceRules() {
        alert("MfaDeviceChange", "An MFA device enabled, deactivated or resynchronized on an IAM user",
                iamCalls(DEVICE_ASSIGNMENT_EVENTS),
                "MFA alert: " + EventField.fromPath("$.detail.eventName") + " on IAM user "
                + EventField.fromPath("$.detail.requestParameters.userName") + ", device "
                + EventField.fromPath("$.detail.requestParameters.serialNumber") + ". Called by "
                + EventField.fromPath("$.detail.userIdentity.arn") + " from source IP address "
                + EventField.fromPath("$.detail.sourceIPAddress") + " at " + EventField.fromPath("$.detail.eventTime")
                + ". Account " + EventField.getAccount() + ". If nobody expected this change, treat the user as "
                + "compromised.");
        alert("VirtualMfaDeviceChange", "A virtual MFA device created or deleted", iamCalls(VIRTUAL_DEVICE_EVENTS),
                "MFA alert: " + EventField.fromPath("$.detail.eventName") + " called by "
                + EventField.fromPath("$.detail.userIdentity.arn") + " from source IP address "
                + EventField.fromPath("$.detail.sourceIPAddress") + " at " + EventField.fromPath("$.detail.eventTime")
                + ". Account " + EventField.getAccount() + ". A virtual device is bound to a user only by "
                + "EnableMFADevice, which alerts separately.");
    }

    private static EventPattern iamCalls(List<String> eventNames) {
        // Successful calls only (no errorCode): a denied attempt changed nothing.
        return EventPattern.builder()
                .source(List.of("aws.iam"))
                .detailType(List.of("AWS API Call via CloudTrail"))
                .detail(Map.of(
                        "eventSource", List.of("iam.amazonaws.com"),
                        "eventName", eventNames,
                        "errorCode", Match.doesNotExist()))
                .build();
    }

    private void warnAboutRegion(boolean signIn, boolean devices) {
        String region = Stack.of(this).getRegion();
        if (Token.isUnresolved(region) || !isCommercialRegion(region)) {
            return; // environment-agnostic, or a partition whose event regions AWS does not document
        }
        if (devices && !IAM_EVENTS_REGION.equals(region)) {
            Annotations.of(this).addWarningV2(IAM_EVENTS_REGION_WARNING, "MFA device change alerts in " + region
                    + " will never fire: IAM delivers its events to EventBridge in " + IAM_EVENTS_REGION + " only. "
                    + "Define these alerts in a stack in " + IAM_EVENTS_REGION + ", or set "
                    + "mfaDeviceChangeAlerts(false) here.");
        }
        if (signIn && !GLOBAL_SIGN_IN_REGIONS.contains(region)) {
            Annotations.of(this).addWarningV2(SIGN_IN_EVENTS_REGION_WARNING, "Sign-in alerts in " + region
                    + " see only sign-ins through the " + region + " regional sign-in endpoint. Sign-ins through "
                    + "the global endpoint are recorded in " + String.join(", ", GLOBAL_SIGN_IN_REGIONS)
                    + ": define sign-in alerts in each of those regions.");
        }
    }

    private static boolean isCommercialRegion(String region) {
        return !region.startsWith("cn-") && !region.startsWith("us-gov-") && !region.startsWith("us-iso")
                && !region.startsWith("eu-isoe-");
    }

    private void defineConfigRules() {
        // Periodic managed rules; each needs an AWS Config configuration recorder in the account and region.
        ManagedRule.Builder.create(this, "IamUserMfaEnabled")
                .identifier(ManagedRuleIdentifiers.IAM_USER_MFA_ENABLED)
                .description("Every IAM user has MFA enabled (Security Hub IAM.19)")
                .maximumExecutionFrequency(MaximumExecutionFrequency.TWENTY_FOUR_HOURS)
                .build();
        ManagedRule.Builder.create(this, "MfaEnabledForConsoleAccess")
                .identifier(ManagedRuleIdentifiers.MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS)
                .description("Every IAM user with a console password has MFA enabled (Security Hub IAM.5, CIS)")
                .maximumExecutionFrequency(MaximumExecutionFrequency.TWENTY_FOUR_HOURS)
                .build();
    }

    private Alarm defineMetricFilterAndAlarm(ILogGroup logGroup) {
        MetricFilter filter = MetricFilter.Builder.create(this, "SignInWithoutMfaMetricFilter")
                .logGroup(logGroup)
                .filterPattern(FilterPattern.literal(SIGN_IN_WITHOUT_MFA_FILTER_PATTERN))
                .metricNamespace(METRIC_NAMESPACE)
                .metricName(METRIC_NAME)
                .metricValue("1")
                .build();
        Alarm created = Alarm.Builder.create(this, "SignInWithoutMfaAlarm")
                .alarmDescription("Console sign-in of an IAM user without MFA (Security Hub CloudWatch.3, CIS 3.2)")
                .metric(filter.metric(MetricOptions.builder().statistic("Sum").period(Duration.minutes(5)).build()))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        created.addAlarmAction(new SnsAction(Objects.requireNonNull(topic)));
        if (topic instanceof Topic own) {
            own.addToResourcePolicy(PolicyStatement.Builder.create()
                    .sid("AllowCloudWatchAlarmsOfThisAccount")
                    .effect(Effect.ALLOW)
                    .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                    .actions(List.of("sns:Publish"))
                    .resources(List.of(own.getTopicArn()))
                    .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount())))
                    .build());
        }
        return created;
    }

    /**
     * The topic the alerts are published to.
     *
     * @return the topic, or {@code null} when only Config rules are defined
     */
    public @Nullable ITopic getTopic() {
        return topic;
    }

    /**
     * The KMS key that encrypts the topic the construct defined.
     *
     * @return the key, or {@code null} when a topic was given or none is needed
     */
    public @Nullable Key getKey() {
        return key;
    }

    /**
     * The EventBridge rules, in the order {@code SignInWithoutMfa}, {@code MfaDeviceChange},
     * {@code VirtualMfaDeviceChange} (those that are enabled).
     *
     * @return the rules
     */
    public @NotNull List<Rule> getRules() {
        return List.copyOf(rules);
    }

    /**
     * The CloudWatch.3 alarm on console sign-ins without MFA.
     *
     * @return the alarm, or {@code null} when no log group was given
     */
    public @Nullable Alarm getAlarm() {
        return alarm;
    }

    /** A fluent builder for {@link MfaAlerts}. */
    public static final class Builder extends MfaAlertsProps.BuilderBase<Builder> {
        private final Construct scope;
        private final String id;

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        /**
         * Start a builder.
         *
         * @param scope the parent construct
         * @param id the construct id
         * @return a new builder
         */
        public static @NotNull Builder create(@NotNull Construct scope, @NotNull String id) {
            return new Builder(scope, id);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Define the alerts.
         *
         * @return the new construct
         */
        public @NotNull MfaAlerts build() {
            return new MfaAlerts(scope, id, props());
        }
    }
}
