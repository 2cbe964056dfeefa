package io.github.cdkmfa;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import software.amazon.awscdk.Duration;

/**
 * Every combination of the policy options, for the checks that must hold whatever a user configures.
 *
 * <p>The options are read from the getters of {@link MfaEnforcementPolicyOptions}, so an option added there is
 * combined with all the others without a change here; an option of a type this class has no values for fails
 * the enumeration with a message that says so.
 */
final class OptionCombinations {
    private OptionCombinations() {
    }

    /**
     * Every valid combination: each option takes every value its type allows (both booleans, every enum
     * constant, no maximum age or the given one, every self-service choice that matters: all, none, all but one;
     * no exemptions or the given ones). The password change without MFA needs PASSWORD, so choices without it
     * skip that option.
     *
     * @param maxMfaAge the maximum age of the combinations that have one
     * @param exemptions the exemptions of the combinations that have some
     * @return the combinations, in a stable order
     */
    static List<MfaEnforcementPolicyOptions> every(Duration maxMfaAge, List<String> exemptions) {
        List<Map<String, Object>> partial = new ArrayList<>();
        partial.add(new HashMap<>());
        for (Map.Entry<String, List<Object>> option : domains(maxMfaAge, exemptions).entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> combination : partial) {
                for (Object value : option.getValue()) {
                    Map<String, Object> extended = new HashMap<>(combination);
                    extended.put(option.getKey(), value);
                    next.add(extended);
                }
            }
            partial = next;
        }
        List<MfaEnforcementPolicyOptions> combinations = new ArrayList<>();
        for (Map<String, Object> values : partial) {
            MfaEnforcementPolicyOptions options = PropsValues.of(MfaEnforcementPolicyOptions.class, values);
            if (valid(options)) {
                combinations.add(options);
            }
        }
        return combinations;
    }

    /**
     * The values each option takes, by property name, derived from the getter's type.
     *
     * @param maxMfaAge the maximum age besides none
     * @param exemptions the exemptions besides none
     * @return the values of every option of {@link MfaEnforcementPolicyOptions}
     */
    static Map<String, List<Object>> domains(Duration maxMfaAge, List<String> exemptions) {
        Map<String, List<Object>> domains = new LinkedHashMap<>();
        for (Method getter : PropsValues.getters(MfaEnforcementPolicyOptions.class)) {
            Type type = getter.getGenericReturnType();
            List<Object> values;
            if (type == Boolean.class) {
                values = List.of(false, true);
            } else if (type instanceof Class<?> c && c.isEnum()) {
                values = List.of(c.getEnumConstants());
            } else if (type == Duration.class) {
                values = Arrays.asList(null, maxMfaAge);
            } else if (listOf(type, SelfService.class)) {
                List<Object> choices = new ArrayList<>();
                choices.add(List.of(SelfService.values()));
                choices.add(List.of());
                for (SelfService off : SelfService.values()) {
                    choices.add(allBut(off));
                }
                values = choices;
            } else if (type == String.class) {
                values = Arrays.asList((Object) null);
            } else if (listOf(type, String.class)) {
                values = List.of(List.of(), exemptions);
            } else {
                throw new IllegalStateException("the option " + PropsValues.property(getter) + " has a type ("
                        + type + ") OptionCombinations has no values for: add them, so that every check over "
                        + "every combination covers it");
            }
            domains.put(PropsValues.property(getter), values);
        }
        return domains;
    }

    /**
     * Fail unless the combinations give every option every value of its domain.
     *
     * @param combinations the combinations a test used
     * @param maxMfaAge the maximum age the combinations were made with
     * @param exemptions the exemptions the combinations were made with
     */
    static void assertEveryValueOfEveryOption(Collection<MfaEnforcementPolicyOptions> combinations,
            Duration maxMfaAge, List<String> exemptions) {
        domains(maxMfaAge, exemptions).forEach((option, domain) -> {
            Set<Object> seen = new LinkedHashSet<>();
            for (MfaEnforcementPolicyOptions options : combinations) {
                Object value = PropsValues.read(MfaEnforcementPolicyOptions.class, options).get(option);
                seen.add(comparable(value == null && domain.contains(false) ? false : value));
            }
            if (!seen.containsAll(domain.stream().map(OptionCombinations::comparable).toList())) {
                throw new AssertionError("option " + option + " takes " + seen + " in the combinations, not every "
                        + "value of " + domain);
            }
        });
    }

    /**
     * Every self-service category but one.
     *
     * @param off the category left out
     * @return the others
     */
    static List<SelfService> allBut(SelfService off) {
        return List.copyOf(EnumSet.complementOf(EnumSet.of(off)));
    }

    /**
     * Policy props with the given options and nothing else.
     *
     * @param options the options
     * @return the props
     */
    static MfaEnforcementPolicyProps policyProps(MfaEnforcementPolicyOptions options) {
        return PropsValues.of(MfaEnforcementPolicyProps.class, PropsValues.read(MfaEnforcementPolicyOptions.class,
                options));
    }

    /**
     * Group props with the given options and further group properties.
     *
     * @param options the options
     * @param properties further properties by name, such as {@code groupName}
     * @return the props
     */
    static MfaEnforcedGroupProps groupProps(MfaEnforcementPolicyOptions options, Map<String, Object> properties) {
        Map<String, Object> values = PropsValues.read(MfaEnforcementPolicyOptions.class, options);
        values.putAll(properties);
        return PropsValues.of(MfaEnforcedGroupProps.class, values);
    }

    /** Durations are jsii objects without value equality: compare them by their seconds. */
    private static Object comparable(Object value) {
        return value instanceof Duration duration ? "Duration.seconds(" + duration.toSeconds() + ")" : value;
    }

    private static boolean valid(MfaEnforcementPolicyOptions options) {
        return !Boolean.TRUE.equals(options.getAllowPasswordChangeWithoutMfa())
                || options.getSelfService().contains(SelfService.PASSWORD);
    }

    private static boolean listOf(Type type, Class<?> element) {
        return type instanceof ParameterizedType p && p.getRawType() == List.class
                && p.getActualTypeArguments()[0] == element;
    }
}
