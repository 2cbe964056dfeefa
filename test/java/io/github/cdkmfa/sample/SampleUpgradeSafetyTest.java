package io.github.cdkmfa.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.cdkmfa.CreateOnlyProperties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * A change to the library or the sample that would make CloudFormation replace the deployed group or MFA policy of
 * the sample fails here: the logical ids and create-only property values (cfn-lint's CloudFormation schemas) of
 * every IAM group and managed policy must equal those of the reviewed golden template, with cdk.json's context and
 * with the changed options the deploy rehearsal updates to.
 */
class SampleUpgradeSafetyTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "enforcement=console-only,maxMfaAge=PT1H,powerUserAccess=false",
            "allowPasswordChangeWithoutMfa=true,users=alice;bob"})
    void theSampleKeepsTheGroupAndPolicyOfTheGoldenTemplate(String changes) throws IOException {
        Map<String, Object> context = new LinkedHashMap<>(SampleStackSnapshotTest.cdkJsonContext());
        for (String change : changes.isEmpty() ? new String[0] : changes.split(",")) {
            String[] keyValue = change.split("=", 2);
            context.put(keyValue[0], keyValue[1].replace(';', ','));
        }
        App app = new App(AppProps.builder().analyticsReporting(false).context(context).build());
        Map<String, Object> template = Template.fromStack(SampleApp.build(app, null, null)).toJSON();
        @SuppressWarnings("unchecked")
        Map<String, Object> golden = SampleStackSnapshotTest.JSON.readValue(SampleStackSnapshotTest.SNAPSHOT.toFile(),
                Map.class);

        Map<String, Map<String, Object>> expected = CreateOnlyProperties.identity(golden);
        assertThat(expected).as("the golden template holds the sample's group and MFA policy").hasSize(2);
        assertThat(CreateOnlyProperties.identity(template))
                .as("logical ids and create-only properties of the sample's IAM group and managed policy (%s); a "
                        + "difference makes CloudFormation replace the deployed group or policy",
                        changes.isEmpty() ? "cdk.json" : changes)
                .isEqualTo(expected);
    }
}
