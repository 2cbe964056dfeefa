package io.github.cdkmfa;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The create-only properties of CloudFormation resource types, read from the CloudFormation registry schemas that
 * cfn-lint ships (its provider schema manager, us-east-1), never from a hand-written list. Changing the value of a
 * create-only property makes CloudFormation replace the resource: for a named group or policy the update fails,
 * for an unnamed one the group and its outside memberships and attachments are lost.
 */
public final class CreateOnlyProperties {
    /** The types whose replacement the upgrade-safety tests forbid. */
    public static final List<String> GUARDED_TYPES = List.of("AWS::IAM::Group", "AWS::IAM::ManagedPolicy");

    private static final String READ_SCHEMAS = String.join("\n",
            "import json, sys",
            "import cfnlint",
            "from cfnlint.schema import PROVIDER_SCHEMA_MANAGER",
            "out = {'cfn-lint': cfnlint.version.__version__}",
            "for name in sys.argv[1:]:",
            "    schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema('us-east-1', name).schema",
            "    out[name] = schema.get('createOnlyProperties', [])",
            "print(json.dumps(out))");

    private static Map<String, List<String>> cache;

    private CreateOnlyProperties() {
    }

    /**
     * Read the create-only properties of {@link #GUARDED_TYPES}.
     *
     * @return for each type, the top-level property names its schema lists as create-only
     */
    public static synchronized Map<String, List<String>> ofGuardedTypes() {
        if (cache == null) {
            cache = read(GUARDED_TYPES);
        }
        return cache;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> read(List<String> types) {
        // The same interpreter as the deploy rehearsal's: PYTHON if set (a virtual environment), else python3.
        String python = System.getenv().getOrDefault("PYTHON", "python3");
        List<String> command = new ArrayList<>(List.of(python, "-c", READ_SCHEMAS));
        command.addAll(types);
        String output;
        try {
            // The answer goes to a file, so that the timeout below bounds the whole run (a pipe read to its end
            // first would block without one).
            Path answerFile = Files.createTempFile("create-only-properties", ".json");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(answerFile.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new IllegalStateException(python + " did not answer within 60 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("cannot read the CloudFormation schemas from cfn-lint; install "
                            + "cfn-lint 1.51.0 for " + python + " (pip install cfn-lint==1.51.0), or set PYTHON to "
                            + "the interpreter that has it");
                }
                output = Files.readString(answerFile, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(answerFile);
            }
        } catch (IOException e) {
            throw new IllegalStateException(python + " (PYTHON, or python3) is needed to read cfn-lint's "
                    + "CloudFormation schemas", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, Object> answer;
        try {
            answer = new ObjectMapper().readValue(output, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException("unexpected answer from cfn-lint: " + output, e);
        }
        Map<String, List<String>> properties = new LinkedHashMap<>();
        for (String type : types) {
            List<String> names = new ArrayList<>();
            for (String pointer : (List<String>) answer.get(type)) {
                if (!pointer.startsWith("/properties/")) {
                    throw new IllegalStateException(type + ": unexpected create-only pointer " + pointer);
                }
                // A nested pointer (/properties/A/B) makes the top-level property A create-only in part: guard A.
                names.add(pointer.substring("/properties/".length()).split("/")[0]);
            }
            properties.put(type, List.copyOf(names));
        }
        return properties;
    }

    /**
     * What decides whether CloudFormation replaces the guarded resources of a template: for each guarded resource,
     * its logical id, type and the values of its create-only properties (absent ones as absent).
     *
     * @param template a synthesized template
     * @return logical id to type and create-only values, sorted by logical id
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Map<String, Object>> identity(Map<String, Object> template) {
        Map<String, List<String>> createOnly = ofGuardedTypes();
        Map<String, Map<String, Object>> identity = new TreeMap<>();
        ((Map<String, Map<String, Object>>) template.get("Resources")).forEach((logicalId, resource) -> {
            String type = (String) resource.get("Type");
            if (createOnly.containsKey(type)) {
                Map<String, Object> properties = (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
                Map<String, Object> values = new TreeMap<>();
                values.put("Type", type);
                for (String name : createOnly.get(type)) {
                    if (properties.containsKey(name)) {
                        values.put(name, properties.get(name));
                    }
                }
                identity.put(logicalId, values);
            }
        });
        return identity;
    }
}
