package io.github.cdkmfa.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.cdkmfa.Processes;

/**
 * Synthesizes the sample app through the real {@code cdk} CLI and the app command in cdk.json, as a user or a
 * pipeline does, with no AWS account and no network.
 */
class CdkCliSynthTest {
    private static final Path CDK = Path.of("node_modules/.bin/cdk");

    record Result(int exitCode, String output, Path outdir) {
        @SuppressWarnings("unchecked")
        Map<String, Object> template() throws IOException {
            Map<String, Object> template = SampleStackSnapshotTest.JSON.readValue(
                    outdir.resolve(SampleApp.STACK_NAME + ".template.json").toFile(), Map.class);
            ((Map<String, Map<String, Object>>) template.get("Resources")).values()
                    .forEach(resource -> resource.remove("Metadata"));
            return template;
        }
    }

    private static Result cdkSynth(String name, String... context) throws IOException, InterruptedException {
        return cdkSynthApp(name, null, context);
    }

    /**
     * Run {@code cdk synth} in the project, with cdk.json's context and feature flags.
     *
     * @param app an app command that replaces cdk.json's, or null for cdk.json's
     */
    private static Result cdkSynthApp(String name, String app, String... context) throws IOException,
            InterruptedException {
        assertThat(CDK).as("the CDK CLI from package.json; run 'npm ci' (mvn runs it in generate-test-resources)")
                .isExecutable();
        Path outdir = Path.of("target/cli-synth", name).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(CDK.toString(), "synth", "--no-version-reporting",
                "--no-notices", "--output", outdir.toString(), "--quiet"));
        if (app != null) {
            command.add("--app");
            command.add(app);
        }
        for (String keyValue : context) {
            command.add("-c");
            command.add(keyValue);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // No AWS account: keep the developer's credentials and profile out of the run.
        builder.environment().keySet().removeIf(key -> key.startsWith("AWS_") || key.startsWith("CDK_"));
        builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        builder.environment().put("CDK_DISABLE_CLI_TELEMETRY", "true");
        builder.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        Processes.Result result = Processes.run(builder, Duration.ofMinutes(5));
        return new Result(result.exitCode(), result.output(), outdir);
    }

    @Test
    void synthesizesTheGoldenTemplateFromCdkJson() throws Exception {
        Result result = cdkSynth("default");
        assertThat(result.exitCode()).as(result.output()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> golden = SampleStackSnapshotTest.JSON.readValue(
                SampleStackSnapshotTest.SNAPSHOT.toFile(), Map.class);
        assertThat(result.template()).isEqualTo(golden);
        // With cdk.json's defaults the sample covers every Region every account has enabled: the home stack in
        // us-east-1 and a forwarding stack for each of the other 16.
        try (var files = Files.list(result.outdir())) {
            assertThat(files.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith(SampleApp.STACK_NAME + "-MfaAlertsForwarding-")
                            && name.endsWith(".template.json"))).hasSize(16)
                    .contains(SampleApp.STACK_NAME + "-MfaAlertsForwarding-eu-north-1.template.json");
        }
    }

    @Test
    void contextFromTheCommandLineReachesTheStack() throws Exception {
        Result result = cdkSynth("configured", "maxMfaAge=PT8H", "enforcement=console-only", "powerUserAccess=false",
                "users=alice,bob", "alertRegions=none");
        assertThat(result.exitCode()).as(result.output()).isZero();
        String template = result.template().toString();
        assertThat(template).contains("DenyAllExceptListedIfMFATooOld", "aws:MultiFactorAuthAge=28800",
                "DenyCredentialChangesWithoutMFA", "Users=[alice]", "Users=[bob]").doesNotContain("PowerUserAccess");
    }

    /**
     * The command that runs {@link SampleAppWithUsers}, the sample with users of its own, on this test's classpath:
     * the shipped sample defines no user, and must not define one outside MFA enforcement to prove the check.
     */
    private static String sampleWithUsers() {
        String classpath = System.getProperty("java.class.path");
        assertThat(classpath).as("the test classpath, with aws-cdk-lib").contains("aws-cdk-lib");
        return Path.of(System.getProperty("java.home"), "bin", "java") + " -cp " + classpath + " "
                + SampleAppWithUsers.class.getName();
    }

    @Test
    void synthesizesWhenEveryUserTheAppDefinesIsUnderMfaEnforcement() throws Exception {
        Result result = cdkSynthApp("covered-users", sampleWithUsers(), "alertRegions=none");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain("CdkMfa-");
        assertThat(result.template().toString()).contains("UserName=carol", "AWS::IAM::AccessKey");
    }

    @Test
    void failsNamingTheUserWhenAUserTheAppDefinesIsNotUnderMfaEnforcement() throws Exception {
        Result result = cdkSynthApp("uncovered-user", sampleWithUsers(), "uncoveredUser=true", "alertRegions=none");
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("IAM user " + SampleApp.STACK_NAME + "/Mallory (user name 'mallory') "
                + "holds an access key (" + SampleApp.STACK_NAME + "/MalloryKey/Resource) and is not under MFA "
                + "enforcement", "CdkMfa-UserNotEnforced").doesNotContain("IAM user " + SampleApp.STACK_NAME + "/Carol");
        // The report the app writes beside the templates: one violation, on Mallory only.
        assertThat(Files.readString(result.outdir().resolve("validation-report.json")))
                .contains("\"constructPath\": \"" + SampleApp.STACK_NAME + "/Mallory\"")
                .doesNotContain(SampleApp.STACK_NAME + "/Carol\"");
    }

    @Test
    void failsNamingTheContextKeyForABadValue() throws Exception {
        Result result = cdkSynth("bad", "enforcement=sometimes");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("context key 'enforcement': 'sometimes' is not allowed");
        assertThat(Files.exists(result.outdir().resolve(SampleApp.STACK_NAME + ".template.json"))).isFalse();
    }
}
