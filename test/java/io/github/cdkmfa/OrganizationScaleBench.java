package io.github.cdkmfa;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (run by bench/run.mjs, not a test): the organization's sizes and roll-out on paper.
 *
 * <ol>
 * <li>the SCP in characters with white space (as Organizations counts it) for every combination of the policy
 *     options an organization accepts, without and with exemptions of {@link OrganizationLimitsTest}'s size;</li>
 * <li>the StackSet's inline TemplateBody in bytes for the same combinations (PowerUserAccess on, group, path and
 *     policy names at their longest);</li>
 * <li>the roll-out of an organization of 1,000 accounts with the default operation preferences, computed from
 *     CloudFormation's documented StackSets quotas and operation options.</li>
 * </ol>
 *
 * <p>Every combination is written to the CSV file given as the first argument.
 */
public final class OrganizationScaleBench {
    /** Accounts in the organization of the roll-out figure. */
    static final int ACCOUNTS = 1000;
    /**
     * The time one stack instance of the group takes, in minutes: no AWS page gives it. Assumed: a stack of two IAM
     * resources (a group and a managed policy), which CloudFormation usually creates within a minute or two.
     */
    static final double ASSUMED_MINUTES_PER_INSTANCE = 2.0;
    /** "10,000 operations" per Region per administrator account (CloudFormation User Guide, quotas). */
    static final int CONCURRENT_OPERATIONS_QUOTA = 10_000;
    /**
     * "The maximum speed of deployment is 100 concurrent stack instances per stack set" (an earlier copy of the
     * CloudFormation User Guide's StackSets concepts page; the current quotas page gives only the 10,000 above).
     */
    static final int OLDER_COPY_CONCURRENCY_CAP = 100;

    private OrganizationScaleBench() {
    }

    /**
     * Print the figures.
     *
     * @param args the CSV file to write every combination to (default target/bench/organization-sizes.csv)
     * @throws IOException when the CSV file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path csv = Path.of(args.length > 0 ? args[0] : "target/bench/organization-sizes.csv");
        Files.createDirectories(csv.toAbsolutePath().getParent());
        List<String> lines = new ArrayList<>(List.of("combination,scp_characters,scp_characters_with_exemptions,"
                + "template_body_bytes"));
        int scpMax = 0;
        int scpMaxExempt = 0;
        int scpMin = Integer.MAX_VALUE;
        int bodyMax = 0;
        int bodyMin = Integer.MAX_VALUE;
        List<MfaEnforcementPolicyOptions> combinations = OrganizationLimitsTest.combinations();
        for (MfaEnforcementPolicyOptions options : combinations) {
            int plain = OrganizationLimitsTest.scpCharacters(options, false);
            int exempt = OrganizationLimitsTest.scpCharacters(options, true);
            Map<String, Object> values = PropsValues.read(MfaEnforcementPolicyOptions.class, options);
            values.put("groupName", "g".repeat(128));
            values.put("path", "/" + "p".repeat(510) + "/");
            values.put("managedPolicyName", "m".repeat(128));
            values.put("powerUserAccess", true);
            int body = StackSetTemplate.synthesize(PropsValues.of(MfaEnforcedGroupProps.class, values))
                    .getBytes(StandardCharsets.UTF_8).length;
            scpMax = Math.max(scpMax, plain);
            scpMin = Math.min(scpMin, plain);
            scpMaxExempt = Math.max(scpMaxExempt, exempt);
            bodyMax = Math.max(bodyMax, body);
            bodyMin = Math.min(bodyMin, body);
            lines.add("\"" + options.toString().replace("\"", "'") + "\"," + plain + "," + exempt + "," + body);
        }
        Files.write(csv, lines, StandardCharsets.UTF_8);
        int limit = MfaEnforcedOrganization.MAX_POLICY_CHARACTERS;
        System.out.printf("%d option combinations (CONSOLE_ONLY is refused for an organization); each in %s%n",
                combinations.size(), csv);
        System.out.printf("SCP, characters with white space: %d to %d without exemptions; at most %d with 5 exempt "
                + "users, 3 administrators and a tag key (%.1f%% of %d)%n", scpMin, scpMax, scpMaxExempt,
                100.0 * scpMaxExempt / limit, limit);
        System.out.printf("StackSet TemplateBody, bytes: %d to %d (%.1f%% of %d)%n", bodyMin, bodyMax,
                100.0 * bodyMax / MfaEnforcedOrganization.MAX_TEMPLATE_BODY_BYTES,
                MfaEnforcedOrganization.MAX_TEMPLATE_BODY_BYTES);

        // Roll-out of 1,000 accounts, one Region: one stack instance per account.
        int maxConcurrent = ACCOUNTS * MfaEnforcedOrganization.DEFAULT_MAX_CONCURRENT_PERCENTAGE / 100;
        int tolerance = ACCOUNTS * MfaEnforcedOrganization.DEFAULT_FAILURE_TOLERANCE_PERCENTAGE / 100;
        int quotaReading = Math.min(maxConcurrent, CONCURRENT_OPERATIONS_QUOTA);
        int olderReading = Math.min(quotaReading, OLDER_COPY_CONCURRENCY_CAP);
        int strictStart = Math.min(olderReading, tolerance + 1);
        System.out.printf("roll-out of %d accounts in one Region: %d stack instances (quota 100,000 per stack set)%n",
                ACCOUNTS, ACCOUNTS);
        System.out.printf("  defaults: %d%% concurrent (%d accounts), %d%% failure tolerance (%d accounts), "
                + "SOFT_FAILURE_TOLERANCE%n", MfaEnforcedOrganization.DEFAULT_MAX_CONCURRENT_PERCENTAGE,
                maxConcurrent, MfaEnforcedOrganization.DEFAULT_FAILURE_TOLERANCE_PERCENTAGE, tolerance);
        rollOut("current quotas page (10,000 concurrent operations per Region)", quotaReading);
        rollOut("older concepts page (100 concurrent instances per stack set)", olderReading);
        rollOut("STRICT_FAILURE_TOLERANCE instead, older page (starts at tolerance + 1)", strictStart);
        System.out.printf("  assumed %.0f minutes per instance (no AWS page gives it); accounts that join later are "
                + "deployed by auto-deployment, which operation preferences do not govern%n",
                ASSUMED_MINUTES_PER_INSTANCE);
    }

    private static void rollOut(String reading, int concurrency) {
        int waves = (ACCOUNTS + concurrency - 1) / concurrency;
        System.out.printf("  %s: %d at once, %d waves, about %.0f minutes%n", reading, concurrency, waves,
                waves * ASSUMED_MINUTES_PER_INSTANCE);
    }
}
