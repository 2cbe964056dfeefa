package io.github.cdkmfa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The hand-written table of expected IAM decisions in {@code test/resources/io/github/cdkmfa/decision-matrix.md}.
 *
 * <p>Parsed here because the table is Markdown written for people first; it has three kinds of table (the
 * configurations, the callers, the decisions), each recognised by its header.
 */
final class DecisionTable {
    static final Path FILE = Path.of("test", "resources", "io", "github", "cdkmfa", "decision-matrix.md");
    static final String ACCOUNT = "111111111111";
    static final String OTHER_USER = "arn:aws:iam::" + ACCOUNT + ":user/carol";
    /** The request context key IAM fills from the invitation tag of the user a request acts on. */
    static final String INVITATION_TAG_CONTEXT_KEY = "aws:ResourceTag/"
            + MfaEnforcementPolicyOptions.DEFAULT_ENROLMENT_INVITATION_TAG_KEY;
    private static final String TAGGED = " tagged ";

    /** A caller and the request context IAM gives it. */
    record Caller(String id, String principal, String username, String mfaPresent, String mfaAge, String viaService,
            String who) {
        Map<String, String> context() {
            Map<String, String> context = new LinkedHashMap<>();
            context.put("aws:username", username);
            context.put("aws:PrincipalArn", principal);
            context.put("aws:PrincipalAccount", ACCOUNT);
            context.put("aws:PrincipalType", "User");
            putIfPresent(context, "aws:MultiFactorAuthPresent", mfaPresent);
            putIfPresent(context, "aws:MultiFactorAuthAge", mfaAge);
            putIfPresent(context, "aws:ViaAWSService", viaService);
            return context;
        }

        private static void putIfPresent(Map<String, String> context, String key, String value) {
            if (!value.equals("-")) {
                context.put(key, value);
            }
        }
    }

    /** One request and the decision expected for it in each configuration. */
    record Row(String id, String group, String caller, String action, String resource, Map<String, String> expected) {
        String describe() {
            return id + " " + caller + " " + action + " on " + resource;
        }
    }

    final List<String> configurations;
    final Map<String, String> configurationOptions;
    final Map<String, Caller> callers;
    final List<Row> rows;
    final String text;

    private DecisionTable(String text, List<String> configurations, Map<String, String> configurationOptions,
            Map<String, Caller> callers, List<Row> rows) {
        this.text = text;
        this.configurations = configurations;
        this.configurationOptions = configurationOptions;
        this.callers = callers;
        this.rows = rows;
    }

    static DecisionTable read() {
        String text;
        try {
            text = Files.readString(FILE, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE + "; run the tests from the project directory", e);
        }
        List<String> configurations = null;
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, Caller> callers = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        String table = "";
        String group = "";
        for (String line : text.split("\n")) {
            if (line.startsWith("### ")) {
                group = line.substring(4).trim();
                continue;
            }
            if (!line.startsWith("|") || line.startsWith("|---")) {
                continue;
            }
            List<String> cells = cells(line);
            if (cells.get(0).equals("configuration") || cells.get(0).equals("caller") || cells.get(0).equals("#")) {
                table = cells.get(0);
                if (table.equals("#")) {
                    List<String> header = cells.subList(4, cells.size());
                    if (configurations != null && !configurations.equals(header)) {
                        throw new IllegalStateException(FILE + ": decision table under '" + group + "' has columns "
                                + header + ", the first table has " + configurations);
                    }
                    configurations = List.copyOf(header);
                }
                continue;
            }
            switch (table) {
                case "configuration" -> options.put(cells.get(0), cells.get(1));
                case "caller" -> callers.put(cells.get(0), new Caller(cells.get(0), cells.get(1), cells.get(2),
                        cells.get(3), cells.get(4), cells.get(5), cells.get(6)));
                case "#" -> rows.add(row(cells, group, configurations, callers));
                default -> throw new IllegalStateException(FILE + ": table row outside a known table: " + line);
            }
        }
        if (configurations == null || rows.isEmpty()) {
            throw new IllegalStateException(FILE + " holds no decision table");
        }
        if (!options.keySet().equals(new LinkedHashSet<>(configurations))) {
            throw new IllegalStateException(FILE + ": the configurations described " + options.keySet()
                    + " differ from the decision columns " + configurations);
        }
        return new DecisionTable(text, configurations, options, callers, rows);
    }

    private static Row row(List<String> cells, String group, List<String> configurations, Map<String, Caller> callers) {
        if (cells.size() != 4 + configurations.size()) {
            throw new IllegalStateException(FILE + ": row " + cells.get(0) + " has " + (cells.size() - 4)
                    + " decisions for " + configurations.size() + " configurations");
        }
        if (!callers.containsKey(cells.get(1))) {
            throw new IllegalStateException(FILE + ": row " + cells.get(0) + " names unknown caller " + cells.get(1));
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < configurations.size(); i++) {
            expected.put(configurations.get(i), decision(cells.get(0), cells.get(4 + i)));
        }
        return new Row(cells.get(0), group, cells.get(1), cells.get(2), cells.get(3), expected);
    }

    private static String decision(String row, String code) {
        return switch (code) {
            case "A" -> "Allowed";
            case "X" -> "ExplicitlyDenied";
            case "I" -> "ImplicitlyDenied";
            default -> throw new IllegalStateException(FILE + ": row " + row + " has '" + code
                    + "'; allowed: A, X, I");
        };
    }

    private static List<String> cells(String line) {
        String inner = line.trim();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        return Arrays.stream(inner.split("\\|", -1)).map(String::trim).toList();
    }

    Caller caller(Row row) {
        return callers.get(row.caller());
    }

    /**
     * The resource ARN of a row: {@code own} is the caller's user, {@code other} another user; a suffix
     * {@code tagged VALUE} gives the user the invitation tag.
     */
    String resource(Row row) {
        String resource = row.resource().contains(TAGGED)
                ? row.resource().substring(0, row.resource().indexOf(TAGGED)) : row.resource();
        return switch (resource) {
            case "own" -> caller(row).principal();
            case "other" -> OTHER_USER;
            default -> resource;
        };
    }

    /** The context the resource of a row adds: the invitation tag's value when the row gives one. */
    Map<String, String> resourceContext(Row row) {
        if (!row.resource().contains(TAGGED)) {
            return Map.of();
        }
        String value = row.resource().substring(row.resource().indexOf(TAGGED) + TAGGED.length());
        if (value.isEmpty() || !resource(row).contains(":user/")) {
            throw new IllegalStateException(FILE + ": row " + row.id() + " tags something that is not a user: "
                    + row.resource());
        }
        return Map.of(INVITATION_TAG_CONTEXT_KEY, value);
    }
}
