package io.github.cdkmfa;

import java.util.List;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import software.amazon.awscdk.services.iam.IGroup;
import software.amazon.awscdk.services.iam.IUser;

/**
 * Properties for defining an {@link MfaEnforcementPolicy}.
 *
 * <pre>{@code
 * MfaEnforcementPolicyProps props = MfaEnforcementPolicyProps.builder()
 *     .managedPolicyName("Force_MFA")
 *     .groups(List.of(Group.fromGroupName(this, "Ops", "operators")))
 *     .build();
 * new MfaEnforcementPolicy(this, "ForceMfa", props);
 * }</pre>
 */
public interface MfaEnforcementPolicyProps extends MfaEnforcementPolicyOptions {

    /**
     * The name of the customer managed policy.
     *
     * <p>Must be 1 to 128 characters of letters, digits and {@code +=,.@_-}.
     *
     * <p>Default: - a name CloudFormation generates
     *
     * @return the policy name, or {@code null} for a generated one
     */
    default @Nullable String getManagedPolicyName() {
        return null;
    }

    /**
     * Groups to attach the policy to, such as ones imported with {@code Group.fromGroupName}.
     *
     * <p>Default: - none; use {@link MfaEnforcementPolicy#attachToGroup}
     *
     * @return the groups, or {@code null} for none
     */
    default @Nullable List<IGroup> getGroups() {
        return null;
    }

    /**
     * Users to attach the policy to directly, such as ones imported with {@code User.fromUserName}.
     *
     * <p>Default: - none; use {@link MfaEnforcementPolicy#attachToUser}
     *
     * @return the users, or {@code null} for none
     */
    default @Nullable List<IUser> getUsers() {
        return null;
    }

    /**
     * Create a builder for {@link MfaEnforcementPolicyProps}.
     *
     * @return a new builder
     */
    static @NotNull Builder builder() {
        return new Builder();
    }

    /** A builder for {@link MfaEnforcementPolicyProps}. */
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
         * @return a new instance of {@link MfaEnforcementPolicyProps}
         */
        public @NotNull MfaEnforcementPolicyProps build() {
            return props();
        }
    }

    /**
     * The setters every builder of {@link MfaEnforcementPolicyProps} shares.
     *
     * <p>Sealed: only this library's builders extend it.
     *
     * @param <B> the concrete builder, returned by each setter
     */
    abstract sealed class BuilderBase<B extends BuilderBase<B>> extends MfaEnforcementPolicyOptions.BuilderBase<B>
            permits Builder, MfaEnforcementPolicy.Builder {

        BuilderBase() {
            super(MfaEnforcementPolicyProps.class);
        }

        /**
         * The name of the customer managed policy.
         *
         * @param managedPolicyName default a name CloudFormation generates
         * @return this builder
         */
        public B managedPolicyName(@Nullable String managedPolicyName) {
            return set(MfaEnforcementPolicyProps::getManagedPolicyName, managedPolicyName);
        }

        /**
         * Groups to attach the policy to.
         *
         * @param groups default none
         * @return this builder
         */
        public B groups(@Nullable List<? extends IGroup> groups) {
            return set(MfaEnforcementPolicyProps::getGroups, PropsValues.copyOf(groups));
        }

        /**
         * Users to attach the policy to directly.
         *
         * @param users default none
         * @return this builder
         */
        public B users(@Nullable List<? extends IUser> users) {
            return set(MfaEnforcementPolicyProps::getUsers, PropsValues.copyOf(users));
        }

        /** The properties set so far. */
        @NotNull MfaEnforcementPolicyProps props() {
            return values(MfaEnforcementPolicyProps.class);
        }
    }
}
