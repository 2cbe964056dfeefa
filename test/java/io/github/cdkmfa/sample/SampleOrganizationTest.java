package io.github.cdkmfa.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.HIPAASecurityChecks;
import io.github.cdklabs.cdknag.NIST80053R5Checks;
import io.github.cdklabs.cdknag.NagPack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.cdkmfa.MfaEnforcedOrganization;
import io.github.cdkmfa.MfaEnforcedOrganizationProps;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The sample app's context key {@code organizationTargets}, and cdk-nag over the organization construct. */
class SampleOrganizationTest {

    private static Stack sample(Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>(context);
        all.putIfAbsent("users", "alice");
        return SampleApp.build(new App(AppProps.builder().analyticsReporting(false).context(all).build()), null, null);
    }

    @Test
    void withoutTheKeyTheAppHasNoOrganizationPart() {
        Template template = Template.fromStack(sample(Map.of()));
        template.resourceCountIs("AWS::Organizations::Policy", 0);
        template.resourceCountIs("AWS::CloudFormation::StackSet", 0);
    }

    @Test
    void theKeyAddsTheScpAndTheStackSetWithTheSampleGroupOptions() throws Exception {
        Stack stack = sample(Map.of("organizationTargets", "r-ab12, ou-ab12-34cd56ef", "groupName", "developers",
                "maxMfaAge", "PT12H"));
        Template template = Template.fromStack(stack);
        template.hasResourceProperties("AWS::Organizations::Policy", Map.of("TargetIds",
                List.of("r-ab12", "ou-ab12-34cd56ef")));
        template.hasResourceProperties("AWS::CloudFormation::StackSet", Map.of("StackInstancesGroup",
                List.of(Match.objectLike(Map.of("DeploymentTargets", Map.of("OrganizationalUnitIds",
                        List.of("r-ab12", "ou-ab12-34cd56ef"))))),
                "TemplateBody", Match.stringLikeRegexp(".*\"GroupName\":\"developers\".*PowerUserAccess.*")));
        // The management account keeps its own group, which neither the SCP nor the StackSet reaches.
        template.resourceCountIs("AWS::IAM::Group", 1);
        assertThat(template.findResources("AWS::Organizations::Policy").toString())
                .contains("NumericGreaterThan={aws:MultiFactorAuthAge=43200}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ou-ab12", "r-ab12,123456789012", "r-ab12,", "o-abcd123456"})
    void failsWhenATargetIsNotARootOrOuId(String value) {
        assertThatThrownBy(() -> sample(Map.of("organizationTargets", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("context key 'organizationTargets': '" + value + "' is not allowed")
                .hasMessageContaining("root ids (r- and 4 to 32").hasMessageContaining("OU ids (ou-");
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
    void cdkNagRaisesNothingOnTheOrganizationConstruct() {
        Stack alone = new Stack(new App(), "Organization");
        MfaEnforcedOrganization.Builder.create(alone, "Organization").targetIds(List.of("r-ab12")).powerUserAccess(true)
                .exemptionTagKey("mfa-exempt").exemptionAdministrators(List.of(
                        "arn:aws:iam::*:role/OrganizationAccountAccessRole")).build();
        assertThat(findings(alone)).isEmpty();
        // The sample with the organization part raises what the sample without it raises, nothing more.
        assertThat(findings(sample(Map.of("organizationTargets", "r-ab12"))))
                .isEqualTo(findings(sample(Map.of())));
    }

    @Test
    void thePacksDoReportFindingsSoTheCheckAboveCanFail() {
        Stack stack = new Stack(new App(), "Plain");
        new software.amazon.awscdk.services.iam.Group(stack, "Empty");
        assertThat(findings(stack)).anyMatch(f -> f.startsWith("HIPAA.Security-IAMGroupHasUsers"));
        assertThat(MfaEnforcedOrganizationProps.builder().build().getTargetIds()).isNull();
    }
}
