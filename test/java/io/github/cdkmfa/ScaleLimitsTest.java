package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * Synthesis of many groups at the default thread stacks: jsii nests each Java callback of one synthesis on the JVM's
 * stack and each request of one callback on Node's (see {@code StackChecks}). With one validation per stack this
 * app overflowed Node's stack ("RangeError: Maximum call stack size exceeded"); with three validations per group an
 * app of 770 groups overflowed the JVM's.
 */
class ScaleLimitsTest {

    @Test
    void aThousandGroupsInTwoStacksSynthesize() {
        App app = new App(AppProps.builder().analyticsReporting(false)
                .context(Map.of("@aws-cdk/core:stackResourceLimit", 0)).build());
        for (int s = 0; s < 2; s++) {
            Stack stack = new Stack(app, "Groups" + s);
            for (int g = 0; g < 500; g++) {
                new MfaEnforcedGroup(stack, "Group" + g);
            }
        }
        CloudAssembly assembly = app.synth();
        assertThat(assembly.getStacks()).hasSize(2);
        @SuppressWarnings("unchecked")
        Map<String, Object> resources = (Map<String, Object>) ((Map<String, Object>) assembly.getStackByName("Groups1")
                .getTemplate()).get("Resources");
        assertThat(resources.keySet().stream().filter(id -> id.contains("MfaPolicy"))).hasSize(500);
    }
}
