package io.github.cdkmfa;

/**
 * Whether a StackSet operation deploys to its Regions one after the other or all at once (CloudFormation API
 * reference, StackSetOperationPreferences, RegionConcurrencyType).
 *
 * <pre>{@code
 * MfaEnforcedOrganization.Builder.create(this, "Organization")
 *     .targetIds(List.of("ou-ab12-34cd56ef"))
 *     .regionConcurrency(StackSetRegionConcurrency.SEQUENTIAL)
 *     .build();
 * }</pre>
 */
public enum StackSetRegionConcurrency {
    /** One Region at a time. */
    SEQUENTIAL,
    /** Every Region at once. */
    PARALLEL
}
