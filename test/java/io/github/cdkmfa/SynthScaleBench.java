package io.github.cdkmfa;

import java.util.Map;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.User;

/**
 * Benchmark (run by bench/run.mjs, not a test): defines and synthesizes one stack with N MfaEnforcedGroups of U
 * imported users each, like the sample app, and prints the milliseconds spent starting the jsii runtime, defining
 * the constructs and synthesizing, in that order.
 *
 * <p>Each imported user adds an AWS::IAM::UserToGroupAddition resource; 50 groups of 20 users pass
 * CloudFormation's 500 resources per stack, so the benchmark turns CDK's resource-limit check off.
 */
public final class SynthScaleBench {
    private SynthScaleBench() {
    }

    /**
     * Run one measurement.
     *
     * @param args groups, users per group, output directory
     */
    public static void main(String[] args) {
        int groups = Integer.parseInt(args[0]);
        int users = Integer.parseInt(args[1]);
        long start = System.nanoTime();
        App app = App.Builder.create().outdir(args[2]).context(Map.of("@aws-cdk/core:stackResourceLimit", 0))
                .build();
        long started = System.nanoTime();
        Stack stack = new Stack(app, "MfaEnforcedGroupScale");
        for (int g = 0; g < groups; g++) {
            MfaEnforcedGroup group = MfaEnforcedGroup.Builder.create(stack, "Group" + g).groupName("group-" + g)
                    .powerUserAccess(true).build();
            for (int u = 0; u < users; u++) {
                String name = "userg" + g + "u" + u;
                group.addUser(User.fromUserName(stack, name, name));
            }
        }
        long defined = System.nanoTime();
        app.synth();
        long synthesized = System.nanoTime();
        System.out.println(ms(started - start) + " " + ms(defined - started) + " " + ms(synthesized - defined));
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
