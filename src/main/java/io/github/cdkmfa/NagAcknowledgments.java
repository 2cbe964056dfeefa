package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.constructs.IConstruct;

/**
 * Acknowledges the cdk-nag findings that are the purpose of this library, so that users who run cdk-nag do not have
 * to rediscover them.
 *
 * <p>The acknowledgments use aws-cdk-lib's own {@code Validations} (cdk-nag 3 reads them), so the library does not
 * depend on cdk-nag. Each acknowledgment names one finding precisely, on the one CloudFormation resource that raises
 * it; findings that come from the user's choices (a further AWS managed policy, a statement added to the document,
 * a group without members) stay visible.
 */
final class NagAcknowledgments {
    static final String POWER_USER_ACCESS_REASON = "PowerUserAccess is the AWS managed policy the group was asked "
            + "to attach (powerUserAccess: true). Its permissions are usable only after MFA sign-in: the group's MFA "
            + "policy denies everything else until then.";
    static final String ANY_RESOURCE_REASON = "The account-level actions the MFA policy allows so that users can "
            + "enrol (iam:GetAccountPasswordPolicy, iam:ListVirtualMFADevices, optionally iam:ListUsers) support no "
            + "resource-level permissions: IAM accepts only '*' for them.";
    static final String MFA_DEVICE_REASON = "Users name their own virtual MFA devices (up to 8 per user), so "
            + "iam:CreateVirtualMFADevice is allowed on mfa/* as in AWS's published policy; a device is bound to a "
            + "user only by iam:EnableMFADevice, which the policy scopes to the caller's own user.";
    static final String OWN_USER_PATH_REASON = "Own-user resource for IAM users with a path: the wildcard stands "
            + "for the path only, and the ARN still ends with the caller's own ${aws:username}.";

    private NagAcknowledgments() {
    }

    /**
     * Acknowledge the findings of an {@link MfaEnforcedGroup}: AwsSolutions-IAM4 for PowerUserAccess, only when the
     * group attached it because {@code powerUserAccess} was set.
     *
     * @param group the group construct
     * @param powerUserAccess whether the group attached PowerUserAccess through its {@code powerUserAccess} property
     */
    static void acknowledgeGroup(MfaEnforcedGroup group, boolean powerUserAccess) {
        if (powerUserAccess) {
            IConstruct cfnGroup = group.getGroup().getNode().getDefaultChild();
            String arn = flatten(Stack.of(group).resolve(
                    ManagedPolicy.fromAwsManagedPolicyName("PowerUserAccess").getManagedPolicyArn()));
            acknowledge(cfnGroup, Map.of("AwsSolutions-IAM4[Policy::" + arn + "]", POWER_USER_ACCESS_REASON));
        }
    }

    /**
     * Acknowledge the findings of an {@link MfaEnforcementPolicy}: AwsSolutions-IAM5 for each wildcard resource of
     * the library's own Allow statements. Call it before the document can hold anyone else's statements.
     *
     * @param policy the policy construct, with the library's statements only
     */
    static void acknowledgePolicy(MfaEnforcementPolicy policy) {
        Map<String, String> acknowledgments = new LinkedHashMap<>();
        for (String resource : wildcardAllowResources(Stack.of(policy).resolve(policy.getDocument()))) {
            String reason = resource.equals("*") ? ANY_RESOURCE_REASON
                    : resource.endsWith(":mfa/*") ? MFA_DEVICE_REASON
                    : resource.endsWith(":user/*/<aws:username>") ? OWN_USER_PATH_REASON
                    : null;
            if (reason != null) {
                acknowledgments.put("AwsSolutions-IAM5[Resource::" + resource + "]", reason);
            }
        }
        acknowledge(policy.getManagedPolicy().getNode().getDefaultChild(), acknowledgments);
    }

    private static void acknowledge(IConstruct resource, Map<String, String> acknowledgments) {
        acknowledgments.forEach((id, reason) -> Validations.of(resource)
                .acknowledge(Acknowledgment.builder().id(id).reason(reason).build()));
    }

    /** The resources of Allow statements that contain a wildcard, in cdk-nag's flattened notation. */
    private static List<String> wildcardAllowResources(Object document) {
        List<String> found = new ArrayList<>();
        if (document instanceof Map<?, ?> doc && doc.get("Statement") instanceof List<?> statements) {
            for (Object item : statements) {
                if (item instanceof Map<?, ?> statement && "Allow".equals(statement.get("Effect"))) {
                    Object resources = statement.get("Resource");
                    for (Object resource : resources instanceof List<?> list ? list : List.of(resources)) {
                        String flat = flatten(resource);
                        if (flat.contains("*") && !found.contains(flat)) {
                            found.add(flat);
                        }
                    }
                }
            }
        }
        return found;
    }

    /**
     * Render a resolved CloudFormation value the way cdk-nag names it in a finding id ({@code Fn::Join} joined,
     * {@code Ref} as {@code <Name>}, {@code ${var}} as {@code <var>}). Written here because cdk-nag is not a
     * dependency of the library; a test runs cdk-nag to prove the ids match its findings.
     */
    static String flatten(Object value) {
        if (value instanceof String text) {
            return text.replace("${", "<").replace("}", ">");
        }
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            if (map.get("Fn::Join") instanceof List<?> join && join.size() == 2 && join.get(1) instanceof List<?> parts) {
                List<String> flat = new ArrayList<>();
                parts.forEach(part -> flat.add(flatten(part)));
                return String.join(String.valueOf(join.get(0)), flat);
            }
            if (map.containsKey("Ref")) {
                return "<" + flatten(map.get("Ref")) + ">";
            }
        }
        return String.valueOf(value);
    }
}
