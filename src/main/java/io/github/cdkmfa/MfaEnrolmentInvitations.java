package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Match;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.events.targets.SfnStateMachineProps;
import software.amazon.awscdk.services.iam.CfnUser;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IUser;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Defines the automation that closes MFA enrolment invitations: once the invited IAM user has enrolled a device on
 * itself, and in any case when the invitation expires.
 *
 * <pre>{@code
 * MfaEnrolmentInvitations invitations = MfaEnrolmentInvitations.Builder.create(this, "Invitations")
 *     .topic(alerts.getTopic())
 *     .build();
 * invitations.invite(alice);   // a User this app defines, with userName("alice")
 * }</pre>
 *
 * <p>An invitation is the tag {@link #getTagKey()} on an IAM user with the user's own name as its value; the MFA
 * enforcement policy's enrolment invitation option lets a user without MFA enable a device on itself only while it
 * carries it. The construct defines, on the default event bus of its stack:
 * <ul>
 *   <li>{@code Enrolled}: a rule on a successful {@code EnableMFADevice} (no {@code errorCode}) by an IAM user,
 *     which starts {@code CloseInvitation}, a state machine that checks the caller acted on itself and now has a
 *     device ({@code iam:ListMFADevices}) before it removes the invitation and expiry tags
 *     ({@code iam:UntagUser});</li>
 *   <li>{@code CleanUpSchedule}: a rule every hour that starts {@code CleanUp}, a state machine that lists every
 *     user and their tags, writes an expiry on an invitation that has none, and removes invitations that have
 *     expired, carry an expiry that is malformed or beyond the validity, or belong to a user who has a device;</li>
 *   <li>{@code DeadLetterQueue} for the two rules' targets, and the alarms {@code DeliveryFailedAlarm},
 *     {@code CloseInvitationFailedAlarm}, {@code CleanUpFailedAlarm} on the topic.</li>
 * </ul>
 *
 * <p>This construct does not alert on new invitations: {@link MfaAlerts}' {@code EnrolmentInvitation} rule does,
 * once per invitation, with the account's other alerts. Give {@link MfaAlertsProps#getEnrolmentInvitationTagKey()}
 * the same key as {@link MfaEnrolmentInvitationsProps#getTagKey()} (and the policy's
 * {@code enrolmentInvitationTagKey}): with different keys, invitations this automation closes never alert.
 *
 * <p>Why both: CloudTrail delivers events to EventBridge on a best-effort basis, so an invitation whose enrolment
 * event is lost stays open until the next clean-up (at most an hour), and an invitation nobody uses is closed by its
 * expiry, which does not depend on any event. IAM delivers its events to EventBridge in us-east-1 only: the
 * construct warns at synthesis when its stack's region is known and is another region.
 *
 * <p>Construct ids are part of the contract: {@code Key}, {@code Topic}, {@code DeadLetterQueue}, {@code Logs},
 * {@code CloseInvitation}, {@code CleanUp}, {@code Enrolled}, {@code CleanUpSchedule},
 * {@code DeliveryFailedAlarm}, {@code CloseInvitationFailedAlarm}, {@code CleanUpFailedAlarm}.
 */
public class MfaEnrolmentInvitations extends Construct {
    /**
     * The default key of the invitation tag. The MFA enforcement policy's enrolment invitation option checks the
     * same key by default.
     */
    public static final String DEFAULT_TAG_KEY = MfaEnforcementPolicyOptions.DEFAULT_ENROLMENT_INVITATION_TAG_KEY;

    /** What the expiry tag's key adds to the invitation key. */
    public static final String EXPIRY_SUFFIX = "-expires";

    /** The default time an invitation stays open. */
    public static final Duration DEFAULT_VALIDITY = Duration.days(3);

    /** How often the clean-up runs: the longest an invitation outlives a lost enrolment event or its expiry. */
    public static final Duration CLEAN_UP_INTERVAL = Duration.hours(1);

    /** Warning id: the stack's region does not receive IAM's events (only us-east-1 does). */
    public static final String IAM_EVENTS_REGION_WARNING = "@cdkmfa/mfa-enrolment-invitations:iamEventsOnlyInUsEast1";

    /** Warning id: the stack is in a partition where no AWS page says which region receives IAM's events. */
    public static final String PARTITION_WARNING = "@cdkmfa/mfa-enrolment-invitations:iamEventsRegionUnknown";

    private static final long MIN_VALIDITY_MINUTES = 60;
    private static final long MAX_VALIDITY_MINUTES = 30L * 24 * 60;
    private static final int MAX_TAG_KEY_LENGTH = 128 - EXPIRY_SUFFIX.length();
    // IAM tag keys allow Unicode letters, digits, spaces and _.:/=+-@ (IAM User Guide, "Tagging IAM resources",
    // rules for tagging). ASCII only here: the key stands in JSONata string literals and event patterns.
    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9 _.:/=+@-]+");

    private final String tagKey;
    private final String expiryTagKey;
    private final Duration validity;
    private final ITopic topic;
    private final Key key;
    private final Queue deadLetterQueue;
    private final StateMachine closeInvitation;
    private final StateMachine cleanUp;
    private final List<Rule> rules = new ArrayList<>();

    /**
     * Define the invitation automation with every option at its default.
     *
     * @param scope the parent construct
     * @param id the construct id
     */
    public MfaEnrolmentInvitations(@NotNull Construct scope, @NotNull String id) {
        this(scope, id, null);
    }

    /**
     * Define the invitation automation.
     *
     * @param scope the parent construct
     * @param id the construct id
     * @param props the properties, or {@code null} for the defaults
     * @throws IllegalArgumentException when a property is invalid; the message names it, the value given and what
     *     is allowed
     */
    public MfaEnrolmentInvitations(@NotNull Construct scope, @NotNull String id,
            @Nullable MfaEnrolmentInvitationsProps props) {
        super(Objects.requireNonNull(scope, "scope is required"), Objects.requireNonNull(id, "id is required"));
        MfaEnrolmentInvitationsProps given = props == null ? MfaEnrolmentInvitationsProps.builder().build() : props;
        tagKey = checkTagKey(given.getTagKey());
        expiryTagKey = tagKey + EXPIRY_SUFFIX;
        validity = checkValidity(given.getValidity());
        checkTopicRegion(given.getTopic());

        Stack stack = Stack.of(this);
        // The shared key carries the Deny of grants not for AWS resources that AWS Control Tower's CT.KMS.PR.3 checks.
        key = AlertTopic.key(this, "Encrypts the logs" + (given.getTopic() == null ? " and the alerts topic" : "")
                + " of the MFA enrolment invitations " + getNode().getPath());
        // CloudWatch Logs encrypts a log group with a customer managed key only when the key policy lets the
        // regional Logs service principal use it for that account's log groups (CloudWatch Logs User Guide,
        // "Encrypt log data in CloudWatch Logs using AWS Key Management Service").
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchLogsOfThisAccount")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("logs." + stack.getRegion() + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                        "kms:Describe*"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        stack.formatArn(ArnComponents.builder().service("logs").resource("log-group")
                                .resourceName("*").arnFormat(ArnFormat.COLON_RESOURCE_NAME).build()))))
                .build());
        topic = given.getTopic() != null ? given.getTopic()
                : AlertTopic.topic(this, key, "MFA enrolment invitations");
        AlertTopic.allowCloudWatchAlarms(this, topic);

        deadLetterQueue = DeliveryFailures.deadLetterQueue(this);
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .encryptionKey(key)
                .retention(RetentionDays.ONE_YEAR)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        InvitationStates definitions = new InvitationStates(tagKey, expiryTagKey, validity.toMilliseconds().longValue());
        closeInvitation = stateMachine("CloseInvitation", definitions.closeOnEnrolment(), StateMachineType.STANDARD,
                logs);
        cleanUp = stateMachine("CleanUp", definitions.cleanUp(), StateMachineType.EXPRESS, logs);
        grantIam();

        defineRules();
        defineAlarms();
        warnAboutRegion();
        acknowledgeNagFindings();
    }

    /**
     * Acknowledge, one resource at a time, the cdk-nag findings that follow from the design, through aws-cdk-lib's
     * own {@code Validations} (the library does not depend on cdk-nag).
     */
    private void acknowledgeNagFindings() {
        String inline = "The role exists for this one state machine or rule target and its policy is created and "
                + "deleted with it; a managed policy would outlive it and could be attached elsewhere.";
        String users = NagAcknowledgments.flatten(Stack.of(this).resolve(usersArn()));
        for (StateMachine machine : List.of(closeInvitation, cleanUp)) {
            IConstruct rolePolicy = machine.getRole().getNode().findChild("DefaultPolicy").getNode().getDefaultChild();
            Validations.of(rolePolicy).acknowledge(Acknowledgment.builder().id("AwsSolutions-IAM5[Resource::*]")
                    .reason("Only for actions that support no resource-level permissions: iam:ListUsers (the clean-up "
                            + "must see every user), and the log delivery and X-Ray actions aws-cdk-lib grants for the "
                            + "state machine's logging and tracing.").build());
            Validations.of(rolePolicy).acknowledge(Acknowledgment.builder()
                    .id("AwsSolutions-IAM5[Resource::" + users + "]")
                    .reason("Any IAM user may carry an invitation. Reads are of devices and tags; tag changes are "
                            + "limited by aws:TagKeys to the invitation and expiry keys.").build());
            for (IConstruct policy : List.of(machine.getRole().getNode().findChild("DefaultPolicy"),
                    machine.getNode().findChild("EventsRole").getNode().findChild("DefaultPolicy"))) {
                for (String id : List.of("NIST.800.53.R5-IAMNoInlinePolicy", "HIPAA.Security-IAMNoInlinePolicy")) {
                    Validations.of(policy.getNode().getDefaultChild()).acknowledge(Acknowledgment.builder().id(id)
                            .reason(inline).build());
                }
            }
        }
    }

    private static String checkTagKey(@Nullable String given) {
        if (given == null) {
            return DEFAULT_TAG_KEY;
        }
        String allowed = " Allowed: 1 to " + MAX_TAG_KEY_LENGTH + " characters (the expiry tag adds '" + EXPIRY_SUFFIX
                + "' within IAM's 128), ASCII letters, digits, spaces and _.:/=+-@, not starting with 'aws:'; the "
                + "same key as the policy's enrolment invitation option.";
        if (Token.isUnresolved(given)) {
            throw new IllegalArgumentException("tagKey: '" + given + "' is a token, known only at deployment; the key "
                    + "is written into the event patterns and state machine definitions at synthesis." + allowed);
        }
        if (given.isEmpty() || given.length() > MAX_TAG_KEY_LENGTH || !TAG_KEY.matcher(given).matches()
                || given.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
            throw new IllegalArgumentException("tagKey: '" + given + "' is not a key this automation can use." + allowed);
        }
        return given;
    }

    private static Duration checkValidity(@Nullable Duration given) {
        if (given == null) {
            return DEFAULT_VALIDITY;
        }
        if (Token.isUnresolved(given.toString())) {
            throw new IllegalArgumentException("validity: " + given + " is a token. Allowed: a literal duration of "
                    + "whole minutes from 1 hour to 30 days.");
        }
        double minutes = given.toMinutes(software.amazon.awscdk.TimeConversionOptions.builder().integral(false)
                .build()).doubleValue();
        if (minutes != Math.floor(minutes) || minutes < MIN_VALIDITY_MINUTES || minutes > MAX_VALIDITY_MINUTES) {
            throw new IllegalArgumentException("validity: " + given.toHumanString() + " is out of range. Allowed: "
                    + "whole minutes from 1 hour to 30 days; an invitation is the window in which whoever holds the "
                    + "user's password may enrol a device, so keep it short.");
        }
        return given;
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

    private StateMachine stateMachine(String id, Map<String, Object> definition, StateMachineType type,
            LogGroup logs) {
        return StateMachine.Builder.create(this, id)
                .definitionBody(DefinitionBody.fromString(Stack.of(this).toJsonString(definition)))
                .stateMachineType(type)
                .tracingEnabled(true)
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(true).build())
                .build();
    }

    /** Least privilege: the four IAM reads and tag changes each state machine calls, on users only. */
    private String usersArn() {
        return Stack.of(this).formatArn(ArnComponents.builder().service("iam").region("").resource("user")
                .resourceName("*").arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
    }

    private void grantIam() {
        String users = usersArn();
        for (StateMachine machine : List.of(closeInvitation, cleanUp)) {
            machine.addToRolePolicy(PolicyStatement.Builder.create()
                    .sid("ReadUsersDevicesAndTags")
                    .actions(List.of("iam:ListMFADevices", "iam:ListUserTags"))
                    .resources(List.of(users))
                    .build());
            // Only the invitation and expiry tags: aws:TagKeys lists the keys in the request (IAM User Guide,
            // "Controlling access to and for IAM users and roles using tags"); IAM compares keys on users without
            // regard to case, so the condition does too.
            machine.addToRolePolicy(PolicyStatement.Builder.create()
                    .sid("RemoveOnlyInvitationTags")
                    .actions(List.of("iam:UntagUser"))
                    .resources(List.of(users))
                    .conditions(Map.of("ForAllValues:StringEqualsIgnoreCase",
                            Map.of("aws:TagKeys", List.of(tagKey, expiryTagKey))))
                    .build());
        }
        // ListUsers has no resource type in the IAM service reference: its only resource is "*".
        cleanUp.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("ListUsers")
                .actions(List.of("iam:ListUsers"))
                .resources(List.of("*"))
                .build());
        // The clean-up writes the expiry tag, never the invitation: an invitation is an administrator's decision.
        cleanUp.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("WriteOnlyTheExpiryTag")
                .actions(List.of("iam:TagUser"))
                .resources(List.of(users))
                .conditions(Map.of(
                        "ForAllValues:StringEqualsIgnoreCase", Map.of("aws:TagKeys", List.of(expiryTagKey)),
                        "Null", Map.of("aws:TagKeys", "false")))
                .build());
    }

    private void defineRules() {
        SfnStateMachineProps delivery = SfnStateMachineProps.builder()
                .deadLetterQueue(deadLetterQueue)
                .retryAttempts(DeliveryFailures.RETRY_ATTEMPTS)
                .maxEventAge(DeliveryFailures.MAX_EVENT_AGE)
                .build();
        // CloudTrail records refused and failed calls too, with an errorCode: only a call that succeeded may close
        // an invitation (CloudTrail User Guide, "CloudTrail record contents for management, data, and network
        // activity events": errorCode is present only when the request returned an error).
        Rule enrolled = Rule.Builder.create(this, "Enrolled")
                .description("A successful EnableMFADevice by an IAM user: close its enrolment invitation")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.iam"))
                        .detailType(List.of("AWS API Call via CloudTrail"))
                        .detail(Map.of(
                                "eventSource", List.of("iam.amazonaws.com"),
                                "eventName", List.of("EnableMFADevice"),
                                "errorCode", Match.doesNotExist(),
                                "userIdentity", Map.of("type", List.of("IAMUser"))))
                        .build())
                .build();
        enrolled.addTarget(new SfnStateMachine(closeInvitation, delivery));
        rules.add(enrolled);

        Rule schedule = Rule.Builder.create(this, "CleanUpSchedule")
                .description("Expire MFA enrolment invitations")
                .schedule(Schedule.rate(CLEAN_UP_INTERVAL))
                .build();
        schedule.addTarget(new SfnStateMachine(cleanUp, delivery));
        rules.add(schedule);
    }

    private void defineAlarms() {
        DeliveryFailures.alarm(this, "DeliveryFailedAlarm", deadLetterQueue, topic,
                "the enrolment rule or the clean-up schedule");
        alarm("CloseInvitationFailedAlarm", "Closing an MFA enrolment invitation failed: the invitation stays until it "
                + "expires", closeInvitation.metricFailed(MetricOptions.builder().statistic("Sum")
                        .period(Duration.minutes(5)).build()));
        alarm("CleanUpFailedAlarm", "The MFA enrolment invitation clean-up failed: expired invitations may stay open",
                cleanUp.metricFailed(MetricOptions.builder().statistic("Sum").period(Duration.minutes(5)).build()));
    }

    private void alarm(String id, String description, IMetric metric) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
    }

    private void warnAboutRegion() {
        String region = Stack.of(this).getRegion();
        if (Token.isUnresolved(region)) {
            return;
        }
        if (region.startsWith("cn-") || region.startsWith("us-gov-") || region.startsWith("us-iso")
                || region.startsWith("eu-isoe-")) {
            Annotations.of(this).addWarningV2(PARTITION_WARNING, "MFA enrolment invitations in " + region + ": no AWS "
                    + "page says in which region of this partition IAM's events reach EventBridge, so the Enrolled "
                    + "rule may never fire; the hourly clean-up still closes every invitation (used "
                    + "ones within the hour, unused ones at their expiry). Check that the rules fire, or close "
                    + "invitations by hand (docs/enrolment-invitations.md).");
        } else if (!MfaAlerts.IAM_EVENTS_REGION.equals(region)) {
            Annotations.of(this).addWarningV2(IAM_EVENTS_REGION_WARNING, "MFA enrolment invitations in " + region
                    + " are closed only by the hourly clean-up: IAM delivers its events to EventBridge in "
                    + MfaAlerts.IAM_EVENTS_REGION + " only, so the Enrolled rule never fires here. "
                    + "Define this construct in a stack in " + MfaAlerts.IAM_EVENTS_REGION + ".");
        }
    }

    /**
     * Invite an IAM user this app defines to enrol its first MFA device: adds the invitation tag with the user's
     * name as its value.
     *
     * <p>Remove the call once the member has enrolled: the automation removes the tag from the user, but
     * CloudFormation puts it back whenever it updates the user, and the clean-up then removes it again within the
     * hour (the user has a device).
     *
     * @param user a user defined in this app with a literal {@code userName}
     * @throws IllegalArgumentException when the user is imported or its name is not known at synthesis
     */
    public void invite(@NotNull IUser user) {
        Objects.requireNonNull(user, "user is required");
        String path = user.getNode().getPath();
        if (!(user.getNode().getDefaultChild() instanceof CfnUser cfn)) {
            throw new IllegalArgumentException("user: " + path + " is not defined by this app (an imported user), so "
                    + "the app cannot tag it. Allowed: a User this app defines with a literal userName; invite an "
                    + "existing user with: aws iam tag-user --user-name NAME --tags Key=" + tagKey + ",Value=NAME");
        }
        String name = cfn.getUserName();
        if (name == null || Token.isUnresolved(name)) {
            throw new IllegalArgumentException("user: " + path + " has no literal userName (" + (name == null
                    ? "none given" : "'" + name + "' is a token") + ": CloudFormation decides it at deployment), and "
                    + "the invitation's value must be the user's name, which the policy compares with ${aws:username}. "
                    + "Allowed: a User defined with a literal userName, such as userName(\"alice\").");
        }
        Tags.of(user).add(tagKey, name);
    }

    /**
     * The key of the invitation tag.
     *
     * @return the key
     */
    public @NotNull String getTagKey() {
        return tagKey;
    }

    /**
     * The key of the expiry tag the clean-up writes and reads: the invitation key followed by
     * {@link #EXPIRY_SUFFIX}.
     *
     * @return the key
     */
    public @NotNull String getExpiryTagKey() {
        return expiryTagKey;
    }

    /**
     * How long an invitation stays open.
     *
     * @return the validity
     */
    public @NotNull Duration getValidity() {
        return validity;
    }

    /**
     * The topic the automation's failure alarms publish to.
     *
     * @return the topic given, or the one the construct defined
     */
    public @NotNull ITopic getTopic() {
        return topic;
    }

    /**
     * The KMS key that encrypts the logs, and the topic when the construct defined it.
     *
     * @return the key
     */
    public @NotNull IKey getKey() {
        return key;
    }

    /**
     * The dead-letter queue of the rules' targets.
     *
     * @return the queue
     */
    public @NotNull Queue getDeadLetterQueue() {
        return deadLetterQueue;
    }

    /**
     * The state machine that closes an invitation after a successful enrolment.
     *
     * @return the state machine
     */
    public @NotNull StateMachine getCloseInvitation() {
        return closeInvitation;
    }

    /**
     * The state machine that expires invitations.
     *
     * @return the state machine
     */
    public @NotNull StateMachine getCleanUp() {
        return cleanUp;
    }

    /**
     * The EventBridge rules, in the order {@code Enrolled}, {@code CleanUpSchedule}. New invitations alert through
     * {@link MfaAlerts}, not through a rule of this construct.
     *
     * @return the rules
     */
    public @NotNull List<Rule> getRules() {
        return List.copyOf(rules);
    }

    /** A fluent builder for {@link MfaEnrolmentInvitations}. */
    public static final class Builder extends MfaEnrolmentInvitationsProps.BuilderBase<Builder> {
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
        Builder self() {
            return this;
        }

        /**
         * Define the invitation automation.
         *
         * @return the new construct
         */
        public @NotNull MfaEnrolmentInvitations build() {
            return new MfaEnrolmentInvitations(scope, id, props());
        }
    }
}
