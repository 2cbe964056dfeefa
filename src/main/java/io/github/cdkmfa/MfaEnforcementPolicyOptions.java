package io.github.cdkmfa;

import java.util.Arrays;
import java.util.List;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import software.amazon.awscdk.Duration;

/**
 * Options that shape the MFA enforcement policy.
 *
 * <pre>{@code
 * MfaEnforcementPolicy.Builder.create(this, "ForceMfa")
 *     .maxMfaAge(Duration.hours(8))
 *     .selfService(List.of(SelfService.PASSWORD, SelfService.ACCESS_KEYS))
 *     .enrolmentInvitation(true)
 *     .build();
 * }</pre>
 *
 * <p>Shared by {@link MfaEnforcementPolicyProps} and {@link MfaEnforcedGroupProps}. Every option changes the
 * synthesized policy document; docs/group-and-policy.md shows how.
 */
public interface MfaEnforcementPolicyOptions {

    /**
     * The tag key that invites an IAM user to enrol a first MFA device when {@code enrolmentInvitation} is on:
     * {@value}. Its value must be the user's own name, exactly (tag values are case-sensitive).
     */
    String DEFAULT_ENROLMENT_INVITATION_TAG_KEY = "mfa-enrolment-invitation";

    /**
     * Which callers must have signed in with MFA.
     *
     * <p>Default: {@link MfaEnforcement#CONSOLE_AND_API}
     *
     * @return the enforcement mode, or {@code null} for the default
     */
    default @Nullable MfaEnforcement getEnforcement() {
        return null;
    }

    /**
     * The longest time since the MFA sign-in after which requests are denied again as if there had been none.
     *
     * <p>Must be a whole number of seconds from 15 minutes to 36 hours (the longest a session token can last).
     * Requests that carry no {@code aws:MultiFactorAuthAge} (long-term access keys) are left to the
     * enforcement mode: denied in {@link MfaEnforcement#CONSOLE_AND_API}, allowed in
     * {@link MfaEnforcement#CONSOLE_ONLY}.
     *
     * <p>Default: - no maximum; an MFA sign-in counts for as long as its session lasts
     *
     * @return the maximum age, or {@code null} for none
     */
    default @Nullable Duration getMaxMfaAge() {
        return null;
    }

    /**
     * The credential categories members may manage on their own user once signed in with MFA.
     *
     * <p>An empty list allows none. Enrolling one's own MFA device is always allowed.
     *
     * <p>Default: - every {@link SelfService} category
     *
     * @return the categories, or {@code null} for all
     */
    default @Nullable List<SelfService> getSelfService() {
        return null;
    }

    /**
     * Whether members may change their own password before they have signed in with MFA.
     *
     * <p>Needed when new users must change a first password at their first sign-in: the console asks for the
     * new password before the user can enrol an MFA device. When true, {@code iam:ChangePassword} and
     * {@code iam:GetAccountPasswordPolicy} are exempt from the Deny. AWS advises against it: whoever knows the
     * password can change it without MFA. Requires {@link SelfService#PASSWORD}.
     *
     * <p>Default: false
     *
     * @return whether the password may be changed without MFA, or {@code null} for the default
     */
    default @Nullable Boolean getAllowPasswordChangeWithoutMfa() {
        return null;
    }

    /**
     * Whether members may list the account's users ({@code iam:ListUsers}), with or without MFA.
     *
     * <p>The console's Users page needs it to lead a member to their own user page; it also shows every
     * user name in the account.
     *
     * <p>Default: false
     *
     * @return whether the user list is allowed, or {@code null} for the default
     */
    default @Nullable Boolean getAllowConsoleUserList() {
        return null;
    }

    /**
     * Whether members may create and enable an MFA device with long-term access keys.
     *
     * <p>By default, creating and enabling an MFA device is denied to requests that carry no
     * {@code aws:MultiFactorAuthPresent} key, which are the requests signed with long-term access keys: otherwise
     * whoever holds a member's leaked access key could enrol a device of their own on the member's user (a user
     * may have up to 8), get an MFA session with it, and act with MFA from then on. Console sessions always carry
     * the key, so members enrol from the console.
     *
     * <p>Set it to true only for accounts whose users have no console password and enrol through the API. The
     * trade-off: a leaked access key of a member is then enough to take over the member's user, in both
     * enforcement modes. Without it, such users are onboarded by an administrator who enrols a device for them,
     * or who gives them a temporary console password.
     *
     * <p>Default: false
     *
     * @return whether enrolment with long-term access keys is allowed, or {@code null} for the default
     */
    default @Nullable Boolean getAllowEnrolmentWithAccessKeys() {
        return null;
    }

    /**
     * Whether a member may enable a first MFA device only while an administrator has invited them.
     *
     * <p>Without it, whoever holds a member's console password and signs in before the member does can enrol a
     * device of their own and owns the user from then on. With it, before MFA, {@code iam:EnableMFADevice} is
     * denied unless the member's own user carries the tag {@link #getEnrolmentInvitationTagKey()} whose value is
     * the member's user name, exactly as IAM spells it (tag values are case-sensitive): the condition compares
     * {@code aws:ResourceTag/KEY} with {@code ${aws:username}}, so an invitation lets only the invited user enrol
     * on itself, and a caller without MFA who holds IAM rights from another policy cannot enrol on an invited
     * colleague. Members cannot set the tag: {@code iam:TagUser} is never exempt from the MFA Deny, and the policy
     * does not grant it. Sessions with MFA add further devices without the tag; long-term access keys stay denied
     * by the enrolment Deny (unless {@code allowEnrolmentWithAccessKeys}).
     *
     * <p>The tag should go after the first enrolment, and an unused invitation should expire: this option only
     * writes the policy condition. The IAM service reference lists {@code aws:ResourceTag/${TagKey}} for the
     * {@code user} resource that {@code iam:EnableMFADevice} acts on; this is documented, and checked in an IAM
     * policy simulator, not in a real account.
     *
     * <p>Default: false
     *
     * @return whether enrolment needs an invitation, or {@code null} for the default
     */
    default @Nullable Boolean getEnrolmentInvitation() {
        return null;
    }

    /**
     * The tag key whose value invites a user to enrol a first MFA device; only with {@code enrolmentInvitation}.
     *
     * <p>1 to 128 characters of letters, digits, white space and {@code _ . : / = + - @}, not starting with
     * {@code aws:} (IAM API reference, Tag). IAM compares tag keys on users without regard to case.
     *
     * <p>Default: {@link #DEFAULT_ENROLMENT_INVITATION_TAG_KEY}
     *
     * @return the tag key, or {@code null} for the default
     */
    default @Nullable String getEnrolmentInvitationTagKey() {
        return null;
    }

    /**
     * Further actions that are exempt from the MFA Deny: callers may use them without MFA.
     *
     * <p>The exemption only lifts the Deny: the permission itself must come from another policy. Each entry
     * names one action as {@code service:Action}. The rule: only an action the IAM service reference classes as
     * List, or one of a short reviewed list of Read actions that return only metadata
     * ({@code sts:GetCallerIdentity}, {@code s3:GetBucketLocation}, {@code cloudwatch:GetMetricData}...); never an
     * action of a service that manages identities or sign-in, a List action whose name speaks of credentials, keys,
     * secrets or tokens, or a List action known to return secrets ({@code appsync:ListApiKeys},
     * {@code lambda:ListFunctions}, {@code ec2:DescribeLaunchTemplateVersions}...). Everything else is refused
     * with an error that names the action and why: Write, Tagging and Permissions management actions
     * ({@code iam:TagUser} included), other Read actions (many return credentials or secrets:
     * {@code gamelift:GetComputeAccess}, {@code lambda:GetFunction}, {@code glue:GetConnection},
     * {@code s3:GetObject}), names the reference does not know, wildcards and tokens. The enrolment Denies cannot
     * be lifted this way.
     *
     * <p>Default: - no further exemptions
     *
     * @return the exempt actions, or {@code null} for none
     */
    default @Nullable List<String> getExemptActions() {
        return null;
    }

    /**
     * Create a builder for {@link MfaEnforcementPolicyOptions}.
     *
     * @return a new builder
     */
    static @NotNull Builder builder() {
        return new Builder();
    }

    /** A builder for {@link MfaEnforcementPolicyOptions}. */
    final class Builder extends BuilderBase<Builder> {
        Builder() {
            super(MfaEnforcementPolicyOptions.class);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Build the options.
         *
         * @return a new instance of {@link MfaEnforcementPolicyOptions}
         */
        public @NotNull MfaEnforcementPolicyOptions build() {
            return options();
        }
    }

    /**
     * The setters every builder of policy options shares.
     *
     * <p>Sealed: only this library's builders extend it.
     *
     * @param <B> the concrete builder, returned by each setter
     */
    abstract sealed class BuilderBase<B extends BuilderBase<B>> extends PropsBuilder<B>
            permits Builder, MfaEnforcementPolicyProps.BuilderBase, MfaEnforcedGroupProps.BuilderBase,
            MfaEnforcedOrganizationProps.BuilderBase {

        BuilderBase(Class<? extends MfaEnforcementPolicyOptions> type) {
            super(type);
        }

        /**
         * Which callers must have signed in with MFA.
         *
         * @param enforcement the mode; default {@link MfaEnforcement#CONSOLE_AND_API}
         * @return this builder
         */
        public B enforcement(@Nullable MfaEnforcement enforcement) {
            return set(MfaEnforcementPolicyOptions::getEnforcement, enforcement);
        }

        /**
         * The longest time since the MFA sign-in, from 15 minutes to 36 hours.
         *
         * @param maxMfaAge the maximum age; default none
         * @return this builder
         */
        public B maxMfaAge(@Nullable Duration maxMfaAge) {
            return set(MfaEnforcementPolicyOptions::getMaxMfaAge, maxMfaAge);
        }

        /**
         * The credential categories members may manage on their own user.
         *
         * @param selfService the categories; default all
         * @return this builder
         */
        public B selfService(@Nullable List<SelfService> selfService) {
            return set(MfaEnforcementPolicyOptions::getSelfService, PropsValues.copyOf(selfService));
        }

        /**
         * The credential categories members may manage on their own user.
         *
         * @param selfService the categories; none for no self-service
         * @return this builder
         */
        public B selfService(@NotNull SelfService... selfService) {
            return selfService(Arrays.asList(selfService));
        }

        /**
         * Whether members may change their own password before they have signed in with MFA.
         *
         * @param allow default false
         * @return this builder
         */
        public B allowPasswordChangeWithoutMfa(@Nullable Boolean allow) {
            return set(MfaEnforcementPolicyOptions::getAllowPasswordChangeWithoutMfa, allow);
        }

        /**
         * Whether members may list the account's users, as the console's Users page needs.
         *
         * @param allow default false
         * @return this builder
         */
        public B allowConsoleUserList(@Nullable Boolean allow) {
            return set(MfaEnforcementPolicyOptions::getAllowConsoleUserList, allow);
        }

        /**
         * Whether members may create and enable an MFA device with long-term access keys; see
         * {@link MfaEnforcementPolicyOptions#getAllowEnrolmentWithAccessKeys()} for the trade-off.
         *
         * @param allow default false
         * @return this builder
         */
        public B allowEnrolmentWithAccessKeys(@Nullable Boolean allow) {
            return set(MfaEnforcementPolicyOptions::getAllowEnrolmentWithAccessKeys, allow);
        }

        /**
         * Whether a member may enable a first MFA device only while invited by a tag an administrator sets; see
         * {@link MfaEnforcementPolicyOptions#getEnrolmentInvitation()}.
         *
         * @param enrolmentInvitation default false
         * @return this builder
         */
        public B enrolmentInvitation(@Nullable Boolean enrolmentInvitation) {
            return set(MfaEnforcementPolicyOptions::getEnrolmentInvitation, enrolmentInvitation);
        }

        /**
         * The tag key whose value (the user's own name) invites a user to enrol a first MFA device.
         *
         * @param tagKey default {@link MfaEnforcementPolicyOptions#DEFAULT_ENROLMENT_INVITATION_TAG_KEY}
         * @return this builder
         */
        public B enrolmentInvitationTagKey(@Nullable String tagKey) {
            return set(MfaEnforcementPolicyOptions::getEnrolmentInvitationTagKey, tagKey);
        }

        /**
         * Further actions that are exempt from the MFA Deny.
         *
         * @param exemptActions actions as {@code service:Action}; default none
         * @return this builder
         */
        public B exemptActions(@Nullable List<String> exemptActions) {
            return set(MfaEnforcementPolicyOptions::getExemptActions, PropsValues.copyOf(exemptActions));
        }

        /** The options of another value, such as a group's props; options set before are replaced. */
        B options(MfaEnforcementPolicyOptions options) {
            return copy(MfaEnforcementPolicyOptions.class, options);
        }

        /** The options set so far. */
        @NotNull MfaEnforcementPolicyOptions options() {
            return values(MfaEnforcementPolicyOptions.class);
        }
    }
}
