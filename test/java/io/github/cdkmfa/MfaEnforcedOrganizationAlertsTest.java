package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The organization's optional alert forwarding: a second StackSet of {@link MfaAlertsForwarding}. */
class MfaEnforcedOrganizationAlertsTest {
    private static final String BUS = "arn:aws:events:us-east-1:222233334444:event-bus/mfa-alerts";

    private static MfaEnforcedOrganization define(UnaryOperator<MfaEnforcedOrganization.Builder> configure) {
        return configure.apply(MfaEnforcedOrganization.Builder.create(MfaEnforcedOrganizationTest.managementStack(),
                "Organization").targetIds(MfaEnforcedOrganizationTest.TARGETS)).build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(MfaEnforcedOrganization org, String logicalIdStart) {
        return (Map<String, Object>) Template.fromStack(Stack.of(org)).findResources("AWS::CloudFormation::StackSet")
                .entrySet().stream().filter(e -> e.getKey().startsWith(logicalIdStart)).findFirst().orElseThrow()
                .getValue().get("Properties");
    }

    @Test
    void withoutABusThereIsNoForwarding() {
        MfaEnforcedOrganization org = define(b -> b);
        assertThat(org.getAlertsForwardingStackSet()).isNull();
        Template.fromStack(Stack.of(org)).resourceCountIs("AWS::CloudFormation::StackSet", 1);
    }

    @Test
    void aBusAddsAStackSetOfForwardersInEveryDefaultRegionTargetingTheBusDirectly() throws Exception {
        MfaEnforcedOrganization org = define(b -> b.alertsEventBusArn(BUS).callAs(StackSetCallAs.DELEGATED_ADMIN));
        Map<String, Object> props = properties(org, "OrganizationAlertsForwardingStackSet");
        assertThat(props).containsEntry("StackSetName", "MfaEnforcedGroup-AlertsForwarding")
                .containsEntry("PermissionModel", "SERVICE_MANAGED").containsEntry("CallAs", "DELEGATED_ADMIN")
                .containsEntry("AutoDeployment", Map.of("Enabled", true, "RetainStacksOnAccountRemoval", false));
        @SuppressWarnings("unchecked")
        Map<String, Object> group = ((List<Map<String, Object>>) props.get("StackInstancesGroup")).get(0);
        // The 17 commercial Regions every account has enabled (AWS Account Management Reference Guide, "Enable or
        // disable AWS Regions in your account"); opt-in Regions only when named.
        @SuppressWarnings("unchecked")
        List<String> regions = (List<String>) group.get("Regions");
        assertThat(regions).hasSize(17).contains("us-east-1", "eu-west-1", "ap-southeast-2")
                .doesNotContain("af-south-1", "me-south-1");
        assertThat(group.get("DeploymentTargets")).isEqualTo(Map.of("OrganizationalUnitIds",
                MfaEnforcedOrganizationTest.TARGETS));

        String body = (String) props.get("TemplateBody");
        Template inner = Template.fromJSON(MfaEnforcedOrganizationTest.parse(body));
        inner.resourceCountIs("AWS::Events::Rule", 2);
        // Every forwarder targets the final bus: a bus never passes on events that came from another bus.
        inner.allResourcesProperties("AWS::Events::Rule", Map.of("Targets", List.of(Match.objectLike(Map.of(
                "Arn", BUS, "RoleArn", Match.anyValue(), "DeadLetterConfig", Match.anyValue())))));
        assertThat(body).doesNotContain("BootstrapVersion", "cdk-bootstrap", "123456789012");
        assertThat(body.replace("222233334444", "")).doesNotContainPattern("\\d{12}");
        assertThat(MfaEnforcedOrganizationTest.parse(body)).doesNotContainKeys("Parameters", "Rules");

        // Environment-agnostic by design: I1022 (prefer Fn::Sub over the pseudo parameters' Fn::Join) is a style note.
        assertThat(CfnLint.findings("MfaEnforcedOrganizationAlertsForwarding", MfaEnforcedOrganizationTest.parse(body),
                List.of("I1022"))).as("cfn-lint " + CfnLint.VERSION + " findings").isEmpty();
    }

    @Test
    void alertRegionsNarrowOrExtendTheForwarders() {
        MfaEnforcedOrganization org = define(b -> b.alertsEventBusArn(BUS)
                .alertRegions(List.of("eu-west-1", "af-south-1", "eu-west-1")));
        assertThat(properties(org, "OrganizationAlertsForwardingStackSet").toString())
                .contains("Regions=[eu-west-1, af-south-1]");
    }

    @Test
    void failsWhenTheBusIsNotAnEventBusArn() {
        assertThatThrownBy(() -> define(b -> b.alertsEventBusArn("arn:aws:sns:us-east-1:222233334444:topic")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("alertsEventBusArn: 'arn:aws:sns:us-east-1:222233334444:topic' is not an event "
                        + "bus ARN");
    }

    @Test
    void failsWhenAnAlertRegionCannotRouteEventsToTheBus() {
        assertThatThrownBy(() -> define(b -> b.alertsEventBusArn(BUS).alertRegions(List.of("us-gov-west-1"))))
                .hasMessageStartingWith("alertRegions: 'us-gov-west-1' is in the aws-us-gov partition");
        assertThatThrownBy(() -> define(b -> b.alertsEventBusArn(BUS).alertRegions(List.of("mars-1"))))
                .hasMessageStartingWith("alertRegions: 'mars-1' is not an AWS Region");
        assertThatThrownBy(() -> define(b -> b.alertsEventBusArn(BUS).alertRegions(List.of())))
                .hasMessageStartingWith("alertRegions: [] (empty)");
    }

    @Test
    void failsWhenAlertRegionsAreGivenWithoutABus() {
        assertThatThrownBy(() -> define(b -> b.alertRegions(List.of("eu-west-1"))))
                .hasMessageStartingWith("alertRegions: [eu-west-1] given without alertsEventBusArn");
    }
}
