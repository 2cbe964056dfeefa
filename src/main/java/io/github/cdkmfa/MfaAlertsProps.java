package io.github.cdkmfa;

import java.util.List;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * Properties for defining {@link MfaAlerts}.
 *
 * <p>Every property is optional: by default the construct defines the EventBridge rules for console sign-ins
 * without MFA and for MFA device, password, access key and invitation changes, a KMS-encrypted SNS topic they
 * publish to, and, in a stack with an explicit commercial Region, a forwarding stack for every other Region that
 * every account has enabled.
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
     * Whether to alert on console sign-ins.
     *
     * <p>A successful sign-in of an IAM user without MFA (also when the event has no {@code MFAUsed} field), a
     * successful sign-in of a federated user ({@code GetFederationToken}) without MFA, a sign-in of an IAM user that
     * failed at the MFA code (the password was right), and an opt-in Region being enabled ({@code EnableRegion}), which
     * no forwarder covers until one is deployed there. Root, IAM Identity Center and role sign-ins (identity type
     * {@code Root} or {@code AssumedRole}) do not alert.
     *
     * <p>Default: true
     *
     * @return whether to define the sign-in rule, or {@code null} for the default
     */
    default @Nullable Boolean getSignInWithoutMfaAlerts() {
        return null;
    }

    /**
     * Whether to alert on MFA device and credential changes.
     *
     * <p>{@code EnableMFADevice}, {@code DeactivateMFADevice} and {@code ResyncMFADevice} (with the user and the
     * device, or on the caller when the request names no user), {@code CreateVirtualMFADevice} and
     * {@code DeleteVirtualMFADevice}, {@code CreateLoginProfile} and {@code UpdateLoginProfile}, every
     * {@code CreateAccessKey} (a pattern cannot tell a member's own key from one made for someone else), and an
     * enrolment invitation ({@code TagUser} or {@code CreateUser} with the
     * {@link #getEnrolmentInvitationTagKey() invitation tag}). IAM delivers these events to EventBridge in us-east-1
     * only, so with the default event bus the stack must be in us-east-1.
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
     * The key of the tag that invites an IAM user to enrol a first MFA device; tagging a user with it alerts.
     *
     * <p>Compared ignoring case, as IAM compares tag keys.
     *
     * <p>Default: "mfa-enrolment-invitation"
     *
     * @return the tag key, or {@code null} for the default
     */
    default @Nullable String getEnrolmentInvitationTagKey() {
        return null;
    }

    /**
     * The Regions, besides the stack's own, whose events are forwarded to the stack's default event bus, each by a
     * stack of its own in the same app.
     *
     * <p>Whoever signs in chooses the Region the sign-in is recorded in (through a regional sign-in endpoint), so
     * list every Region the account has enabled: the default covers the Regions every account has enabled; add the
     * opt-in Regions the account has enabled. Each forwarding stack's Region needs {@code cdk bootstrap}. An empty
     * list turns forwarding off. Not available in AWS GovCloud (US) and China, where EventBridge does not route
     * events across Regions.
     *
     * <p>Default: - every commercial Region enabled in every account, when the stack has an explicit commercial
     * Region and the default event bus; otherwise none
     *
     * @return the Region names, or {@code null} for the default
     */
    default @Nullable List<String> getSignInRegions() {
        return null;
    }

    /**
     * The event bus the alert rules are defined on.
     *
     * <p>Give an organization's central bus ({@link MfaAlertsCentralBus}) to alert on the events every account
     * forwards to it.
     *
     * <p>Default: - the stack's default event bus
     *
     * @return the bus, or {@code null} for the default bus
     */
    default @Nullable IEventBus getEventBus() {
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
        protected Builder self() {
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
         * Set {@link MfaAlertsProps#getTopic()}.
         *
         * @param topic the SNS topic the alerts are published to
         * @return this builder
         */
        public @NotNull B topic(@Nullable ITopic topic) {
            return set("topic", topic);
        }

        /**
         * Set {@link MfaAlertsProps#getEmailAddresses()}.
         *
         * @param emailAddresses e-mail addresses to subscribe to the topic
         * @return this builder
         */
        public @NotNull B emailAddresses(@Nullable List<String> emailAddresses) {
            return set("emailAddresses", PropsValues.copyOf(emailAddresses));
        }

        /**
         * Set {@link MfaAlertsProps#getSignInWithoutMfaAlerts()}.
         *
         * @param signInWithoutMfaAlerts whether to alert on console sign-ins of IAM users without MFA
         * @return this builder
         */
        public @NotNull B signInWithoutMfaAlerts(@Nullable Boolean signInWithoutMfaAlerts) {
            return set("signInWithoutMfaAlerts", signInWithoutMfaAlerts);
        }

        /**
         * Set {@link MfaAlertsProps#getMfaDeviceChangeAlerts()}.
         *
         * @param mfaDeviceChangeAlerts whether to alert on MFA device changes
         * @return this builder
         */
        public @NotNull B mfaDeviceChangeAlerts(@Nullable Boolean mfaDeviceChangeAlerts) {
            return set("mfaDeviceChangeAlerts", mfaDeviceChangeAlerts);
        }

        /**
         * Set {@link MfaAlertsProps#getConfigRules()}.
         *
         * @param configRules whether to define the AWS Config managed rules for IAM user MFA
         * @return this builder
         */
        public @NotNull B configRules(@Nullable Boolean configRules) {
            return set("configRules", configRules);
        }

        /**
         * Set {@link MfaAlertsProps#getCloudTrailLogGroup()}.
         *
         * @param cloudTrailLogGroup the log group a CloudTrail trail delivers to
         * @return this builder
         */
        public @NotNull B cloudTrailLogGroup(@Nullable ILogGroup cloudTrailLogGroup) {
            return set("cloudTrailLogGroup", cloudTrailLogGroup);
        }

        /**
         * Set {@link MfaAlertsProps#getEnrolmentInvitationTagKey()}.
         *
         * @param enrolmentInvitationTagKey the key of the tag that invites a user to enrol a first MFA device
         * @return this builder
         */
        public @NotNull B enrolmentInvitationTagKey(@Nullable String enrolmentInvitationTagKey) {
            return set("enrolmentInvitationTagKey", enrolmentInvitationTagKey);
        }

        /**
         * Set {@link MfaAlertsProps#getSignInRegions()}.
         *
         * @param signInRegions the Regions whose events are forwarded to this stack's default bus
         * @return this builder
         */
        public @NotNull B signInRegions(@Nullable List<String> signInRegions) {
            return set("signInRegions", PropsValues.copyOf(signInRegions));
        }

        /**
         * Set {@link MfaAlertsProps#getEventBus()}.
         *
         * @param eventBus the event bus the alert rules are defined on
         * @return this builder
         */
        public @NotNull B eventBus(@Nullable IEventBus eventBus) {
            return set("eventBus", eventBus);
        }

        /**
         * The properties set so far.
         *
         * @return the properties as a value
         */
        protected @NotNull MfaAlertsProps props() {
            return values(MfaAlertsProps.class);
        }
    }
}
