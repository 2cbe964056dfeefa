package io.github.cdkmfa.sample;

import io.github.cdkmfa.MfaEnforcementChecks;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** The sample CDK app: {@code cdk synth} and {@code cdk deploy} run it through {@code cdk.json}. */
public final class SampleApp {
    /** The stack's name in CloudFormation. */
    public static final String STACK_NAME = "MfaEnforcedGroupSample";

    private SampleApp() {
    }

    /**
     * Build the app and synthesize it.
     *
     * @param args ignored; settings come from CDK context
     */
    public static void main(String[] args) {
        App app = new App();
        try {
            build(app, System.getenv("CDK_DEFAULT_ACCOUNT"), System.getenv("CDK_DEFAULT_REGION"));
        } catch (IllegalArgumentException e) {
            // A configuration error: the message says what to change; a stack trace would only bury it.
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
        app.synth();
    }

    /**
     * Define the sample stack in an app, and turn on the check that every IAM user the app defines is under MFA
     * enforcement.
     *
     * @param app the app
     * @param account the account to deploy to, or {@code null} for an environment-agnostic stack
     * @param region the region to deploy to, or {@code null} for an environment-agnostic stack
     * @return the stack
     */
    public static MfaSampleStack build(App app, String account, String region) {
        StackProps.Builder props = StackProps.builder()
                .description("IAM group whose members must sign in with MFA (MfaEnforcedGroup sample)");
        SampleConfig config = SampleConfig.fromContext(app.getNode());
        boolean knownAccount = account != null && !account.isBlank();
        if (config.alerts()) {
            // IAM's events arrive only in the home Region: an environment-agnostic stack could not promise them.
            Environment.Builder env = Environment.builder().region(config.homeRegion());
            if (knownAccount) {
                env.account(account);
            }
            props.env(env.build());
        } else if (knownAccount && region != null && !region.isBlank()) {
            props.env(Environment.builder().account(account).region(region).build());
        }
        MfaSampleStack stack = new MfaSampleStack(app, STACK_NAME, props.build(), config);
        Aspects.of(app).add(new MfaEnforcementChecks());
        return stack;
    }
}
