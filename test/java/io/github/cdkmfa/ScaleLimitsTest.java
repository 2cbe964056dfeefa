package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.iam.AccessKey;
import software.amazon.awscdk.services.iam.User;

/**
 * Synthesis of many groups at the default thread stacks: jsii nests each Java callback of one synthesis on the JVM's
 * stack and each request of one callback on Node's (see {@code StackChecks}). With one validation per stack this
 * app overflowed Node's stack ("RangeError: Maximum call stack size exceeded"); with three validations per group an
 * app of 770 groups overflowed the JVM's.
 */
class ScaleLimitsTest {

    @Test
    void aThousandGroupsInTwoStacksSynthesizeWithTheCompanyAppCheck() throws IOException {
        App app = new App(AppProps.builder().analyticsReporting(false)
                .context(Map.of("@aws-cdk/core:stackResourceLimit", 0)).build());
        for (int s = 0; s < 2; s++) {
            Stack stack = new Stack(app, "Groups" + s);
            for (int g = 0; g < 500; g++) {
                new MfaEnforcedGroup(stack, "Group" + g);
            }
        }
        // The company-app check on the same app, at the default thread stack: as an aspect (one jsii callback per
        // construct) it overflowed the JVM's stack at about 4,000 constructs; as a validation plugin it reads the
        // templates in one callback.
        Stack users = (Stack) app.getNode().findChild("Groups0");
        for (int u = 0; u < 200; u++) {
            User user = User.Builder.create(users, "User" + u).build();
            AccessKey.Builder.create(users, "Key" + u).user(user).build();
            ((MfaEnforcedGroup) users.getNode().findChild("Group" + (u % 500))).addUser(user);
        }
        AccessKey.Builder.create(users, "OutsideKey").user(User.Builder.create(users, "Outside").build()).build();
        Validations.of(app).addPlugins(new MfaEnforcementChecks());
        assertThatThrownBy(app::synth).hasMessageContaining("Validation failed");
        assertThat(constructs(new ObjectMapper().readTree(Path.of(app.getOutdir(), "tree.json").toFile())
                .get("tree"))).as("constructs in the app").isGreaterThan(5_000);
        assertThat(Files.readString(Path.of(app.getOutdir(), "validation-report.json")))
                .contains("IAM user Groups0/Outside/Resource holds an access key").doesNotContain("IAM user Groups0/User");
        @SuppressWarnings("unchecked")
        Map<String, Object> resources = (Map<String, Object>) new ObjectMapper().readValue(
                Path.of(app.getOutdir(), "Groups1.template.json").toFile(), Map.class).get("Resources");
        assertThat(resources.keySet().stream().filter(id -> id.contains("MfaPolicy"))).hasSize(500);
    }

    private static int constructs(JsonNode node) {
        int count = 1;
        for (JsonNode child : node.path("children")) {
            count += constructs(child);
        }
        return count;
    }
}
