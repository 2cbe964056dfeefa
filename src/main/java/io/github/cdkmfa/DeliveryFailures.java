package io.github.cdkmfa;

import java.util.Map;

import org.jetbrains.annotations.Nullable;

import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.sqs.RedriveAllowPolicy;
import software.amazon.awscdk.services.sqs.RedrivePermission;
import software.constructs.Construct;

/**
 * What keeps an alert from being lost in silence: a dead-letter queue and a retry policy on every rule target, and an
 * alarm that notifies when an event lands in the dead-letter queue.
 *
 * <p>EventBridge retries a failed delivery up to the retry policy's limits, but does not retry a delivery that fails
 * on permissions (a topic or key policy, a missing role); without a dead-letter queue the event is dropped ("Using
 * dead-letter queues to process undelivered events", Amazon EventBridge User Guide,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html). The queue must be in the rule's
 * Region and account, so every Region with rules has its own.
 */
final class DeliveryFailures {
    /** The retry policy of every target: EventBridge's maximum, 185 attempts over 24 hours. */
    static final int RETRY_ATTEMPTS = 185;
    static final Duration MAX_EVENT_AGE = Duration.hours(24);

    static final String DEAD_LETTER_QUEUE_REASON = "This queue is the dead-letter queue of EventBridge rule targets; "
            + "cdk-nag recognises only queues named in another queue's RedrivePolicy or a Lambda function's "
            + "DeadLetterConfig as dead-letter queues. An event here already failed its delivery: the alarm on the "
            + "queue's depth reports it.";

    private DeliveryFailures() {
    }

    /**
     * Define the encrypted dead-letter queue (child {@code DeadLetterQueue}), which keeps failed events 14 days, the
     * most SQS allows.
     *
     * <p>Its redrive-allow policy marks it as a dead-letter queue, which is how AWS Control Tower's proactive control
     * CT.SQS.PR.1 ("Require any Amazon SQS queue to have a dead-letter queue configured") tells a dead-letter queue
     * from a queue that needs one. EventBridge does not use the policy; it lets SQS queues of the account name this
     * queue as their dead-letter queue, which could add messages (and so alarms), never read them.
     */
    static Queue deadLetterQueue(Construct scope) {
        Queue queue = Queue.Builder.create(scope, "DeadLetterQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .redriveAllowPolicy(RedriveAllowPolicy.builder()
                        .redrivePermission(RedrivePermission.ALLOW_ALL).build())
                .build();
        Validations.of(queue.getNode().getDefaultChild()).acknowledge(Acknowledgment.builder()
                .id("AwsSolutions-SQS3").reason(DEAD_LETTER_QUEUE_REASON).build());
        return queue;
    }

    /**
     * Give the rule's first target EventBridge's maximum retry policy. aws-cdk-lib's event bus target has no retry
     * setting (aws/aws-cdk issue 28735), so it is set on the L1 rule for every kind of target alike.
     */
    static void retry(Rule rule) {
        ((CfnRule) rule.getNode().getDefaultChild()).addPropertyOverride("Targets.0.RetryPolicy", Map.of(
                "MaximumRetryAttempts", RETRY_ATTEMPTS,
                "MaximumEventAgeInSeconds", MAX_EVENT_AGE.toSeconds()));
    }

    /**
     * Define the alarm (child {@code DeliveryFailureAlarm}) that goes off when an event is in the dead-letter queue,
     * notifying the topic if one is given.
     */
    static Alarm alarm(Construct scope, Queue deadLetterQueue, @Nullable ITopic topic, String what) {
        return alarm(scope, "DeliveryFailureAlarm", deadLetterQueue, topic, what);
    }

    /** The same alarm under another construct id, for a construct whose documented ids name it otherwise. */
    static Alarm alarm(Construct scope, String id, Queue deadLetterQueue, @Nullable ITopic topic, String what) {
        Alarm alarm = Alarm.Builder.create(scope, id)
                .alarmDescription("An event of " + what + " could not be delivered and is in the dead-letter queue "
                        + "(EventBridge retried it or could not retry it). Read the message in the queue, fix the "
                        + "target's permissions, and redrive or read the event by hand.")
                .metric(deadLetterQueue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .statistic("Maximum").period(Duration.minutes(5)).build()))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        if (topic != null) {
            alarm.addAlarmAction(new SnsAction(topic));
            alarm.addOkAction(new SnsAction(topic));
        }
        return alarm;
    }

}
