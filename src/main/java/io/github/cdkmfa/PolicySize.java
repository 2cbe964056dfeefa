package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures a resolved policy document as IAM counts it: characters other than white space, with each
 * CloudFormation pseudo parameter at its longest value.
 *
 * <p>Hand-written because IAM's count is of the document CloudFormation sends, which CDK only has in unresolved
 * form; no library expands intrinsics to their longest values. The document is rendered as JSON here too, with the
 * few rules a resolved document needs (objects, arrays, strings, numbers, booleans, null), rather than with a JSON
 * library: the library then needs no direct Jackson dependency, so consumers keep the Jackson that aws-cdk-lib's
 * jsii-runtime brings. Only the length matters, so escapes are counted as JSON writes them.
 */
final class PolicySize {
    /** IAM's limit for a managed policy document (IAM and AWS STS quotas). */
    static final int MAX_MANAGED_POLICY_CHARACTERS = 6144;

    /** The longest value each pseudo parameter can take: the aws-us-gov partition, a 12-digit account. */
    private static final Map<String, String> LONGEST_PSEUDO_VALUES = Map.of("AWS::Partition", "aws-us-gov",
            "AWS::AccountId", "123456789012");

    private PolicySize() {
    }

    /**
     * Count a resolved policy document.
     *
     * @param resolved the document as {@code Stack.resolve} returns it
     * @return the number of non-white-space characters IAM would count at most
     */
    static int characters(Object resolved) {
        StringBuilder json = new StringBuilder();
        render(expand(resolved), json);
        return json.toString().replaceAll("\\s", "").length();
    }

    /**
     * A resolved value as compact JSON, with no white space outside strings; used for documents that are counted
     * with their white space (service control policies) or carried as text (a StackSet's template).
     *
     * @param resolved a value without intrinsics, as {@code Stack.resolve} or a synthesized template gives it
     * @return the JSON text
     */
    static String json(Object resolved) {
        StringBuilder json = new StringBuilder();
        render(resolved, json);
        return json.toString();
    }

    /** Render a resolved value as compact JSON (RFC 8259). */
    private static void render(Object node, StringBuilder json) {
        if (node instanceof Map<?, ?> map) {
            json.append('{');
            String separator = "";
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.append(separator);
                quote(String.valueOf(entry.getKey()), json);
                json.append(':');
                render(entry.getValue(), json);
                separator = ",";
            }
            json.append('}');
        } else if (node instanceof List<?> list) {
            json.append('[');
            for (int i = 0; i < list.size(); i++) {
                json.append(i == 0 ? "" : ",");
                render(list.get(i), json);
            }
            json.append(']');
        } else if (node == null || node instanceof Number || node instanceof Boolean) {
            json.append(node);
        } else {
            quote(String.valueOf(node), json);
        }
    }

    /** A JSON string: quote, backslash and control characters escaped, as every JSON writer must. */
    private static void quote(String text, StringBuilder json) {
        json.append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    /**
     * Replace intrinsics by the longest text they can become. Intrinsics other than pseudo parameters and
     * Fn::Join (a parameter, an attribute) have no known length and count as nothing rather than be guessed.
     */
    private static Object expand(Object node) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("Ref")) {
                return LONGEST_PSEUDO_VALUES.getOrDefault(String.valueOf(map.get("Ref")), "");
            }
            if (map.size() == 1 && map.containsKey("Fn::Join") && map.get("Fn::Join") instanceof List<?> join
                    && join.size() == 2 && join.get(1) instanceof List<?> parts) {
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < parts.size(); i++) {
                    text.append(i == 0 ? "" : String.valueOf(join.get(0))).append(asText(expand(parts.get(i))));
                }
                return text.toString();
            }
            if (map.size() == 1 && String.valueOf(map.keySet().iterator().next()).startsWith("Fn::")) {
                return "";
            }
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(key, expand(value)));
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(expand(item)));
            return copy;
        }
        return node;
    }

    private static String asText(Object value) {
        return value instanceof String s ? s : String.valueOf(value);
    }
}
