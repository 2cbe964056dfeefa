package com.example.company;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** The company's CDK app: one stack with its MFA-enforced IAM groups. */
public final class CompanyApp {
    private CompanyApp() {
    }

    /**
     * Synthesize the app.
     *
     * @param args not used
     */
    public static void main(final String[] args) {
        App app = new App();
        StackProps.Builder props = StackProps.builder();
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        if (account != null && region != null) {
            props.env(Environment.builder().account(account).region(region).build());
        }
        new CompanyIamStack(app, "CompanyIam", props.build());
        app.synth();
    }
}
