package io.github.cdkmfa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * The released contract: what deployed stacks depend on, pinned by hand in {@code test/resources/contract/
 * released-contract.json}. For each IAM group and managed policy of a reference definition: its logical id, its
 * construct path (construct ids are contract: the logical id derives from them) and the values of its create-only
 * properties (the MFA policy's description among them). A difference makes CloudFormation replace the deployed
 * group or policy.
 *
 * <p>No test and no build flag writes the file. The rule for changing it is in the file itself: an entry changes
 * only with a new major version and a CHANGELOG entry that says which resources are replaced.
 */
public final class ReleasedContract {
    /** The file, relative to the project folder. */
    public static final Path FILE = Path.of("test", "resources", "contract", "released-contract.json");

    private ReleasedContract() {
    }

    /**
     * The pinned resources of one section of the file.
     *
     * @param section {@code library} or {@code sample}
     * @return logical id to construct path, type and create-only values, sorted by logical id
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Map<String, Object>> pinned(String section) {
        Map<String, Object> file;
        try {
            file = new ObjectMapper().readValue(FILE.toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE, e);
        }
        Map<String, Object> entries = (Map<String, Object>) file.get(section);
        if (entries == null) {
            throw new IllegalStateException(FILE + " has no section " + section);
        }
        return new TreeMap<>((Map<String, Map<String, Object>>) entries.get("resources"));
    }

    /**
     * What the contract pins, as a stack defines it now: each guarded resource's logical id, construct path,
     * type and create-only values.
     *
     * @param stack the stack, defined
     * @param template its synthesized template
     * @return logical id to construct path, type and create-only values, sorted by logical id
     */
    public static Map<String, Map<String, Object>> actual(Stack stack, Map<String, Object> template) {
        Map<String, String> paths = new LinkedHashMap<>();
        for (IConstruct construct : stack.getNode().findAll()) {
            if (construct instanceof CfnResource resource
                    && CreateOnlyProperties.GUARDED_TYPES.contains(resource.getCfnResourceType())) {
                paths.put(String.valueOf(stack.resolve(resource.getLogicalId())), construct.getNode().getPath());
            }
        }
        Map<String, Map<String, Object>> actual = new TreeMap<>();
        CreateOnlyProperties.identity(template).forEach((logicalId, identity) -> {
            Map<String, Object> entry = new TreeMap<>(identity);
            entry.put("path", paths.get(logicalId));
            actual.put(logicalId, entry);
        });
        return actual;
    }
}
