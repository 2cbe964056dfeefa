package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Evaluates the state machines' role policies with the IAM policy simulator ({@code test/node/simulate.mjs},
 * {@code @cloud-copilot/iam-simulate}): the automation may remove only the invitation and expiry tags, and write
 * only the expiry tag, whatever else IAM would let a tagging call do; every IAM action it names exists.
 */
class MfaEnrolmentInvitationsGrantsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WORK = Path.of("target", "invitation-grants");
    private static final String ACCOUNT = DecisionTable.ACCOUNT;
    private static final String USER = "arn:aws:iam::" + ACCOUNT + ":user/alice";
    private static final String KEY = MfaEnrolmentInvitations.DEFAULT_TAG_KEY;
    private static final String EXPIRY = KEY + MfaEnrolmentInvitations.EXPIRY_SUFFIX;

    private static final Map<String, Object> POLICIES = new LinkedHashMap<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synthesize() throws Exception {
        PolicySimulator.requireNode();
        Stack stack = TestStacks.stack();
        new MfaEnrolmentInvitations(stack, "Invitations");
        Template.fromStack(stack).findResources("AWS::IAM::Policy").forEach((id, resource) -> {
            for (String machine : List.of("CloseInvitation", "CleanUp")) {
                if (id.startsWith("Invitations" + machine + "RoleDefaultPolicy")) {
                    POLICIES.put(machine, literal(((Map<String, Object>) resource.get("Properties"))
                            .get("PolicyDocument")));
                }
            }
        });
        assertThat(POLICIES).containsOnlyKeys("CloseInvitation", "CleanUp");
    }

    /** The document as IAM receives it in the test account: Fn::Join joined, partition and account filled in. */
    @SuppressWarnings("unchecked")
    private static Object literal(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("Fn::Join") instanceof List<?> join) {
                StringBuilder text = new StringBuilder();
                for (Object part : (List<Object>) join.get(1)) {
                    text.append(literal(part));
                }
                return text.toString();
            }
            if (map.size() == 1 && map.containsKey("Ref")) {
                return switch (String.valueOf(map.get("Ref"))) {
                    case "AWS::Partition" -> "aws";
                    case "AWS::AccountId" -> ACCOUNT;
                    default -> throw new AssertionError("unexpected reference " + map);
                };
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), literal(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(MfaEnrolmentInvitationsGrantsTest::literal).toList();
        }
        return value;
    }

    private static Map<String, Object> request(String id, String machine, String action, String resource,
            Map<String, Object> context) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", id);
        request.put("principal", "arn:aws:iam::" + ACCOUNT + ":role/" + machine + "Role");
        request.put("action", action);
        request.put("resource", resource);
        request.put("accountId", ACCOUNT);
        request.put("context", context);
        request.put("policies", List.of(machine));
        return request;
    }

    private static Map<String, Object> tags(String... keys) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("aws:TagKeys", List.of(keys));
        return context;
    }

    private static Map<String, Object> requestTags(String... keys) {
        Map<String, Object> context = tags(keys);
        for (String key : keys) {
            context.put("aws:RequestTag/" + key, "2026-11-05T10:00:00.000Z");
        }
        return context;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAutomationTouchesOnlyItsOwnTags() throws Exception {
        List<Map<String, Object>> requests = new ArrayList<>();
        Map<String, String> expected = new LinkedHashMap<>();
        for (String machine : List.of("CloseInvitation", "CleanUp")) {
            boolean cleanUp = machine.equals("CleanUp");
            Object[][] rows = {
                {"ListMFADevices", "iam:ListMFADevices", USER, Map.of(), "Allowed"},
                {"ListUserTags", "iam:ListUserTags", USER, Map.of(), "Allowed"},
                {"UntagBoth", "iam:UntagUser", USER, tags(KEY, EXPIRY), "Allowed"},
                {"UntagOtherCase", "iam:UntagUser", USER, tags("MFA-Enrolment-Invitation"), "Allowed"},
                {"UntagAnotherKey", "iam:UntagUser", USER, tags("team"), "ImplicitlyDenied"},
                {"UntagAnotherKeyToo", "iam:UntagUser", USER, tags(KEY, "team"), "ImplicitlyDenied"},
                {"TagExpiry", "iam:TagUser", USER, requestTags(EXPIRY), cleanUp ? "Allowed" : "ImplicitlyDenied"},
                {"TagInvitation", "iam:TagUser", USER, requestTags(KEY), "ImplicitlyDenied"},
                {"TagBoth", "iam:TagUser", USER, requestTags(KEY, EXPIRY), "ImplicitlyDenied"},
                {"ListUsers", "iam:ListUsers", "*", Map.of(), cleanUp ? "Allowed" : "ImplicitlyDenied"},
                {"DeleteUser", "iam:DeleteUser", USER, Map.of(), "ImplicitlyDenied"},
                {"DeactivateMFADevice", "iam:DeactivateMFADevice", USER, Map.of(), "ImplicitlyDenied"},
                {"CreateLoginProfile", "iam:CreateLoginProfile", USER, Map.of(), "ImplicitlyDenied"},
                {"ListRoleTags", "iam:ListRoleTags", "arn:aws:iam::" + ACCOUNT + ":role/admin", Map.of(),
                    "ImplicitlyDenied"}};
            for (Object[] row : rows) {
                String id = machine + "/" + row[0];
                requests.add(request(id, machine, (String) row[1], (String) row[2], (Map<String, Object>) row[3]));
                expected.put(id, (String) row[4]);
            }
        }
        List<String> actions = new ArrayList<>();
        for (Object document : POLICIES.values()) {
            for (Map<String, Object> statement : TestStacks.statements((Map<String, Object>) document)) {
                TestStacks.asList(statement.get("Action")).forEach(a -> actions.add(String.valueOf(a)));
            }
        }

        Files.createDirectories(WORK);
        File in = WORK.resolve("in.json").toFile();
        File out = WORK.resolve("out.json").toFile();
        Files.deleteIfExists(out.toPath());
        JSON.writeValue(in, Map.of(
                "managedPolicies", Map.of("package", PolicySimulator.MANAGED_POLICIES_PACKAGE, "packageVersion",
                        PolicySimulator.MANAGED_POLICIES_PACKAGE_VERSION, "pinned", Map.of()),
                "policies", POLICIES,
                "requests", requests,
                "actionNames", Map.of("checked", actions, "controls", List.of("iam:UntagUsers"))));
        Processes.Result result = Processes.run(new ProcessBuilder("node", "test/node/simulate.mjs", in.getPath(),
                out.getPath()).redirectErrorStream(true), Duration.ofMinutes(5));
        assertThat(result.exitCode()).as("simulate.mjs:\n%s", result.output()).isZero();
        Map<String, Object> output = JSON.readValue(out, Map.class);
        assertThat((Map<String, String>) output.get("decisions")).isEqualTo(expected);
        Map<String, List<String>> names = (Map<String, List<String>>) output.get("actionNames");
        assertThat(names.get("checked")).as("unknown or misspelt actions in the role policies").isEmpty();
        assertThat(names.get("controls")).as("the action check can fail").isNotEmpty();
    }
}
