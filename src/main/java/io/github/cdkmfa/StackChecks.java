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
 * The synthesis-time checks of this library's constructs, run through a few node validations per stack, each
 * running up to {@value #BATCH} checks.
 *
 * <p>Both sides of jsii nest: its Java runtime handles the callbacks of one request (a whole {@code app.synth()})
 * each a few frames deeper on the JVM thread's stack ({@code JsiiRuntime.requestResponse} and
 * {@code processCallbackResponse} call each other), and its Node host handles the requests Java makes during one
 * callback each deeper on Node's stack ({@code completeCallback} in jsii's {@code host.ts}). One validation per
 * check (three per group) overflowed the JVM's default stack in an app of 770 groups; one validation per stack,
 * whose checks each resolve the construct's template values, overflowed Node's with 500 groups in one stack
 * ({@code ScaleLimitsTest}). Batches keep both depths small. Each message names the construct it is about, as a
 * validation on that construct would.
 */
final class StackChecks {
    /** Checks per validation: few callbacks into Java, few requests into Node during each. */
    static final int BATCH = 20;

    private static final Map<Stack, List<Supplier<List<String>>>> OPEN_BATCH =
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
        List<Supplier<List<String>>> batch;
        boolean opened = false;
        synchronized (OPEN_BATCH) {
            batch = OPEN_BATCH.get(stack);
            if (batch == null || batch.size() >= BATCH) {
                batch = new ArrayList<>();
                OPEN_BATCH.put(stack, batch);
                opened = true;
            }
            batch.add(named);
        }
        if (opened) {
            List<Supplier<List<String>>> checks = batch;
            stack.getNode().addValidation(() -> {
                List<String> errors = new ArrayList<>();
                for (Supplier<List<String>> each : List.copyOf(checks)) {
                    errors.addAll(each.get());
                }
                return errors;
            });
        }
    }
}
