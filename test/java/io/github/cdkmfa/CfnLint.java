package io.github.cdkmfa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs cfn-lint, the CloudFormation linter, on a template a test synthesized, and hands back its findings.
 *
 * <p>Every check is on, informational ones included ({@code --include-checks I}). The version is the one the
 * build pins: another version may know other rules, so a different one fails with what to install.
 */
public final class CfnLint {
    /** The version the build's other cfn-lint gates (scripts/cfn-lint.sh, .ci/run) use. */
    public static final String VERSION = "1.51.0";

    private CfnLint() {
    }

    /**
     * Lint a template.
     *
     * @param name a name for the template file, shown in the findings
     * @param template the template, such as {@code Template.fromStack(stack).toJSON()}
     * @return the findings, one line each ({@code file:line:column:...:rule:message}); empty when there are none
     * @throws IOException when the template cannot be written
     * @throws InterruptedException when the test is interrupted
     * @throws IllegalStateException when cfn-lint is missing or at another version, saying what to install
     */
    public static List<String> findings(String name, Map<String, Object> template)
            throws IOException, InterruptedException {
        return findings(name, template, List.of());
    }

    /**
     * Lint a template, leaving out the given checks.
     *
     * @param name a name for the template file, shown in the findings
     * @param template the template
     * @param ignoredChecks cfn-lint rule ids not to report, each with its reason at the caller
     * @return the findings, one line each; empty when there are none
     * @throws IOException when the template cannot be written
     * @throws InterruptedException when the test is interrupted
     */
    public static List<String> findings(String name, Map<String, Object> template, List<String> ignoredChecks)
            throws IOException, InterruptedException {
        checkVersion();
        Path folder = Files.createTempDirectory("cfn-lint");
        Path file = folder.resolve(name + ".template.json");
        try {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), template);
            List<String> command = new java.util.ArrayList<>(List.of("cfn-lint", "--include-checks", "I",
                    "--format", "parseable"));
            if (!ignoredChecks.isEmpty()) {
                command.addAll(List.of("--ignore-checks", String.join(",", ignoredChecks)));
            }
            command.addAll(List.of("--", file.toString()));
            Processes.Result result = Processes.run(new ProcessBuilder(command).redirectErrorStream(true),
                    Duration.ofSeconds(180));
            List<String> lines = Arrays.stream(result.output().split("\n")).filter(line -> !line.isBlank()).toList();
            // cfn-lint exits 0 without findings, and with a bit mask of error (2), warning (4) and info (8) otherwise.
            if (result.exitCode() != 0 && lines.isEmpty()) {
                throw new IllegalStateException("cfn-lint failed (exit " + result.exitCode() + ") without a finding");
            }
            return lines;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(folder);
        }
    }

    private static void checkVersion() throws InterruptedException {
        String found;
        try {
            found = Processes.run(new ProcessBuilder("cfn-lint", "--version").redirectErrorStream(true),
                    Duration.ofSeconds(60)).output().trim();
        } catch (IOException e) {
            throw new IllegalStateException("cfn-lint is not installed: install cfn-lint " + VERSION
                    + " (pip install cfn-lint==" + VERSION + "; bash .ci/run does it in a virtual environment)", e);
        }
        if (!found.equals("cfn-lint " + VERSION)) {
            throw new IllegalStateException("found " + found + "; these tests are checked with cfn-lint " + VERSION
                    + " (pip install cfn-lint==" + VERSION + ")");
        }
    }
}
