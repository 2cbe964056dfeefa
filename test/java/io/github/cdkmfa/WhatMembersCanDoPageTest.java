package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/what-members-can-do.md} in step with the decision table the simulator tests check.
 *
 * <p>Regenerate the page with {@code mvn -B -q test -Dtest=WhatMembersCanDoPageTest -Dmfa.page.update=true}.
 */
class WhatMembersCanDoPageTest {
    @Test
    void theCommittedPageIsWhatTheDecisionTableGenerates() throws IOException {
        String generated = WhatMembersCanDoPage.render(DecisionTable.read());
        if (Boolean.getBoolean("mfa.page.update")) {
            Files.createDirectories(WhatMembersCanDoPage.PAGE.getParent());
            Files.writeString(WhatMembersCanDoPage.PAGE, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(WhatMembersCanDoPage.PAGE)).as(WhatMembersCanDoPage.PAGE + " exists; create it with: "
                + WhatMembersCanDoPage.REGENERATE).isTrue();
        assertThat(Files.readString(WhatMembersCanDoPage.PAGE, StandardCharsets.UTF_8))
                .as(WhatMembersCanDoPage.PAGE + " differs from what " + DecisionTable.FILE + " generates; regenerate "
                        + "it with: " + WhatMembersCanDoPage.REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void thePageShowsEachDecisionOfTheDefaultAndConsoleOnlyColumns() {
        DecisionTable table = DecisionTable.read();
        String page = WhatMembersCanDoPage.render(table);
        // R162: a long-term access key reads S3 in console-only mode, and is denied by default.
        assertThat(page).contains("| access-key | `s3:GetObject` | `arn:aws:s3:::example-bucket/report.csv` | **denied** "
                + "| **denied** | **allowed** | **denied** |\n");
        assertThat(page.lines().filter(l -> l.matches("\\| [a-z-]+ \\| `[a-z0-9-]+:[A-Za-z0-9]+` \\|.*")).count())
                .isEqualTo(table.rows.size());
    }
}
