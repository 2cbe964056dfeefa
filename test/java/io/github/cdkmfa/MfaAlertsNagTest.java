package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.github.cdkmfa.sample.SampleApp;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.HIPAASecurityChecks;
import io.github.cdklabs.cdknag.NIST80053R5Checks;
import io.github.cdklabs.cdknag.NagPack;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sns.Topic;

/**
 * cdk-nag 3's AwsSolutions, NIST 800-53 R5 and HIPAA Security packs raise nothing on MfaAlerts with every option, and
 * nothing is acknowledged for it: the topic is encrypted with a rotating customer managed key and accepts only TLS.
 */
class MfaAlertsNagTest {

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
    void alertsWithEveryOptionRaiseNothing() {
        Stack stack = new Stack(new App(), "Alerts");
        MfaAlerts.Builder.create(stack, "MfaAlerts")
                .emailAddresses(List.of("security@example.com"))
                .configRules(true)
                .cloudTrailLogGroup(LogGroup.fromLogGroupName(stack, "Trail", "cloudtrail/management"))
                .build();
        assertThat(findings(stack)).isEmpty();
    }

    @Test
    void forwardingAndTheCentralBusRaiseNothing() {
        Stack stack = new Stack(new App(), "Forwarding");
        MfaAlertsForwarding.Builder.create(stack, "MfaAlertsForwarding")
                .targetEventBusArn("arn:aws:events:us-east-1:111122223333:event-bus/default")
                .emailAddresses(List.of("security@example.com")).build();
        MfaAlertsCentralBus.Builder.create(stack, "CentralBus").organizationId("o-a1b2c3d4e5").build();
        assertThat(findings(stack)).isEmpty();
    }

    @Test
    void sampleWithAlertsAndAnEmailRaisesNothing() {
        App app = new App(AppProps.builder().context(java.util.Map.of("users", "alice",
                "alertEmail", "security@example.com")).build());
        assertThat(findings(SampleApp.build(app, null, null))).isEmpty();
    }

    @Test
    void thePacksDoFlagAPlainTopicSoTheCheckAboveCanFail() {
        Stack stack = new Stack(new App(), "Plain");
        Topic topic = new Topic(stack, "Topic");
        Rule.Builder.create(stack, "Rule").schedule(Schedule.expression("rate(1 day)")).build()
                .addTarget(new SnsTopic(topic));
        assertThat(findings(stack)).anyMatch(finding -> finding.startsWith("AwsSolutions-SNS3"))
                .anyMatch(finding -> finding.startsWith("NIST.800.53.R5-SNSEncryptedKMS"))
                .anyMatch(finding -> finding.startsWith("HIPAA.Security-SNSEncryptedKMS"));
    }
}
