package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;

/**
 * What the README claims about the toolchain is what the build tests: the oldest aws-cdk-lib it names is the one
 * the tests run on, the Node.js lines it names are the ones CI runs, and every workflow action is pinned by commit.
 */
class ToolchainTest {
    private static final Pattern CDK_FLOOR = Pattern.compile("aws-cdk-lib (\\d+\\.\\d+\\.\\d+) or later");
    private static final Pattern NODE_LINES = Pattern.compile(
            "Node\\.js (\\d+) or later \\(CI tests Node\\.js (\\d+) and (\\d+)");
    private static final Pattern USES = Pattern.compile("^\\s*-?\\s*uses:\\s*(\\S+)(.*)$");
    private static final Pattern PINNED = Pattern.compile("[\\w.-]+/[\\w.-]+@[0-9a-f]{40}");
    private static final Pattern VERSION_COMMENT = Pattern.compile("\\s+# v\\d+\\.\\d+\\.\\d+");

    @Test
    void theOldestAwsCdkLibTheReadmeClaimsIsTheOneTheTestsRunOn() throws IOException {
        Matcher claim = CDK_FLOOR.matcher(userDocs());
        assertThat(claim.find()).as("README: 'aws-cdk-lib X or later'").isTrue();
        Properties properties = new Properties();
        try (InputStream in = App.class.getResourceAsStream(
                "/META-INF/maven/software.amazon.awscdk/aws-cdk-lib/pom.properties")) {
            assertThat(in).as("aws-cdk-lib's pom.properties on the test class path").isNotNull();
            properties.load(in);
        }
        assertThat(properties.getProperty("version"))
                .as("the aws-cdk-lib the tests run on is the oldest the README claims; claim what is tested")
                .isEqualTo(claim.group(1));
    }

    @Test
    void theNodeLinesTheReadmeNamesAreTheOnesCiRuns() throws IOException {
        Matcher claim = NODE_LINES.matcher(userDocs().replaceAll("\\s+", " "));
        assertThat(claim.find()).as("README: 'Node.js N or later (CI tests Node.js A and B'").isTrue();
        assertThat(claim.group(2)).as("CI tests the oldest line the README claims").isEqualTo(claim.group(1));
        String ci = Files.readString(Path.of(".github", "workflows", "ci.yml"));
        assertThat(ci).contains("node: [\"" + claim.group(2) + "\", \"" + claim.group(3) + "\"]")
                .contains("node-version: ${{ matrix.node }}");
    }

    @Test
    void everyWorkflowActionIsPinnedByCommitWithItsVersionAndNoBannerIsSilenced() throws IOException {
        List<String> problems = new ArrayList<>();
        int actions = 0;
        try (Stream<Path> files = Files.list(Path.of(".github", "workflows"))) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    Matcher uses = USES.matcher(line);
                    if (uses.matches()) {
                        actions++;
                        if (!PINNED.matcher(uses.group(1)).matches()
                                || !VERSION_COMMENT.matcher(uses.group(2)).matches()) {
                            problems.add(file.getFileName() + ": " + line.trim());
                        }
                    }
                }
                assertThat(Files.readString(file)).as(file + ": jsii's Node.js banners are not silenced in CI")
                        .doesNotContain("JSII_SILENCE_WARNING");
            }
        }
        assertThat(problems).as("actions not pinned as owner/repo@<40-hex commit> # vX.Y.Z").isEmpty();
        assertThat(actions).isGreaterThan(5);
        assertThat(Files.readString(Path.of("pom.xml"))).doesNotContain("JSII_SILENCE_WARNING");
    }

    /** The README and the pages under docs/, where the requirements may live. */
    private static String userDocs() throws IOException {
        StringBuilder text = new StringBuilder(Files.readString(Path.of("README.md")));
        Path docs = Path.of("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> pages = Files.walk(docs)) {
                for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                    text.append('\n').append(Files.readString(page));
                }
            }
        }
        return text.toString();
    }
}
