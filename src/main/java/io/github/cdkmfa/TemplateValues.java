package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.cdkmfa.AssemblyTemplates.Template;

/**
 * Evaluates CloudFormation values of the app's templates as far as synthesis can: literals, joins and
 * substitutions of literals, references to resources, nested stack parameters and outputs, and
 * {@code Fn::ImportValue} against the exports of the app's other templates. What depends on the deployment (a
 * template parameter, a condition) stays an expression, which compares equal only to the same expression in the same
 * template.
 *
 * <p>Pseudo parameters become placeholders bound to what they name: {@code AWS::AccountId} becomes the stack's
 * account when it is known, otherwise a placeholder unique to the top-level stack, so that an environment-agnostic
 * stack never matches another stack's account; {@code AWS::StackName} a placeholder unique to the template.
 *
 * <p>Hand-written because no library evaluates CloudFormation intrinsics offline.
 */
final class TemplateValues {
    private static final int MAX_DEPTH = 64;
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

    /** A value as far as it is known before deployment. */
    sealed interface Value permits Literal, Reference, Expression {
    }

    /** A string known at synthesis (with placeholders for pseudo parameters). */
    record Literal(String text) implements Value {
    }

    /** A resource of the app: {@code Ref} (attribute "Ref") or {@code Fn::GetAtt}. */
    record Reference(Template template, String logicalId, String attribute) implements Value {
    }

    /** Known only at deployment; the key identifies the expression within its template. */
    record Expression(String key) implements Value {
    }

    private record Export(Template template, Object value) {
    }

    private final Map<String, List<Export>> exports = new HashMap<>();
    private final List<Template> templates;

    TemplateValues(List<Template> templates) {
        this.templates = templates;
        for (Template template : templates) {
            for (Object output : template.outputs.values()) {
                if (output instanceof Map<?, ?> map && map.get("Export") instanceof Map<?, ?> export) {
                    if (evaluate(template, export.get("Name")) instanceof Literal name) {
                        exports.computeIfAbsent(name.text(), key -> new ArrayList<>())
                                .add(new Export(template, map.get("Value")));
                    }
                }
            }
        }
    }

    Value evaluate(Template template, Object expression) {
        return evaluate(template, expression, 0);
    }

    /** The elements of a list value; a value that is not a literal list is one element that stays unknown. */
    List<Value> evaluateList(Template template, Object expression) {
        List<Value> values = new ArrayList<>();
        if (expression == null) {
            return values;
        }
        if (expression instanceof List<?> list) {
            list.forEach(item -> values.add(evaluate(template, item)));
        } else {
            values.add(evaluate(template, expression));
        }
        return values;
    }

    private Value evaluate(Template template, Object expression, int depth) {
        if (depth > MAX_DEPTH) {
            return expression(template, expression);
        }
        if (expression instanceof String text) {
            return new Literal(text);
        }
        if (expression instanceof Number || expression instanceof Boolean) {
            return new Literal(String.valueOf(expression));
        }
        if (!(expression instanceof Map<?, ?> map) || map.size() != 1) {
            return expression(template, expression);
        }
        Map.Entry<?, ?> entry = map.entrySet().iterator().next();
        String function = String.valueOf(entry.getKey());
        Object argument = entry.getValue();
        switch (function) {
            case "Ref":
                return ref(template, String.valueOf(argument), expression, depth);
            case "Fn::GetAtt":
                return getAtt(template, argument, expression, depth);
            case "Fn::ImportValue":
                return importValue(template, argument, expression, depth);
            case "Fn::GetStackOutput":
                return stackOutput(template, argument, expression, depth);
            case "Fn::Join":
                return join(template, argument, expression, depth);
            case "Fn::Sub":
                return sub(template, argument, expression, depth);
            default:
                return expression(template, expression);
        }
    }

    private Value ref(Template template, String name, Object expression, int depth) {
        if (name.startsWith("AWS::")) {
            String pseudo = pseudo(template, name);
            return pseudo != null ? new Literal(pseudo) : expression(template, expression);
        }
        if (template.resources.containsKey(name)) {
            return new Reference(template, name, "Ref");
        }
        if (template.parameters.containsKey(name) && template.parent != null) {
            // A nested stack's parameter: the value its parent passes.
            Object passed = template.parent.properties(template.parentLogicalId).get("Parameters");
            if (passed instanceof Map<?, ?> parameters && parameters.containsKey(name)) {
                return evaluate(template.parent, parameters.get(name), depth + 1);
            }
        }
        return expression(template, expression);
    }

    private Value getAtt(Template template, Object argument, Object expression, int depth) {
        String logicalId;
        String attribute;
        if (argument instanceof List<?> list && list.size() == 2 && list.get(1) instanceof String attr) {
            logicalId = String.valueOf(list.get(0));
            attribute = attr;
        } else if (argument instanceof String dotted && dotted.contains(".")) {
            logicalId = dotted.substring(0, dotted.indexOf('.'));
            attribute = dotted.substring(dotted.indexOf('.') + 1);
        } else {
            return expression(template, expression);
        }
        Template nested = template.nested.get(logicalId);
        if (nested != null && attribute.startsWith("Outputs.")) {
            Object output = nested.outputs.get(attribute.substring("Outputs.".length()));
            if (output instanceof Map<?, ?> map) {
                return evaluate(nested, map.get("Value"), depth + 1);
            }
        }
        if (template.resources.containsKey(logicalId)) {
            return new Reference(template, logicalId, attribute);
        }
        return expression(template, expression);
    }

    private Value importValue(Template template, Object argument, Object expression, int depth) {
        if (!(evaluate(template, argument, depth + 1) instanceof Literal name)) {
            return expression(template, expression);
        }
        // Exports are per account and Region: an import resolves only to an export in the same environment.
        List<Export> candidates = exports.getOrDefault(name.text(), List.of()).stream()
                .filter(export -> compatible(export.template.account, template.account)
                        && compatible(export.template.region, template.region))
                .toList();
        if (candidates.size() != 1) {
            return expression(template, expression);
        }
        return evaluate(candidates.get(0).template, candidates.get(0).value, depth + 1);
    }

    /**
     * An output of another stack of the app, by stack name, Region and output logical id: how aws-cdk-lib writes a
     * cross-stack reference when the app turns on references through stack outputs rather than exports.
     */
    private Value stackOutput(Template template, Object argument, Object expression, int depth) {
        if (!(argument instanceof Map<?, ?> map)
                || !(evaluate(template, map.get("StackName"), depth + 1) instanceof Literal stackName)
                || !(evaluate(template, map.get("OutputName"), depth + 1) instanceof Literal outputName)) {
            return expression(template, expression);
        }
        Value region = map.get("Region") == null ? new Literal(template.region)
                : evaluate(template, map.get("Region"), depth + 1);
        if (!(region instanceof Literal regionName)) {
            return expression(template, expression);
        }
        List<Template> candidates = templates.stream()
                .filter(candidate -> stackName.text().equals(candidate.stackName)
                        && compatible(candidate.region, regionName.text())
                        && candidate.outputs.get(outputName.text()) instanceof Map<?, ?>)
                .toList();
        if (candidates.size() != 1) {
            return expression(template, expression);
        }
        Map<?, ?> output = (Map<?, ?>) candidates.get(0).outputs.get(outputName.text());
        return evaluate(candidates.get(0), output.get("Value"), depth + 1);
    }

    private static boolean compatible(String a, String b) {
        return a.startsWith("{") || b.startsWith("{") || a.equals(b);
    }

    private Value join(Template template, Object argument, Object expression, int depth) {
        if (!(argument instanceof List<?> list) || list.size() != 2 || !(list.get(0) instanceof String separator)
                || !(list.get(1) instanceof List<?> parts)) {
            return expression(template, expression);
        }
        List<String> texts = new ArrayList<>();
        for (Object part : parts) {
            if (!(evaluate(template, part, depth + 1) instanceof Literal literal)) {
                return expression(template, expression);
            }
            texts.add(literal.text());
        }
        return new Literal(String.join(separator, texts));
    }

    private Value sub(Template template, Object argument, Object expression, int depth) {
        String text;
        Map<?, ?> variables = Map.of();
        if (argument instanceof String string) {
            text = string;
        } else if (argument instanceof List<?> list && list.size() == 2 && list.get(0) instanceof String string
                && list.get(1) instanceof Map<?, ?> map) {
            text = string;
            variables = map;
        } else {
            return expression(template, expression);
        }
        StringBuilder result = new StringBuilder();
        Matcher matcher = SUB_VARIABLE.matcher(text);
        int last = 0;
        while (matcher.find()) {
            result.append(text, last, matcher.start());
            String variable = matcher.group(1);
            Object replacement;
            if (variables.containsKey(variable)) {
                replacement = variables.get(variable);
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                replacement = Map.of("Fn::GetAtt", variable);
            } else {
                replacement = Map.of("Ref", variable);
            }
            if (!(evaluate(template, replacement, depth + 1) instanceof Literal literal)) {
                return expression(template, expression);
            }
            result.append(literal.text());
            last = matcher.end();
        }
        result.append(text.substring(last));
        return new Literal(result.toString().replace("${!", "${"));
    }

    private static String pseudo(Template template, String name) {
        return switch (name) {
            case "AWS::AccountId" -> template.account;
            case "AWS::Region" -> template.region;
            case "AWS::Partition" -> "{partition}";
            case "AWS::URLSuffix" -> "{url-suffix}";
            case "AWS::StackName", "AWS::StackId" -> "{" + name + ":" + template.file + "}";
            default -> null;
        };
    }

    private static Expression expression(Template template, Object expression) {
        return new Expression(template.file + ":" + AssemblyTemplates.json(expression));
    }
}
