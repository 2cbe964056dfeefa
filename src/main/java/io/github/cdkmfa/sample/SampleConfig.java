package io.github.cdkmfa.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.cdkmfa.MfaEnforcedOrganization;
import io.github.cdkmfa.MfaEnforcement;

import software.amazon.awscdk.Duration;
import software.constructs.Node;

/**
 * The sample app's settings, read from CDK context ({@code cdk.json} or {@code cdk synth -c key=value}).
 *
 * @param groupName context key {@code groupName}: the IAM group's name
 * @param enforcement context key {@code enforcement}: {@code console-and-api} or {@code console-only}
 * @param maxMfaAge context key {@code maxMfaAge}: an ISO-8601 duration such as {@code PT12H}, or {@code none}
 * @param powerUserAccess context key {@code powerUserAccess}: {@code true} or {@code false}
 * @param users context key {@code users}: existing IAM user names, comma-separated or a JSON list
 * @param allowPasswordChangeWithoutMfa context key {@code allowPasswordChangeWithoutMfa}: {@code true} or
 *     {@code false}
 * @param alerts context key {@code alerts}: {@code true} (alerts on sign-ins without MFA and MFA device changes) or
 *     {@code false}
 * @param alertEmail context key {@code alertEmail}: an e-mail address to subscribe to the alerts, or empty for none
 * @param enrolmentInvitation context key {@code enrolmentInvitation}: {@code true} (a first MFA device only while an
 *     administrator has tagged the user with the invitation) or {@code false}
 * @param alertRegions context key {@code alertRegions}: {@code default} (every Region every account has enabled),
 *     {@code none} (no forwarding), or the Regions to forward from, comma-separated; {@code null} stands for
 *     {@code default}
 * @param homeRegion context key {@code homeRegion}: the Region of the stack when alerts are on, where IAM's events
 *     arrive ({@code us-east-1})
 * @param organizationTargets context key {@code organizationTargets}: root and OU ids, comma-separated, to which the
 *     app also deploys the organization's MFA service control policy and group StackSet; empty for none
 */
public record SampleConfig(String groupName, MfaEnforcement enforcement, Duration maxMfaAge, boolean powerUserAccess,
        List<String> users, boolean allowPasswordChangeWithoutMfa, boolean alerts, String alertEmail,
        boolean enrolmentInvitation, List<String> alertRegions, String homeRegion, List<String> organizationTargets) {

    /** Context keys and their values when neither cdk.json nor the command line gives one. */
    static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("groupName", "mfa-enforced-users"),
            Map.entry("enforcement", "console-and-api"), Map.entry("maxMfaAge", "none"),
            Map.entry("powerUserAccess", "true"), Map.entry("users", ""),
            Map.entry("allowPasswordChangeWithoutMfa", "false"), Map.entry("alerts", "true"),
            Map.entry("alertEmail", ""), Map.entry("enrolmentInvitation", "false"),
            Map.entry("alertRegions", "default"), Map.entry("homeRegion", "us-east-1"),
            Map.entry("organizationTargets", ""));

    // A Region name's shape; MfaAlerts checks that the Region exists and where it may be used.
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    private static final Pattern USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    // A first check with the context key's name; MfaAlerts checks the address fully.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /**
     * Read the settings from a construct's context.
     *
     * @param node the app's node
     * @return the settings
     * @throws IllegalArgumentException naming the context key, the value given and what is allowed
     */
    public static SampleConfig fromContext(Node node) {
        return new SampleConfig(text(node, "groupName"), enforcement(text(node, "enforcement")),
                maxMfaAge(text(node, "maxMfaAge")), bool(node, "powerUserAccess"), users(node),
                bool(node, "allowPasswordChangeWithoutMfa"), bool(node, "alerts"), alertEmail(text(node, "alertEmail")),
                bool(node, "enrolmentInvitation"), alertRegions(text(node, "alertRegions")),
                homeRegion(text(node, "homeRegion")), organizationTargets(text(node, "organizationTargets")));
    }

    private static Object raw(Node node, String key) {
        Object value = node.tryGetContext(key);
        return value == null ? DEFAULTS.get(key) : value;
    }

    private static String text(Node node, String key) {
        return String.valueOf(raw(node, key)).trim();
    }

    private static MfaEnforcement enforcement(String value) {
        return switch (value) {
            case "console-and-api" -> MfaEnforcement.CONSOLE_AND_API;
            case "console-only" -> MfaEnforcement.CONSOLE_ONLY;
            default -> throw invalid("enforcement", value, "'console-and-api' (the default) or 'console-only'");
        };
    }

    private static Duration maxMfaAge(String value) {
        if (value.isEmpty() || value.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw invalid("maxMfaAge", value, "'none' or an ISO-8601 duration from PT15M to PT36H, such as PT12H");
        }
    }

    private static boolean bool(Node node, String key) {
        Object value = raw(node, key);
        if (value instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, String.valueOf(value), "true or false");
        };
    }

    private static String alertEmail(String value) {
        if (!value.isEmpty() && !EMAIL.matcher(value).matches()) {
            throw invalid("alertEmail", value, "an e-mail address such as security@example.com, or empty for no "
                    + "subscription");
        }
        return value;
    }

    private static List<String> organizationTargets(String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (String id : value.split(",", -1)) {
            if (!MfaEnforcedOrganization.isTargetId(id.trim())) {
                throw invalid("organizationTargets", value, MfaEnforcedOrganization.TARGET_ID_SHAPES + ", separated "
                        + "by commas, or empty for no organization part (offending id: '" + id.trim() + "')");
            }
            ids.add(id.trim());
        }
        return List.copyOf(ids);
    }

    private static List<String> alertRegions(String value) {
        if (value.equals("default")) {
            return null;
        }
        if (value.equals("none")) {
            return List.of();
        }
        List<String> regions = new ArrayList<>();
        for (String region : value.split(",", -1)) {
            if (!REGION.matcher(region.trim()).matches()) {
                throw invalid("alertRegions", value, "'default' (every Region every account has enabled), 'none' "
                        + "(no forwarding), or Region names separated by commas, such as eu-west-1,ap-east-1 "
                        + "(offending name: '" + region.trim() + "')");
            }
            regions.add(region.trim());
        }
        return List.copyOf(regions);
    }

    private static String homeRegion(String value) {
        if (!REGION.matcher(value).matches()) {
            throw invalid("homeRegion", value, "a Region name: us-east-1 (the default), where IAM delivers its "
                    + "events to EventBridge");
        }
        return value;
    }

    private static List<String> users(Node node) {
        Object value = raw(node, "users");
        List<String> names = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> names.add(String.valueOf(item).trim()));
        } else {
            for (String name : String.valueOf(value).split(",", -1)) {
                names.add(name.trim());
            }
            if (names.size() == 1 && names.get(0).isEmpty()) {
                return List.of();
            }
        }
        for (String name : names) {
            if (!USER_NAME.matcher(name).matches()) {
                throw invalid("users", String.valueOf(value), "existing IAM user names separated by commas, each 1 "
                        + "to 64 letters, digits or + = , . @ _ - (offending name: '" + name + "')");
            }
        }
        return List.copyOf(names);
    }

    private static IllegalArgumentException invalid(String key, String value, String allowed) {
        return new IllegalArgumentException("context key '" + key + "': '" + value + "' is not allowed. Allowed: "
                + allowed + ". Set it in cdk.json under \"context\" or with -c " + key + "=VALUE.");
    }
}
