package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Group;
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
        assertThat(stack.resolve(policy.getManagedPolicyArn())).isEqualTo(
                stack.resolve(policy.getManagedPolicy().getManagedPolicyArn()));
        assertThat(policy.getDocument().getStatementCount()).isEqualTo(4);
    }
}
