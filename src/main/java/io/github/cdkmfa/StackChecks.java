package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * The synthesis-time checks of this library's constructs, run through one node validation per stack.
 *
 * <p>Each validation written in Java is a callback from the CDK's JavaScript into the JVM, and jsii's Java runtime
 * handles the callbacks of one request (a whole {@code app.synth()}) each a few frames deeper on the thread's stack
 * ({@code JsiiRuntime.requestResponse} and {@code processCallbackResponse} call each other): one validation per
 * construct overflowed the default stack at about 800 groups in one app. One per stack keeps that depth to the
 * number of stacks. Each message names the construct it is about, as a validation on that construct would.
 */
final class StackChecks {
    private static final Map<Stack, List<Supplier<List<String>>>> CHECKS =
            Collections.synchronizedMap(new WeakHashMap<>());

    private StackChecks() {
    }

    /**
     * Run a check when the stack of a construct is validated.
     *
     * @param construct the construct the check is about; its path starts each message
     * @param check returns the errors, none when all is well
     */
    static void add(IConstruct construct, Supplier<List<String>> check) {
        Stack stack = Stack.of(construct);
        String path = construct.getNode().getPath();
        Supplier<List<String>> named = () -> check.get().stream().map(error -> path + ": " + error).toList();
        boolean first;
        List<Supplier<List<String>>> checks;
        synchronized (CHECKS) {
            checks = CHECKS.get(stack);
            first = checks == null;
            if (first) {
                checks = new ArrayList<>();
                CHECKS.put(stack, checks);
            }
            checks.add(named);
        }
        if (first) {
            List<Supplier<List<String>>> all = checks;
            stack.getNode().addValidation(() -> {
                List<String> errors = new ArrayList<>();
                for (Supplier<List<String>> each : List.copyOf(all)) {
                    errors.addAll(each.get());
                }
                return errors;
            });
        }
    }
}
