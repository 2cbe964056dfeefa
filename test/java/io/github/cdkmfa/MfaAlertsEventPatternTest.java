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

import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.event.ruler.Machine;

/**
 * Matches the synthesized event patterns with AWS's own EventBridge pattern engine (event-ruler) against CloudTrail
 * events shaped as AWS documents them (test resources {@code events/*.json}, each naming the pages its shape comes
 * from), checks that every input transformer path exists in the events its rule matches, and follows sign-ins from
 * each of the 17 default Regions through a forwarding rule to the home Region's rules.
 */
class MfaAlertsEventPatternTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> PATTERNS = new LinkedHashMap<>();
    private static final Map<String, Map<String, String>> INPUT_PATHS = new LinkedHashMap<>();
    private static Machine machine;
    private static Machine forwarding;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synthesizeRules() throws IOException {
        Stack stack = new Stack(TestStacks.app(), "Alerts", StackProps.builder().env(Environment.builder()
                .account("111122223333").region("us-east-1").build()).build());
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
        assertThat(PATTERNS.keySet()).containsExactly("SignInWithoutMfa", "FederatedSignInWithoutMfa",
                "FailedSignInWithMfa", "RegionEnabled", "MfaDeviceChange", "MfaDeviceChangeOnCaller",
                "VirtualMfaDeviceChange", "PasswordChange", "PasswordChangeOnCaller", "AccessKeyCreated",
                "EnrolmentInvitation");
        // Every forwarder has the same rules; the first one's stand for all.
        MfaAlertsForwarding forwarder = alerts.getForwarders().get(0);
        forwarding = new Machine();
        for (Rule rule : forwarder.getRules()) {
            CfnRule cfn = (CfnRule) rule.getNode().getDefaultChild();
            forwarding.addRule(rule.getNode().getId(),
                    JSON.writeValueAsString(Stack.of(forwarder).resolve(cfn.getEventPattern())));
        }
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

    /** Each fixture and the one rule it must fire (none: quiet). */
    static final String[] EXPECTED = {
        // Alerts
        "signin-iam-user-without-mfa|SignInWithoutMfa",
        "signin-iam-user-without-mfa-user-guide-spelling|SignInWithoutMfa",
        "signin-iam-user-no-mfa-field|SignInWithoutMfa",
        "signin-federated-user-without-mfa|FederatedSignInWithoutMfa",
        "signin-federated-user-mfa-used-no|FederatedSignInWithoutMfa",
        "signin-iam-user-failure-at-mfa|FailedSignInWithMfa",
        "account-enable-region|RegionEnabled",
        "iam-enable-mfa-device|MfaDeviceChange",
        "iam-deactivate-mfa-device|MfaDeviceChange",
        "iam-resync-mfa-device|MfaDeviceChange",
        "iam-deactivate-mfa-device-no-user-name|MfaDeviceChangeOnCaller",
        "iam-create-virtual-mfa-device|VirtualMfaDeviceChange",
        "iam-delete-virtual-mfa-device|VirtualMfaDeviceChange",
        "iam-create-login-profile|PasswordChange",
        "iam-update-login-profile|PasswordChange",
        "iam-create-login-profile-no-user-name|PasswordChangeOnCaller",
        "iam-create-access-key|AccessKeyCreated",
        "iam-create-access-key-own|AccessKeyCreated",
        "iam-tag-user-invitation|EnrolmentInvitation",
        "iam-create-user-invited|EnrolmentInvitation",
        // Quiet look-alikes
        "signin-iam-user-with-mfa|",
        "signin-iam-user-failure|",
        "signin-identity-center-user|",
        "signin-root-user-without-mfa|",
        "iam-deactivate-mfa-device-access-denied|",
        "iam-create-access-key-access-denied|",
        "iam-tag-user-other-tag|",
        "iam-create-user|",
        "sts-get-session-token|"};

    static String[] expected() {
        return EXPECTED;
    }

    @ParameterizedTest(name = "{0} -> [{1}]")
    @org.junit.jupiter.params.provider.MethodSource("expected")
    void alertsFireExactlyForTheEventsTheyAreFor(String line) throws Exception {
        String[] parts = line.split("\\|", -1);
        alertsFireExactly(parts[0], parts[1].isEmpty() ? null : parts[1]);
    }

    @Test
    void everyFixtureIsListedAndEveryRuleHasAFixture() throws IOException {
        java.util.Set<String> listed = new TreeSet<>();
        java.util.Set<String> fired = new TreeSet<>();
        for (String line : EXPECTED) {
            String[] parts = line.split("\\|", -1);
            listed.add(parts[0]);
            if (!parts[1].isEmpty()) {
                fired.add(parts[1]);
            }
        }
        java.util.Set<String> files = new TreeSet<>();
        try (var stream = java.nio.file.Files.list(java.nio.file.Path.of(
                "test/resources/io/github/cdkmfa/events"))) {
            stream.forEach(path -> files.add(path.getFileName().toString().replace(".json", "")));
        }
        assertThat(listed).isEqualTo(files);
        assertThat(fired).isEqualTo(PATTERNS.keySet().stream().collect(java.util.stream.Collectors.toCollection(
                TreeSet::new)));
    }
    private static void alertsFireExactly(String file, String expectedRule) throws Exception {
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

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("expected")
    void everyInputPathExistsInTheEventsItsRuleMatches(String line) throws Exception {
        String file = line.split("\\|", -1)[0];
        JsonNode event = event(file);
        for (String rule : matches(event)) {
            Map<String, String> paths = INPUT_PATHS.get(rule);
            assertThat(paths).isNotEmpty();
            paths.forEach((variable, path) -> assertThat(valueAt(event, path))
                    .as("<%s> = %s in %s", variable, path, file).isNotNull());
        }
    }

    @Test
    void messagesNameTheAccountAndRegionFromInsideDetail() {
        // The envelope's account and region are not documented for events forwarded from another bus.
        INPUT_PATHS.forEach((rule, paths) -> assertThat(paths.values()).as(rule)
                .contains("$.detail.recipientAccountId", "$.detail.awsRegion")
                .doesNotContain("$.account", "$.region"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"us-east-1", "us-east-2", "us-west-1", "us-west-2",
        "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
        "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "sa-east-1"})
    void aSignInRecordedInEachDefaultRegionIsForwardedAndAlertsOnTheHomeBus(String region) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode event =
                (com.fasterxml.jackson.databind.node.ObjectNode) event("signin-iam-user-without-mfa").deepCopy();
        event.put("region", region);
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("detail")).put("awsRegion", region);
        assertThat(forwarding.rulesForEvent(JSON.writeValueAsString(event))).containsExactly("ForwardSignIns");
        // It arrives on the home bus with its original account and region (the home Region's own events too).
        assertThat(matches(event)).containsExactly("SignInWithoutMfa");
        assertThat(valueAt(event, "$.detail.awsRegion")).isEqualTo(region);
    }

    @ParameterizedTest
    @CsvSource({"iam-deactivate-mfa-device", "iam-create-access-key", "iam-tag-user-invitation",
        "account-enable-region", "iam-create-login-profile-no-user-name"})
    void theIamAndAccountCallsTheAlertsLookAtAreForwarded(String file) throws Exception {
        assertThat(forwarding.rulesForEvent(JSON.writeValueAsString(event(file))))
                .containsExactly("ForwardIamAndAccountCalls");
    }

    @ParameterizedTest
    @CsvSource({"sts-get-session-token", "iam-create-user-invited"})
    void otherCallsAreForwardedOnlyWhenARuleLooksAtThem(String file) throws Exception {
        // CreateUser is forwarded (a user born with the invitation tag alerts); GetSessionToken is not.
        List<String> rules = forwarding.rulesForEvent(JSON.writeValueAsString(event(file)));
        assertThat(rules).isEqualTo(file.startsWith("sts") ? List.of() : List.of("ForwardIamAndAccountCalls"));
    }

    @Test
    void messagesSayWhoWhatOnWhichUserFromWhereAndWhen() {
        assertThat(INPUT_PATHS.get("SignInWithoutMfa")).containsValues("$.detail.userIdentity.userName",
                "$.detail.userIdentity.arn", "$.detail.sourceIPAddress", "$.detail.eventTime")
                // MFAUsed may be missing, and a missing path is left out of the message.
                .doesNotContainValue("$.detail.additionalEventData.MFAUsed");
        assertThat(INPUT_PATHS.get("AccessKeyCreated")).containsValues("$.detail.responseElements.accessKey.userName",
                "$.detail.userIdentity.arn");
        assertThat(INPUT_PATHS.get("MfaDeviceChangeOnCaller")).doesNotContainValue(
                "$.detail.requestParameters.userName");
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

    /**
     * The value at a simple JSONPath ($.a.b.c), as EventBridge's input transformer reads it (a scalar, or an object as
     * JSON text); null if absent or null.
     */
    static String valueAt(JsonNode event, String path) {
        assertThat(path).startsWith("$.");
        JsonNode node = event;
        for (String part : path.substring(2).split("\\.")) {
            node = node.get(part);
            if (node == null || node.isNull()) {
                return null;
            }
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
