package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.Group;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.User;

class MfaEnforcementPolicyTest {

    @Test
    void attachesToExistingGroupsAndUsers() {
        Stack stack = TestStacks.stack();
        MfaEnforcementPolicy policy = MfaEnforcementPolicy.Builder.create(stack, "ForceMfa")
                .managedPolicyName("Force_MFA")
                .groups(List.of(Group.fromGroupName(stack, "Developers", "developers")))
                .users(List.of(User.fromUserName(stack, "Alice", "alice")))
                .build();
        policy.attachToGroup(Group.fromGroupName(stack, "Operators", "operators"));

        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::IAM::Group", 0);
        template.hasResourceProperties("AWS::IAM::ManagedPolicy", Map.of(
                "ManagedPolicyName", "Force_MFA",
                "Groups", List.of("developers", "operators"),
                "Users", List.of("alice")));
    }

    @Test
    void attachingTheSameGroupTwiceAttachesItOnce() {
        Stack stack = TestStacks.stack();
        Group group = Group.Builder.create(stack, "Group").build();
        MfaEnforcementPolicy policy = new MfaEnforcementPolicy(stack, "ForceMfa");
        policy.attachToGroup(group);
        policy.attachToGroup(group);
        Template.fromStack(stack).hasResourceProperties("AWS::IAM::ManagedPolicy",
                Map.of("Groups", List.of(Map.of("Ref", Match.anyValue()))));
    }

    @Test
    void theStandalonePolicyIsTheSameDocumentTheGroupUses() {
        Stack standalone = TestStacks.stack();
        new MfaEnforcementPolicy(standalone, "Policy");
        Stack grouped = TestStacks.stack();
        new MfaEnforcedGroup(grouped, "Group");
        assertThat(TestStacks.policyDocument(Template.fromStack(standalone)))
                .isEqualTo(TestStacks.policyDocument(Template.fromStack(grouped)));
    }

    @Test
    void exposesThePolicyUnderTheIdResource() {
        Stack stack = TestStacks.stack();
        MfaEnforcementPolicy policy = new MfaEnforcementPolicy(stack, "Policy");
        assertThat(policy.getNode().findChild("Resource")).isSameAs(policy.getManagedPolicy());
        // CloudFormation's Ref of an AWS::IAM::ManagedPolicy is its ARN.
        String logicalId = Template.fromStack(stack).findResources("AWS::IAM::ManagedPolicy").keySet().iterator()
                .next();
        assertThat(logicalId).startsWith("Policy");
        assertThat(stack.resolve(policy.getManagedPolicyArn())).isEqualTo(Map.of("Ref", logicalId));
        assertThat(policy.getDocument().getStatementCount()).isEqualTo(5);
    }

    @Test
    void denyStatementsMayBeAddedToTheDocument() {
        Stack stack = TestStacks.stack();
        MfaEnforcementPolicy policy = new MfaEnforcementPolicy(stack, "Policy");
        policy.getDocument().addStatements(PolicyStatement.Builder.create().sid("DenyReports").effect(Effect.DENY)
                .actions(List.of("s3:DeleteObject")).resources(List.of("*")).build());
        TestStacks.synth(stack);
        assertThat(TestStacks.statement(TestStacks.policyDocument(Template.fromStack(stack)), "DenyReports"))
                .containsEntry("Effect", "Deny");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "arn:aws:s3:::reports/*"})
    void failsWhenAnAllowStatementIsAddedToTheDocument(String resource) {
        Stack stack = TestStacks.stack();
        MfaEnforcementPolicy policy = new MfaEnforcementPolicy(stack, "Policy");
        policy.getDocument().addStatements(PolicyStatement.Builder.create().sid("ReadReports").effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject")).resources(List.of(resource)).build());
        assertThatThrownBy(() -> TestStacks.synth(stack))
                .hasMessageContaining("document: the Allow statement {")
                .hasMessageContaining("ReadReports")
                .hasMessageContaining("Allowed: Deny statements only");
    }

    @Test
    void enrolmentWithAccessKeysDropsOnlyTheirDeny() {
        Stack stack = TestStacks.stack();
        new MfaEnforcementPolicy(stack, "Standard");
        MfaEnforcementPolicy.Builder.create(stack, "Keys").allowEnrolmentWithAccessKeys(true).build();
        Map<String, Map<String, Object>> documents = new java.util.TreeMap<>();
        Template.fromStack(stack).findResources("AWS::IAM::ManagedPolicy").forEach((id, resource) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
            @SuppressWarnings("unchecked")
            Map<String, Object> document = (Map<String, Object>) properties.get("PolicyDocument");
            documents.put(id.startsWith("Standard") ? "default" : "keys", document);
        });
        Map<String, Object> deny = TestStacks.statement(documents.get("default"), "DenyMFAEnrolmentWithAccessKeys");
        assertThat(deny).containsEntry("Effect", "Deny").containsEntry("Resource", "*")
                .containsEntry("Action", List.of("iam:CreateVirtualMFADevice", "iam:EnableMFADevice"))
                .containsEntry("Condition", Map.of("Null", Map.of("aws:MultiFactorAuthPresent", "true")));
        List<Map<String, Object>> withDeny = new ArrayList<>(TestStacks.statements(documents.get("keys")));
        withDeny.add(4, deny);
        assertThat(withDeny).isEqualTo(TestStacks.statements(documents.get("default")));
    }
}
