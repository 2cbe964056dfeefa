package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Recognises an MFA enforcement policy by what it will deploy: its document's Deny of everything but the enrolment
 * actions while {@code aws:MultiFactorAuthPresent} is false.
 *
 * <p>A document counts when one of its statements has the shape of {@link MfaPolicyStatements}' main Deny, whatever
 * its Sid: {@code "Effect": "Deny"}, {@code "Resource": "*"}, a {@code NotAction} list of named actions, no
 * {@code Action} or {@code Principal}, and as its only condition
 * {@code {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}} (every request without MFA, long-term keys
 * included: {@link MfaEnforcement#CONSOLE_AND_API}) or {@code {"Bool": ...}} (requests that carry the key as false,
 * which requests signed with long-term keys do not: {@link MfaEnforcement#CONSOLE_ONLY}). Every action it lets
 * through must be an enrolment or password action of the library, or an exemption {@link ExemptActionRules}
 * accepts; a document whose Deny lets through anything more (a wildcard, a write action added by an override) does
 * not count. The document is judged as synthesized, after overrides, so a policy an override has weakened is not
 * counted, and a policy written by hand in that shape is.
 */
final class MfaPolicyDocuments {
    /** How much of a member's access a policy puts behind MFA. */
    enum Level {
        NONE, CONSOLE_ONLY, CONSOLE_AND_API
    }

    private static final Set<String> LIBRARY_ACTIONS = new HashSet<>();

    static {
        for (String action : MfaPolicyStatements.ENROLMENT_ACTIONS) {
            LIBRARY_ACTIONS.add(action.toLowerCase(Locale.ROOT));
        }
        for (String action : MfaPolicyStatements.PASSWORD_CHANGE_ACTIONS) {
            LIBRARY_ACTIONS.add(action.toLowerCase(Locale.ROOT));
        }
        LIBRARY_ACTIONS.add("iam:listusers");
    }

    private MfaPolicyDocuments() {
    }

    /**
     * How the document enforces MFA.
     *
     * @param document a policy document as synthesized
     * @return the strongest level one of its statements gives
     */
    static Level level(Object document) {
        Level best = Level.NONE;
        if (document instanceof Map<?, ?> map) {
            for (Object statement : asList(map.get("Statement"))) {
                Level level = statementLevel(statement);
                if (level.compareTo(best) > 0) {
                    best = level;
                }
            }
        }
        return best;
    }

    private static Level statementLevel(Object statement) {
        if (!(statement instanceof Map<?, ?> map) || !"Deny".equals(map.get("Effect")) || map.containsKey("Action")
                || map.containsKey("Principal") || map.containsKey("NotPrincipal") || map.containsKey("NotResource")
                || !asList(map.get("Resource")).equals(List.of("*"))) {
            return Level.NONE;
        }
        if (!(map.get("Condition") instanceof Map<?, ?> condition) || condition.size() != 1) {
            return Level.NONE;
        }
        Map.Entry<?, ?> only = condition.entrySet().iterator().next();
        if (!(only.getValue() instanceof Map<?, ?> keys) || keys.size() != 1
                || !(keys.get("aws:MultiFactorAuthPresent") != null
                        && asList(keys.get("aws:MultiFactorAuthPresent")).stream().map(String::valueOf)
                                .allMatch("false"::equalsIgnoreCase))) {
            return Level.NONE;
        }
        Level level = switch (String.valueOf(only.getKey())) {
            case "BoolIfExists" -> Level.CONSOLE_AND_API;
            case "Bool" -> Level.CONSOLE_ONLY;
            default -> Level.NONE;
        };
        List<Object> notActions = asList(map.get("NotAction"));
        if (notActions.isEmpty()) {
            return Level.NONE;
        }
        for (Object action : notActions) {
            if (!(action instanceof String name) || !acceptedExemption(name)) {
                return Level.NONE;
            }
        }
        return level;
    }

    private static boolean acceptedExemption(String action) {
        if (LIBRARY_ACTIONS.contains(action.toLowerCase(Locale.ROOT))) {
            return true;
        }
        try {
            ExemptActionRules.check(List.of(action));
            return true;
        } catch (IllegalArgumentException refused) {
            return false;
        }
    }

    private static List<Object> asList(Object value) {
        List<Object> list = new ArrayList<>();
        if (value instanceof List<?> items) {
            list.addAll(items);
        } else if (value != null) {
            list.add(value);
        }
        return list;
    }
}
