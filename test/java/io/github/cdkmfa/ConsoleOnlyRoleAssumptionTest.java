package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The synth warning for console-only groups whose members' long-term keys may call {@code sts:AssumeRole}
 * (decision matrix rows R350-R354 show what such a key reaches).
 */
class ConsoleOnlyRoleAssumptionTest {

    private static List<SynthesisMessage> warnings(MfaEnforcement enforcement,
            BiConsumer<Stack, MfaEnforcedGroup.Builder> configure, BiConsumer<Stack, MfaEnforcedGroup> after) {
        Stack stack = TestStacks.stack();
        MfaEnforcedGroup.Builder builder = MfaEnforcedGroup.Builder.create(stack, "Group").enforcement(enforcement);
        configure.accept(stack, builder);
        MfaEnforcedGroup group = builder.build();
        after.accept(stack, group);
        return Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp(".*"
                + MfaEnforcedGroup.CONSOLE_ONLY_ROLE_ASSUMPTION_WARNING + ".*"));
    }

    private static String only(List<SynthesisMessage> warnings) {
        assertThat(warnings).hasSize(1);
        return String.valueOf(warnings.get(0).getEntry().getData());
    }

    @Test
    void warnsWhenConsoleOnlyMeetsPowerUserAccess() {
        String warning = only(warnings(MfaEnforcement.CONSOLE_ONLY, (s, g) -> g.powerUserAccess(true), (s, g) -> { }));
        assertThat(warning).contains("enforcement CONSOLE_ONLY").contains("the AWS managed policy PowerUserAccess")
                .contains("cdk-hnb659fds-deploy-role-*").contains("aws:MultiFactorAuthPresent");
    }

    @Test
    void warnsWhenConsoleOnlyMeetsAdministratorAccess() {
        assertThat(only(warnings(MfaEnforcement.CONSOLE_ONLY, (s, g) -> g.managedPolicies(List.of(
                ManagedPolicy.fromAwsManagedPolicyName("AdministratorAccess"))), (s, g) -> { })))
                .contains("the AWS managed policy AdministratorAccess");
    }

    @Test
    void staysQuietWithoutAPolicyThatAllowsAssumeRole() {
        assertThat(warnings(MfaEnforcement.CONSOLE_ONLY, (s, g) -> { }, (s, g) -> { })).isEmpty();
        assertThat(warnings(MfaEnforcement.CONSOLE_ONLY, (s, g) -> { }, (s, g) -> g.addManagedPolicy(
                ManagedPolicy.Builder.create(s, "Reports").statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("s3:GetObject", "sts:GetCallerIdentity")).resources(List.of("*")).build()))
                        .build()))).isEmpty();
    }

    @Test
    void staysQuietInConsoleAndApiMode() {
        assertThat(warnings(MfaEnforcement.CONSOLE_AND_API, (s, g) -> g.powerUserAccess(true), (s, g) -> { }))
                .isEmpty();
    }

    @Test
    void warnsForAPolicyOfTheAppThatAllowsAssumeRoleThroughAWildcard() {
        String warning = only(warnings(MfaEnforcement.CONSOLE_ONLY, (s, g) -> { }, (s, g) -> g.addManagedPolicy(
                ManagedPolicy.Builder.create(s, "Deployers").statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("sts:Assume*")).resources(List.of("*")).build())).build())));
        assertThat(warning).contains("the managed policy TestStack/Deployers");
    }

    @Test
    void warnsForGrantsAndInlinePolicies() {
        assertThat(only(warnings(MfaEnforcement.CONSOLE_ONLY, (s, g) -> { }, (s, g) -> g.addToPrincipalPolicy(
                PolicyStatement.Builder.create().actions(List.of("sts:AssumeRole"))
                        .resources(List.of("arn:aws:iam::111111111111:role/deployer")).build()))))
                .contains("the inline policy");
        assertThat(only(warnings(MfaEnforcement.CONSOLE_ONLY, (s, g) -> { }, (s, g) -> g.attachInlinePolicy(
                Policy.Builder.create(s, "Everything but IAM").statements(List.of(PolicyStatement.Builder.create()
                        .notActions(List.of("iam:*")).resources(List.of("*")).build())).build()))))
                .contains("the inline policy");
    }

    @Test
    void countsAPolicyItCannotReadAsAllowingIt() {
        assertThat(only(warnings(MfaEnforcement.CONSOLE_ONLY, (s, g) -> g.managedPolicies(List.of(
                ManagedPolicy.fromManagedPolicyName(s, "Imported", "team-deployers"))), (s, g) -> { })))
                .contains("team-deployers").contains("whose document this app does not define");
    }

    @Test
    void readsActionsAsIamMatchesThem() {
        assertThat(RoleAssumptionWarning.allowsAssumeRole(java.util.Map.of("Statement", List.of(java.util.Map.of(
                "Effect", "Allow", "Action", "STS:assumerole", "Resource", "*"))))).isTrue();
        assertThat(RoleAssumptionWarning.allowsAssumeRole(java.util.Map.of("Statement", java.util.Map.of(
                "Effect", "Allow", "NotAction", List.of("sts:*"), "Resource", "*")))).isFalse();
        assertThat(RoleAssumptionWarning.allowsAssumeRole(java.util.Map.of("Statement", java.util.Map.of(
                "Effect", "Deny", "Action", "*", "Resource", "*")))).isFalse();
        assertThat(RoleAssumptionWarning.allowsAssumeRole(java.util.Map.of("Statement", java.util.Map.of(
                "Effect", "Allow", "Action", "sts:AssumeRoleWithSAML", "Resource", "*")))).isFalse();
    }
}
