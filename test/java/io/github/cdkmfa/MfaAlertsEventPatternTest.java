package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.event.ruler.Machine;

/**
 * Matches the synthesized event patterns with AWS's own EventBridge pattern engine (event-ruler) against CloudTrail
 * events shaped as AWS documents them (test resources {@code events/*.json}, each naming the pages its shape comes
 * from), and checks that every input transformer path exists in the events its rule matches.
 */
class MfaAlertsEventPatternTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> PATTERNS = new LinkedHashMap<>();
    private static final Map<String, Map<String, String>> INPUT_PATHS = new LinkedHashMap<>();
    private static Machine machine;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synthesizeRules() throws IOException {
        Stack stack = TestStacks.stack();
        MfaAlerts alerts = new MfaAlerts(stack, "Alerts");
        machine = new Machine();
        for (Rule rule : alerts.getRules()) {
            CfnRule cfn = (CfnRule) rule.getNode().getDefaultChild();
            String name = rule.getNode().getId();
            JsonNode pattern = JSON.valueToTree(stack.resolve(cfn.getEventPattern()));
            PATTERNS.put(name, pattern);
            machine.addRule(name, JSON.writeValueAsString(pattern));
            List<Map<String, Object>> targets = (List<Map<String, Object>>) stack.resolve(cfn.getTargets());
            assertThat(targets).as("targets of %s", name).hasSize(1);
            Map<String, Object> transformer = (Map<String, Object>) targets.get(0).get("inputTransformer");
            assertThat(transformer).as("input transformer of %s", name).isNotNull();
            INPUT_PATHS.put(name, (Map<String, String>) transformer.get("inputPathsMap"));
        }
        assertThat(PATTERNS.keySet()).containsExactly("SignInWithoutMfa", "MfaDeviceChange", "VirtualMfaDeviceChange");
    }

    static JsonNode event(String file) throws IOException {
        try (InputStream in = MfaAlertsEventPatternTest.class.getResourceAsStream("events/" + file + ".json")) {
            assertThat(in).as("test resource events/%s.json", file).isNotNull();
            JsonNode document = JSON.readTree(in);
            assertThat(document.path("shapeDocumentedAt").isArray()).as("%s names its sources", file).isTrue();
            return document.get("event");
        }
    }

    private static List<String> matches(JsonNode event) throws Exception {
        return new ArrayList<>(new TreeSet<>(machine.rulesForEvent(JSON.writeValueAsString(event))));
    }

    @ParameterizedTest(name = "{0} -> [{1}]")
    @CsvSource(delimiter = '|', value = {
        // Alerts
        "signin-iam-user-without-mfa|SignInWithoutMfa",
        "signin-iam-user-without-mfa-user-guide-spelling|SignInWithoutMfa",
        "iam-enable-mfa-device|MfaDeviceChange",
        "iam-deactivate-mfa-device|MfaDeviceChange",
        "iam-resync-mfa-device|MfaDeviceChange",
        "iam-create-virtual-mfa-device|VirtualMfaDeviceChange",
        "iam-delete-virtual-mfa-device|VirtualMfaDeviceChange",
        // Quiet
        "signin-iam-user-with-mfa|",
        "signin-iam-user-failure|",
        "signin-identity-center-user|",
        "signin-root-user-without-mfa|",
        "iam-deactivate-mfa-device-access-denied|",
        "iam-create-user|",
        "sts-get-session-token|"})
    void alertsFireExactlyForTheEventsTheyAreFor(String file, String expectedRule) throws Exception {
        List<String> expected = expectedRule == null ? List.of() : List.of(expectedRule);
        assertThat(matches(event(file))).as("rules matching %s", file).isEqualTo(expected);
    }

    @Test
    void signInRuleDoesNotDependOnTheDetailTypeSpelling() throws Exception {
        // The user guide's "AWS Console Signin via CloudTrail" and the delivered "AWS Console Sign In via
        // CloudTrail" must both match; so must any future spelling, since the pattern names none.
        assertThat(PATTERNS.get("SignInWithoutMfa").has("detail-type")).isFalse();
        JsonNode event = event("signin-iam-user-without-mfa").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) event).put("detail-type", "Another spelling");
        assertThat(matches(event)).containsExactly("SignInWithoutMfa");
    }

    @Test
    void signInWithoutAnMfaFieldStillAlertsAsCloudWatch3Does() throws Exception {
        // CloudWatch.3's filter says MFAUsed != "Yes"; an MFAUsed value other than Yes alerts.
        JsonNode event = event("signin-iam-user-without-mfa").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("detail").get("additionalEventData"))
                .put("MFAUsed", "Unknown");
        assertThat(matches(event)).containsExactly("SignInWithoutMfa");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SignInWithoutMfa|signin-iam-user-without-mfa",
        "SignInWithoutMfa|signin-iam-user-without-mfa-user-guide-spelling",
        "MfaDeviceChange|iam-enable-mfa-device",
        "MfaDeviceChange|iam-deactivate-mfa-device",
        "MfaDeviceChange|iam-resync-mfa-device",
        "VirtualMfaDeviceChange|iam-create-virtual-mfa-device",
        "VirtualMfaDeviceChange|iam-delete-virtual-mfa-device"})
    void everyInputPathExistsInTheEventsItsRuleMatches(String rule, String file) throws Exception {
        JsonNode event = event(file);
        assertThat(matches(event)).contains(rule);
        Map<String, String> paths = INPUT_PATHS.get(rule);
        assertThat(paths).isNotEmpty();
        paths.forEach((variable, path) -> assertThat(valueAt(event, path))
                .as("<%s> = %s in %s", variable, path, file).isNotNull());
    }

    @Test
    void messagesSayWhoWhatOnWhichUserFromWhereAndWhen() {
        assertThat(INPUT_PATHS.get("SignInWithoutMfa")).containsValues("$.detail.userIdentity.userName",
                "$.detail.userIdentity.arn", "$.detail.sourceIPAddress", "$.detail.eventTime",
                "$.detail.additionalEventData.MFAUsed");
        assertThat(INPUT_PATHS.get("MfaDeviceChange")).containsValues("$.detail.eventName",
                "$.detail.requestParameters.userName", "$.detail.requestParameters.serialNumber",
                "$.detail.userIdentity.arn", "$.detail.sourceIPAddress", "$.detail.eventTime");
        assertThat(INPUT_PATHS.get("VirtualMfaDeviceChange")).containsValues("$.detail.eventName",
                "$.detail.userIdentity.arn", "$.detail.sourceIPAddress", "$.detail.eventTime");
    }

    @Test
    void pathEvaluatorFindsNothingWhereTheEventHasNothing() throws IOException {
        // The check above is only as good as valueAt: a path the event lacks must give null.
        JsonNode event = event("iam-create-virtual-mfa-device");
        assertThat(valueAt(event, "$.detail.requestParameters.userName")).isNull();
        assertThat(valueAt(event, "$.detail.requestParameters.virtualMFADeviceName")).isEqualTo("frank-phone");
    }

    /** The scalar at a simple JSONPath ($.a.b.c), as EventBridge's input transformer reads it; null if absent. */
    static String valueAt(JsonNode event, String path) {
        assertThat(path).startsWith("$.");
        JsonNode node = event;
        for (String part : path.substring(2).split("\\.")) {
            node = node.get(part);
            if (node == null || node.isNull()) {
                return null;
            }
        }
        return node.isValueNode() ? node.asText() : null;
    }
}
