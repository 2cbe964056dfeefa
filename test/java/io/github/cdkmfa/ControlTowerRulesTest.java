package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.cdkmfa.sample.SampleApp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * AWS Control Tower's proactive controls, as the cfn-guard rules that AWS publishes and
 * {@code @cdklabs/cdk-validator-cfnguard} ships with the cfn-guard binary (package.json), pass on every template the
 * library and the sample app synthesize. Companies that enable these controls (CloudFormation hooks) reject a template
 * that breaks one. cfn-guard skips a rule whose resource type a template does not have, so "pass" means every rule
 * that applies.
 */
class ControlTowerRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PACKAGE = Path.of("node_modules/@cdklabs/cdk-validator-cfnguard");
    private static final Pattern CONTROL = Pattern.compile("\\[(CT\\.[A-Z0-9]+\\.PR\\.\\d+)\\]");

    /** The cfn-guard binary the package ships for this machine; fails naming what to install when it is missing. */
    static Path guard() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "macos" : "ubuntu";
        String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "aarch64" : "x86_64";
        Path binary = PACKAGE.resolve(Path.of("bin", os, arch, "cfn-guard"));
        assertThat(binary).as("cfn-guard from @cdklabs/cdk-validator-cfnguard (package.json): run 'npm ci' "
                + "(mvn runs it in generate-test-resources)").isExecutable();
        return binary;
    }

    /**
     * The rule files that can apply to the templates: those that name a resource type the templates have, or none.
     * cfn-guard would skip the others, but reading 237 rules for every template costs minutes on a busy machine.
     */
    static List<String> applicableRules(Path templates) throws IOException {
        TreeSet<String> types = new TreeSet<>();
        try (var files = Files.list(templates)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                JSON.readTree(file.toFile()).path("Resources").forEach(resource -> types.add(
                        resource.path("Type").asText()));
            }
        }
        Pattern type = Pattern.compile("AWS::[A-Za-z0-9]+::[A-Za-z0-9]+");
        List<String> rules = new ArrayList<>();
        try (var files = Files.walk(PACKAGE.resolve("rules/control-tower/cfn-guard"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!file.toString().endsWith(".guard")) {
                    continue;
                }
                Matcher named = type.matcher(Files.readString(file));
                boolean any = false;
                boolean applies = false;
                while (named.find()) {
                    any = true;
                    applies |= types.contains(named.group());
                }
                if (applies || !any) {
                    rules.add(file.toString());
                }
            }
        }
        assertThat(rules).as("Control Tower rules for %s", types).isNotEmpty();
        return rules;
    }

    /** The Control Tower controls each template in a folder breaks, as "file: CT.X.PR.n (rule)". */
    static List<String> violations(Path templates) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(guard().toString(), "validate"));
        for (String rule : applicableRules(templates)) {
            command.add("--rules");
            command.add(rule);
        }
        command.addAll(List.of("--data", templates.toString(), "--output-format", "json", "--show-summary", "none",
                "--structured"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Processes.Result result = Processes.run(builder, Duration.ofMinutes(3));
        // cfn-guard exits 19 when a rule fails and 0 when none does; anything else is an error of its own.
        assertThat(result.exitCode()).as(result.output()).isIn(0, 19);
        String output = result.output();
        JsonNode results = JSON.readTree(output.substring(output.indexOf('[')));
        List<String> found = new ArrayList<>();
        for (JsonNode file : results) {
            for (JsonNode failed : file.path("not_compliant")) {
                TreeSet<String> controls = new TreeSet<>();
                Matcher matcher = CONTROL.matcher(failed.toString());
                while (matcher.find()) {
                    controls.add(matcher.group(1));
                }
                found.add(Path.of(file.path("name").asText()).getFileName() + ": " + controls + " ("
                        + failed.path("Rule").path("name").asText() + ")");
            }
        }
        assertThat(results).as("cfn-guard read the templates in %s", templates).isNotEmpty();
        return found;
    }

    /** Copy an app's templates, one forwarding stack standing for all (they differ only in their Region). */
    private static int copyTemplates(App app, Path into, String prefix) throws IOException {
        CloudAssembly assembly = app.synth();
        int copied = 0;
        boolean forwarder = false;
        try (var files = Files.list(Path.of(assembly.getDirectory())).sorted()) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".template.json")) {
                    continue;
                }
                if (name.contains("-MfaAlertsForwarding-")) {
                    if (forwarder) {
                        continue;
                    }
                    forwarder = true;
                }
                if (name.endsWith(".template.json")) {
                    Files.copy(file, into.resolve(prefix + "-" + file.getFileName()));
                    copied++;
                }
            }
        }
        return copied;
    }

    @Test
    void everyTemplateOfTheLibraryAndTheSamplePassesTheControlTowerRules(@TempDir Path templates) throws Exception {
        int count = 0;
        // The sample with cdk.json's defaults (home stack and 16 forwarding stacks), and two other configurations.
        count += copyTemplates(sampleApp(Map.of()), templates, "sample-default");
        count += copyTemplates(sampleApp(Map.of("users", "alice", "enforcement", "console-only", "maxMfaAge",
                "PT12H", "alertEmail", "security@example.com", "alertRegions", "eu-west-1", "enrolmentInvitation", "true")),
                templates, "sample-b");
        count += copyTemplates(sampleApp(Map.of("alerts", "false", "powerUserAccess", "false")), templates,
                "sample-c");
        // The library's constructs with every option.
        App app = TestStacks.app();
        Stack home = new Stack(app, "EveryOption", StackProps.builder().env(Environment.builder()
                .account("111122223333").region("us-east-1").build()).build());
        MfaEnforcedGroup.Builder.create(home, "Group").maxMfaAge(software.amazon.awscdk.Duration.hours(12))
                .build();
        MfaAlerts.Builder.create(home, "MfaAlerts").configRules(true)
                .cloudTrailLogGroup(LogGroup.fromLogGroupName(home, "Trail", "cloudtrail/management"))
                .emailAddresses(List.of("security@example.com")).signInRegions(List.of("eu-west-1", "ap-east-1"))
                .build();
        // Its own topic and key: the sample above gives it the alerts' topic.
        MfaEnrolmentInvitations.Builder.create(home, "Invitations").tagKey("Onboarding")
                .validity(software.amazon.awscdk.Duration.days(1)).build();
        Stack central = new Stack(app, "Central", StackProps.builder().env(Environment.builder()
                .account("999999999999").region("eu-central-1").build()).build());
        MfaAlertsCentralBus bus = MfaAlertsCentralBus.Builder.create(central, "CentralBus")
                .organizationId("o-a1b2c3d4e5").build();
        MfaAlerts.Builder.create(central, "MfaAlerts").eventBus(bus.getEventBus()).build();
        count += copyTemplates(app, templates, "library");
        assertThat(count).isEqualTo(2 + 2 + 1 + 3);

        assertThat(violations(templates)).isEmpty();
    }

    @Test
    void theRulesFlagAKeyWithoutTheGrantDenySoTheCheckAboveCanFail(@TempDir Path templates) throws Exception {
        App app = TestStacks.app();
        Key.Builder.create(new Stack(app, "PlainKey"), "Key").enableKeyRotation(true).build();
        copyTemplates(app, templates, "plain");
        assertThat(violations(templates)).anyMatch(violation -> violation.contains("CT.KMS.PR.3"));
    }

    private static App sampleApp(Map<String, Object> context) {
        App app = new App(AppProps.builder().analyticsReporting(false).context(context).build());
        SampleApp.build(app, null, null);
        return app;
    }
}
