package io.github.cdkmfa.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.HIPAASecurityChecks;
import io.github.cdklabs.cdknag.NIST80053R5Checks;
import io.github.cdklabs.cdknag.NagPack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.event.ruler.Machine;

/** The sample defines the invitation automation with {@code -c enrolmentInvitation=true}, and only then. */
class SampleEnrolmentInvitationsTest {

    private static Stack sample(Map<String, Object> context) {
        return SampleApp.build(App.Builder.create().context(context).build(), null, null);
    }

    private static Set<String> findings(Stack stack) {
        Set<String> found = new TreeSet<>();
        for (NagPack pack : List.<NagPack>of(new AwsSolutionsChecks(), new NIST80053R5Checks(),
                new HIPAASecurityChecks())) {
            pack.validateScope(stack).getViolations().forEach(violation -> violation.getViolatingResources()
                    .forEach(resource -> found.add(violation.getRuleName() + " @ " + resource.getConstructPath())));
        }
        return found;
    }

    @Test
    void invitationsOnlyWithTheContextKey() {
        Template off = Template.fromStack(sample(Map.of("users", "alice")));
        off.resourceCountIs("AWS::StepFunctions::StateMachine", 0);
        Template on = Template.fromStack(sample(Map.of("users", "alice", "enrolmentInvitation", "true")));
        on.resourceCountIs("AWS::StepFunctions::StateMachine", 2);
        // The invitation rule publishes to the MFA alerts' topic: one topic in the stack.
        on.resourceCountIs("AWS::SNS::Topic", 1);
        on.hasResourceProperties("AWS::IAM::ManagedPolicy", Match.objectLike(Map.of("PolicyDocument",
                Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", "iam:EnableMFADevice", "Effect", "Deny", "Condition", Match.objectLike(Map.of(
                                "StringNotEquals", Map.of("aws:ResourceTag/mfa-enrolment-invitation",
                                        "${aws:username}"))))))))))));
        on.hasOutput("EnrolmentInvitationTagKey", Match.objectLike(Map.of("Value", "mfa-enrolment-invitation")));
    }

    @Test
    void sampleWithInvitationsRaisesNothingUnacknowledged() {
        assertThat(findings(sample(Map.of("users", "alice", "enrolmentInvitation", "true")))).isEmpty();
        assertThat(findings(sample(Map.of("users", "alice", "enrolmentInvitation", "true", "alerts", "false"))))
                .isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anInvitationAlertsOnceAndOnlyFromTheMfaAlerts() throws Exception {
        // The sample defines both constructs with one key: an invitation matches exactly one rule of the stack.
        Template on = Template.fromStack(sample(Map.of("users", "alice", "enrolmentInvitation", "true")));
        ObjectMapper json = new ObjectMapper();
        Machine machine = new Machine();
        for (Map.Entry<String, Map<String, Object>> rule : on.findResources("AWS::Events::Rule").entrySet()) {
            Object pattern = ((Map<String, Object>) rule.getValue().get("Properties")).get("EventPattern");
            if (pattern != null) {
                machine.addRule(rule.getKey(), json.writeValueAsString(pattern));
            }
        }
        for (String file : List.of("iam-tag-user-invitation", "iam-create-user-with-invitation")) {
            JsonNode event = json.readTree(java.nio.file.Path.of("test/resources/io/github/cdkmfa/events/" + file
                    + ".json").toFile()).get("event");
            List<String> matched = machine.rulesForEvent(json.writeValueAsString(event));
            assertThat(matched).as("rules of the sample matching %s", file).hasSize(1);
            assertThat(matched.get(0)).startsWith("MfaAlertsEnrolmentInvitation");
        }
    }
}
