package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IGroup;
import software.amazon.awscdk.services.iam.IUser;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.constructs.Construct;

/**
 * Defines a customer managed policy that lets IAM users enrol their own MFA device and denies everything else
 * until they have signed in with MFA.
 *
 * <p>Use it on its own to enforce MFA on groups or users that already exist:
 *
 * <pre>{@code
 * MfaEnforcementPolicy.Builder.create(this, "ForceMfa")
 *     .groups(List.of(Group.fromGroupName(this, "Developers", "developers")))
 *     .build();
 * }</pre>
 *
 * <p>{@link MfaEnforcedGroup} defines a group with this policy attached. The policy works for IAM users only: it
 * names the caller's own user through {@code ${aws:username}}, which roles do not have.
 */
public class MfaEnforcementPolicy extends Construct {
    /** IAM's limit for the characters of a managed policy document, white space not counted. */
    public static final int MAX_POLICY_CHARACTERS = PolicySize.MAX_MANAGED_POLICY_CHARACTERS;

    private final ManagedPolicy managedPolicy;
    /** The library's own statements as resolved when defined; anything else in the document was added later. */
    private final List<Object> ownStatements;

    /**
     * Define the policy with every option at its default.
     *
     * @param scope the parent construct
     * @param id the construct id; changing it replaces the policy
     */
    public MfaEnforcementPolicy(@NotNull Construct scope, @NotNull String id) {
        this(scope, id, null);
    }

    /**
     * Define the policy.
     *
     * @param scope the parent construct
     * @param id the construct id; changing it replaces the policy
     * @param props the properties, or {@code null} for the defaults
     * @throws IllegalArgumentException when a property is invalid; the message names it, the value given and what
     *     is allowed
     */
    public MfaEnforcementPolicy(@NotNull Construct scope, @NotNull String id, @Nullable MfaEnforcementPolicyProps props) {
        super(Objects.requireNonNull(scope, "scope is required"), Objects.requireNonNull(id, "id is required"));
        MfaEnforcementPolicyProps given = props == null ? MfaEnforcementPolicyProps.builder().build() : props;
        PropsValues.checkNoNullElements(MfaEnforcementPolicyProps.class, given);
        IamNames.checkName("managedPolicyName", given.getManagedPolicyName());
        MfaPolicyStatements.check(given);

        managedPolicy = ManagedPolicy.Builder.create(this, "Resource")
                .managedPolicyName(given.getManagedPolicyName())
                .description("Allows MFA enrolment and denies everything else until the caller signs in with MFA.")
                .document(PolicyDocument.Builder.create()
                        .statements(MfaPolicyStatements.statements(Stack.of(this), given)).build())
                .build();
        ownStatements = statementsOf(Stack.of(this).resolve(managedPolicy.getDocument()));
        NagAcknowledgments.acknowledgePolicy(this);
        if (given.getGroups() != null) {
            given.getGroups().forEach(this::attachToGroup);
        }
        if (given.getUsers() != null) {
            given.getUsers().forEach(this::attachToUser);
        }
        StackChecks.add(this, () -> {
            List<String> errors = new ArrayList<>(validateSize());
            errors.addAll(validateAddedStatements());
            return errors;
        });
    }

    /**
     * Attach the policy to a group; attaching the same group again has no effect.
     *
     * @param group the group, defined in this app or imported
     */
    public void attachToGroup(@NotNull IGroup group) {
        managedPolicy.attachToGroup(Objects.requireNonNull(group, "group is required"));
    }

    /**
     * Attach the policy to a user directly; attaching the same user again has no effect.
     *
     * @param user the user, defined in this app or imported
     */
    public void attachToUser(@NotNull IUser user) {
        managedPolicy.attachToUser(Objects.requireNonNull(user, "user is required"));
    }

    /**
     * The customer managed policy.
     *
     * @return the policy, to attach elsewhere or to read its ARN
     */
    public @NotNull ManagedPolicy getManagedPolicy() {
        return managedPolicy;
    }

    /**
     * The ARN of the customer managed policy.
     *
     * @return the ARN (a token until deployment)
     */
    public @NotNull String getManagedPolicyArn() {
        return managedPolicy.getManagedPolicyArn();
    }

    /**
     * The policy document.
     *
     * <p>Deny statements may be added to it. Allow statements added to it fail synthesis: permissions belong in a
     * policy of their own, and the cdk-nag findings this library acknowledges on the MFA policy would also cover
     * an added statement's wildcard resources.
     *
     * @return the document
     */
    public @NotNull PolicyDocument getDocument() {
        return managedPolicy.getDocument();
    }

    /** A fluent builder for {@link MfaEnforcementPolicy}. */
    public static final class Builder extends MfaEnforcementPolicyProps.BuilderBase<Builder> {
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
         * Define the policy.
         *
         * @return the new construct
         */
        public @NotNull MfaEnforcementPolicy build() {
            return new MfaEnforcementPolicy(scope, id, props());
        }
    }

    private List<String> validateAddedStatements() {
        List<String> errors = new ArrayList<>();
        for (Object statement : statementsOf(Stack.of(this).resolve(managedPolicy.getDocument()))) {
            if (statement instanceof Map<?, ?> map && "Allow".equals(map.get("Effect"))
                    && !ownStatements.contains(statement)) {
                errors.add("document: the Allow statement " + statement + " was added to the MFA policy. Allowed: "
                        + "Deny statements only. Put permissions in a policy of their own (on an MfaEnforcedGroup: "
                        + "addManagedPolicy, or grants and inline policies on getGroup()), where cdk-nag judges them; on this "
                        + "policy the findings the library acknowledges for its own statements would hide them.");
            }
        }
        return errors;
    }

    private static List<Object> statementsOf(Object resolvedDocument) {
        if (resolvedDocument instanceof Map<?, ?> document && document.get("Statement") instanceof List<?> list) {
            return List.copyOf(list);
        }
        return List.of();
    }

    private List<String> validateSize() {
        int characters = PolicySize.characters(Stack.of(this).resolve(managedPolicy.getDocument()));
        if (characters <= MAX_POLICY_CHARACTERS) {
            return List.of();
        }
        return List.of("policy document: " + characters + " characters (white space not counted, partition and "
                + "account at their longest) is over IAM's limit of " + MAX_POLICY_CHARACTERS + " for a managed "
                + "policy. Allowed: at most " + MAX_POLICY_CHARACTERS + "; exempt fewer actions through "
                + "exemptActions, or move statements added to the document into a policy of their own.");
    }
}
