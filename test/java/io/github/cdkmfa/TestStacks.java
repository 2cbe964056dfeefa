package io.github.cdkmfa;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StageSynthesisOptions;
import software.amazon.awscdk.assertions.Template;

/** Stacks and template look-ups the tests share. */
public final class TestStacks {
    private TestStacks() {
    }

    /**
     * A new app without version reporting, so that templates do not change with the CDK version.
     *
     * @return the app
     */
    public static App app() {
        return new App(AppProps.builder().analyticsReporting(false).build());
    }

    /**
     * A new environment-agnostic stack in a new app.
     *
     * @return the stack
     */
    public static Stack stack() {
        return new Stack(app(), "TestStack");
    }

    /**
     * Synthesize the app a stack belongs to, running every validation as {@code cdk synth} does.
     *
     * @param stack a stack made by {@link #stack()} or in an app made by {@link #app()}
     */
    public static void synth(Stack stack) {
        ((App) stack.getNode().getRoot()).synth(StageSynthesisOptions.builder().force(true).build());
    }

    /**
     * The policy document of the only customer managed policy in a template.
     *
     * @param template the synthesized template
     * @return the document, as CloudFormation receives it
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> policyDocument(Template template) {
        Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::ManagedPolicy");
        if (policies.size() != 1) {
            throw new AssertionError("expected one managed policy, found " + policies.keySet());
        }
        Map<String, Object> properties = (Map<String, Object>) policies.values().iterator().next().get("Properties");
        return (Map<String, Object>) properties.get("PolicyDocument");
    }

    /**
     * The statements of a policy document.
     *
     * @param document the document
     * @return its statements
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> statements(Map<String, Object> document) {
        return (List<Map<String, Object>>) document.get("Statement");
    }

    /**
     * The statement with a Sid.
     *
     * @param document the document
     * @param sid the Sid
     * @return the statement
     */
    public static Map<String, Object> statement(Map<String, Object> document, String sid) {
        return statements(document).stream().filter(s -> sid.equals(s.get("Sid"))).findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + sid + " in " + document));
    }

    /**
     * A value that is one string or a list of strings, as a list.
     *
     * @param value the value of Action, NotAction or Resource
     * @return the list
     */
    @SuppressWarnings("unchecked")
    public static List<Object> asList(Object value) {
        return value instanceof List<?> ? (List<Object>) value : List.of(value);
    }
}
