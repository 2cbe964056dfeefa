package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.regex.Pattern;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.events.targets.SnsTopicProps;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Defines alerts for what an MFA policy cannot prevent: console sign-ins without MFA, failed MFA codes, and changes
 * to MFA devices, passwords, access keys and enrolment invitations, published to an SNS topic, from every Region of
 * the account, with dead-letter queues and an alarm so that no alert is lost in silence; optionally the AWS Config
 * rules and the CloudWatch.3 metric filter and alarm.
 *
 * <pre>{@code
 * MfaAlerts.Builder.create(this, "MfaAlerts")       // in a stack with env region us-east-1
 *     .emailAddresses(List.of("security@example.com"))
 *     .build();
 * }</pre>
 *
 * <p>Alerts are account-wide: an app may define one {@code MfaAlerts} per account (a second would send every alert
 * twice).
 *
 * <p>Where the events arrive: IAM delivers its events to EventBridge in us-east-1 only, and CloudTrail records an IAM
 * user's console sign-in in the Region of the sign-in endpoint used, which the person signing in chooses. So the
 * alert rules live once, in us-east-1 (the home Region), and every other Region forwards its events to the home
 * Region's default bus: by default the construct defines, next to its stack in the same app, a stack per Region
 * ({@link #getForwarders()}; deploy with {@code cdk deploy --all} after {@code cdk bootstrap} of each Region). The
 * events need a CloudTrail trail with management events.
 *
 * <p>Every rule target has a dead-letter queue and EventBridge's maximum retry policy, and an alarm notifies the
 * topic when an event lands in the queue.
 *
 * <p>Construct ids are part of the contract: {@code Key}, {@code Topic}, {@code Email-ADDRESS}, the rules
 * {@code SignInWithoutMfa}, {@code FederatedSignInWithoutMfa}, {@code FailedSignInWithMfa}, {@code RegionEnabled},
 * {@code MfaDeviceChange}, {@code MfaDeviceChangeOnCaller}, {@code VirtualMfaDeviceChange}, {@code PasswordChange},
 * {@code PasswordChangeOnCaller}, {@code AccessKeyCreated}, {@code EnrolmentInvitation}, {@code DeadLetterQueue},
 * {@code DeliveryFailureAlarm}, {@code IamUserMfaEnabled}, {@code MfaEnabledForConsoleAccess},
 * {@code SignInWithoutMfaMetricFilter}, {@code SignInWithoutMfaAlarm}; the forwarding stacks
 * {@code STACKID-MfaAlertsForwarding-REGION}.
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

    /** Warning id: the stack has no explicit Region, so IAM's events may never arrive. */
    public static final String IAM_EVENTS_REGION_WARNING = "@cdkmfa/mfa-alerts:iamEventsOnlyInUsEast1";

    /** Warning id: sign-ins recorded in some Regions reach no alert. */
    public static final String SIGN_IN_EVENTS_REGION_WARNING = RegionalForwarding.COVERAGE_WARNING;

    /** The region where IAM's CloudTrail events reach EventBridge. */
    public static final String IAM_EVENTS_REGION = "us-east-1";

    /**
     * The regions where CloudTrail records an IAM user's console sign-in through the global sign-in endpoint
     * ("AWS Management Console sign-in events", AWS CloudTrail User Guide).
     */
    public static final List<String> GLOBAL_SIGN_IN_REGIONS = List.of("us-east-1", "us-east-2", "eu-north-1",
            "ap-southeast-2");

    /** The default key of the enrolment invitation tag. */
    public static final String DEFAULT_ENROLMENT_INVITATION_TAG_KEY = AlertRules.DEFAULT_INVITATION_TAG_KEY;

    // IAM tag keys: 1 to 128 letters, digits, spaces and _.:/=+-@ ("Tagging IAM resources", IAM User Guide).
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");

    // One MfaAlerts per account in an app: the root construct of each app, and the accounts it has alerts for.
    private static final Map<IConstruct, Map<String, String>> ACCOUNTS_WITH_ALERTS =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final @Nullable ITopic topic;
    private final @Nullable Key key;
    private final List<Rule> rules = new ArrayList<>();
    private final @Nullable Alarm alarm;
    private final @Nullable Alarm deliveryFailureAlarm;
    private final @Nullable Queue deadLetterQueue;
    private final List<MfaAlertsForwarding> forwarders;

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
     * @throws IllegalStateException when the app already defines alerts for the same account
     */
    public MfaAlerts(@NotNull Construct scope, @NotNull String id, @Nullable MfaAlertsProps props) {
        super(Objects.requireNonNull(scope, "scope is required"), Objects.requireNonNull(id, "id is required"));
        MfaAlertsProps given = props == null ? MfaAlertsProps.builder().build() : props;
        boolean signIn = !Boolean.FALSE.equals(given.getSignInWithoutMfaAlerts());
        boolean devices = !Boolean.FALSE.equals(given.getMfaDeviceChangeAlerts());
        boolean config = Boolean.TRUE.equals(given.getConfigRules());
        ILogGroup logGroup = given.getCloudTrailLogGroup();
        IEventBus bus = given.getEventBus();
        List<String> emails = AlertTopic.checkEmails("emailAddresses", given.getEmailAddresses());
        String invitationKey = checkInvitationKey(given.getEnrolmentInvitationTagKey());
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
        checkHomeRegion(devices, bus);
        List<String> forwarded = forwardedRegions(given, signIn || devices, bus != null);
        claimAccount();

        if (publishes) {
            if (given.getTopic() != null) {
                topic = given.getTopic();
                key = null;
            } else {
                key = AlertTopic.key(this, "Encrypts the MFA alerts topic " + getNode().getPath());
                topic = AlertTopic.topic(this, key, "MFA alerts");
            }
            AlertTopic.subscribe(this, topic, emails);
            AlertTopic.allowCloudWatchAlarms(this, topic);
        } else {
            topic = null;
            key = null;
        }

        List<AlertRules.Alert> alerts = new ArrayList<>();
        if (signIn) {
            alerts.addAll(AlertRules.signIns());
            alerts.add(AlertRules.regionEnabled());
        }
        if (devices) {
            alerts.addAll(AlertRules.credentialChanges(invitationKey));
        }
        if (!alerts.isEmpty()) {
            deadLetterQueue = DeliveryFailures.deadLetterQueue(this);
            for (AlertRules.Alert alert : alerts) {
                alert(alert, bus);
            }
            deliveryFailureAlarm = DeliveryFailures.alarm(this, deadLetterQueue, topic, "the MFA alerts");
        } else {
            deadLetterQueue = null;
            deliveryFailureAlarm = null;
        }
        if (config) {
            ComplianceRules.defineConfigRules(this);
        }
        alarm = logGroup == null ? null
                : ComplianceRules.defineMetricFilterAndAlarm(this, logGroup, Objects.requireNonNull(topic));
        if (signIn || devices) {
            RegionalForwarding.warnAboutCoverage(this, forwarded, bus != null);
        }
        forwarders = RegionalForwarding.define(this, forwarded, emails);
    }

    private static String checkInvitationKey(@Nullable String key) {
        if (key == null) {
            return AlertRules.DEFAULT_INVITATION_TAG_KEY;
        }
        if (Token.isUnresolved(key) || !TAG_KEY.matcher(key).matches() || key.toLowerCase().startsWith("aws:")) {
            throw new IllegalArgumentException("enrolmentInvitationTagKey: '" + key + "' is not an IAM tag key the "
                    + "alert can match. Allowed: a literal of 1 to 128 letters, digits, spaces and _.:/=+-@, not "
                    + "starting with aws:, such as " + AlertRules.DEFAULT_INVITATION_TAG_KEY + ".");
        }
        return key;
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

    /** With the default bus, device alerts need the Region where IAM's events arrive. */
    private void checkHomeRegion(boolean devices, @Nullable IEventBus bus) {
        String region = Stack.of(this).getRegion();
        if (!devices || bus != null) {
            return;
        }
        if (Token.isUnresolved(region)) {
            Annotations.of(this).addWarningV2(IAM_EVENTS_REGION_WARNING, "The stack has no explicit Region: MFA "
                    + "device and credential alerts fire only if it is deployed to " + IAM_EVENTS_REGION + ", where "
                    + "IAM delivers its events to EventBridge. Give the stack env region " + IAM_EVENTS_REGION + ".");
            return;
        }
        if (AlertRegions.COMMERCIAL_PARTITION.equals(AlertRegions.partitionOf(region))
                && !IAM_EVENTS_REGION.equals(region)) {
            throw new IllegalArgumentException("mfaDeviceChangeAlerts: true (the default), but the stack is in "
                    + region + ", and IAM delivers its events to EventBridge in " + IAM_EVENTS_REGION + " only, so "
                    + "these alerts would never fire. Allowed: a stack in " + IAM_EVENTS_REGION + " (the home Region; "
                    + "the other Regions forward their sign-ins to it), an eventBus that receives forwarded IAM "
                    + "events, or mfaDeviceChangeAlerts(false).");
        }
    }

    private List<String> forwardedRegions(MfaAlertsProps given, boolean alerting, boolean customBus) {
        List<String> listed = given.getSignInRegions();
        String home = Stack.of(this).getRegion();
        if (listed != null) {
            List<String> checked = AlertRegions.checkCommercial("signInRegions", listed);
            if (!checked.isEmpty()) {
                if (!alerting) {
                    throw new IllegalArgumentException("signInRegions: " + checked + " given, but "
                            + "signInWithoutMfaAlerts and mfaDeviceChangeAlerts are false, so no rule would see the "
                            + "forwarded events. Allowed: signInRegions with at least one alert, or none.");
                }
                if (Token.isUnresolved(home)) {
                    throw new IllegalArgumentException("signInRegions: " + checked + " given, but the stack has no "
                            + "explicit Region to forward to. Allowed: signInRegions in a stack with env region "
                            + IAM_EVENTS_REGION + ".");
                }
                if (!AlertRegions.routesAcrossRegions(home)) {
                    throw new IllegalArgumentException("signInRegions: " + checked + " given, but the stack is in "
                            + home + ", where EventBridge does not route events across Regions (AWS GovCloud (US) "
                            + "and China). Allowed: an empty list there; define alerts in each Region instead.");
                }
            }
            return RegionalForwarding.regions(this, checked, false);
        }
        if (!alerting || customBus || Token.isUnresolved(home) || !AlertRegions.routesAcrossRegions(home)) {
            return List.of();
        }
        return RegionalForwarding.regions(this, List.of(), true);
    }

    /** Refuse a second MfaAlerts for the same account in the same app: every alert would arrive twice. */
    private void claimAccount() {
        String account = Stack.of(this).getAccount();
        String key = Token.isUnresolved(account) ? "the account of environment-agnostic stacks" : account;
        Map<String, String> claimed = ACCOUNTS_WITH_ALERTS.computeIfAbsent(getNode().getRoot(),
                root -> Collections.synchronizedMap(new java.util.HashMap<>()));
        String first = claimed.putIfAbsent(key, getNode().getPath());
        if (first != null) {
            throw new IllegalStateException("MfaAlerts: the app already defines MfaAlerts for " + key + " at "
                    + first + ", so " + getNode().getPath() + " would send every alert twice. Allowed: one MfaAlerts "
                    + "per account; its forwarding stacks cover the other Regions.");
        }
    }

    /** Define a rule that sends a readable message to the topic, with a dead-letter queue and retries. */
    private void alert(AlertRules.Alert alert, @Nullable IEventBus bus) {
        Rule rule = Rule.Builder.create(this, alert.id()).description(alert.description())
                .eventPattern(alert.pattern()).eventBus(bus).build();
        rule.addTarget(new SnsTopic(Objects.requireNonNull(topic), SnsTopicProps.builder()
                .message(RuleTargetInput.fromText(alert.message()))
                .deadLetterQueue(deadLetterQueue)
                .retryAttempts(DeliveryFailures.RETRY_ATTEMPTS)
                .maxEventAge(DeliveryFailures.MAX_EVENT_AGE)
                .build()));
        rules.add(rule);
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
     * The EventBridge alert rules, sign-in rules first, in the order of the construct ids above (those that are
     * enabled).
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

    /**
     * The alarm that goes off when an alert could not be delivered (an event is in the dead-letter queue).
     *
     * @return the alarm, or {@code null} when no alert rule is defined
     */
    public @Nullable Alarm getDeliveryFailureAlarm() {
        return deliveryFailureAlarm;
    }

    /**
     * The dead-letter queue of every alert rule's target.
     *
     * @return the queue, or {@code null} when no alert rule is defined
     */
    public @Nullable Queue getDeadLetterQueue() {
        return deadLetterQueue;
    }

    /**
     * The forwarders, one in a stack of its own per forwarded Region.
     *
     * @return the forwarders, in the order of {@code signInRegions}
     */
    public @NotNull List<MfaAlertsForwarding> getForwarders() {
        return forwarders;
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
