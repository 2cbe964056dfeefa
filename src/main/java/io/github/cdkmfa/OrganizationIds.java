package io.github.cdkmfa;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

import software.amazon.awscdk.Token;

/**
 * Synth-time checks of the roots and OUs an organization construct targets, against the shapes of the AWS APIs that
 * receive them: Organizations AttachPolicy's {@code TargetId}
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html) and CloudFormation's
 * {@code DeploymentTargets.OrganizationalUnitIds}
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html).
 */
final class OrganizationIds {
    static final Pattern ROOT = Pattern.compile("r-[0-9a-z]{4,32}");
    static final Pattern ORGANIZATIONAL_UNIT = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
    /** The most OUs one CreateStackInstances call takes (CloudFormation API reference, CreateStackInstances). */
    static final int MAX_TARGETS = 50;
    static final String ALLOWED = "root ids (r- and 4 to 32 lower-case letters or digits, such as r-ab12) and OU ids "
            + "(ou-, 4 to 32 lower-case letters or digits, '-', 8 to 32 lower-case letters or digits, such as "
            + "ou-ab12-34cd56ef)";

    private OrganizationIds() {
    }

    /**
     * Check the target ids; throw for the first that is wrong.
     *
     * @param property the property's name, for the message
     * @param ids the ids given
     * @return the distinct ids in the order given
     */
    static List<String> check(String property, List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw new IllegalArgumentException(property + ": " + (ids == null ? "not given" : "[] (empty)")
                    + ". Allowed: at least one of " + ALLOWED + ". Without a target the policy and the group reach "
                    + "no account.");
        }
        for (String id : ids) {
            if (id == null || Token.isUnresolved(id)
                    || !(ROOT.matcher(id).matches() || ORGANIZATIONAL_UNIT.matcher(id).matches())) {
                throw new IllegalArgumentException(property + ": '" + id + "' (in " + ids + ") is not allowed. "
                        + "Allowed: " + ALLOWED + ", written out. Account ids are not targets: the StackSet reaches "
                        + "accounts through their OU, including accounts that join later.");
            }
        }
        List<String> distinct = List.copyOf(new LinkedHashSet<>(ids));
        if (distinct.size() > MAX_TARGETS) {
            throw new IllegalArgumentException(property + ": " + distinct.size() + " roots and OUs given. Allowed: at "
                    + "most " + MAX_TARGETS + ", the most one CreateStackInstances call takes "
                    + "(https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackInstances.html)."
                    + " Target a parent OU, or the root, instead of its children.");
        }
        return distinct;
    }
}
