package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.event.ruler.Machine;

/**
 * Matches the invitation rules' event patterns with AWS's EventBridge pattern engine (event-ruler) against CloudTrail
 * events shaped as AWS documents them (test resources {@code events/*.json}). The enrolment rule cannot compare the
 * caller with the target user (EventBridge patterns compare fields with constants only): an IAM user's call on
 * another user matches here and is turned away by the state machine, which
 * {@link MfaEnrolmentInvitationsStatesTest} shows. New invitations alert once, through {@link MfaAlerts}: with both
 * constructs in one stack, every invitation event matches exactly one rule of the stack.
 */
class MfaEnrolmentInvitationsEventPatternTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Map<String, String>> INPUT_PATHS = new LinkedHashMap<>();
    private static Machine machine;
    private static Machine both;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synthesizeRules() throws Exception {
        Stack stack = TestStacks.stack();
        MfaEnrolmentInvitations invitations = new MfaEnrolmentInvitations(stack, "Invitations");
        machine = new Machine();
        List<String> names = new ArrayList<>();
        for (Rule rule : invitations.getRules()) {
            CfnRule cfn = (CfnRule) rule.getNode().getDefaultChild();
            String name = rule.getNode().getId();
            names.add(name);
            Object pattern = stack.resolve(cfn.getEventPattern());
            List<Map<String, Object>> targets = (List<Map<String, Object>>) stack.resolve(cfn.getTargets());
            assertThat(targets).as("targets of %s", name).hasSize(1);
            assertThat(targets.get(0)).as("dead-letter queue of %s", name).containsKey("deadLetterConfig");
            if (pattern == null) {
                assertThat(stack.resolve(cfn.getScheduleExpression())).as(name).isEqualTo("rate(1 hour)");
                continue;
            }
            machine.addRule(name, JSON.writeValueAsString(pattern));
            Map<String, Object> transformer = (Map<String, Object>) targets.get(0).get("inputTransformer");
            if (transformer != null) {
                INPUT_PATHS.put(name, (Map<String, String>) transformer.get("inputPathsMap"));
            }
        }
        assertThat(names).containsExactly("Enrolled", "CleanUpSchedule");
        assertThat(INPUT_PATHS).as("no rule of the automation alerts").isEmpty();

        // Both constructs with the same key, as the sample defines them: every rule of the stack, whatever defines it.
        Stack shared = new Stack(TestStacks.app(), "Both", StackProps.builder()
                .env(Environment.builder().account("111122223333").region("us-east-1").build()).build());
        MfaAlerts alerts = new MfaAlerts(shared, "Alerts", MfaAlertsProps.builder().signInRegions(List.of())
                .enrolmentInvitationTagKey(MfaEnrolmentInvitations.DEFAULT_TAG_KEY).build());
        MfaEnrolmentInvitations.Builder.create(shared, "Invitations").topic(alerts.getTopic())
                .tagKey(MfaEnrolmentInvitations.DEFAULT_TAG_KEY).build();
        both = new Machine();
        Map<String, Map<String, Object>> rules = Template.fromStack(shared)
                .findResources("AWS::Events::Rule");
        for (Map.Entry<String, Map<String, Object>> rule : rules.entrySet()) {
            Object pattern = ((Map<String, Object>) rule.getValue().get("Properties")).get("EventPattern");
            if (pattern != null) {
                both.addRule(rule.getKey(), JSON.writeValueAsString(pattern));
            }
        }
    }

    private static List<String> matches(JsonNode event) throws Exception {
        return new ArrayList<>(new TreeSet<>(machine.rulesForEvent(JSON.writeValueAsString(event))));
    }

    @ParameterizedTest(name = "{0} -> [{1}]")
    @CsvSource(delimiter = '|', value = {
        "iam-enable-mfa-device-self|Enrolled",
        // An IAM user on another user: the rule fires, the state machine's first choice stops it.
        "iam-enable-mfa-device|Enrolled",
        "iam-enable-mfa-device-self-invalid-code|",
        "iam-enable-mfa-device-by-role|",
        "iam-deactivate-mfa-device|",
        "iam-resync-mfa-device|",
        // New invitations: the MFA alerts' rule, not this construct's.
        "iam-tag-user-invitation|",
        "iam-tag-user-invitation-api-spelling|",
        "iam-create-user-with-invitation|",
        "iam-tag-user-other-tag|",
        "iam-tag-user-invitation-access-denied|",
        "iam-create-user|",
        "signin-iam-user-without-mfa|"})
    void rulesFireExactlyForTheEventsTheyAreFor(String file, String expectedRule) throws Exception {
        List<String> expected = expectedRule == null ? List.of() : List.of(expectedRule);
        assertThat(matches(MfaAlertsEventPatternTest.event(file))).as("rules matching %s", file).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"iam-tag-user-invitation", "iam-tag-user-invitation-api-spelling", "iam-tag-user-invitation-key-case",
        "iam-create-user-with-invitation", "iam-create-user-invited"})
    void withTheMfaAlertsInTheSameStackAnInvitationAlertsOnce(String file) throws Exception {
        List<String> matched = both.rulesForEvent(JSON.writeValueAsString(MfaAlertsEventPatternTest.event(file)));
        assertThat(matched).as("rules of the stack matching %s", file).hasSize(1);
        assertThat(matched.get(0)).as("logical id of the rule matching %s", file)
                .startsWith("AlertsEnrolmentInvitation");
    }
}
