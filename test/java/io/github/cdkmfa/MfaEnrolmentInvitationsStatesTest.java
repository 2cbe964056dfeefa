package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Runs the synthesized state machine definitions of {@link MfaEnrolmentInvitations} with their JSONata evaluated by
 * the jsonata package, against an in-memory model of the IAM calls ({@code test/node/states.mjs}, which says what
 * it shows and what it does not: no Step Functions, no real IAM). The enrolment events are the documented CloudTrail
 * shapes of the event-pattern tests.
 */
class MfaEnrolmentInvitationsStatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("test", "node", "states.mjs");
    private static final Path WORK = Path.of("target", "invitation-states");
    private static final String KEY = MfaEnrolmentInvitations.DEFAULT_TAG_KEY;
    private static final String EXPIRY = KEY + MfaEnrolmentInvitations.EXPIRY_SUFFIX;
    private static final String NOW = "2026-11-02T10:00:00.000Z";
    /** NOW plus the default validity of three days, as the clean-up must write it. */
    private static final String NOW_PLUS_VALIDITY = "2026-11-05T10:00:00.000Z";

    private static Map<String, Object> closeInvitation;
    private static Map<String, Object> cleanUp;

    @BeforeAll
    static void synthesize() throws Exception {
        PolicySimulator.requireNode();
        Stack stack = TestStacks.stack();
        new MfaEnrolmentInvitations(stack, "Invitations");
        Map<String, Map<String, Object>> machines = Template.fromStack(stack)
                .findResources("AWS::StepFunctions::StateMachine");
        for (Map.Entry<String, Map<String, Object>> machine : machines.entrySet()) {
            Map<String, Object> definition = definition(machine.getValue());
            if (machine.getKey().startsWith("InvitationsCloseInvitation")) {
                closeInvitation = definition;
            } else if (machine.getKey().startsWith("InvitationsCleanUp")) {
                cleanUp = definition;
            }
        }
        assertThat(closeInvitation).as("CloseInvitation in %s", machines.keySet()).isNotNull();
        assertThat(cleanUp).as("CleanUp in %s", machines.keySet()).isNotNull();
    }

    /** The definition as Step Functions receives it in the aws partition: the template's Fn::Join joined. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> definition(Map<String, Object> resource) throws IOException {
        Object body = ((Map<String, Object>) resource.get("Properties")).get("DefinitionString");
        StringBuilder text = new StringBuilder();
        if (body instanceof String plain) {
            text.append(plain);
        } else {
            List<Object> parts = (List<Object>) ((List<Object>) ((Map<String, Object>) body).get("Fn::Join")).get(1);
            for (Object part : parts) {
                if (part instanceof String s) {
                    text.append(s);
                } else if (Map.of("Ref", "AWS::Partition").equals(part)) {
                    text.append("aws");
                } else {
                    throw new AssertionError("unexpected token in the definition: " + part);
                }
            }
        }
        return JSON.readValue(text.toString(), Map.class);
    }

    private static Map<String, Object> user(int devices, String... tags) {
        List<Map<String, String>> list = new ArrayList<>();
        for (int i = 0; i < tags.length; i += 2) {
            list.add(Map.of("Key", tags[i], "Value", tags[i + 1]));
        }
        return Map.of("tags", list, "devices", devices);
    }

    private static Map<String, Object> testCase(String id, Object input, Map<String, Object> users) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("input", input);
        c.put("enteredTime", NOW);
        c.put("users", users);
        return c;
    }

    /** Run one definition over cases; the report of each case by id. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> run(Map<String, Object> definition,
            List<Map<String, Object>> cases) throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        File in = WORK.resolve("in.json").toFile();
        File out = WORK.resolve("out.json").toFile();
        Files.deleteIfExists(out.toPath());
        JSON.writeValue(in, Map.of("definition", definition, "cases", cases));
        Processes.Result result = Processes.run(new ProcessBuilder("node", SCRIPT.toString(), in.getPath(),
                out.getPath()).redirectErrorStream(true), Duration.ofMinutes(2));
        assertThat(result.exitCode()).as("node %s:\n%s", SCRIPT, result.output()).isZero();
        return (Map<String, Map<String, Object>>) JSON.readValue(out, Map.class).get("cases");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> tagsOf(Map<String, Object> report, String user) {
        return (List<Map<String, String>>) ((Map<String, Map<String, Object>>) report.get("users")).get(user)
                .get("tags");
    }

    private static List<String> keysOf(Map<String, Object> report, String user) {
        return tagsOf(report, user).stream().map(t -> t.get("Key")).toList();
    }

    private static ObjectNode enrolment(String file) throws IOException {
        return (ObjectNode) MfaAlertsEventPatternTest.event(file).deepCopy();
    }

    @Test
    void enrolmentClosesTheInvitationOnlyWhenTheUserEnrolledItselfAndHasADevice() throws Exception {
        ObjectNode onItself = enrolment("iam-enable-mfa-device-self");
        ObjectNode withoutUserName = enrolment("iam-enable-mfa-device-self");
        ((ObjectNode) withoutUserName.get("detail").get("requestParameters")).remove("userName");
        ObjectNode failed = enrolment("iam-enable-mfa-device-self");
        ((ObjectNode) failed.get("detail")).put("errorCode", "InvalidAuthenticationCode");
        ObjectNode byRole = enrolment("iam-enable-mfa-device-self");
        ((ObjectNode) byRole.get("detail").get("userIdentity")).put("type", "AssumedRole");
        ObjectNode otherCase = enrolment("iam-enable-mfa-device-self");
        ((ObjectNode) otherCase.get("detail").get("requestParameters")).put("userName", "Erin");

        Map<String, Object> invited = user(1, KEY, "erin", EXPIRY, NOW_PLUS_VALIDITY, "team", "payments");
        Map<String, Object> erinAndFrank = Map.of("erin", invited, "frank", user(1, KEY, "frank"));
        List<Map<String, Object>> cases = List.of(
                testCase("self", onItself, Map.of("erin", invited)),
                testCase("selfWithoutUserName", withoutUserName, Map.of("erin", invited)),
                testCase("selfKeyInOtherCase", onItself, Map.of("erin", user(1, "MFA-Enrolment-Invitation", "erin"))),
                testCase("selfNoDeviceYet", onItself, Map.of("erin", user(0, KEY, "erin"))),
                testCase("selfNotInvited", onItself, Map.of("erin", user(1, "team", "payments"))),
                testCase("otherUser", MfaAlertsEventPatternTest.event("iam-enable-mfa-device"), erinAndFrank),
                testCase("failedCall", failed, Map.of("erin", invited)),
                testCase("byRole", byRole, Map.of("erin", invited)),
                testCase("userNameInOtherCase", otherCase, Map.of("erin", invited)));
        Map<String, Map<String, Object>> reports = run(closeInvitation, cases);
        reports.forEach((id, report) -> assertThat(report.get("error")).as("error in %s", id).isNull());

        assertThat(keysOf(reports.get("self"), "erin")).as("self").containsExactly("team");
        assertThat(keysOf(reports.get("selfWithoutUserName"), "erin")).containsExactly("team");
        assertThat(keysOf(reports.get("selfKeyInOtherCase"), "erin")).isEmpty();
        // The first step of a security key registration leaves no device: the tag must stay for the second.
        assertThat(keysOf(reports.get("selfNoDeviceYet"), "erin")).containsExactly(KEY);
        assertThat(reports.get("selfNoDeviceYet").get("path")).asList().endsWith("NoDeviceYet");
        assertThat(keysOf(reports.get("selfNotInvited"), "erin")).containsExactly("team");
        assertThat(reports.get("selfNotInvited").get("path")).asList().endsWith("NotInvited");
        for (String quiet : List.of("otherUser", "failedCall", "byRole", "userNameInOtherCase")) {
            Map<String, Object> report = reports.get(quiet);
            assertThat(report.get("path")).as(quiet).asList()
                    .containsExactly("IsTheUserEnrollingItself", "NotTheUserOnItself");
            assertThat(report.get("calls")).as("IAM calls in %s", quiet).asList().isEmpty();
        }
        assertThat(keysOf(reports.get("otherUser"), "frank")).containsExactly(KEY);
    }

    @Test
    @SuppressWarnings("unchecked")
    void enrolmentRemovesOnlyTheInvitationAndExpiryTags() throws Exception {
        Map<String, Object> report = run(closeInvitation, List.of(testCase("self",
                enrolment("iam-enable-mfa-device-self"),
                Map.of("erin", user(1, KEY, "erin", EXPIRY, NOW_PLUS_VALIDITY, "team", "payments"))))).get("self");
        List<Map<String, Object>> calls = (List<Map<String, Object>>) report.get("calls");
        assertThat(calls).extracting(c -> c.get("action"))
                .containsExactly("listMFADevices", "listUserTags", "untagUser");
        assertThat(calls.get(2).get("arguments")).isEqualTo(Map.of("UserName", "erin", "TagKeys", List.of(KEY, EXPIRY)));
    }

    @Test
    void cleanUpWritesMissingExpiriesAndRemovesExpiredInvalidTooLongAndUsedOnes() throws Exception {
        Map<String, Object> users = new LinkedHashMap<>();
        users.put("new", user(0, KEY, "new"));
        users.put("expired", user(0, KEY, "expired", EXPIRY, "2026-11-02T09:59:59Z"));
        users.put("open", user(0, KEY, "open", EXPIRY, "2026-11-04T00:00:00Z"));
        users.put("openMillis", user(0, KEY, "openMillis", EXPIRY, "2026-11-04T00:00:00.250Z"));
        users.put("beyondValidity", user(0, KEY, "beyondValidity", EXPIRY, "2026-11-05T10:00:01Z"));
        users.put("malformed", user(0, KEY, "malformed", EXPIRY, "next tuesday"));
        users.put("localTime", user(0, KEY, "localTime", EXPIRY, "2026-11-04T00:00:00+02:00"));
        users.put("enrolled", user(1, KEY, "enrolled", EXPIRY, "2026-11-04T00:00:00Z"));
        users.put("upperCase", user(0, "MFA-ENROLMENT-INVITATION", "upperCase", "MFA-Enrolment-Invitation-Expires",
                "2026-11-01T00:00:00Z"));
        users.put("notInvited", user(0, "team", "payments", EXPIRY, "2026-11-01T00:00:00Z"));
        Map<String, Object> c = testCase("all", Map.of(), users);
        c.put("pageSize", 3); // four pages: the clean-up must follow IsTruncated and Marker
        Map<String, Object> report = run(cleanUp, List.of(c)).get("all");
        assertThat(report.get("error")).isNull();

        assertThat(tagsOf(report, "new")).containsExactly(Map.of("Key", KEY, "Value", "new"),
                Map.of("Key", EXPIRY, "Value", NOW_PLUS_VALIDITY));
        assertThat(keysOf(report, "open")).containsExactly(KEY, EXPIRY);
        assertThat(keysOf(report, "openMillis")).containsExactly(KEY, EXPIRY);
        for (String closed : List.of("expired", "beyondValidity", "malformed", "localTime", "enrolled", "upperCase")) {
            assertThat(keysOf(report, closed)).as(closed).isEmpty();
        }
        assertThat(keysOf(report, "notInvited")).as("a stray expiry alone is left alone").containsExactly("team",
                EXPIRY);
        assertThat(report.get("path")).asList().filteredOn("ListMoreUsers"::equals).hasSize(3);
    }

    @Test
    void cleanUpOfAnInvitationItWroteTheExpiryForClosesItOnceThatTimeHasPassed() throws Exception {
        // The expiry the clean-up writes must be one it accepts later, and expires at the validity's end.
        Map<String, Object> first = testCase("first", Map.of(), Map.of("new", user(0, KEY, "new")));
        Map<String, Object> written = run(cleanUp, List.of(first)).get("first");
        Map<String, Object> users = Map.of("new", Map.of("tags", tagsOf(written, "new"), "devices", 0));
        Map<String, Object> before = testCase("before", Map.of(), users);
        before.put("enteredTime", "2026-11-05T09:59:59.000Z");
        Map<String, Object> after = testCase("after", Map.of(), users);
        after.put("enteredTime", NOW_PLUS_VALIDITY);
        Map<String, Map<String, Object>> reports = run(cleanUp, List.of(before, after));
        assertThat(keysOf(reports.get("before"), "new")).containsExactly(KEY, EXPIRY);
        assertThat(keysOf(reports.get("after"), "new")).isEmpty();
    }

    @Test
    void cleanUpSkipsAUserDeletedWhileItRuns() throws Exception {
        Map<String, Object> c = testCase("gone", Map.of(), Map.of("gone", user(0, KEY, "gone")));
        c.put("failOn", Map.of("listUserTags", "Iam.NoSuchEntityException"));
        Map<String, Object> report = run(cleanUp, List.of(c)).get("gone");
        assertThat(report.get("error")).isNull();
        assertThat(report.get("path")).asList().contains("UserGone").endsWith("Done");
    }

    @Test
    void theWalkerFailsACaseWhoseIamCallFailsWithoutACatchSoTheChecksAboveCanFail() throws Exception {
        Map<String, Object> c = testCase("throttled", Map.of(), Map.of("u", user(0, KEY, "u")));
        c.put("failOn", Map.of("listUsers", "Iam.ThrottlingException"));
        Map<String, Object> report = run(cleanUp, List.of(c)).get("throttled");
        assertThat(report.get("error")).asString().startsWith("Iam.ThrottlingException");
        assertThat(keysOf(report, "u")).containsExactly(KEY);
    }
}
