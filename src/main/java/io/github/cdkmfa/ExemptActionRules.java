package io.github.cdkmfa;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import software.amazon.awscdk.Token;

/**
 * Refuses MFA exemptions that would let a holder of stolen access keys take over MFA, create credentials or
 * raise their permissions.
 *
 * <p>Written here because no library classifies IAM actions by what they let a key holder do: the IAM service
 * reference gives access levels, and "Write" covers both harmless and dangerous actions. The rules are
 * deliberately coarse: whole services that manage identity, IAM actions other than reads, the known
 * privilege-escalation paths in other services, and any action whose name speaks of credentials.
 */
final class ExemptActionRules {
    private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9-]+:[A-Za-z0-9]+");

    /** STS actions that hand out no credentials. */
    private static final Set<String> HARMLESS_STS = Set.of("sts:getcalleridentity", "sts:getsessiontoken",
            "sts:getaccesskeyinfo", "sts:decodeauthorizationmessage");

    /** Services that manage identities, sign-in or the account itself: none of their actions may be exempt. */
    private static final Set<String> IDENTITY_SERVICES = Set.of("organizations", "account", "sso", "sso-directory",
            "sso-oauth", "identitystore", "identitystore-auth", "signin", "cognito-identity", "cognito-idp",
            "rolesanywhere", "iam-auth", "billing");

    /** Known privilege-escalation paths outside IAM: each runs code or changes access with someone else's role. */
    private static final Set<String> ESCALATION_ACTIONS = Set.of(
            "lambda:createfunction", "lambda:updatefunctioncode", "lambda:updatefunctionconfiguration",
            "lambda:invokefunction", "lambda:addpermission", "lambda:createeventsourcemapping",
            "ec2:runinstances", "ec2:modifyinstanceattribute", "ec2:associateiaminstanceprofile",
            "ec2:replaceiaminstanceprofileassociation", "ec2:createlaunchtemplateversion",
            "ec2-instance-connect:sendsshpublickey", "ec2-instance-connect:sendserialconsolesshpublickey",
            "ssm:sendcommand", "ssm:startsession", "ssm:startautomationexecution", "ssm:resumesession",
            "cloudformation:createstack", "cloudformation:updatestack", "cloudformation:createchangeset",
            "cloudformation:executechangeset", "cloudformation:createstackset", "cloudformation:updatestackset",
            "cloudformation:setstackpolicy", "glue:createdevendpoint", "glue:updatedevendpoint",
            "glue:createjob", "glue:updatejob", "glue:createsession", "datapipeline:createpipeline",
            "datapipeline:putpipelinedefinition", "datapipeline:activatepipeline", "codebuild:createproject",
            "codebuild:updateproject", "codebuild:startbuild", "codebuild:startbuildbatch",
            "sagemaker:createnotebookinstance", "sagemaker:updatenotebookinstance",
            "sagemaker:createpresignednotebookinstanceurl", "sagemaker:createpresigneddomainurl",
            "ecs:runtask", "ecs:starttask", "ecs:registertaskdefinition", "ecs:executecommand",
            "autoscaling:createlaunchconfiguration", "autoscaling:createautoscalinggroup",
            "autoscaling:updateautoscalinggroup", "codestar:createproject", "codestar:associateteammember",
            "kms:creategrant", "kms:putkeypolicy", "s3:putbucketpolicy", "secretsmanager:putresourcepolicy",
            "sns:addpermission", "sqs:addpermission", "ram:createresourceshare", "apprunner:createservice",
            "bedrock-agentcore:createcodeinterpreter", "states:startexecution", "states:createstatemachine",
            "states:updatestatemachine", "emr:runjobflow", "batch:submitjob", "batch:registerjobdefinition");

    /** Words in an action name that mean it reads, creates or changes credentials, keys or MFA. */
    private static final List<String> CREDENTIAL_WORDS = List.of("credential", "password", "accesskey",
            "loginprofile", "mfa", "passrole", "assumerole", "authorizationtoken", "authtoken", "secretvalue",
            "sshpublickey", "signingcertificate", "federationtoken", "bearertoken");

    private ExemptActionRules() {
    }

    /**
     * Check each exempt action and throw for the first that is refused.
     *
     * @param actions the exempt actions as given
     * @throws IllegalArgumentException naming the property, the value and why it is refused
     */
    static void check(List<String> actions) {
        for (int i = 0; i < actions.size(); i++) {
            String action = actions.get(i);
            String reason = reasonToRefuse(action);
            if (reason != null) {
                throw new IllegalArgumentException("exemptActions[" + i + "]: " + quote(action) + " is refused: "
                        + reason + " Allowed: one named action of a service that does not manage identities or "
                        + "credentials, such as 's3:ListAllMyBuckets' or 'iam:ListRoles'.");
            }
        }
    }

    private static String reasonToRefuse(String action) {
        if (action == null || action.isBlank()) {
            return "an exemption must name an action.";
        }
        if (Token.isUnresolved(action)) {
            return "a token is only known at deployment, so it cannot be checked against the MFA takeover rules.";
        }
        if (action.contains("*") || action.contains("?")) {
            return "wildcards are never exempt, because they also match actions that take over MFA or create "
                    + "credentials, and actions AWS adds later.";
        }
        if (!ACTION.matcher(action).matches()) {
            return "it is not an action name of the form service:Action.";
        }
        String lower = action.toLowerCase(Locale.ROOT);
        String service = lower.substring(0, lower.indexOf(':'));
        String name = lower.substring(lower.indexOf(':') + 1);
        if (service.equals("iam")) {
            return name.startsWith("get") || name.startsWith("list") ? null
                    : "IAM actions other than Get* and List* change users, credentials, MFA devices or "
                            + "permissions; without MFA a holder of stolen access keys could take over the account.";
        }
        if (service.equals("sts")) {
            return HARMLESS_STS.contains(lower) ? null
                    : "this STS action hands out credentials for other principals or sessions; without MFA a "
                            + "holder of stolen access keys could use it to escape the MFA requirement.";
        }
        if (IDENTITY_SERVICES.contains(service)) {
            return "the service '" + service + "' manages identities, sign-in or the account; none of its actions "
                    + "may be used without MFA.";
        }
        if (ESCALATION_ACTIONS.contains(lower)) {
            return "it is a known privilege-escalation path: it runs code or grants access with permissions the "
                    + "caller does not have.";
        }
        for (String word : CREDENTIAL_WORDS) {
            if (name.contains(word)) {
                return "its name says it reads, creates or changes credentials, keys or MFA ('" + word + "').";
            }
        }
        return null;
    }

    private static String quote(String value) {
        return value == null ? "null" : "'" + value + "'";
    }
}
