package io.github.cdkmfa;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * Properties for defining {@link MfaEnrolmentInvitations}.
 *
 * <pre>{@code
 * MfaEnrolmentInvitationsProps props = MfaEnrolmentInvitationsProps.builder()
 *     .validity(Duration.days(1))
 *     .topic(alerts.getTopic())   // an MfaAlerts in the same stack
 *     .build();
 * new MfaEnrolmentInvitations(this, "Invitations", props);
 * }</pre>
 *
 * <p>Every property is optional: by default invitations use the tag key
 * {@link MfaEnrolmentInvitations#DEFAULT_TAG_KEY}, stay open for at most three days, and failures of the automation
 * are published to a new KMS-encrypted SNS topic. New invitations alert through {@link MfaAlerts}, not through this
 * construct.
 */
public interface MfaEnrolmentInvitationsProps {

    /**
     * The key of the invitation tag: an IAM user may enrol its first MFA device without MFA while it carries this
     * tag with its own user name as the value.
     *
     * <p>It must be the key the MFA enforcement policy's enrolment invitation option checks, and the key
     * {@link MfaAlertsProps#getEnrolmentInvitationTagKey()} alerts on: the alert on a new invitation comes from
     * {@link MfaAlerts}' {@code EnrolmentInvitation} rule, and with another key there it never fires. Letters, digits,
     * spaces and {@code _.:/=+-@}, at most 120 characters (the expiry tag's key adds {@code -expires}), not starting
     * with {@code aws:}. IAM compares tag keys on users without regard to case; the automation does too.
     *
     * <p>Default: {@link MfaEnrolmentInvitations#DEFAULT_TAG_KEY}
     *
     * @return the tag key, or {@code null} for the default
     */
    default @Nullable String getTagKey() {
        return null;
    }

    /**
     * How long an invitation stays open.
     *
     * <p>The clean-up writes an expiry tag (the invitation key followed by {@code -expires}) with the time it first
     * sees an invitation plus this duration, and removes the invitation once that time has passed. An expiry an
     * administrator writes further into the future than this duration is treated as invalid and the invitation is
     * removed. Whole minutes from 1 hour to 30 days.
     *
     * <p>Default: Duration.days(3)
     *
     * @return the validity, or {@code null} for the default
     */
    default @Nullable Duration getValidity() {
        return null;
    }

    /**
     * The SNS topic that the automation's failure alarms publish to (for example {@link MfaAlerts#getTopic()}).
     *
     * <p>It must be in the stack's region. CloudWatch must be able to publish to it, and use its KMS key if it has
     * one: for a topic the same app defines, the construct adds the topic permission, and the key permission when
     * the app defines the key too; otherwise they are yours to add, and the construct warns
     * ({@code @cdkmfa/mfa-alerts:cloudWatchCannotPublish}).
     *
     * <p>Default: - a new topic, encrypted with a new customer managed KMS key with rotation, that accepts only TLS
     *
     * @return the topic, or {@code null} for a new one
     */
    default @Nullable ITopic getTopic() {
        return null;
    }

    /**
     * Create a builder for {@link MfaEnrolmentInvitationsProps}.
     *
     * @return a new builder
     */
    static @NotNull Builder builder() {
        return new Builder();
    }

    /** A builder for {@link MfaEnrolmentInvitationsProps}. */
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
         * @return a new instance of {@link MfaEnrolmentInvitationsProps}
         */
        public @NotNull MfaEnrolmentInvitationsProps build() {
            return props();
        }
    }

    /**
     * The setters every builder of {@link MfaEnrolmentInvitationsProps} shares.
     *
     * <p>Sealed: only this library's builders extend it.
     *
     * @param <B> the concrete builder, returned by each setter
     */
    abstract sealed class BuilderBase<B extends BuilderBase<B>> extends PropsBuilder<B>
            permits Builder, MfaEnrolmentInvitations.Builder {

        BuilderBase() {
            super(MfaEnrolmentInvitationsProps.class);
        }

        /**
         * Set {@link MfaEnrolmentInvitationsProps#getTagKey()}.
         *
         * @param tagKey the key of the invitation tag
         * @return this builder
         */
        public @NotNull B tagKey(@Nullable String tagKey) {
            return set(MfaEnrolmentInvitationsProps::getTagKey, tagKey);
        }

        /**
         * Set {@link MfaEnrolmentInvitationsProps#getValidity()}.
         *
         * @param validity how long an invitation stays open
         * @return this builder
         */
        public @NotNull B validity(@Nullable Duration validity) {
            return set(MfaEnrolmentInvitationsProps::getValidity, validity);
        }

        /**
         * Set {@link MfaEnrolmentInvitationsProps#getTopic()}.
         *
         * @param topic the SNS topic the automation's failure alarms publish to
         * @return this builder
         */
        public @NotNull B topic(@Nullable ITopic topic) {
            return set(MfaEnrolmentInvitationsProps::getTopic, topic);
        }

        /**
         * The properties set so far.
         *
         * @return the properties as a value
         */
        @NotNull MfaEnrolmentInvitationsProps props() {
            return values(MfaEnrolmentInvitationsProps.class);
        }
    }
}
