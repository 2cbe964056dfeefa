package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.Duration;

/** The props values behind the builders, and the data file the exemption rules ship. */
class PropsValuesTest {

    @Test
    void everyPropertyOfEveryPropsInterfaceRoundTripsThroughItsBuilder() throws Exception {
        checkRoundTrip(MfaEnforcedGroupProps.class, MfaEnforcedGroupProps::builder);
        checkRoundTrip(MfaEnforcementPolicyProps.class, MfaEnforcementPolicyProps::builder);
        checkRoundTrip(MfaEnforcementPolicyOptions.class, MfaEnforcementPolicyOptions::builder);
        checkRoundTrip(MfaAlertsProps.class, MfaAlertsProps::builder);
    }

    @Test
    void theBuilderBasesAreSealedToTheLibrarysOwnBuilders() {
        for (Class<?> base : List.of(MfaEnforcementPolicyOptions.BuilderBase.class,
                MfaEnforcementPolicyProps.BuilderBase.class, MfaEnforcedGroupProps.BuilderBase.class,
                MfaAlertsProps.BuilderBase.class, PropsBuilder.class)) {
            assertThat(base.isSealed()).as(base.getName() + " is sealed").isTrue();
            for (Class<?> permitted : base.getPermittedSubclasses()) {
                assertThat(permitted.getPackageName()).as(permitted.getName()).isEqualTo("io.github.cdkmfa");
                assertThat(permitted.isSealed() || java.lang.reflect.Modifier.isFinal(permitted.getModifiers()))
                        .as(permitted.getName() + " is sealed or final").isTrue();
            }
            assertThat(java.util.Arrays.stream(base.getDeclaredConstructors())
                    .filter(c -> !java.lang.reflect.Modifier.isPrivate(c.getModifiers())
                            && (java.lang.reflect.Modifier.isPublic(c.getModifiers())
                                    || java.lang.reflect.Modifier.isProtected(c.getModifiers()))))
                    .as(base.getName() + ": no public or protected constructor").isEmpty();
        }
        for (Class<?> builder : List.of(MfaEnforcedGroup.Builder.class, MfaEnforcementPolicy.Builder.class,
                MfaAlerts.Builder.class, MfaEnforcedGroupProps.Builder.class, MfaEnforcementPolicyProps.Builder.class,
                MfaEnforcementPolicyOptions.Builder.class, MfaAlertsProps.Builder.class)) {
            assertThat(java.lang.reflect.Modifier.isFinal(builder.getModifiers())).as(builder.getName()).isTrue();
        }
    }

    @Test
    void aSetterNamesItsPropertyByTheGetterItCalls() {
        assertThat(PropsValues.propertyOf(MfaEnforcedGroupProps.class, MfaEnforcedGroupProps::getGroupName))
                .isEqualTo("groupName");
        // An option declared by the shared options interface, named through the props type that extends it.
        assertThat(PropsValues.propertyOf(MfaEnforcedGroupProps.class, MfaEnforcementPolicyOptions::getMaxMfaAge))
                .isEqualTo("maxMfaAge");
    }

    @Test
    void failsWhenASetterNamesNoGetter() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PropsValues.propertyOf(MfaEnforcedGroupProps.class,
                (MfaEnforcedGroupProps props) -> "groupName")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must name one getter of MfaEnforcedGroupProps");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PropsValues.propertyOf(MfaEnforcedGroupProps.class,
                (MfaEnforcedGroupProps props) -> props.getGroupName() + props.getPath()))
                .hasMessageContaining("must name one getter");
    }

    @Test
    void aGroupHandsEveryPolicyOptionToItsPolicy() {
        MfaEnforcedGroupProps props = MfaEnforcedGroupProps.builder().enforcement(MfaEnforcement.CONSOLE_ONLY)
                .allowEnrolmentWithAccessKeys(true).allowConsoleUserList(true).groupName("g").build();
        Map<String, Object> options = PropsValues.read(MfaEnforcementPolicyOptions.class, props);
        assertThat(options).containsOnlyKeys("enforcement", "allowEnrolmentWithAccessKeys", "allowConsoleUserList");
        assertThat(PropsValues.of(MfaEnforcementPolicyProps.class, options).getEnforcement())
                .isEqualTo(MfaEnforcement.CONSOLE_ONLY);
    }

    @Test
    void valuesCompareByTheirPropertiesAndShowThem() {
        MfaEnforcedGroupProps a = MfaEnforcedGroupProps.builder().groupName("g").build();
        MfaEnforcedGroupProps b = MfaEnforcedGroupProps.builder().groupName("g").build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b)
                .isNotEqualTo(MfaEnforcedGroupProps.builder().groupName("h").build());
        assertThat(a.toString()).isEqualTo("MfaEnforcedGroupProps{groupName=g}");
    }

    @Test
    void theShippedReadActionsMatchTheIamServiceReference() throws Exception {
        Processes.Result check = Processes.run(new ProcessBuilder("node", "scripts/generate-read-actions.mjs",
                "--check").redirectErrorStream(true), java.time.Duration.ofSeconds(120));
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(Files.readString(Path.of("src/main/resources/io/github/cdkmfa/iam-read-actions.txt")))
                .contains("\ns3 ").contains(" ListAllMyBuckets ").doesNotContain(" PutObject ");
    }

    private static void checkRoundTrip(Class<?> type, Supplier<Object> builder) throws Exception {
        List<String> missing = new ArrayList<>();
        for (Method getter : PropsValues.getters(type)) {
            String property = PropsValues.property(getter);
            Object value = sample(getter.getReturnType());
            Object b = builder.get();
            Method setter = null;
            for (Method m : b.getClass().getMethods()) {
                if (m.getName().equals(property) && m.getParameterCount() == 1
                        && m.getParameterTypes()[0].isInstance(value)) {
                    setter = m;
                }
            }
            if (setter == null) {
                missing.add(type.getSimpleName() + "." + property + ": no builder setter");
                continue;
            }
            setter.invoke(b, value);
            Object built = b.getClass().getMethod("build").invoke(b);
            if (!value.equals(getter.invoke(built))) {
                missing.add(type.getSimpleName() + "." + property + ": set " + value + ", got " + getter.invoke(built));
            }
        }
        assertThat(missing).isEmpty();
    }

    private static Object sample(Class<?> type) {
        if (type == Boolean.class) {
            return Boolean.TRUE;
        }
        if (type == String.class) {
            return "value";
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[type.getEnumConstants().length - 1];
        }
        if (type == Duration.class) {
            return Duration.hours(2);
        }
        if (type == List.class) {
            return List.of();
        }
        if (type.isInterface()) {
            // A construct interface (ITopic, ILogGroup): any instance will do, the value is only handed back.
            return java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> method.getName().equals("equals") ? proxy == args[0] : null);
        }
        throw new AssertionError("no sample value for " + type + ": add one");
    }
}
