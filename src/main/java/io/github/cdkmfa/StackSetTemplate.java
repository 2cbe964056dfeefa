package io.github.cdkmfa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

import software.amazon.awscdk.App;
import software.amazon.awscdk.DefaultStackSynthesizer;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * The template a StackSet deploys to every member account, synthesized from the library's own constructs
 * ({@link MfaEnforcedGroup}, {@link MfaAlertsForwarding}) in an app of its own.
 *
 * <p>The app is separate from the one that defines the StackSet, so that its assembly never lands in the user's
 * cdk.out (its own directory, removed afterwards) and the CLI never deploys it. Its synthesizer needs no CDK
 * bootstrap in the target accounts: no {@code BootstrapVersion} parameter or rule, and the template must have no
 * assets; it is environment-agnostic, so partition and account are pseudo parameters, never literals.
 */
final class StackSetTemplate {
    /** CloudFormation's limit for an inline {@code TemplateBody} (CloudFormation API reference, CreateStackSet). */
    static final int MAX_TEMPLATE_BODY_BYTES = 51_200;

    private StackSetTemplate() {
    }

    /**
     * Synthesize the group's template.
     *
     * @param groupProps the group's properties
     * @return the template as compact JSON
     */
    static String synthesize(MfaEnforcedGroupProps groupProps) {
        return synthesize("IAM group whose members must sign in with MFA (MfaEnforcedOrganization)",
                stack -> new MfaEnforcedGroup(stack, "MfaEnforcedGroup", groupProps));
    }

    /**
     * Synthesize the template of a stack the given code defines.
     *
     * @param description the template's description
     * @param define defines the constructs in the (environment-agnostic) stack
     * @return the template as compact JSON
     */
    static String synthesize(String description, Consumer<Stack> define) {
        Path outdir;
        try {
            outdir = Files.createTempDirectory("mfa-stackset-template");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the StackSet's template", e);
        }
        try {
            App app = App.Builder.create().outdir(outdir.toString()).analyticsReporting(false).autoSynth(false)
                    .build();
            Stack stack = new Stack(app, "StackSetTemplate", StackProps.builder()
                    .description(description)
                    .synthesizer(DefaultStackSynthesizer.Builder.create().generateBootstrapVersionRule(false).build())
                    .build());
            define.accept(stack);
            CloudFormationStackArtifact artifact = app.synth().getStackByName(stack.getStackName());
            if (!artifact.getAssets().isEmpty()) {
                throw new IllegalStateException("the StackSet's template would need assets " + artifact.getAssets()
                        + ", which a service-managed StackSet cannot publish to its target accounts");
            }
            return PolicySize.json(artifact.getTemplate());
        } finally {
            delete(outdir);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
