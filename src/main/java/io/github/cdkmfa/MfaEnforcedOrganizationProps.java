package io.github.cdkmfa;

import java.util.List;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/**
 * Properties for defining an {@link MfaEnforcedOrganization}.
 *
 * <pre>{@code
 * MfaEnforcedOrganizationProps props = MfaEnforcedOrganizationProps.builder()
 *     .targetIds(List.of("ou-ab12-34cd56ef"))
 *     .groupName("developers")
 *     .powerUserAccess(true)
 *     .build();
 * new MfaEnforcedOrganization(this, "Organization", props);
 * }</pre>
 *
 * <p>The policy options ({@link MfaEnforcementPolicyOptions}) shape both the group that the StackSet puts in every
 * member account and the service control policy; the group options ({@code groupName}, {@code groupPath},
 * {@code managedPolicyName}, {@code powerUserAccess}) shape the group only.
 */
public interface MfaEnforcedOrganizationProps extends MfaEnforcementPolicyOptions {

    /**
     * The roots and organizational units the service control policy is attached to and the StackSet deploys to.
     *
     * <p>Each is a root id ({@code r-} and 4 to 32 lower-case letters or digits) or an OU id ({@code ou-}, 4 to 32
     * lower-case letters or digits, {@code -}, 8 to 32 lower-case letters or digits), the shapes of the
     * Organizations API reference. At least one. Accounts are not accepted: the StackSet reaches accounts through
     * their OU, new ones included.
     *
     * @return the target ids
     */
    @NotNull List<String> getTargetIds();

    /**
     * The name of the IAM group in every member account.
     *
     * <p>Default: - a name CloudFormation generates in each account
     *
     * @return the group name, or {@code null} for a generated one
     */
    default @Nullable String getGroupName() {
        return null;
    }

    /**
     * The path of the IAM group in every member account.
     *
     * <p>Default: /
     *
     * @return the path, or {@code null} for {@code /}
     */
    default @Nullable String getGroupPath() {
        return null;
    }

    /**
     * The name of the customer managed MFA policy in every member account.
     *
     * <p>Default: - a name CloudFormation generates in each account
     *
     * @return the policy name, or {@code null} for a generated one
     */
    default @Nullable String getManagedPolicyName() {
        return null;
    }

    /**
     * Whether the group in every member account gets the AWS managed policy {@code PowerUserAccess}.
     *
     * <p>Default: false
     *
     * @return whether PowerUserAccess is attached, or {@code null} for the default
     */
    default @Nullable Boolean getPowerUserAccess() {
        return null;
    }

    /**
     * IAM users the service control policy leaves alone: automation users that cannot use MFA.
     *
     * <p>Each is a user ARN without wildcards in the path or name, such as
     * {@code arn:aws:iam::123456789012:user/ci/deployer}; {@code *} is accepted for the partition and the account
     * only. An exempt user's long-term key works without MFA in every targeted account, so only the principals in
     * {@link #getExemptionAdministrators()} may create, rename or give credentials to these users. Roles need no
     * exemption: prefer them.
     *
     * <p>Default: - no user is exempt by ARN
     *
     * @return the exempt user ARNs, or {@code null} for none
     */
    default @Nullable List<String> getExemptUserArns() {
        return null;
    }

    /**
     * The key of an IAM user tag that exempts the user from the service control policy when its value is
     * {@code true}.
     *
     * <p>The same policy denies setting or removing a tag with this key (compared ignoring case, as IAM compares tag
     * keys), creating a user with it, and creating credentials for a user that has it, to everyone but the
     * principals in {@link #getExemptionAdministrators()}. An exempt user cannot get federation tokens. 1 to 128
     * characters that IAM allows in a tag key, not starting with {@code aws:}.
     *
     * <p>Default: - no tag exempts a user
     *
     * @return the tag key, or {@code null} for none
     */
    default @Nullable String getExemptionTagKey() {
        return null;
    }

    /**
     * The roles that may grant and remove exemptions: tag users with the exemption tag, create or rename exempt
     * users and give them credentials.
     *
     * <p>Each is a role ARN, such as {@code arn:aws:iam::*:role/OrganizationAccountAccessRole}; {@code *} is
     * accepted in the partition, the account and the role name but a role name of {@code *} alone is refused.
     * IAM users are refused: a user could grant an exemption to itself. Required when an exemption is given.
     *
     * <p>Default: - none; required with {@code exemptUserArns} or {@code exemptionTagKey}
     *
     * @return the role ARN patterns, or {@code null} for none
     */
    default @Nullable List<String> getExemptionAdministrators() {
        return null;
    }

    /**
     * The name of the service control policy.
     *
     * <p>Default: MfaEnforcementForIamUsers
     *
     * @return the policy name, or {@code null} for the default
     */
    default @Nullable String getPolicyName() {
        return null;
    }

    /**
     * The name of the StackSet that puts the group in every member account.
     *
     * <p>Default: MfaEnforcedGroup
     *
     * @return the StackSet name, or {@code null} for the default
     */
    default @Nullable String getStackSetName() {
        return null;
    }

    /**
     * The Region of the stack instances. IAM is global, so one Region is enough for the group.
     *
     * <p>Default: - the Region of the stack that defines the construct
     *
     * @return the Region, or {@code null} for the stack's
     */
    default @Nullable String getRegion() {
        return null;
    }

    /**
     * Whether the stack is deployed in the management account or in a delegated administrator account.
     *
     * <p>Default: {@link StackSetCallAs#SELF}
     *
     * @return the caller, or {@code null} for the default
     */
    default @Nullable StackSetCallAs getCallAs() {
        return null;
    }

    /**
     * The percentage of accounts, per Region, that a StackSet operation works on at once (1 to 100).
     *
     * <p>The group cannot lock anyone out (it has no members when it is created), so the roll-out may be wide.
     * Operation preferences do not apply to auto-deployment of accounts that join later.
     *
     * <p>Default: 100
     *
     * @return the percentage, or {@code null} for the default
     */
    default @Nullable Number getMaxConcurrentPercentage() {
        return null;
    }

    /**
     * The percentage of accounts, per Region, that may fail before CloudFormation stops the operation (0 to 100).
     *
     * <p>Default: 10
     *
     * @return the percentage, or {@code null} for the default
     */
    default @Nullable Number getFailureTolerancePercentage() {
        return null;
    }

    /**
     * How concurrency reacts to failed accounts.
     *
     * <p>Default: {@link StackSetConcurrencyMode#SOFT_FAILURE_TOLERANCE}, which keeps the maximum concurrency; the
     * strict mode would start at one more than the failure tolerance
     *
     * @return the mode, or {@code null} for the default
     */
    default @Nullable StackSetConcurrencyMode getConcurrencyMode() {
        return null;
    }

    /**
     * Whether the Regions are deployed one after the other or at once; with the one Region of the group it changes
     * nothing until a further Region is added.
     *
     * <p>Default: {@link StackSetRegionConcurrency#PARALLEL}
     *
     * @return the Region concurrency, or {@code null} for the default
     */
    default @Nullable StackSetRegionConcurrency getRegionConcurrency() {
        return null;
    }

    /**
     * The central event bus that every member account forwards its MFA alert events to, such as an
     * {@link MfaAlertsCentralBus} in a security account.
     *
     * <p>When given, a second service-managed StackSet (child {@code AlertsForwardingStackSet}, named after
     * {@code stackSetName} with {@code -AlertsForwarding}) puts an {@link MfaAlertsForwarding} that targets this bus
     * directly in every Region of {@link #getAlertRegions()} of every member account: a bus never passes on events
     * that came from another bus, so every forwarder targets the final bus. A StackSet of its own, because the group
     * is global and belongs in one Region, while sign-ins are recorded in the Region the user signs in to. The
     * management account gets no stack instance: give it forwarders of its own.
     *
     * <p>Default: - no forwarding from member accounts
     *
     * @return the bus ARN, or {@code null} for none
     */
    default @Nullable String getAlertsEventBusArn() {
        return null;
    }

    /**
     * The Regions of every member account that forward alert events to {@link #getAlertsEventBusArn()}.
     *
     * <p>Commercial Regions only: EventBridge does not route events across Regions in AWS GovCloud (US) and China.
     * An opt-in Region must be enabled in every targeted account before its stack instances can deploy.
     *
     * <p>Default: - the commercial Regions every account has enabled
     *
     * @return the Regions, or {@code null} for the default
     */
    default @Nullable List<String> getAlertRegions() {
        return null;
    }

    /**
     * Create a builder for {@link MfaEnforcedOrganizationProps}.
     *
     * @return a new builder
     */
    static @NotNull Builder builder() {
        return new Builder();
    }

    /** A builder for {@link MfaEnforcedOrganizationProps}. */
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
         * @return a new instance of {@link MfaEnforcedOrganizationProps}
         */
        public @NotNull MfaEnforcedOrganizationProps build() {
            return props();
        }
    }

    /**
     * The setters every builder of {@link MfaEnforcedOrganizationProps} shares.
     *
     * <p>Sealed: only this library's builders extend it.
     *
     * @param <B> the concrete builder, returned by each setter
     */
    abstract sealed class BuilderBase<B extends BuilderBase<B>> extends MfaEnforcementPolicyOptions.BuilderBase<B>
            permits Builder, MfaEnforcedOrganization.Builder {

        BuilderBase() {
            super(MfaEnforcedOrganizationProps.class);
        }

        /**
         * The roots and OUs to target.
         *
         * @param targetIds root and OU ids; required
         * @return this builder
         */
        public B targetIds(@Nullable List<String> targetIds) {
            return set(MfaEnforcedOrganizationProps::getTargetIds, PropsValues.copyOf(targetIds));
        }

        /**
         * The name of the IAM group in every member account.
         *
         * @param groupName default a name CloudFormation generates
         * @return this builder
         */
        public B groupName(@Nullable String groupName) {
            return set(MfaEnforcedOrganizationProps::getGroupName, groupName);
        }

        /**
         * The path of the IAM group in every member account.
         *
         * @param groupPath default {@code /}
         * @return this builder
         */
        public B groupPath(@Nullable String groupPath) {
            return set(MfaEnforcedOrganizationProps::getGroupPath, groupPath);
        }

        /**
         * The name of the customer managed MFA policy in every member account.
         *
         * @param managedPolicyName default a name CloudFormation generates
         * @return this builder
         */
        public B managedPolicyName(@Nullable String managedPolicyName) {
            return set(MfaEnforcedOrganizationProps::getManagedPolicyName, managedPolicyName);
        }

        /**
         * Whether the group gets PowerUserAccess.
         *
         * @param powerUserAccess default false
         * @return this builder
         */
        public B powerUserAccess(@Nullable Boolean powerUserAccess) {
            return set(MfaEnforcedOrganizationProps::getPowerUserAccess, powerUserAccess);
        }

        /**
         * IAM users exempt from the service control policy.
         *
         * @param exemptUserArns user ARNs; default none
         * @return this builder
         */
        public B exemptUserArns(@Nullable List<String> exemptUserArns) {
            return set(MfaEnforcedOrganizationProps::getExemptUserArns, PropsValues.copyOf(exemptUserArns));
        }

        /**
         * The tag key that exempts a user when its value is {@code true}.
         *
         * @param exemptionTagKey default none
         * @return this builder
         */
        public B exemptionTagKey(@Nullable String exemptionTagKey) {
            return set(MfaEnforcedOrganizationProps::getExemptionTagKey, exemptionTagKey);
        }

        /**
         * The roles that may grant and remove exemptions.
         *
         * @param exemptionAdministrators role ARN patterns; default none
         * @return this builder
         */
        public B exemptionAdministrators(@Nullable List<String> exemptionAdministrators) {
            return set(MfaEnforcedOrganizationProps::getExemptionAdministrators, PropsValues.copyOf(exemptionAdministrators));
        }

        /**
         * The name of the service control policy.
         *
         * @param policyName default MfaEnforcementForIamUsers
         * @return this builder
         */
        public B policyName(@Nullable String policyName) {
            return set(MfaEnforcedOrganizationProps::getPolicyName, policyName);
        }

        /**
         * The name of the StackSet.
         *
         * @param stackSetName default MfaEnforcedGroup
         * @return this builder
         */
        public B stackSetName(@Nullable String stackSetName) {
            return set(MfaEnforcedOrganizationProps::getStackSetName, stackSetName);
        }

        /**
         * The Region of the stack instances.
         *
         * @param region default the stack's Region
         * @return this builder
         */
        public B region(@Nullable String region) {
            return set(MfaEnforcedOrganizationProps::getRegion, region);
        }

        /**
         * Management account or delegated administrator.
         *
         * @param callAs default {@link StackSetCallAs#SELF}
         * @return this builder
         */
        public B callAs(@Nullable StackSetCallAs callAs) {
            return set(MfaEnforcedOrganizationProps::getCallAs, callAs);
        }

        /**
         * The percentage of accounts worked on at once.
         *
         * @param maxConcurrentPercentage 1 to 100; default 100
         * @return this builder
         */
        public B maxConcurrentPercentage(@Nullable Number maxConcurrentPercentage) {
            return set(MfaEnforcedOrganizationProps::getMaxConcurrentPercentage, maxConcurrentPercentage);
        }

        /**
         * The percentage of accounts that may fail.
         *
         * @param failureTolerancePercentage 0 to 100; default 10
         * @return this builder
         */
        public B failureTolerancePercentage(@Nullable Number failureTolerancePercentage) {
            return set(MfaEnforcedOrganizationProps::getFailureTolerancePercentage, failureTolerancePercentage);
        }

        /**
         * How concurrency reacts to failures.
         *
         * @param concurrencyMode default {@link StackSetConcurrencyMode#SOFT_FAILURE_TOLERANCE}
         * @return this builder
         */
        public B concurrencyMode(@Nullable StackSetConcurrencyMode concurrencyMode) {
            return set(MfaEnforcedOrganizationProps::getConcurrencyMode, concurrencyMode);
        }

        /**
         * Regions one after the other or at once.
         *
         * @param regionConcurrency default {@link StackSetRegionConcurrency#PARALLEL}
         * @return this builder
         */
        public B regionConcurrency(@Nullable StackSetRegionConcurrency regionConcurrency) {
            return set(MfaEnforcedOrganizationProps::getRegionConcurrency, regionConcurrency);
        }

        /**
         * The central event bus every member account forwards alert events to.
         *
         * @param alertsEventBusArn the bus ARN; default no forwarding
         * @return this builder
         */
        public B alertsEventBusArn(@Nullable String alertsEventBusArn) {
            return set(MfaEnforcedOrganizationProps::getAlertsEventBusArn, alertsEventBusArn);
        }

        /**
         * The Regions that forward alert events.
         *
         * @param alertRegions commercial Regions; default those every account has enabled
         * @return this builder
         */
        public B alertRegions(@Nullable List<String> alertRegions) {
            return set(MfaEnforcedOrganizationProps::getAlertRegions, PropsValues.copyOf(alertRegions));
        }

        /**
         * The properties set so far.
         *
         * @return the properties as a value
         */
        @NotNull MfaEnforcedOrganizationProps props() {
            return values(MfaEnforcedOrganizationProps.class);
        }
    }
}
