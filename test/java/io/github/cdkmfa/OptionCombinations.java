package io.github.cdkmfa;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import software.amazon.awscdk.Duration;

/**
 * Combinations of the policy options, for the checks that must hold whatever a user configures.
 *
 * <p>{@link #every} is the full cross product: it doubles with each boolean option, so only the security
 * invariants of the policy document use it, where any interaction of options could open a hole.
 * {@link #pairwise} covers every pair of values of any two options in a few combinations and grows slowly with
 * each option: the checks whose outcome options decide one at a time (logical ids, create-only values) use it.
 *
 * <p>The options are read from the getters of {@link MfaEnforcementPolicyOptions}, so an option added there is
 * combined with all the others without a change here; an option of a type this class has no values for fails
 * the enumeration with a message that says so.
 */
final class OptionCombinations {
    private static final Map<Duration, String> SECONDS = Collections.synchronizedMap(new IdentityHashMap<>());

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
     * Combinations in which every pair of values of any two options occurs at least once (a pairwise covering
     * array), so every value of every option occurs too. Only valid combinations, and only pairs that some valid
     * combination has: chosen greedily from {@link #every}, each step taking the combination that covers the most
     * pairs not covered yet (the first such in {@link #every}'s order, so the result is stable).
     *
     * @param maxMfaAge the maximum age of the combinations that have one
     * @param exemptions the exemptions of the combinations that have some
     * @return the combinations, in the order chosen
     */
    static List<MfaEnforcementPolicyOptions> pairwise(Duration maxMfaAge, List<String> exemptions) {
        List<MfaEnforcementPolicyOptions> candidates = every(maxMfaAge, exemptions);
        List<String> options = new ArrayList<>(domains(maxMfaAge, exemptions).keySet());
        List<Set<String>> pairsOf = new ArrayList<>();
        Set<String> uncovered = new LinkedHashSet<>();
        for (MfaEnforcementPolicyOptions candidate : candidates) {
            Set<String> pairs = pairs(options, candidate);
            pairsOf.add(pairs);
            uncovered.addAll(pairs);
        }
        List<MfaEnforcementPolicyOptions> chosen = new ArrayList<>();
        while (!uncovered.isEmpty()) {
            int best = -1;
            long bestGain = 0;
            for (int i = 0; i < candidates.size(); i++) {
                long gain = pairsOf.get(i).stream().filter(uncovered::contains).count();
                if (gain > bestGain) {
                    best = i;
                    bestGain = gain;
                }
            }
            chosen.add(candidates.get(best));
            uncovered.removeAll(pairsOf.get(best));
        }
        return chosen;
    }

    /**
     * Fail unless every pair of values of any two options that the full cross product has also occurs in the
     * given combinations.
     *
     * @param combinations the combinations a test used
     * @param maxMfaAge the maximum age the combinations were made with
     * @param exemptions the exemptions the combinations were made with
     */
    static void assertEveryPairOfValues(Collection<MfaEnforcementPolicyOptions> combinations, Duration maxMfaAge,
            List<String> exemptions) {
        List<String> options = new ArrayList<>(domains(maxMfaAge, exemptions).keySet());
        Set<String> missing = new LinkedHashSet<>();
        every(maxMfaAge, exemptions).forEach(c -> missing.addAll(pairs(options, c)));
        combinations.forEach(c -> missing.removeAll(pairs(options, c)));
        if (!missing.isEmpty()) {
            throw new AssertionError(missing.size() + " pairs of option values occur in no combination: " + missing);
        }
    }

    /** The pairs of option values of one combination, each as {@code option=value&option=value}. */
    private static Set<String> pairs(List<String> options, MfaEnforcementPolicyOptions combination) {
        Map<String, Object> values = PropsValues.read(MfaEnforcementPolicyOptions.class, combination);
        Set<String> pairs = new LinkedHashSet<>();
        for (int i = 0; i < options.size(); i++) {
            for (int j = i + 1; j < options.size(); j++) {
                pairs.add(options.get(i) + "=" + comparable(values.get(options.get(i))) + "&" + options.get(j) + "="
                        + comparable(values.get(options.get(j))));
            }
        }
        return pairs;
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
        return MfaEnforcementPolicyProps.builder().options(options).build();
    }

    /**
     * Group props with the given options and further group properties.
     *
     * @param options the options
     * @param properties sets further properties, such as {@code b -> b.groupName("developers")}
     * @return the props
     */
    static MfaEnforcedGroupProps groupProps(MfaEnforcementPolicyOptions options,
            UnaryOperator<MfaEnforcedGroupProps.Builder> properties) {
        return properties.apply(MfaEnforcedGroupProps.builder().options(options)).build();
    }

    /**
     * Durations are jsii objects without value equality: compare them by their seconds, asked once per object (each
     * question is a call into Node.js, and the combinations share one object).
     */
    private static Object comparable(Object value) {
        return value instanceof Duration duration
                ? SECONDS.computeIfAbsent(duration, d -> "Duration.seconds(" + d.toSeconds() + ")") : value;
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
