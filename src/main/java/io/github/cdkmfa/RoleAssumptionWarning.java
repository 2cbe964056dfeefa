package io.github.cdkmfa;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.CfnGroup;
import software.amazon.awscdk.services.iam.IManagedPolicy;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Policy;

/**
 * Warns when a console-only group's members may call {@code sts:AssumeRole} without MFA.
 *
 * <p>In {@link MfaEnforcement#CONSOLE_ONLY} a member's long-term access key is not asked for MFA. Role sessions are
 * judged by the role's policies only, and the roles the CDK bootstrap creates trust the whole account: a key
 * allowed {@code sts:AssumeRole} may assume {@code cdk-hnb659fds-deploy-role-*} and deploy through CloudFormation's
 * execution role (AdministratorAccess by default), creating users, access keys and console passwords. The check
 * reads the group's policies that the app defines; a policy it cannot read (an imported or AWS managed policy
 * other than those it knows) counts as allowing it.
 */
final class RoleAssumptionWarning {
    /** AWS managed policies known to allow {@code sts:AssumeRole}. */
    private static final Set<String> AWS_MANAGED_ALLOWING = Set.of("PowerUserAccess", "AdministratorAccess");
    private static final Pattern AWS_MANAGED_ARN = Pattern.compile(".*:iam::aws:policy/(?:.*/)?([\\w+=,.@-]+)$");
    private static final String ACTION = "sts:assumerole";

    private RoleAssumptionWarning() {
    }

    /**
     * Add the warning to the group when its members may assume roles without MFA; meant to run at validation, when
     * every policy is attached.
     *
     * <p>It reads what the group itself knows of, so that its cost does not grow with the stack: the managed
     * policies attached through the group (their documents when the app defines them), the group's inline policies
     * and its default policy (grants), and the policies attached through {@code attachInlinePolicy}. A policy that
     * attaches itself to the group from the policy's side ({@code ManagedPolicy.attachToGroup}) is not seen.
     *
     * @param group the group construct
     * @param cfnGroup the IAM group it defines
     * @param managedPolicies the managed policies attached through the group
     * @param inlinePolicies the inline policies attached through the group, its default policy included
     * @return no errors: this check only warns
     */
    static List<String> check(MfaEnforcedGroup group, CfnGroup cfnGroup, List<IManagedPolicy> managedPolicies,
            List<Policy> inlinePolicies) {
        Stack stack = Stack.of(group);
        Set<String> reasons = new LinkedHashSet<>();
        Object inline = stack.resolve(cfnGroup.getPolicies());
        if (inline instanceof List<?> list) {
            for (Object policy : list) {
                if (policy instanceof Map<?, ?> map && allowsAssumeRole(map.get("PolicyDocument"))) {
                    reasons.add("the inline policy " + map.get("PolicyName"));
                }
            }
        }
        for (Policy policy : inlinePolicies) {
            if (allowsAssumeRole(stack.resolve(policy.getDocument()))) {
                reasons.add("the inline policy " + policy.getNode().getPath());
            }
        }
        for (IManagedPolicy policy : managedPolicies) {
            if (policy == group.getMfaPolicy().getManagedPolicy()) {
                continue;
            }
            if (policy instanceof ManagedPolicy defined) {
                if (allowsAssumeRole(stack.resolve(defined.getDocument()))) {
                    reasons.add("the managed policy " + defined.getNode().getPath());
                }
                continue;
            }
            String arn = String.valueOf(flatten(stack.resolve(policy.getManagedPolicyArn())));
            var matcher = AWS_MANAGED_ARN.matcher(arn);
            if (matcher.matches() && AWS_MANAGED_ALLOWING.contains(matcher.group(1))) {
                reasons.add("the AWS managed policy " + matcher.group(1));
            } else {
                reasons.add("the managed policy " + arn + ", whose document this app does not define "
                        + "(counted as allowing it)");
            }
        }
        if (!reasons.isEmpty()) {
            Annotations.of(group).addWarningV2(MfaEnforcedGroup.CONSOLE_ONLY_ROLE_ASSUMPTION_WARNING, "enforcement "
                    + "CONSOLE_ONLY: members' long-term access keys are not asked for MFA, and sts:AssumeRole is "
                    + "allowed to them by " + String.join(", ", reasons) + ". A leaked key can assume any role whose "
                    + "trust policy trusts the account, such as the CDK bootstrap deploy role "
                    + "(cdk-hnb659fds-deploy-role-*), and act through CloudFormation's execution role "
                    + "(AdministratorAccess by default): create users, access keys and console passwords. Use "
                    + "CONSOLE_AND_API, or require MFA in the roles' trust policies (aws:MultiFactorAuthPresent).");
        }
        return List.of();
    }

    /** Whether a resolved policy document has an Allow statement whose actions match sts:AssumeRole. */
    static boolean allowsAssumeRole(Object document) {
        if (!(document instanceof Map<?, ?> map)) {
            return document != null; // unresolvable: fail closed
        }
        Object statements = map.get("Statement");
        List<?> list = statements instanceof List<?> l ? l : List.of(statements == null ? Map.of() : statements);
        for (Object statement : list) {
            if (!(statement instanceof Map<?, ?> s) || !"Allow".equals(s.get("Effect"))) {
                continue;
            }
            if (s.containsKey("Action") && strings(s.get("Action")).stream().anyMatch(RoleAssumptionWarning::matches)) {
                return true;
            }
            if (s.containsKey("NotAction")
                    && strings(s.get("NotAction")).stream().noneMatch(RoleAssumptionWarning::matches)) {
                return true;
            }
        }
        return false;
    }

    /** IAM action matching: case-insensitive, {@code *} any run of characters, {@code ?} one character. */
    private static boolean matches(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toLowerCase(Locale.ROOT).toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return ACTION.matches(regex.toString());
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    /** An ARN from Fn::Join with pseudo parameters, as text. */
    private static Object flatten(Object arn) {
        if (arn instanceof Map<?, ?> map && map.get("Fn::Join") instanceof List<?> join && join.size() == 2
                && join.get(1) instanceof List<?> parts) {
            StringBuilder text = new StringBuilder();
            for (Object part : parts) {
                text.append(part instanceof Map<?, ?> ref && ref.get("Ref") != null ? "${" + ref.get("Ref") + "}"
                        : String.valueOf(flatten(part)));
            }
            return text.toString();
        }
        return arn;
    }
}
