package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jetbrains.annotations.NotNull;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.EventBusProps;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * Defines, in one Region of one account, the rules that forward the events MfaAlerts alerts on to the event bus
 * where the alert rules are: console sign-ins ({@code aws.signin}) and the IAM and Account Management calls the
 * alerts look at.
 *
 * <pre>{@code
 * MfaAlertsForwarding.Builder.create(this, "MfaAlertsForwarding")
 *     .targetEventBusArn("arn:aws:events:us-east-1:111122223333:event-bus/mfa-alerts")
 *     .emailAddresses(List.of("security@example.com"))
 *     .build();
 * }</pre>
 *
 * <p>Each rule's target is the bus, through a role that may only put events on it, with a dead-letter queue in this
 * Region and EventBridge's maximum retry policy; an alarm notifies when an event lands in the queue. The template
 * needs no CDK bootstrap resources and no assets, so it can be a StackSet's template.
 *
 * <p>A bus never passes on events that came from another bus: in an organization every forwarder (us-east-1
 * included) targets the central bus directly.
 *
 * <p>Construct ids are part of the contract: {@code ForwardSignIns}, {@code ForwardIamAndAccountCalls},
 * {@code Role}, {@code DeadLetterQueue}, {@code DeliveryFailureAlarm}, {@code Key}, {@code Topic},
 * {@code Email-ADDRESS}.
 */
public class MfaAlertsForwarding extends Construct {
    private static final Pattern BUS_ARN = Pattern.compile(
            "arn:(aws[a-z-]*):events:([a-z0-9-]+):(\\d{12}):event-bus/([A-Za-z0-9._/-]{1,256})");

    private final List<Rule> rules = new ArrayList<>();
    private final Role role;
    private final Queue deadLetterQueue;
    private final Alarm alarm;
    private final ITopic failureTopic;

    /**
     * Define the forwarding rules.
     *
     * @param scope the parent construct
     * @param id the construct id
     * @param props the properties; {@code targetEventBusArn} is required
     * @throws IllegalArgumentException when a property is invalid; the message names it, the value given and what
     *     is allowed
     */
    public MfaAlertsForwarding(@NotNull Construct scope, @NotNull String id, @NotNull MfaAlertsForwardingProps props) {
        super(Objects.requireNonNull(scope, "scope is required"), Objects.requireNonNull(id, "id is required"));
        Objects.requireNonNull(props, "props is required");
        String target = props.getTargetEventBusArn();
        checkTarget(target);
        List<String> emails = AlertTopic.checkEmails("emailAddresses", props.getEmailAddresses());

        IEventBus bus = EventBus.fromEventBusArn(this, "TargetBus", target);
        // EventBridge uses a role to put events on a bus in another Region or account ("Permissions for event buses
        // in Amazon EventBridge", https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html).
        // No confused-deputy condition: no EventBridge page says that it sends aws:SourceArn or aws:SourceAccount
        // when it assumes a target's role, and a condition it does not send would stop every forward. The role can
        // do one thing: put events on the target bus (aws-cdk-lib's target adds that policy).
        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("events.amazonaws.com"))
                .description("Lets EventBridge forward MFA alert events to " + target)
                .build();
        deadLetterQueue = DeliveryFailures.deadLetterQueue(this);

        forward("ForwardSignIns", "Forward console sign-in events to the MFA alerts bus", EventPattern.builder()
                .source(List.of(AlertRules.SIGN_IN_SOURCE))
                .build(), bus);
        forward("ForwardIamAndAccountCalls", "Forward the IAM and Account Management calls MFA alerts look at",
                EventPattern.builder()
                        .source(List.of(AlertRules.IAM_SOURCE, AlertRules.ACCOUNT_SOURCE))
                        .detailType(List.of(AlertRules.API_CALL_DETAIL_TYPE))
                        .detail(Map.of("eventName", AlertRules.API_EVENT_NAMES))
                        .build(), bus);

        if (props.getFailureTopic() != null) {
            failureTopic = props.getFailureTopic();
        } else {
            failureTopic = AlertTopic.topic(this, AlertTopic.key(this, "Encrypts the topic of MFA alert forwarding "
                    + "failures " + getNode().getPath()), "MFA alert forwarding failures");
        }
        AlertTopic.subscribe(this, failureTopic, emails);
        AlertTopic.allowCloudWatchAlarms(this, failureTopic);
        alarm = DeliveryFailures.alarm(this, deadLetterQueue, failureTopic, "MFA alert forwarding to " + target);
    }

    private void forward(String id, String description, EventPattern pattern, IEventBus bus) {
        Rule rule = Rule.Builder.create(this, id).description(description).eventPattern(pattern).build();
        rule.addTarget(new software.amazon.awscdk.services.events.targets.EventBus(bus, EventBusProps.builder()
                .role(role)
                .deadLetterQueue(deadLetterQueue)
                .build()));
        DeliveryFailures.retry(rule);
        rules.add(rule);
    }

    private void checkTarget(String target) {
        if (target == null) {
            throw new IllegalArgumentException("targetEventBusArn: required. Allowed: the ARN of the event bus the "
                    + "alert rules are on, such as arn:aws:events:us-east-1:111122223333:event-bus/default.");
        }
        if (Token.isUnresolved(target)) {
            return;
        }
        Matcher arn = BUS_ARN.matcher(target);
        if (!arn.matches()) {
            throw new IllegalArgumentException("targetEventBusArn: '" + target + "' is not an event bus ARN. Allowed: "
                    + "arn:PARTITION:events:REGION:ACCOUNT:event-bus/NAME, such as "
                    + "arn:aws:events:us-east-1:111122223333:event-bus/default.");
        }
        String partition = arn.group(1);
        String targetRegion = arn.group(2);
        Stack stack = Stack.of(this);
        String stackPartition = AlertRegions.partitionOf(stack.getRegion());
        if (stackPartition != null && !stackPartition.equals(partition)) {
            throw new IllegalArgumentException("targetEventBusArn: '" + target + "' is in the " + partition
                    + " partition, the stack in " + stack.getRegion() + " (" + stackPartition + "). Allowed: a bus in "
                    + "the stack's partition; EventBridge does not send events across partitions.");
        }
        if (!Token.isUnresolved(stack.getRegion()) && !targetRegion.equals(stack.getRegion())
                && !AlertRegions.routesAcrossRegions(stack.getRegion())) {
            throw new IllegalArgumentException("targetEventBusArn: '" + target + "' is in " + targetRegion
                    + ", the stack in " + stack.getRegion() + ", where EventBridge does not route events across "
                    + "Regions (not in AWS GovCloud (US) and China). Allowed: a bus in " + stack.getRegion() + ".");
        }
        if (targetRegion.equals(stack.getRegion()) && arn.group(3).equals(stack.getAccount())
                && "default".equals(arn.group(4))) {
            throw new IllegalArgumentException("targetEventBusArn: '" + target + "' is this stack's own default bus, "
                    + "where the events already are. Allowed: a bus in another Region or account; in the home "
                    + "Region, the alert rules see the events without forwarding.");
        }
    }

    /**
     * The forwarding rules, {@code ForwardSignIns} then {@code ForwardIamAndAccountCalls}.
     *
     * @return the rules
     */
    public @NotNull List<Rule> getRules() {
        return List.copyOf(rules);
    }

    /**
     * The role EventBridge uses to put events on the target bus.
     *
     * @return the role
     */
    public @NotNull Role getRole() {
        return role;
    }

    /**
     * The dead-letter queue of both rules' targets.
     *
     * @return the queue
     */
    public @NotNull Queue getDeadLetterQueue() {
        return deadLetterQueue;
    }

    /**
     * The alarm that goes off when an event is in the dead-letter queue.
     *
     * @return the alarm
     */
    public @NotNull Alarm getAlarm() {
        return alarm;
    }

    /**
     * The topic the failure alarm notifies.
     *
     * @return the topic
     */
    public @NotNull ITopic getFailureTopic() {
        return failureTopic;
    }

    /** A fluent builder for {@link MfaAlertsForwarding}. */
    public static final class Builder extends MfaAlertsForwardingProps.BuilderBase<Builder> {
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
         * Define the forwarding rules.
         *
         * @return the new construct
         */
        public @NotNull MfaAlertsForwarding build() {
            return new MfaAlertsForwarding(scope, id, props());
        }
    }
}
