package io.github.cdkmfa;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.interfaces.ResourceEnvironment;
import software.amazon.awscdk.interfaces.iam.GroupReference;
import software.amazon.awscdk.services.iam.AddToPrincipalPolicyResult;
import software.amazon.awscdk.services.iam.CfnGroup;
import software.amazon.awscdk.services.iam.Group;
import software.amazon.awscdk.services.iam.IGroup;
import software.amazon.awscdk.services.iam.IManagedPolicy;
import software.amazon.awscdk.services.iam.IUser;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.PrincipalPolicyFragment;
import software.constructs.Construct;

/**
 * Defines an IAM group whose members must sign in with MFA.
 *
 * <p>The group carries an {@link MfaEnforcementPolicy}: members may enrol their own MFA device, and everything
 * else is denied until they have signed in with MFA. Further permissions come from managed policies attached
 * beside it, such as PowerUserAccess.
 *
 * <pre>{@code
 * MfaEnforcedGroup developers = MfaEnforcedGroup.Builder.create(this, "Developers")
 *     .groupName("developers")
 *     .powerUserAccess(true)
 *     .build();
 * developers.addUser(User.fromUserName(this, "Alice", "alice"));
 * }</pre>
 *
 * <p>It is an {@link IGroup}, so it can be used wherever aws-cdk expects a group, for example
 * {@code bucket.grantRead(developers)}: grants and inline policies go to the IAM group, and stay usable only
 * after MFA sign-in like every other permission of its members.
 *
 * <p>Construct ids are part of the contract: the group is the child {@code Resource} and the policy the child
 * {@code MfaPolicy}; changing the id of this construct replaces both.
 */
public class MfaEnforcedGroup extends Construct implements IGroup {
    /** IAM's limit for managed policies attached to one group; it cannot be raised. */
    public static final int MAX_MANAGED_POLICIES = 10;

    private final Group group;
    private final MfaEnforcementPolicy mfaPolicy;
    private final Set<String> memberPaths = new HashSet<>();
    private final Set<String> policyKeys = new HashSet<>();

    /**
     * Define the group with every option at its default.
     *
     * @param scope the parent construct
     * @param id the construct id; changing it replaces the group and its policy
     */
    public MfaEnforcedGroup(@NotNull Construct scope, @NotNull String id) {
        this(scope, id, null);
    }

    /**
     * Define the group.
     *
     * @param scope the parent construct
     * @param id the construct id; changing it replaces the group and its policy
     * @param props the properties, or {@code null} for the defaults
     * @throws IllegalArgumentException when a property is invalid; the message names it, the value given and what
     *     is allowed
     */
    public MfaEnforcedGroup(@NotNull Construct scope, @NotNull String id, @Nullable MfaEnforcedGroupProps props) {
        super(Objects.requireNonNull(scope, "scope is required"), Objects.requireNonNull(id, "id is required"));
        MfaEnforcedGroupProps given = props == null ? MfaEnforcedGroupProps.builder().build() : props;
        PropsValues.checkNoNullElements(MfaEnforcedGroupProps.class, given);
        IamNames.checkName("groupName", given.getGroupName());
        IamNames.checkPath("path", given.getPath());

        group = Group.Builder.create(this, "Resource").groupName(given.getGroupName()).path(given.getPath()).build();
        Map<String, Object> policyOptions = PropsValues.read(MfaEnforcementPolicyOptions.class, given);
        policyOptions.put("managedPolicyName", given.getManagedPolicyName());
        mfaPolicy = new MfaEnforcementPolicy(this, "MfaPolicy",
                PropsValues.of(MfaEnforcementPolicyProps.class, policyOptions));
        addManagedPolicy(mfaPolicy.getManagedPolicy());
        if (Boolean.TRUE.equals(given.getPowerUserAccess())) {
            addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName("PowerUserAccess"));
        }
        if (given.getManagedPolicies() != null) {
            given.getManagedPolicies().forEach(this::addManagedPolicy);
        }
        if (given.getUsers() != null) {
            given.getUsers().forEach(this::addUser);
        }
        StackChecks.add(this, this::validatePolicyCount);
        NagAcknowledgments.acknowledgeGroup(this, Boolean.TRUE.equals(given.getPowerUserAccess()));
    }

    /**
     * Make a user a member of the group; adding the same user again has no effect.
     *
     * @param user a user defined in this app, or an existing one imported with {@code User.fromUserName}
     */
    public void addUser(@NotNull IUser user) {
        Objects.requireNonNull(user, "user is required");
        if (memberPaths.add(user.getNode().getPath())) {
            group.addUser(user);
        }
    }

    /**
     * Attach a managed policy to the group; attaching the same policy (the same ARN) again has no effect.
     *
     * <p>A group holds at most {@value #MAX_MANAGED_POLICIES} managed policies, the MFA policy included; synthesis
     * fails past that.
     *
     * @param policy the policy, such as {@code ManagedPolicy.fromAwsManagedPolicyName("ReadOnlyAccess")}
     */
    @Override
    public void addManagedPolicy(@NotNull IManagedPolicy policy) {
        Objects.requireNonNull(policy, "policy is required");
        String key = String.valueOf(Stack.of(this).resolve(policy.getManagedPolicyArn()));
        if (policyKeys.add(key)) {
            group.addManagedPolicy(policy);
        }
    }

    /**
     * The IAM group.
     *
     * @return the group, to grant it permissions or read its name
     */
    public @NotNull Group getGroup() {
        return group;
    }

    /**
     * The name of the IAM group.
     *
     * @return the name (a token until deployment when not given)
     */
    @Override
    public @NotNull String getGroupName() {
        return group.getGroupName();
    }

    /**
     * The ARN of the IAM group.
     *
     * @return the ARN (a token until deployment)
     */
    @Override
    public @NotNull String getGroupArn() {
        return group.getGroupArn();
    }

    /**
     * A reference to the IAM group, for the CDK's own constructs.
     *
     * @return the group's reference
     */
    @Override
    public @NotNull GroupReference getGroupRef() {
        return group.getGroupRef();
    }

    /**
     * Attach an inline policy to the IAM group; its permissions too are usable only after MFA sign-in.
     *
     * @param policy the policy
     */
    @Override
    public void attachInlinePolicy(@NotNull Policy policy) {
        group.attachInlinePolicy(Objects.requireNonNull(policy, "policy is required"));
    }

    /**
     * Add a statement to the IAM group's default inline policy; used by {@code grant*} methods.
     *
     * @param statement the statement
     * @return whether the statement was added
     */
    @Override
    public @NotNull AddToPrincipalPolicyResult addToPrincipalPolicy(@NotNull PolicyStatement statement) {
        return group.addToPrincipalPolicy(Objects.requireNonNull(statement, "statement is required"));
    }

    /**
     * The principal that grants go to: the IAM group.
     *
     * @return the group
     */
    @Override
    public @NotNull IPrincipal getGrantPrincipal() {
        return group;
    }

    /**
     * The action a group would assume a role with; groups cannot be principals of a trust policy.
     *
     * @return as {@link Group#getAssumeRoleAction()}
     */
    @Override
    public @NotNull String getAssumeRoleAction() {
        return group.getAssumeRoleAction();
    }

    /**
     * The policy fragment of the group as a principal.
     *
     * @return as {@link Group#getPolicyFragment()}
     */
    @Override
    public @NotNull PrincipalPolicyFragment getPolicyFragment() {
        return group.getPolicyFragment();
    }

    /**
     * The account the group belongs to.
     *
     * @return as {@link Group#getPrincipalAccount()}
     */
    @Override
    public @Nullable String getPrincipalAccount() {
        return group.getPrincipalAccount();
    }

    /**
     * The stack the group is defined in.
     *
     * @return the stack
     */
    @Override
    public @NotNull Stack getStack() {
        return group.getStack();
    }

    /**
     * The environment the group is defined in.
     *
     * @return the environment
     */
    @Override
    public @NotNull ResourceEnvironment getEnv() {
        return group.getEnv();
    }

    /**
     * Apply a removal policy to the IAM group.
     *
     * @param policy the removal policy
     */
    @Override
    public void applyRemovalPolicy(@NotNull RemovalPolicy policy) {
        group.applyRemovalPolicy(Objects.requireNonNull(policy, "policy is required"));
    }

    /**
     * The MFA enforcement policy attached to the group.
     *
     * @return the policy construct
     */
    public @NotNull MfaEnforcementPolicy getMfaPolicy() {
        return mfaPolicy;
    }

    private List<String> validatePolicyCount() {
        Object arns = Stack.of(this).resolve(((CfnGroup) group.getNode().getDefaultChild()).getManagedPolicyArns());
        int count = arns instanceof List<?> list ? list.size() : 0;
        if (count <= MAX_MANAGED_POLICIES) {
            return List.of();
        }
        return List.of("managedPolicies: " + count + " managed policies would be attached to the group (the MFA "
                + "policy included): " + arns + ". Allowed: at most " + MAX_MANAGED_POLICIES + " per group, an IAM "
                + "quota that cannot be raised. Combine policies into a customer managed policy, or split the "
                + "members across groups.");
    }

    /** A fluent builder for {@link MfaEnforcedGroup}. */
    public static final class Builder extends MfaEnforcedGroupProps.BuilderBase<Builder> {
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
         * Define the group.
         *
         * @return the new construct
         */
        public @NotNull MfaEnforcedGroup build() {
            return new MfaEnforcedGroup(scope, id, props());
        }
    }
}
