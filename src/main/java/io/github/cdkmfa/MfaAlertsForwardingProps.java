package io.github.cdkmfa;

import java.util.List;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import software.amazon.awscdk.services.sns.ITopic;

/**
 * Properties for defining {@link MfaAlertsForwarding}.
 *
 * <p>Only {@link #getTargetEventBusArn() the target bus} is required.
 */
public interface MfaAlertsForwardingProps {

    /**
     * The ARN of the event bus the events are forwarded to: the default bus of the home Region of the account
     * ({@code arn:aws:events:us-east-1:ACCOUNT:event-bus/default}), or an organization's central bus in a security
     * account.
     *
     * <p>It must be in the stack's partition. A bus never passes on events that came from another bus, so give the
     * bus where the alert rules are, never a bus that forwards again ("Sending and receiving events between AWS
     * accounts in Amazon EventBridge", Amazon EventBridge User Guide,
     * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html).
     *
     * @return the ARN of the target bus
     */
    @NotNull String getTargetEventBusArn();

    /**
     * E-mail addresses to notify when a forward fails (an event lands in the dead-letter queue).
     *
     * <p>They are subscribed to a topic in this stack's Region (CloudWatch alarms notify topics in their own Region
     * only); each address confirms one subscription per Region. Ignored when a {@link #getFailureTopic() failure
     * topic} is given.
     *
     * <p>Default: - none; subscribe to the failure topic otherwise
     *
     * @return the addresses, or {@code null} for none
     */
    default @Nullable List<String> getEmailAddresses() {
        return null;
    }

    /**
     * The SNS topic, in this stack's Region, that the failure alarm notifies.
     *
     * <p>The construct lets CloudWatch publish to it where it can (a topic and key defined in the same app) and warns
     * otherwise.
     *
     * <p>Default: - a new topic, encrypted with a new customer managed KMS key with rotation, that accepts only TLS
     *
     * @return the topic, or {@code null} for a new one
     */
    default @Nullable ITopic getFailureTopic() {
        return null;
    }

    /**
     * Create a builder for {@link MfaAlertsForwardingProps}.
     *
     * @return a new builder
     */
    static @NotNull Builder builder() {
        return new Builder();
    }

    /** A builder for {@link MfaAlertsForwardingProps}. */
    final class Builder extends BuilderBase<Builder> {
        Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Build the properties.
         *
         * @return a new instance of {@link MfaAlertsForwardingProps}
         */
        public @NotNull MfaAlertsForwardingProps build() {
            return props();
        }
    }

    /**
     * The setters every builder of {@link MfaAlertsForwardingProps} shares.
     *
     * @param <B> the concrete builder, returned by each setter
     */
    abstract class BuilderBase<B extends BuilderBase<B>> extends PropsBuilder<B> {

        /** Create the builder. */
        protected BuilderBase() {
        }

        /**
         * The concrete builder.
         *
         * @return this builder
         */
        @Override
        protected abstract B self();

        /**
         * Set {@link MfaAlertsForwardingProps#getTargetEventBusArn()}.
         *
         * @param targetEventBusArn the ARN of the bus the events are forwarded to
         * @return this builder
         */
        public @NotNull B targetEventBusArn(@NotNull String targetEventBusArn) {
            return set("targetEventBusArn", targetEventBusArn);
        }

        /**
         * Set {@link MfaAlertsForwardingProps#getEmailAddresses()}.
         *
         * @param emailAddresses e-mail addresses to notify when a forward fails
         * @return this builder
         */
        public @NotNull B emailAddresses(@Nullable List<String> emailAddresses) {
            return set("emailAddresses", PropsValues.copyOf(emailAddresses));
        }

        /**
         * Set {@link MfaAlertsForwardingProps#getFailureTopic()}.
         *
         * @param failureTopic the topic the failure alarm notifies
         * @return this builder
         */
        public @NotNull B failureTopic(@Nullable ITopic failureTopic) {
            return set("failureTopic", failureTopic);
        }

        /**
         * The properties set so far.
         *
         * @return the properties as a value
         */
        protected @NotNull MfaAlertsForwardingProps props() {
            return values(MfaAlertsForwardingProps.class);
        }
    }
}
