package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.cdkmfa.AssemblyTemplates.Template;
import io.github.cdkmfa.TemplateValues.Literal;
import io.github.cdkmfa.TemplateValues.Reference;
import io.github.cdkmfa.TemplateValues.Value;

/**
 * Finds IAM users the app maps into an Amazon EKS cluster, which authenticates them with a presigned
 * {@code sts:GetCallerIdentity} request that no policy can deny ("If an administrator attaches a policy to your
 * identity that explicitly denies access to the sts:GetCallerIdentity action, you can still perform this
 * operation", AWS STS API Reference, GetCallerIdentity:
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html). A member's leaked access key
 * therefore reaches the cluster without MFA ("MFA-enforced API keys can still access the cluster without MFA",
 * https://github.com/kubernetes-sigs/aws-iam-authenticator/issues/322).
 *
 * <p>Two ways an app maps a user: an {@code AWS::EKS::AccessEntry} whose {@code PrincipalArn} is a user, and the
 * {@code aws-auth} ConfigMap's {@code mapUsers}, which aws-cdk-lib's {@code aws-eks} module writes as a
 * {@code Custom::AWSCDK-EKS-KubernetesResource} manifest.
 */
final class EksUserMappings {
    private static final String FIX = "Map an IAM role whose trust policy requires MFA (a condition on "
            + "aws:MultiFactorAuthPresent, and aws:MultiFactorAuthAge for a maximum age) instead of the user, and let "
            + "members assume it with MFA. IAM User Guide, Configuring MFA-protected API access: "
            + "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html";

    private EksUserMappings() {
    }

    static List<CheckFinding> findings(List<Template> templates, TemplateValues values) {
        List<CheckFinding> findings = new ArrayList<>();
        for (Template template : templates) {
            for (String logicalId : template.resources.keySet()) {
                String type = template.type(logicalId);
                if ("AWS::EKS::AccessEntry".equals(type)) {
                    Object principal = template.properties(logicalId).get("PrincipalArn");
                    if (isUser(values.evaluate(template, principal), principal)) {
                        findings.add(finding(template, logicalId, "Properties.PrincipalArn", "The EKS access entry "
                                + template.describe(logicalId) + " maps an IAM user into the cluster."));
                    }
                } else if ("Custom::AWSCDK-EKS-KubernetesResource".equals(type)) {
                    String manifest = AssemblyTemplates.json(template.properties(logicalId).get("Manifest"));
                    if (manifest.contains("aws-auth") && manifest.toLowerCase(Locale.ROOT).contains("userarn")) {
                        findings.add(finding(template, logicalId, "Properties.Manifest", "The Kubernetes manifest "
                                + template.describe(logicalId) + " writes the aws-auth ConfigMap with IAM users in "
                                + "its mapUsers."));
                    }
                }
            }
        }
        return findings;
    }

    private static boolean isUser(Value value, Object raw) {
        if (value instanceof Reference reference) {
            return "AWS::IAM::User".equals(reference.template().type(reference.logicalId()));
        }
        if (value instanceof Literal literal) {
            return literal.text().contains(":user/");
        }
        return AssemblyTemplates.json(raw).contains(":user/");
    }

    private static CheckFinding finding(Template template, String logicalId, String location, String what) {
        return new CheckFinding(MfaEnforcementChecks.USER_MAPPED_INTO_EKS, "warning", template, logicalId, null,
                location, what + " Amazon EKS authenticates the user with a presigned sts:GetCallerIdentity "
                        + "request, which IAM cannot deny, so the user's access key reaches the cluster without MFA "
                        + "whatever MFA enforcement policy the user has.", FIX);
    }
}
