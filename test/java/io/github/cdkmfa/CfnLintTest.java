package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The cfn-lint harness finds what cfn-lint finds, so a test that lints a template can fail. The clean case is every
 * test that asserts no findings ({@code MfaAlertsTest.everyOptionSynthesizesForCfnLint}); one run of cfn-lint costs
 * seconds of CPU, so there is no second one here.
 */
class CfnLintTest {

    @Test
    void reportsAFindingInABrokenTemplate() throws Exception {
        // A policy whose Effect is misspelled: cfn-lint's E3510 (IAM policy syntax) reports it.
        Map<String, Object> template = Map.of("Resources", Map.of("Broken", Map.of(
                "Type", "AWS::IAM::ManagedPolicy",
                "Properties", Map.of("PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                        "Effect", "Allw", "Action", "s3:GetObject", "Resource", "*")))))));
        assertThat(CfnLint.findings("Broken", template)).anySatisfy(line -> assertThat(line)
                .contains("Broken.template.json").containsPattern(":E3\\d{3}:"));
    }
}
