package io.github.cdkmfa;

import java.util.List;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * Properties for defining {@link MfaAlerts}.
 *
 * <p>Every property is optional: by default the construct defines the EventBridge rules for console sign-ins
 * without MFA and for MFA device changes, and a KMS-encrypted SNS topic they publish to.
 */
public interface MfaAlertsProps {

    /**
     * The SNS topic the alerts are published to.
     *
     * <p>It must be in the stack's region (EventBridge and CloudWatch publish only to topics in their own region).
     * Its access policy must let EventBridge ({@code events.amazonaws.com}) and, with a
     * {@link #getCloudTrailLogGroup() log group}, CloudWatch ({@code cloudwatch.amazonaws.com}) publish, and its KMS
     * key, if any, must let them use it: for a topic defined in the same app CDK adds the topic policy; for an
     * imported topic both are yours to set.
     *
     * <p>Default: - a new topic, encrypted with a new customer managed KMS key with rotation, that accepts only TLS
     *
     * @return the topic, or {@code null} for a new one
     */
    default @Nullable ITopic getTopic() {
        return null;
    }

    /**
     * E-mail addresses to subscribe to the topic.
     *
     * <p>Each receives a confirmation message from SNS and gets alerts once it confirms. Addresses are checked at
     * synthesis: {@code local-part@domain}, at most 254 characters, no spaces, a domain with a dot.
     *
     * <p>Default: - none; subscribe to the topic otherwise
     *
     * @return the addresses, or {@code null} for none
     */
    default @Nullable List<String> getEmailAddresses() {
        return null;
    }

    /**
     * Whether to alert on a successful console sign-in of an IAM user without MFA.
     *
     * <p>IAM users only: root, IAM Identity Center and federated sign-ins (identity type {@code Root} or
     * {@code AssumedRole}) and failed sign-ins do not alert.
     *
     * <p>Default: true
     *
     * @return whether to define the sign-in rule, or {@code null} for the default
     */
    default @Nullable Boolean getSignInWithoutMfaAlerts() {
        return null;
    }

    /**
     * Whether to alert on MFA device changes.
     *
     * <p>{@code EnableMFADevice}, {@code DeactivateMFADevice} and {@code ResyncMFADevice} (with the user and the
     * device), {@code CreateVirtualMFADevice} and {@code DeleteVirtualMFADevice}. IAM delivers these events to
     * EventBridge in us-east-1 only.
     *
     * <p>Default: true
     *
     * @return whether to define the device rules, or {@code null} for the default
     */
    default @Nullable Boolean getMfaDeviceChangeAlerts() {
        return null;
    }

    /**
     * Whether to define the AWS Config managed rules {@code IAM_USER_MFA_ENABLED} and
     * {@code MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS} (Security Hub IAM.19 and IAM.5).
     *
     * <p>They need an AWS Config configuration recorder in the account and region; without one, deployment fails.
     *
     * <p>Default: false
     *
     * @return whether to define the Config rules, or {@code null} for the default
     */
    default @Nullable Boolean getConfigRules() {
        return null;
    }

    /**
     * The CloudWatch Logs log group a CloudTrail trail delivers to.
     *
     * <p>When given, the construct defines the metric filter and the alarm that Security Hub control CloudWatch.3
     * checks for (console sign-in without MFA), and the alarm publishes to the {@link #getTopic() topic}.
     *
     * <p>Default: - no metric filter and no alarm
     *
     * @return the log group, or {@code null} for none
     */
    default @Nullable ILogGroup getCloudTrailLogGroup() {
        return null;
    }

    /**
     * Create a builder for {@link MfaAlertsProps}.
     *
     * @return a new builder
     */
    static @NotNull Builder builder() {
        return new Builder();
    }

    /** A builder for {@link MfaAlertsProps}. */
    final class Builder extends BuilderBase<Builder> {
        Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Build the properties.
         *
         * @return a new instance of {@link MfaAlertsProps}
         */
        public @NotNull MfaAlertsProps build() {
            return props();
        }
    }

    /**
     * The setters every builder of {@link MfaAlertsProps} shares.
     *
     * <p>Sealed: only this library's builders extend it.
     *
     * @param <B> the concrete builder, returned by each setter
     */
    abstract sealed class BuilderBase<B extends BuilderBase<B>> extends PropsBuilder<B> permits Builder, MfaAlerts.Builder {

        BuilderBase() {
            super(MfaAlertsProps.class);
        }

        /**
         * Set {@link MfaAlertsProps#getTopic()}.
         *
         * @param topic the SNS topic the alerts are published to
         * @return this builder
         */
        public @NotNull B topic(@Nullable ITopic topic) {
            return set(MfaAlertsProps::getTopic, topic);
        }

        /**
         * Set {@link MfaAlertsProps#getEmailAddresses()}.
         *
         * @param emailAddresses e-mail addresses to subscribe to the topic
         * @return this builder
         */
        public @NotNull B emailAddresses(@Nullable List<String> emailAddresses) {
            return set(MfaAlertsProps::getEmailAddresses, PropsValues.copyOf(emailAddresses));
        }

        /**
         * Set {@link MfaAlertsProps#getSignInWithoutMfaAlerts()}.
         *
         * @param signInWithoutMfaAlerts whether to alert on console sign-ins of IAM users without MFA
         * @return this builder
         */
        public @NotNull B signInWithoutMfaAlerts(@Nullable Boolean signInWithoutMfaAlerts) {
            return set(MfaAlertsProps::getSignInWithoutMfaAlerts, signInWithoutMfaAlerts);
        }

        /**
         * Set {@link MfaAlertsProps#getMfaDeviceChangeAlerts()}.
         *
         * @param mfaDeviceChangeAlerts whether to alert on MFA device changes
         * @return this builder
         */
        public @NotNull B mfaDeviceChangeAlerts(@Nullable Boolean mfaDeviceChangeAlerts) {
            return set(MfaAlertsProps::getMfaDeviceChangeAlerts, mfaDeviceChangeAlerts);
        }

        /**
         * Set {@link MfaAlertsProps#getConfigRules()}.
         *
         * @param configRules whether to define the AWS Config managed rules for IAM user MFA
         * @return this builder
         */
        public @NotNull B configRules(@Nullable Boolean configRules) {
            return set(MfaAlertsProps::getConfigRules, configRules);
        }

        /**
         * Set {@link MfaAlertsProps#getCloudTrailLogGroup()}.
         *
         * @param cloudTrailLogGroup the log group a CloudTrail trail delivers to
         * @return this builder
         */
        public @NotNull B cloudTrailLogGroup(@Nullable ILogGroup cloudTrailLogGroup) {
            return set(MfaAlertsProps::getCloudTrailLogGroup, cloudTrailLogGroup);
        }

        /** The properties set so far. */
        @NotNull MfaAlertsProps props() {
            return values(MfaAlertsProps.class);
        }
    }
}
