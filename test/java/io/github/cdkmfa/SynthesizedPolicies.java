package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The policies of groups synthesized for real: each group's customer managed policy documents from the template,
 * and the AWS managed policies attached to it, by name.
 *
 * <p>The template is resolved here for partition {@code aws} and account {@link DecisionTable#ACCOUNT}: CDK has no
 * API that resolves {@code Fn::Join} and {@code Ref} of pseudo parameters outside CloudFormation.
 */
final class SynthesizedPolicies {
    /** One group: its customer managed documents (by logical id) and the names of the AWS managed policies. */
    record Group(String name, Map<String, Map<String, Object>> customerManaged, List<String> awsManaged) {
    }

    private SynthesizedPolicies() {
    }

    /**
     * Synthesize one stack and return its groups by group name.
     *
     * @param define defines the groups in the stack; each must have a group name
     * @return the groups by name
     */
    static Map<String, Group> synthesize(Consumer<Stack> define) {
        // Every option combination as a group with its policy is more than CloudFormation's 500 resources per
        // stack; the stack is only synthesized here, never deployed, so the limit check is off (0).
        App app = App.Builder.create().context(Map.of("@aws-cdk/core:stackResourceLimit", 0)).build();
        Stack stack = new Stack(app, "Members");
        define.accept(stack);
        return fromTemplate(Template.fromStack(stack).toJSON());
    }

    /**
     * The groups of a synthesized template, by group name.
     *
     * @param template the template, such as a StackSet's TemplateBody parsed
     * @return the groups by name
     */
    static Map<String, Group> fromTemplate(Map<String, Object> template) {
        Map<String, Map<String, Object>> resources = map(template.get("Resources"));
        Map<String, Group> groups = new LinkedHashMap<>();
        resources.forEach((logicalId, resource) -> {
            if (!"AWS::IAM::Group".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> properties = map(resource.get("Properties"));
            String name = (String) properties.get("GroupName");
            Map<String, Map<String, Object>> customer = new LinkedHashMap<>();
            List<String> aws = new ArrayList<>();
            for (Object arn : (List<?>) properties.get("ManagedPolicyArns")) {
                Object ref = arn instanceof Map<?, ?> m ? m.get("Ref") : null;
                if (ref instanceof String policyId && resources.containsKey(policyId)) {
                    Map<String, Object> policy = resources.get(policyId);
                    if (!"AWS::IAM::ManagedPolicy".equals(policy.get("Type"))) {
                        throw new IllegalStateException(name + " attaches " + policyId + ", a " + policy.get("Type"));
                    }
                    customer.put(policyId, map(resolve(map(policy.get("Properties")).get("PolicyDocument"))));
                    continue;
                }
                String resolved = (String) resolve(arn);
                String prefix = "arn:aws:iam::aws:policy/";
                if (!resolved.startsWith(prefix)) {
                    throw new IllegalStateException(name + " attaches " + resolved + ", neither a policy of this "
                            + "stack nor an AWS managed policy");
                }
                aws.add(resolved.substring(prefix.length()));
            }
            groups.put(name, new Group(name, customer, aws));
        });
        return groups;
    }

    /** Resolve Fn::Join and Ref of pseudo parameters as CloudFormation would in account 111111111111. */
    static Object resolve(Object value) {
        if (value instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.containsKey("Ref")) {
                return switch ((String) m.get("Ref")) {
                    case "AWS::Partition" -> "aws";
                    case "AWS::AccountId" -> DecisionTable.ACCOUNT;
                    default -> throw new IllegalStateException("cannot resolve " + m);
                };
            }
            if (m.size() == 1 && m.containsKey("Fn::Join")) {
                List<?> join = (List<?>) m.get("Fn::Join");
                StringBuilder joined = new StringBuilder();
                List<?> parts = (List<?>) join.get(1);
                for (int i = 0; i < parts.size(); i++) {
                    joined.append(i == 0 ? "" : join.get(0)).append(resolve(parts.get(i)));
                }
                return joined.toString();
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (((String) k).startsWith("Fn::")) {
                    throw new IllegalStateException("cannot resolve " + m);
                }
                resolved.put((String) k, resolve(v));
            });
            return resolved;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SynthesizedPolicies::resolve).toList();
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static <V> Map<String, V> map(Object value) {
        return (Map<String, V>) value;
    }
}
