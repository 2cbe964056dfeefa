package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jetbrains.annotations.Nullable;

import software.amazon.awscdk.Token;
import software.amazon.awscdk.regioninfo.RegionInfo;

/**
 * Which Regions the alerts cover: the Region names aws-cdk-lib knows (its region-info facts, with each Region's
 * partition and whether it is an opt-in Region), the Regions every account has enabled, and where EventBridge can
 * route events across Regions.
 *
 * <p>Whoever signs in chooses the Region the sign-in is recorded in: a regional sign-in endpoint records it in its
 * own Region, the global endpoint in us-east-1, us-east-2, eu-north-1 or ap-southeast-2 ("AWS Management Console
 * sign-in events", AWS CloudTrail User Guide,
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html;
 * "AWS Sign-In endpoints and quotas", https://docs.aws.amazon.com/general/latest/gr/signin-service.html). So every
 * Region an account has enabled needs a watcher.
 */
final class AlertRegions {
    /** The partition whose Regions route events to event buses in other Regions. */
    static final String COMMERCIAL_PARTITION = "aws";

    private AlertRegions() {
    }

    /**
     * The commercial Regions that are enabled in every account: those aws-cdk-lib's region-info does not mark as
     * opt-in ("Enable or disable AWS Regions in your account", AWS Account Management Reference Guide,
     * https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html, lists the same 17).
     */
    static List<String> enabledByDefault() {
        List<String> regions = new ArrayList<>();
        for (RegionInfo region : RegionInfo.getRegions()) {
            if (COMMERCIAL_PARTITION.equals(region.getPartition()) && !Boolean.TRUE.equals(region.getIsOptInRegion())) {
                regions.add(region.getName());
            }
        }
        regions.sort(null);
        return List.copyOf(regions);
    }

    /** The commercial opt-in Regions aws-cdk-lib knows. */
    static List<String> optIn() {
        List<String> regions = new ArrayList<>();
        for (RegionInfo region : RegionInfo.getRegions()) {
            if (COMMERCIAL_PARTITION.equals(region.getPartition()) && Boolean.TRUE.equals(region.getIsOptInRegion())) {
                regions.add(region.getName());
            }
        }
        regions.sort(null);
        return List.copyOf(regions);
    }

    /**
     * The partition of a Region aws-cdk-lib knows.
     *
     * @return the partition, or {@code null} for a token or a Region aws-cdk-lib does not know
     */
    static @Nullable String partitionOf(String region) {
        if (region == null || Token.isUnresolved(region)) {
            return null;
        }
        for (RegionInfo known : RegionInfo.getRegions()) {
            if (known.getName().equals(region)) {
                return known.getPartition();
            }
        }
        return null;
    }

    /**
     * Whether EventBridge routes events from this Region's buses to buses in other Regions: in the commercial
     * partition only; cross-Region routing does not exist in AWS GovCloud (US) and China ("Sending and receiving
     * events between AWS Regions", Amazon EventBridge User Guide,
     * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-region.html).
     */
    static boolean routesAcrossRegions(String region) {
        return COMMERCIAL_PARTITION.equals(partitionOf(region));
    }

    /**
     * Check a list of commercial Region names given for a property: each must be a commercial Region aws-cdk-lib
     * knows, and each is kept once, in the order given.
     *
     * @throws IllegalArgumentException naming the property, the value and what is allowed
     */
    static List<String> checkCommercial(String property, List<String> regions) {
        Set<String> unique = new LinkedHashSet<>();
        for (String region : regions) {
            if (region == null || Token.isUnresolved(region)) {
                throw new IllegalArgumentException(property + ": '" + region + "' is not a Region name known at "
                        + "synthesis. Allowed: literal names of commercial Regions, such as eu-west-1 ("
                        + allowed() + ").");
            }
            String partition = partitionOf(region);
            if (partition == null) {
                throw new IllegalArgumentException(property + ": '" + region + "' is not an AWS Region. Allowed: "
                        + allowed() + ".");
            }
            if (!COMMERCIAL_PARTITION.equals(partition)) {
                throw new IllegalArgumentException(property + ": '" + region + "' is in the " + partition
                        + " partition, where EventBridge does not route events across Regions. Allowed: "
                        + allowed() + ".");
            }
            unique.add(region);
        }
        return List.copyOf(unique);
    }

    private static String allowed() {
        return "the Regions every account has enabled " + String.join(", ", enabledByDefault())
                + ", and the opt-in Regions " + String.join(", ", new TreeSet<>(optIn()));
    }
}
