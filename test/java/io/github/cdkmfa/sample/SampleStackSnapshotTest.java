package io.github.cdkmfa.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Compares the sample stack, synthesized with the context in cdk.json, with the reviewed golden template.
 *
 * <p>Refresh after an intended change, then review the diff before committing:
 * {@code mvn test -Dtest=SampleStackSnapshotTest -Dsnapshot.update=true}
 */
class SampleStackSnapshotTest {
    static final Path SNAPSHOT = Path.of("test/resources/snapshots/MfaEnforcedGroupSample.template.json");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @SuppressWarnings("unchecked")
    static Map<String, Object> cdkJsonContext() throws IOException {
        return (Map<String, Object>) JSON.readValue(Path.of("cdk.json").toFile(), Map.class).get("context");
    }

    @Test
    void sampleStackMatchesTheGoldenTemplate() throws IOException {
        App app = new App(AppProps.builder().analyticsReporting(false).context(cdkJsonContext()).build());
        Map<String, Object> template = Template.fromStack(SampleApp.build(app, null, null)).toJSON();
        String rendered = JSON.writeValueAsString(template) + "\n";

        if (Boolean.getBoolean("snapshot.update")) {
            Files.writeString(SNAPSHOT, rendered);
        }
        assertThat(SNAPSHOT).as("golden template; refresh with -Dsnapshot.update=true and review the diff")
                .exists();
        assertThat(rendered).isEqualTo(Files.readString(SNAPSHOT));
    }
}
