package io.github.cdkmfa;

import java.util.List;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import software.amazon.awscdk.services.iam.IManagedPolicy;
import software.amazon.awscdk.services.iam.IUser;

/**
 * Properties for defining an {@link MfaEnforcedGroup}.
 *
 * <pre>{@code
 * MfaEnforcedGroupProps props = MfaEnforcedGroupProps.builder()
 *     .groupName("developers")
 *     .powerUserAccess(true)
 *     .maxMfaAge(Duration.hours(12))
 *     .build();
 * new MfaEnforcedGroup(this, "Developers", props);
 * }</pre>
 */
public interface MfaEnforcedGroupProps extends MfaEnforcementPolicyOptions {

    /**
     * The name of the IAM group.
     *
     * <p>Must be 1 to 128 characters of letters, digits and {@code +=,.@_-}. A named group cannot be replaced
     * by an update that needs a new one.
     *
     * <p>Default: - a name CloudFormation generates
     *
     * @return the group name, or {@code null} for a generated one
     */
    default @Nullable String getGroupName() {
        return null;
    }

    /**
     * The path of the IAM group.
     *
     * <p>Either {@code /} or a string that starts and ends with {@code /}, of printable ASCII characters,
     * at most 512 long.
     *
     * <p>Default: /
     *
     * @return the path, or {@code null} for {@code /}
     */
    default @Nullable String getPath() {
        return null;
    }

    /**
     * The name of the customer managed MFA policy.
     *
     * <p>Default: - a name CloudFormation generates
     *
     * @return the policy name, or {@code null} for a generated one
     */
    default @Nullable String getManagedPolicyName() {
        return null;
    }

    /**
     * Whether to attach the AWS managed policy {@code PowerUserAccess} to the group.
     *
     * <p>PowerUserAccess grants everything but IAM, Organizations and Account management, and it grants
     * {@code sts:AssumeRole}: in an account bootstrapped for CDK, members can deploy through the CDK roles.
     *
     * <p>Default: false
     *
     * @return whether PowerUserAccess is attached, or {@code null} for the default
     */
    default @Nullable Boolean getPowerUserAccess() {
        return null;
    }

    /**
     * Further managed policies to attach to the group.
     *
     * <p>A group holds at most 10 managed policies, the MFA policy and PowerUserAccess included.
     *
     * <p>Default: - none
     *
     * @return the policies, or {@code null} for none
     */
    default @Nullable List<IManagedPolicy> getManagedPolicies() {
        return null;
    }

    /**
     * Existing users to make members of the group, such as ones imported with {@code User.fromUserName}.
     *
     * <p>Default: - none; use {@link MfaEnforcedGroup#addUser}
     *
     * @return the users, or {@code null} for none
     */
    default @Nullable List<IUser> getUsers() {
        return null;
    }

    /**
     * Create a builder for {@link MfaEnforcedGroupProps}.
     *
     * @return a new builder
     */
    static @NotNull Builder builder() {
        return new Builder();
    }

    /** A builder for {@link MfaEnforcedGroupProps}. */
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
         * @return a new instance of {@link MfaEnforcedGroupProps}
         */
        public @NotNull MfaEnforcedGroupProps build() {
            return props();
        }
    }

    /**
     * The setters every builder of {@link MfaEnforcedGroupProps} shares.
     *
     * <p>Sealed: only this library's builders extend it.
     *
     * @param <B> the concrete builder, returned by each setter
     */
    abstract sealed class BuilderBase<B extends BuilderBase<B>> extends MfaEnforcementPolicyOptions.BuilderBase<B>
            permits Builder, MfaEnforcedGroup.Builder {

        BuilderBase() {
            super(MfaEnforcedGroupProps.class);
        }

        /**
         * The name of the IAM group.
         *
         * @param groupName default a name CloudFormation generates
         * @return this builder
         */
        public B groupName(@Nullable String groupName) {
            return set(MfaEnforcedGroupProps::getGroupName, groupName);
        }

        /**
         * The path of the IAM group.
         *
         * @param path default {@code /}
         * @return this builder
         */
        public B path(@Nullable String path) {
            return set(MfaEnforcedGroupProps::getPath, path);
        }

        /**
         * The name of the customer managed MFA policy.
         *
         * @param managedPolicyName default a name CloudFormation generates
         * @return this builder
         */
        public B managedPolicyName(@Nullable String managedPolicyName) {
            return set(MfaEnforcedGroupProps::getManagedPolicyName, managedPolicyName);
        }

        /**
         * Whether to attach the AWS managed policy {@code PowerUserAccess} to the group.
         *
         * @param powerUserAccess default false
         * @return this builder
         */
        public B powerUserAccess(@Nullable Boolean powerUserAccess) {
            return set(MfaEnforcedGroupProps::getPowerUserAccess, powerUserAccess);
        }

        /**
         * Further managed policies to attach to the group.
         *
         * @param managedPolicies default none
         * @return this builder
         */
        public B managedPolicies(@Nullable List<? extends IManagedPolicy> managedPolicies) {
            return set(MfaEnforcedGroupProps::getManagedPolicies, PropsValues.copyOf(managedPolicies));
        }

        /**
         * Existing users to make members of the group.
         *
         * @param users default none
         * @return this builder
         */
        public B users(@Nullable List<? extends IUser> users) {
            return set(MfaEnforcedGroupProps::getUsers, PropsValues.copyOf(users));
        }

        /** The properties set so far. */
        @NotNull MfaEnforcedGroupProps props() {
            return values(MfaEnforcedGroupProps.class);
        }
    }
}
