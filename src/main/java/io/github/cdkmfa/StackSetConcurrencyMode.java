package io.github.cdkmfa;

/**
 * How a StackSet operation's concurrency reacts to failed accounts (CloudFormation API reference,
 * StackSetOperationPreferences:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html).
 *
 * <pre>{@code
 * MfaEnforcedOrganization.Builder.create(this, "Organization")
 *     .targetIds(List.of("ou-ab12-34cd56ef"))
 *     .concurrencyMode(StackSetConcurrencyMode.STRICT_FAILURE_TOLERANCE)
 *     .build();
 * }</pre>
 */
public enum StackSetConcurrencyMode {
    /** Concurrency drops as accounts fail, so that failures never exceed the tolerance plus one. */
    STRICT_FAILURE_TOLERANCE,
    /** Concurrency stays at the maximum whatever fails; the operation still stops past the tolerance. */
    SOFT_FAILURE_TOLERANCE
}
