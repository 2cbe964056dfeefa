package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import software.amazon.awscdk.CfnDeletionPolicy;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.CfnGroup;
import software.amazon.awscdk.services.iam.Group;
import software.amazon.awscdk.services.iam.IManagedPolicy;
import software.amazon.awscdk.services.iam.IUser;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Policy;
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
 * <p>Wherever aws-cdk expects a group, give it {@link #getGroup()}, the IAM group itself:
 * {@code bucket.grantRead(developers.getGroup())}. Grants and inline policies go to the IAM group, and stay usable
 * only after MFA sign-in like every other permission of its members. This construct is not an {@code IGroup}
 * itself: aws-cdk-lib adds members to its interfaces over time, and a class outside aws-cdk-lib that implemented
 * one would break its users on such an upgrade.
 *
 * <p>The escape hatch is the usual one: {@code (CfnGroup) developers.getNode().getDefaultChild()} is the
 * {@code AWS::IAM::Group} resource.
 *
 * <p>Construct ids are part of the contract: the group is the child {@code Resource} and the policy the child
 * {@code MfaPolicy}; changing the id of this construct replaces both.
 */
public class MfaEnforcedGroup extends Construct {
    /** IAM's limit for managed policies attached to one group; it cannot be raised. */
    public static final int MAX_MANAGED_POLICIES = 10;

    /**
     * The id of the synth warning given when {@link MfaEnforcement#CONSOLE_ONLY} meets a policy that allows
     * {@code sts:AssumeRole}: members' long-term keys may then assume roles, the CDK deploy role included, without
     * MFA.
     */
    public static final String CONSOLE_ONLY_ROLE_ASSUMPTION_WARNING =
            "@cdkmfa/mfa-enforced-group:consoleOnlyKeysCanAssumeRoles";

    private final Group group;
    private final MfaEnforcementPolicy mfaPolicy;
    private final Set<String> memberPaths = new HashSet<>();
    private final Set<String> policyKeys = new HashSet<>();
    /** The policies attached through this construct, for the console-only role assumption warning. */
    private final List<IManagedPolicy> managedPolicies = new ArrayList<>();
    private final List<Policy> inlinePolicies = new ArrayList<>();

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
        // The escape hatch: node.defaultChild is the AWS::IAM::Group, as it is on aws-cdk's own L2 constructs.
        getNode().setDefaultChild(group.getNode().getDefaultChild());
        mfaPolicy = new MfaEnforcementPolicy(this, "MfaPolicy", MfaEnforcementPolicyProps.builder().options(given)
                .managedPolicyName(given.getManagedPolicyName()).build());
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
        StackChecks.add(this, () -> {
            List<String> errors = new ArrayList<>(validatePolicyCount());
            errors.addAll(validateRemovalPolicies());
            return errors;
        });
        if (MfaPolicyStatements.enforcement(given) == MfaEnforcement.CONSOLE_ONLY) {
            StackChecks.add(this, this::warnWhenKeysCanAssumeRoles);
        }
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
    public void addManagedPolicy(@NotNull IManagedPolicy policy) {
        Objects.requireNonNull(policy, "policy is required");
        String key = String.valueOf(Stack.of(this).resolve(policy.getManagedPolicyArn()));
        if (policyKeys.add(key)) {
            managedPolicies.add(policy);
            group.addManagedPolicy(policy);
        }
    }

    /**
     * Attach an inline policy to the IAM group; its permissions too are usable only after MFA sign-in.
     *
     * <p>The same as {@code getGroup().attachInlinePolicy(policy)}, except that policies attached here count for
     * the console-only warning about role assumption ({@link #CONSOLE_ONLY_ROLE_ASSUMPTION_WARNING}).
     *
     * @param policy the policy
     */
    public void attachInlinePolicy(@NotNull Policy policy) {
        group.attachInlinePolicy(Objects.requireNonNull(policy, "policy is required"));
        inlinePolicies.add(policy);
    }

    /**
     * The IAM group, for everything aws-cdk does with a group.
     *
     * <p>Give it where aws-cdk expects an {@code IGroup}: {@code bucket.grantRead(developers.getGroup())},
     * {@code User.Builder.create(...).groups(List.of(developers.getGroup()))}. Managed policies added to it count
     * toward the group's limit like those added through {@link #addManagedPolicy}.
     *
     * @return the group
     */
    public @NotNull Group getGroup() {
        return group;
    }

    /**
     * The name of the IAM group.
     *
     * @return the name (a token until deployment when not given)
     */
    public @NotNull String getGroupName() {
        return group.getGroupName();
    }

    /**
     * The ARN of the IAM group.
     *
     * @return the ARN (a token until deployment)
     */
    public @NotNull String getGroupArn() {
        return group.getGroupArn();
    }

    /**
     * Apply a removal policy to the IAM group and its MFA policy together.
     *
     * <p>Both or neither: a group retained without its policy would keep its other permissions (PowerUserAccess)
     * without the MFA Deny, and a policy deleted while a retained group still has it attached cannot be deleted
     * (IAM deletes a managed policy only once it is detached from every group, user and role: see
     * <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html">DeletePolicy</a>).
     * Synthesis fails when the two differ, however they were set. Memberships of users are not retained: when
     * the stack is deleted, the retained group keeps its policies and loses its members.
     *
     * @param policy the removal policy
     */
    public void applyRemovalPolicy(@NotNull RemovalPolicy policy) {
        Objects.requireNonNull(policy, "policy is required");
        group.applyRemovalPolicy(policy);
        mfaPolicy.getManagedPolicy().applyRemovalPolicy(policy);
    }

    /**
     * The MFA enforcement policy attached to the group.
     *
     * @return the policy construct
     */
    public @NotNull MfaEnforcementPolicy getMfaPolicy() {
        return mfaPolicy;
    }

    private List<String> warnWhenKeysCanAssumeRoles() {
        List<Policy> inline = new ArrayList<>(inlinePolicies);
        if (group.getNode().tryFindChild("DefaultPolicy") instanceof Policy grants) {
            inline.add(grants);
        }
        return RoleAssumptionWarning.check(this, (CfnGroup) group.getNode().getDefaultChild(), managedPolicies,
                inline);
    }

    private List<String> validatePolicyCount() {
        Object arns = Stack.of(this).resolve(((CfnGroup) getNode().getDefaultChild()).getManagedPolicyArns());
        int count = arns instanceof List<?> list ? list.size() : 0;
        if (count <= MAX_MANAGED_POLICIES) {
            return List.of();
        }
        return List.of("managedPolicies: " + count + " managed policies would be attached to the group (the MFA "
                + "policy included): " + arns + ". Allowed: at most " + MAX_MANAGED_POLICIES + " per group, an IAM "
                + "quota that cannot be raised. Combine policies into a customer managed policy, or split the "
                + "members across groups.");
    }

    private List<String> validateRemovalPolicies() {
        CfnDeletionPolicy ofGroup = deletionPolicy((CfnResource) getNode().getDefaultChild());
        CfnDeletionPolicy ofPolicy = deletionPolicy((CfnResource) mfaPolicy.getManagedPolicy().getNode()
                .getDefaultChild());
        if (ofGroup == ofPolicy) {
            return List.of();
        }
        return List.of("removal policy: the group has DeletionPolicy " + ofGroup + " and its MFA policy "
                + ofPolicy + ". Allowed: the same for both. A group retained without its MFA policy keeps its other "
                + "permissions without MFA; a policy deleted while attached to a retained group fails to delete. "
                + "Use MfaEnforcedGroup.applyRemovalPolicy, which sets both.");
    }

    /**
     * A resource's DeletionPolicy; none set is Delete, CloudFormation's default for these resources
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html).
     */
    private static CfnDeletionPolicy deletionPolicy(CfnResource resource) {
        CfnDeletionPolicy policy = resource.getCfnOptions().getDeletionPolicy();
        return policy == null ? CfnDeletionPolicy.DELETE : policy;
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
        Builder self() {
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
