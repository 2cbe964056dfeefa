package io.github.cdkmfa;

/**
 * Which account creates the roll-out StackSet of an {@link MfaEnforcedOrganization}: CloudFormation's
 * {@code CallAs} (CloudFormation API reference, CreateStackSet:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html).
 *
 * <pre>{@code
 * MfaEnforcedOrganization.Builder.create(this, "Organization")
 *     .targetIds(List.of("r-ab12"))
 *     .callAs(StackSetCallAs.DELEGATED_ADMIN)   // deployed from a delegated administrator account
 *     .build();
 * }</pre>
 */
public enum StackSetCallAs {
    /** The stack is deployed in the organization's management account. */
    SELF,
    /**
     * The stack is deployed in a delegated administrator account for CloudFormation StackSets; the stack set
     * itself lives in the management account.
     */
    DELEGATED_ADMIN
}
