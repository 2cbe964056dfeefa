package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.HIPAASecurityChecks;
import io.github.cdklabs.cdknag.NIST80053R5Checks;
import io.github.cdklabs.cdknag.NagPack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cloudformation.include.CfnInclude;
import software.constructs.IConstruct;
import software.constructs.MetadataEntry;

/**
 * cdk-nag 3's AwsSolutions, NIST 800-53 R5 and HIPAA Security packs raise nothing unacknowledged on
 * {@link MfaEnrolmentInvitations}; the construct acknowledges exactly the findings its design implies (inline role
 * policies of single-purpose roles, a dead-letter queue without one of its own), and each is really raised.
 */
class MfaEnrolmentInvitationsNagTest {
    /** Findings (rule @ last path part) the construct acknowledges, written from its design. */
    private static final Set<String> EXPECTED_ACKNOWLEDGED = Set.of(
            "AwsSolutions-SQS3 @ DeadLetterQueue",
            "AwsSolutions-IAM5[Resource::*] @ CloseInvitation/Role/DefaultPolicy",
            "AwsSolutions-IAM5[Resource::*] @ CleanUp/Role/DefaultPolicy",
            "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*] @ CloseInvitation/Role/DefaultPolicy",
            "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*] @ CleanUp/Role/DefaultPolicy",
            "NIST.800.53.R5-IAMNoInlinePolicy @ CloseInvitation/Role/DefaultPolicy",
            "NIST.800.53.R5-IAMNoInlinePolicy @ CloseInvitation/EventsRole/DefaultPolicy",
            "NIST.800.53.R5-IAMNoInlinePolicy @ CleanUp/Role/DefaultPolicy",
            "NIST.800.53.R5-IAMNoInlinePolicy @ CleanUp/EventsRole/DefaultPolicy",
            "HIPAA.Security-IAMNoInlinePolicy @ CloseInvitation/Role/DefaultPolicy",
            "HIPAA.Security-IAMNoInlinePolicy @ CloseInvitation/EventsRole/DefaultPolicy",
            "HIPAA.Security-IAMNoInlinePolicy @ CleanUp/Role/DefaultPolicy",
            "HIPAA.Security-IAMNoInlinePolicy @ CleanUp/EventsRole/DefaultPolicy");

    @TempDir
    Path tempDir;

    private static Set<String> findings(Stack stack) {
        Set<String> found = new TreeSet<>();
        for (NagPack pack : List.<NagPack>of(new AwsSolutionsChecks(), new NIST80053R5Checks(),
                new HIPAASecurityChecks())) {
            pack.validateScope(stack).getViolations().forEach(violation -> violation.getViolatingResources()
                    .forEach(resource -> found.add(violation.getRuleName() + " @ " + resource.getConstructPath())));
        }
        return found;
    }

    /** Acknowledged findings as "rule @ path below the construct, without /Resource". */
    private static Set<String> acknowledged(Stack stack) {
        Set<String> ids = new TreeSet<>();
        for (IConstruct construct : stack.getNode().findAll()) {
            for (MetadataEntry entry : construct.getNode().getMetadata()) {
                if (Validations.ACKNOWLEDGED_RULES_METADATA_KEY.equals(entry.getType())
                        && entry.getData() instanceof Map<?, ?> data) {
                    String path = construct.getNode().getPath().replaceFirst("^Invitations/Invitations/", "")
                            .replaceFirst("/Resource$", "");
                    data.keySet().forEach(key -> ids.add(String.valueOf(key).replaceFirst("(?i)^annotation::", "")
                            + " @ " + path));
                }
            }
        }
        return ids;
    }

    @Test
    void invitationsRaiseNothingUnacknowledged() {
        Stack stack = new Stack(new App(), "Invitations");
        new MfaEnrolmentInvitations(stack, "Invitations");
        assertThat(findings(stack)).isEmpty();
        assertThat(acknowledged(stack)).isEqualTo(EXPECTED_ACKNOWLEDGED);
    }

    @Test
    void theAcknowledgedFindingsAreRaisedWithoutTheAcknowledgments() throws IOException {
        Stack stack = new Stack(new App(), "Invitations");
        new MfaEnrolmentInvitations(stack, "Invitations");
        Path file = Files.createTempFile(tempDir, "template", ".json");
        new ObjectMapper().writeValue(file.toFile(), Template.fromStack(stack).toJSON());
        Stack raw = new Stack(new App(), "Raw");
        CfnInclude.Builder.create(raw, "Template").templateFile(file.toString()).build();
        Set<String> rules = new TreeSet<>();
        findings(raw).forEach(finding -> rules.add(finding.substring(0, finding.indexOf(" @ "))));
        Set<String> expectedRules = new TreeSet<>();
        EXPECTED_ACKNOWLEDGED.forEach(finding -> expectedRules.add(finding.substring(0, finding.indexOf(" @ "))));
        assertThat(rules).isEqualTo(expectedRules);
        assertThat(findings(raw)).hasSize(EXPECTED_ACKNOWLEDGED.size());
    }
}
