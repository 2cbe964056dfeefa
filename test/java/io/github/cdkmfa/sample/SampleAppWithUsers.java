package io.github.cdkmfa.sample;

import io.github.cdkmfa.MfaEnforcedGroup;

import software.amazon.awscdk.App;
import software.amazon.awscdk.services.iam.AccessKey;
import software.amazon.awscdk.services.iam.User;

/**
 * The sample app with IAM users of its own, for {@code CdkCliSynthTest}: the sample itself only imports existing users
 * by name, which the MFA enforcement check does not report. Test code only, so that the shipped sample never defines
 * a user outside MFA enforcement.
 *
 * <p>Context key {@code uncoveredUser}: {@code true} also defines {@code Mallory}, a user with an access key that is in
 * no group; the check must then fail {@code cdk synth}.
 */
public final class SampleAppWithUsers {
    private SampleAppWithUsers() {
    }

    /**
     * Build the sample app with its users and synthesize it.
     *
     * @param args ignored; settings come from CDK context
     */
    public static void main(String[] args) {
        App app = new App();
        MfaSampleStack stack = SampleApp.build(app, null, null);
        MfaEnforcedGroup group = (MfaEnforcedGroup) stack.getNode().findChild("MfaEnforcedGroup");
        User carol = User.Builder.create(stack, "Carol").userName("carol").build();
        AccessKey.Builder.create(stack, "CarolKey").user(carol).build();
        group.addUser(carol);
        if ("true".equals(String.valueOf(app.getNode().tryGetContext("uncoveredUser")))) {
            User mallory = User.Builder.create(stack, "Mallory").userName("mallory").build();
            AccessKey.Builder.create(stack, "MalloryKey").user(mallory).build();
        }
        app.synth();
    }
}
