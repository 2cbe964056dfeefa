package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link and {@code #anchor} of every Markdown file of the repository resolves, so that a moved section
 * cannot leave a dead link behind; and the check itself fails on broken links.
 */
class MarkdownLinksTest {
    @Test
    void everyRelativeLinkAndAnchorOfTheRepositoryResolves() {
        Path root = Path.of("").toAbsolutePath();
        Set<Path> files = MarkdownLinks.repositoryFiles(root);
        assertThat(files).as("the repository's Markdown pages are listed")
                .contains(Path.of("README.md"), Path.of("CONTRIBUTING.md"), Path.of("CHANGELOG.md"),
                        Path.of("docs", "group-and-policy.md"), Path.of("docs", "proof-and-limits.md"));

        MarkdownLinks.Report report = new MarkdownLinks(root, files).checkAll();

        assertThat(report.broken()).as("broken links (file: (destination) why)").isEmpty();
        // The README alone links to every page: a check that found few links did not read the pages.
        assertThat(report.linksChecked()).isGreaterThan(40);
    }

    @Test
    void failsWhenALinkOrAnchorLeadsNowhere(@TempDir Path root) throws IOException {
        write(root, "README.md", """
                # Title

                ## Known limits

                - [a page](docs/page.md), [its heading](docs/page.md#a-section), [this page](#known-limits),
                  [the top](#title), [a folder](docs/), [up and back](docs/../README.md), [web](https://example.com)
                - `[in a code span](missing-in-code.md)` is no link
                - [a missing page](docs/missing.md)
                - [a missing heading here](#no-such-heading)
                - [a missing heading there](docs/page.md#gone)
                - [an ignored file](target/out.md)
                - [outside](../elsewhere.md)

                | Page | Link |
                |---|---|
                | table | [missing in a table](docs/table.md) |

                ```
                [in a code block](missing-in-block.md)
                ```
                """);
        write(root, "docs/page.md", "# Page\n\n## A section\n\n[back](../README.md#known-limits), [wrong](../README.md#limits)\n");
        // Present on disk but not part of the repository (build output that git ignores).
        write(root, "target/out.md", "# Out\n");

        MarkdownLinks.Report report = new MarkdownLinks(root, MarkdownLinks.filesOf("README.md", "docs/page.md"))
                .checkAll();

        assertThat(report.broken()).extracting(MarkdownLinks.Broken::destination).containsExactlyInAnyOrder(
                "docs/missing.md", "#no-such-heading", "docs/page.md#gone", "target/out.md", "../elsewhere.md",
                "docs/table.md", "../README.md#limits");
        assertThat(report.broken()).filteredOn(b -> b.destination().equals("docs/page.md#gone"))
                .singleElement().extracting(MarkdownLinks.Broken::reason).asString()
                .contains("names no heading of docs/page.md").contains("a-section");
        // 7 good links (the web link is not followed) and 7 broken ones.
        assertThat(report.linksChecked()).isEqualTo(14);
    }

    @Test
    void anchorsFollowGitHubsHeadingRules() {
        // Expected values worked out by hand from GitHub's rules: lower case, spaces to hyphens, other punctuation and
        // markup removed, repeats suffixed -1, -2.
        String page = """
                # The policy's statements
                ## Regions: where the events arrive
                ## Exemptions, and what is refused
                ### `MfaAlerts` *options*
                ## Known limits
                ## Known limits
                ## cdk-nag: what the library acknowledges
                ## Upgrades & releases
                ## Self-service, first password and the [Users page](https://example.com)
                """;

        assertThat(MarkdownLinks.anchorsOf(MarkdownLinks.parse(page))).containsExactly(
                "the-policys-statements", "regions-where-the-events-arrive", "exemptions-and-what-is-refused",
                "mfaalerts-options", "known-limits", "known-limits-1", "cdk-nag-what-the-library-acknowledges",
                "upgrades--releases", "self-service-first-password-and-the-users-page");
    }

    private static void write(Path root, String name, String text) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
