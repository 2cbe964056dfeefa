package io.github.cdkmfa;

/**
 * Whether a StackSet operation deploys to its Regions one after the other or all at once (CloudFormation API
 * reference, StackSetOperationPreferences, RegionConcurrencyType).
 */
public enum StackSetRegionConcurrency {
    /** One Region at a time. */
    SEQUENTIAL,
    /** Every Region at once. */
    PARALLEL
}
