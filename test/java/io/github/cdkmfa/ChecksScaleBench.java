package io.github.cdkmfa;

import java.nio.file.Path;
import java.util.Map;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.IPolicyValidationContext;
import software.amazon.awscdk.IPolicyValidationPlugin;
import software.amazon.awscdk.PolicyValidationPluginReport;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.iam.AccessKey;
import software.amazon.awscdk.services.iam.User;

/**
 * Benchmark (run by bench/run.mjs, not a test): the cost of {@link MfaEnforcementChecks} on a company-sized app,
 * with the JVM's default thread stack.
 *
 * <p>Defines 1,000 IAM users with an access key each, in 10 MfaEnforcedGroups spread over 10 stacks of one account
 * (users and their groups in different stacks, so that memberships are cross-stack references), plus plain constructs
 * up to 10,000 constructs in all, and synthesizes it with or without the check. Prints: the mode, the number of
 * constructs, and the milliseconds spent defining, synthesizing, and inside the check's {@code validate}. bench/run.mjs alternates the two modes in fresh
 * JVMs and compares the medians.
 */
public final class ChecksScaleBench {
    static final int USERS = 1_000;
    static final int CONSTRUCTS = 10_000;

    private ChecksScaleBench() {
    }

    /**
     * Run one measurement.
     *
     * @param args "check" or "plain", and the output directory
     */
    public static void main(String[] args) {
        boolean check = "check".equals(args[0]);
        App app = App.Builder.create().outdir(Path.of(args[1]).toString())
                .context(Map.of("@aws-cdk/core:stackResourceLimit", 0)).build();
        long start = System.nanoTime();
        Environment env = Environment.builder().account("111111111111").region("us-east-1").build();
        Stack groups = new Stack(app, "Groups", StackProps.builder().env(env).build());
        MfaEnforcedGroup[] enforced = new MfaEnforcedGroup[10];
        for (int g = 0; g < enforced.length; g++) {
            enforced[g] = new MfaEnforcedGroup(groups, "Team" + g);
        }
        Stack[] stacks = new Stack[10];
        for (int s = 0; s < stacks.length; s++) {
            stacks[s] = new Stack(app, "Users" + s, StackProps.builder().env(env).build());
        }
        for (int u = 0; u < USERS; u++) {
            Stack stack = stacks[u % stacks.length];
            User user = User.Builder.create(stack, "User" + u).userName("user" + u).build();
            AccessKey.Builder.create(stack, "Key" + u).user(user).build();
            enforced[u % enforced.length].addUser(user);
        }
        int constructs = app.getNode().findAll().size();
        // Plain constructs up to the target: what the rest of a company app adds to the tree.
        for (int i = 0; constructs < CONSTRUCTS; i++, constructs++) {
            new software.constructs.Construct(stacks[i % stacks.length], "Filler" + i);
        }
        long[] checkNanos = new long[1];
        if (check) {
            MfaEnforcementChecks checks = new MfaEnforcementChecks();
            // The same plugin, timed: the share of synthesis spent in the check's own work.
            Validations.of(app).addPlugins(new IPolicyValidationPlugin() {
                @Override
                public String getName() {
                    return checks.getName();
                }

                @Override
                public PolicyValidationPluginReport validate(IPolicyValidationContext context) {
                    long begin = System.nanoTime();
                    PolicyValidationPluginReport report = checks.validate(context);
                    checkNanos[0] = System.nanoTime() - begin;
                    if (!report.getViolations().isEmpty()) {
                        throw new IllegalStateException("the benchmark app must pass the check: "
                                + report.getViolations().get(0).getDescription());
                    }
                    return report;
                }
            });
        }
        long defined = System.nanoTime();
        app.synth();
        long synthesized = System.nanoTime();
        System.out.println((check ? "check" : "plain") + " " + app.getNode().findAll().size() + " "
                + ms(defined - start) + " " + ms(synthesized - defined) + " " + ms(checkNanos[0]));
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
