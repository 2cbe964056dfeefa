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

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

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
}
