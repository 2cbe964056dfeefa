package io.github.cdkmfa.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.cdkmfa.ReleasedContract;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * A change to the library or the sample that would make CloudFormation replace the deployed group or MFA policy of
 * the sample fails here: the logical ids, construct paths and create-only property values (cfn-lint's
 * CloudFormation schemas) of every IAM group and managed policy must equal those the released contract pins
 * ({@link ReleasedContract}, a file no test rewrites), with cdk.json's context and with the changed options the
 * deploy rehearsal updates to.
 */
class SampleUpgradeSafetyTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "enforcement=console-only,maxMfaAge=PT1H,powerUserAccess=false",
            "allowPasswordChangeWithoutMfa=true,users=alice;bob"})
    void theSampleKeepsTheGroupAndPolicyOfTheReleasedContract(String changes) throws IOException {
        Map<String, Object> context = new LinkedHashMap<>(SampleStackSnapshotTest.cdkJsonContext());
        for (String change : changes.isEmpty() ? new String[0] : changes.split(",")) {
            String[] keyValue = change.split("=", 2);
            context.put(keyValue[0], keyValue[1].replace(';', ','));
        }
        App app = new App(AppProps.builder().analyticsReporting(false).context(context).build());
        Stack stack = SampleApp.build(app, null, null);
        Map<String, Object> template = Template.fromStack(stack).toJSON();

        Map<String, Map<String, Object>> expected = ReleasedContract.pinned("sample");
        assertThat(expected).as("the contract pins the sample's group and MFA policy").hasSize(2);
        assertThat(ReleasedContract.actual(stack, template))
                .as("logical ids and create-only properties of the sample's IAM group and managed policy (%s); a "
                        + "difference makes CloudFormation replace the deployed group or policy",
                        changes.isEmpty() ? "cdk.json" : changes)
                .isEqualTo(expected);
    }
}
