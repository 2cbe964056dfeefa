package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.cdkmfa.sample.SampleApp;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.HIPAASecurityChecks;
import io.github.cdklabs.cdknag.NIST80053R5Checks;
import io.github.cdklabs.cdknag.NagPack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cloudformation.include.CfnInclude;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.IConstruct;
import software.constructs.MetadataEntry;

/**
 * Runs cdk-nag 3's AwsSolutions, NIST 800-53 R5 and HIPAA Security packs over the sample stack and over the
 * constructs, and checks the library's acknowledgments: they hide exactly the findings that are the construct's
 * purpose, each of those findings is really raised without them, and findings from the user's choices stay visible.
 */
class NagAcknowledgmentsTest {
    private static final String PARTITION = "<AWS::Partition>";
    private static final String ACCOUNT = "<AWS::AccountId>";

    /** The findings the library acknowledges on the sample stack, written from the policy's design. */
    private static final Set<String> EXPECTED_ACKNOWLEDGED = Set.of(
            "AwsSolutions-IAM4[Policy::arn:" + PARTITION + ":iam::aws:policy/PowerUserAccess]",
            "AwsSolutions-IAM5[Resource::*]",
            "AwsSolutions-IAM5[Resource::arn:" + PARTITION + ":iam::" + ACCOUNT + ":mfa/*]",
            "AwsSolutions-IAM5[Resource::arn:" + PARTITION + ":iam::" + ACCOUNT + ":user/*/<aws:username>]",
            // The alerts' dead-letter queues (DeliveryFailures): a dead-letter queue needs no queue of its own.
            "AwsSolutions-SQS3");

    @TempDir
    Path tempDir;

    private static List<NagPack> packs() {
        return List.of(new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks());
    }

    /** Unacknowledged findings as "ruleId @ logicalId", over all three packs. */
    private static Set<String> findings(Stack stack) {
        Map<String, IConstruct> byPath = new HashMap<>();
        stack.getNode().findAll().forEach(construct -> byPath.put(construct.getNode().getPath(), construct));
        Set<String> found = new TreeSet<>();
        for (NagPack pack : packs()) {
            pack.validateScope(stack).getViolations().forEach(violation -> violation.getViolatingResources()
                    .forEach(resource -> found.add(violation.getRuleName() + " @ "
                            + logicalId(stack, byPath.get(resource.getConstructPath())))));
        }
        return found;
    }

    private static String logicalId(Stack stack, IConstruct construct) {
        if (construct instanceof CfnResource resource) {
            return String.valueOf(stack.resolve(resource.getLogicalId()));
        }
        return construct.getNode().getPath();
    }

    /** Acknowledged rule ids as "ruleId @ logicalId", read from the constructs' metadata. */
    private static Set<String> acknowledged(Stack stack) {
        Set<String> ids = new TreeSet<>();
        for (IConstruct construct : stack.getNode().findAll()) {
            for (MetadataEntry entry : construct.getNode().getMetadata()) {
                if (Validations.ACKNOWLEDGED_RULES_METADATA_KEY.equals(entry.getType())
                        && entry.getData() instanceof Map<?, ?> data) {
                    data.keySet().forEach(key -> ids.add(String.valueOf(key).replaceFirst("(?i)^annotation::", "")
                            + " @ " + logicalId(stack, construct)));
                }
            }
        }
        return ids;
    }

    /** The same template without any construct metadata: cdk-nag's findings before acknowledgments. */
    private Set<String> findingsWithoutAcknowledgments(Stack stack) throws IOException {
        Path file = Files.createTempFile(tempDir, "template", ".json");
        new ObjectMapper().writeValue(file.toFile(), Template.fromStack(stack).toJSON());
        Stack raw = new Stack(new App(), "Raw");
        CfnInclude.Builder.create(raw, "Template").templateFile(file.toString()).build();
        Set<String> found = new TreeSet<>();
        for (NagPack pack : packs()) {
            pack.validateScope(raw).getViolations().forEach(violation -> violation.getViolatingResources()
                    .forEach(resource -> found.add(violation.getRuleName() + " @ " + resource.getConstructPath()
                            .substring(resource.getConstructPath().lastIndexOf('/') + 1))));
        }
        return found;
    }

    private static Stack sample(Map<String, Object> context) {
        return SampleApp.build(App.Builder.create().context(context).build(), null, null);
    }

    private static Set<String> ruleIds(Set<String> findings) {
        Set<String> ids = new TreeSet<>();
        findings.forEach(finding -> ids.add(finding.substring(0, finding.indexOf(" @ "))));
        return ids;
    }

    @Test
    void sampleWithMembersHasNoUnacknowledgedFindingsInAnyConfiguration() {
        List<Map<String, Object>> configurations = List.of(
                Map.of("users", "alice,bob"),
                Map.of("users", "alice", "enforcement", "console-only", "maxMfaAge", "PT12H"),
                Map.of("users", "alice", "powerUserAccess", false, "allowPasswordChangeWithoutMfa", true));
        for (Map<String, Object> context : configurations) {
            assertThat(findings(sample(context))).as("unacknowledged findings with context %s", context).isEmpty();
        }
    }

    @Test
    void sampleWithoutMembersAcknowledgesItsEmptyGroupItself() {
        assertThat(findings(sample(Map.of()))).isEmpty();
    }

    @Test
    void groupWithoutMembersStaysVisibleToTheLibrarysUsers() {
        // A group without members is the user's configuration, not the construct's purpose: HIPAA's finding stays.
        Stack stack = new Stack(new App(), "Empty");
        new MfaEnforcedGroup(stack, "Group");
        assertThat(ruleIds(findings(stack))).containsExactly("HIPAA.Security-IAMGroupHasUsers");
    }

    @Test
    void acknowledgedFindingsAreRaisedWithoutTheAcknowledgments() throws IOException {
        Stack stack = sample(Map.of("users", "alice"));
        Set<String> acknowledged = acknowledged(stack);

        assertThat(ruleIds(acknowledged)).isEqualTo(EXPECTED_ACKNOWLEDGED);
        // Not stale: cdk-nag raises every acknowledged finding, on the same resource, once the metadata is gone.
        assertThat(findingsWithoutAcknowledgments(stack)).containsAll(acknowledged);
        assertThat(findings(stack)).doesNotContainAnyElementsOf(acknowledged);
    }

    @Test
    void powerUserAccessIsAcknowledgedOnlyWhenTheGroupAttachesIt() {
        Stack stack = sample(Map.of("users", "alice", "powerUserAccess", false));
        assertThat(ruleIds(acknowledged(stack))).noneMatch(id -> id.startsWith("AwsSolutions-IAM4"));
    }

    @Test
    void managedPolicyTheUserAttachesStaysVisible() {
        Stack stack = new Stack(new App(), "UserChoice");
        MfaEnforcedGroup.Builder.create(stack, "Group").powerUserAccess(true)
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("ReadOnlyAccess"))).build();

        assertThat(ruleIds(findings(stack)))
                .contains("AwsSolutions-IAM4[Policy::arn:" + PARTITION + ":iam::aws:policy/ReadOnlyAccess]")
                .doesNotContain("AwsSolutions-IAM4[Policy::arn:" + PARTITION + ":iam::aws:policy/PowerUserAccess]");
    }

    @Test
    void powerUserAccessAttachedByTheUserStaysVisible() {
        Stack stack = new Stack(new App(), "UserChoice");
        MfaEnforcedGroup.Builder.create(stack, "Group")
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("PowerUserAccess"))).build();

        assertThat(ruleIds(findings(stack)))
                .contains("AwsSolutions-IAM4[Policy::arn:" + PARTITION + ":iam::aws:policy/PowerUserAccess]");
    }

    @Test
    void anAllowStatementTheUserAddsOnAnyResourceIsNotHiddenByTheAcknowledgments() {
        // The library acknowledges AwsSolutions-IAM5[Resource::*] on the MFA policy for its own statements; an
        // Allow on * added to the document would share that finding id, so synthesis refuses it instead.
        Stack stack = new Stack(new App(), "UserChoice");
        MfaEnforcementPolicy policy = new MfaEnforcementPolicy(stack, "Policy");
        policy.getDocument().addStatements(PolicyStatement.Builder.create().sid("ReadEverything")
                .effect(Effect.ALLOW).actions(List.of("s3:GetObject")).resources(List.of("*")).build());
        assertThat(ruleIds(findings(stack))).as("the finding id the acknowledgment would cover")
                .doesNotContain("AwsSolutions-IAM5[Resource::*]");
        assertThatThrownBy(() -> ((App) stack.getNode().getRoot()).synth()).hasMessageContaining("ReadEverything")
                .hasMessageContaining("Allowed: Deny statements only");
    }

    @Test
    void acknowledgmentsMatchLiteralPartitionAndAccount() {
        App app = App.Builder.create().context(Map.of("users", "alice",
                "@aws-cdk/core:enablePartitionLiterals", true)).build();
        Stack stack = SampleApp.build(app, "123456789012", "eu-west-1");

        assertThat(ruleIds(acknowledged(stack)))
                .contains("AwsSolutions-IAM5[Resource::arn:aws:iam::123456789012:mfa/*]");
        assertThat(findings(stack)).isEmpty();
    }

    @Test
    void standalonePolicyHasNoUnacknowledgedFindings() {
        Stack stack = new Stack(new App(), "Standalone");
        new MfaEnforcementPolicy(stack, "Policy");

        assertThat(findings(stack)).isEmpty();
    }
}
