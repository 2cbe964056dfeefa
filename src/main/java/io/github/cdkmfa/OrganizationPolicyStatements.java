package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import software.amazon.awscdk.Token;

/**
 * The statements of the service control policy that backs the MFA group up in every member account: every IAM user,
 * and only IAM users, is denied everything but enrolment until it signs in with MFA.
 *
 * <p>An SCP grants nothing (Organizations User Guide, "Service control policies (SCPs)":
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html): members still enrol
 * through the group's Allow statements, and the group's own Deny still decides what its members may do without MFA.
 *
 * <p>The enrolment actions come from {@link MfaPolicyStatements}, the group policy's own list, so the two cannot
 * drift. The SCP also leaves {@code iam:ChangePassword} and {@code iam:GetAccountPasswordPolicy} alone: new users
 * and users whose password expired change it while signing in, before any MFA (IAM User Guide, "AWS: Allows
 * MFA-authenticated IAM users to manage their own credentials on the Security credentials page":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage.html), and
 * an SCP, unlike a group, cannot be given only after the first sign-in. Whether the password may change without MFA
 * is still the group's {@code allowPasswordChangeWithoutMfa}.
 *
 * <p>No {@code aws:ViaAWSService} condition: a service that acts for the caller through a forward access session
 * passes on "your identity, permissions, and session attributes" (IAM User Guide, "Forward access sessions":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html), so a caller with MFA keeps
 * it downstream, and a caller without MFA was already denied the request that would start one. Adding
 * {@code aws:ViaAWSService false}, as some published policies do, would only let the downstream requests of exempt
 * actions through without MFA: the policy stays the stricter way.
 */
final class OrganizationPolicyStatements {
    /** Every IAM user of every account, in every partition (a literal {@code arn:aws:} would miss GovCloud and China). */
    static final String EVERY_IAM_USER = "arn:*:iam::*:user/*";
    /** The value of the exemption tag that exempts a user; tag values are case-sensitive. */
    static final String EXEMPTION_TAG_VALUE = "true";
    /** Who may manage the exemption tag: setting, removing, and creating users that carry it. */
    static final List<String> EXEMPTION_TAG_ACTIONS = List.of("iam:CreateUser", "iam:TagUser", "iam:UntagUser");

    private static final Pattern PARTITION_AND_ACCOUNT = Pattern.compile("arn:(aws|aws-cn|aws-us-gov|\\*):iam::(\\d{12}|\\*):");
    private static final Pattern EXEMPT_USER = Pattern.compile(PARTITION_AND_ACCOUNT.pattern()
            + "user/([\\x21-\\x7E&&[^*?/]]+/)*[\\w+=,.@-]{1,64}");
    private static final Pattern ADMINISTRATOR_ROLE = Pattern.compile(PARTITION_AND_ACCOUNT.pattern()
            + "role/[\\x21-\\x7E]+");
    /** IAM's tag key characters (IAM API reference, Tag). */
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");

    private OrganizationPolicyStatements() {
    }

    /**
     * Check the exemptions; throw for the first that is wrong.
     *
     * @param exemptUserArns the exempt user ARNs, or {@code null}
     * @param tagKey the exemption tag key, or {@code null}
     * @param administrators the exemption administrators, or {@code null}
     */
    static void checkExemptions(List<String> exemptUserArns, String tagKey, List<String> administrators) {
        for (String arn : exemptUserArns == null ? List.<String>of() : exemptUserArns) {
            if (Token.isUnresolved(arn) || !EXEMPT_USER.matcher(arn).matches()) {
                throw new IllegalArgumentException("exemptUserArns: '" + arn + "' is not allowed. Allowed: the ARN of "
                        + "one IAM user, such as arn:aws:iam::123456789012:user/ci/deployer, with '*' only for the "
                        + "partition or the account. A wildcard in the path or name (or a token, unknown before "
                        + "deployment) could exempt users nobody named, up to every IAM user of the organization, "
                        + "whose long-term keys would then work without MFA.");
            }
        }
        if (tagKey != null && (Token.isUnresolved(tagKey) || !TAG_KEY.matcher(tagKey).matches()
                || tagKey.toLowerCase(Locale.ROOT).startsWith("aws:"))) {
            throw new IllegalArgumentException("exemptionTagKey: '" + tagKey + "' is not allowed. Allowed: 1 to 128 "
                    + "letters, digits, spaces or _ . : / = + - @, not starting with 'aws:' (IAM tag keys), written "
                    + "out rather than a token, so that the policy can protect it.");
        }
        boolean exemptions = tagKey != null || (exemptUserArns != null && !exemptUserArns.isEmpty());
        List<String> admins = administrators == null ? List.of() : administrators;
        if (exemptions && admins.isEmpty()) {
            throw new IllegalArgumentException("exemptionAdministrators: none given, but exemptUserArns or "
                    + "exemptionTagKey is set. Allowed: at least one role ARN, such as "
                    + "arn:aws:iam::*:role/OrganizationAccountAccessRole: without one, nobody but the management "
                    + "account could grant or remove an exemption.");
        }
        for (String admin : admins) {
            if (Token.isUnresolved(admin) || !ADMINISTRATOR_ROLE.matcher(admin).matches() || admin.endsWith("role/*")) {
                throw new IllegalArgumentException("exemptionAdministrators: '" + admin + "' is not allowed. Allowed: "
                        + "a role ARN such as arn:aws:iam::*:role/OrganizationAccountAccessRole ('*' accepted in the "
                        + "partition, account and role name, but not a role name of '*' alone, which would be every "
                        + "role). IAM users are refused: a user could grant an exemption to itself.");
            }
        }
    }

    /**
     * The actions the SCP lets IAM users call without MFA: the group policy's own list, the password change at
     * sign-in, in a stable order without case-insensitive duplicates.
     *
     * @param options checked policy options
     * @return the Deny's NotAction list
     */
    static List<String> exemptFromDeny(MfaEnforcementPolicyOptions options) {
        Map<String, String> byLowerCase = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(MfaPolicyStatements.exemptFromDeny(options));
        all.addAll(MfaPolicyStatements.PASSWORD_CHANGE_ACTIONS);
        for (String action : all) {
            byLowerCase.putIfAbsent(action.toLowerCase(Locale.ROOT), action);
        }
        return List.copyOf(byLowerCase.values());
    }

    /**
     * The SCP document for checked options.
     *
     * @param options checked policy options
     * @param exemptUserArns checked exempt user ARNs (empty for none)
     * @param tagKey the checked exemption tag key, or {@code null}
     * @param administrators checked exemption administrators (empty when there is no exemption)
     * @return the document, as plain JSON values; every statement has a Sid
     */
    static Map<String, Object> document(MfaEnforcementPolicyOptions options, List<String> exemptUserArns,
            String tagKey, List<String> administrators) {
        List<Object> statements = new ArrayList<>();
        List<String> exempt = exemptFromDeny(options);

        statements.add(denyAllBut("DenyIamUsersWithoutMFA", exempt, userConditions(
                Map.of("BoolIfExists", Map.of("aws:MultiFactorAuthPresent", "false")), exemptUserArns, tagKey)));
        if (options.getMaxMfaAge() != null) {
            statements.add(denyAllBut("DenyIamUsersIfMFATooOld", exempt, userConditions(
                    Map.of("NumericGreaterThan", Map.of("aws:MultiFactorAuthAge",
                            String.valueOf(options.getMaxMfaAge().toSeconds().longValue()))), exemptUserArns, tagKey)));
        }
        if (!Boolean.TRUE.equals(options.getAllowEnrolmentWithAccessKeys())) {
            // The same Deny as the group's: requests signed with long-term keys carry no aws:MultiFactorAuthPresent.
            Map<String, Object> conditions = new LinkedHashMap<>();
            conditions.put("Null", Map.of("aws:MultiFactorAuthPresent", "true"));
            conditions.put("ArnLike", Map.of("aws:PrincipalArn", EVERY_IAM_USER));
            statements.add(statement("DenyMFAEnrolmentWithAccessKeys", "Action",
                    MfaPolicyStatements.DEVICE_ENROLMENT_ACTIONS, "*", conditions));
        }
        if (!exemptUserArns.isEmpty()) {
            // Only the administrators may create an exempt user, rename a user into an exempt name (UpdateUser needs
            // permission on the new name too: IAM API reference, UpdateUser), or give an exempt user credentials.
            List<String> actions = new ArrayList<>(List.of("iam:CreateUser", "iam:UpdateUser"));
            actions.addAll(MfaPolicyStatements.MFA_REQUIRED_ACTIONS);
            statements.add(statement("DenyExemptUserChangesExceptAdministrators", "Action", actions,
                    exemptUserArns, Map.of("ArnNotLike", Map.of("aws:PrincipalArn", administrators))));
            statements.add(statement("DenyFederationTokensToExemptUsers", "Action", "sts:GetFederationToken", "*",
                    Map.of("ArnLike", Map.of("aws:PrincipalArn", exemptUserArns))));
        }
        if (tagKey != null) {
            // IAM tag keys are case-insensitive; StringEquals on aws:TagKeys is not, so the key is compared ignoring
            // case (IAM User Guide, "Tagging IAM resources"). CreateUser accepts request tags: a user born exempt.
            Map<String, Object> tagConditions = new LinkedHashMap<>();
            tagConditions.put("ForAnyValue:StringEqualsIgnoreCase", Map.of("aws:TagKeys", List.of(tagKey)));
            tagConditions.put("ArnNotLike", Map.of("aws:PrincipalArn", administrators));
            statements.add(statement("DenyExemptionTagChangesExceptAdministrators", "Action", EXEMPTION_TAG_ACTIONS,
                    "*", tagConditions));
            Map<String, Object> credentialConditions = new LinkedHashMap<>();
            credentialConditions.put("StringEquals", Map.of("aws:ResourceTag/" + tagKey, EXEMPTION_TAG_VALUE));
            credentialConditions.put("ArnNotLike", Map.of("aws:PrincipalArn", administrators));
            statements.add(statement("DenyTagExemptUserCredentialsExceptAdministrators", "Action",
                    MfaPolicyStatements.MFA_REQUIRED_ACTIONS, "*", credentialConditions));
            // Federation tokens of an exempt user are a federated user (not user/*) that can sign in to the console.
            statements.add(statement("DenyFederationTokensToTagExemptUsers", "Action", "sts:GetFederationToken", "*",
                    Map.of("StringEquals", Map.of("aws:PrincipalTag/" + tagKey, EXEMPTION_TAG_VALUE))));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", statements);
        return immutable(document);
    }

    /** A deep read-only copy in the same order: the document handed out is the one the SCP resource carries. */
    @SuppressWarnings("unchecked")
    private static <T> T immutable(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(key, immutable(item)));
            return (T) Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            return (T) list.stream().map(OrganizationPolicyStatements::immutable).toList();
        }
        return value;
    }

    /** The conditions that select IAM users that are not exempt, after the given MFA condition. */
    private static Map<String, Object> userConditions(Map<String, Object> mfaCondition, List<String> exemptUserArns,
            String tagKey) {
        Map<String, Object> conditions = new LinkedHashMap<>(mfaCondition);
        conditions.put("ArnLike", Map.of("aws:PrincipalArn", EVERY_IAM_USER));
        if (!exemptUserArns.isEmpty()) {
            conditions.put("ArnNotLike", Map.of("aws:PrincipalArn", exemptUserArns));
        }
        if (tagKey != null) {
            // A negated operator matches when the tag is absent: users without the tag stay denied.
            conditions.put("StringNotEquals", Map.of("aws:PrincipalTag/" + tagKey, EXEMPTION_TAG_VALUE));
        }
        return conditions;
    }

    private static Map<String, Object> denyAllBut(String sid, List<String> notActions, Map<String, Object> conditions) {
        return statement(sid, "NotAction", notActions, "*", conditions);
    }

    private static Map<String, Object> statement(String sid, String actionKey, Object actions, Object resource,
            Map<String, Object> conditions) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", sid);
        statement.put("Effect", "Deny");
        statement.put(actionKey, actions);
        statement.put("Resource", resource);
        statement.put("Condition", conditions);
        return statement;
    }

    /**
     * The distinct exempt user ARNs in the order given.
     *
     * @param given the ARNs, or {@code null}
     * @return the ARNs without duplicates
     */
    static List<String> distinct(List<String> given) {
        Set<String> seen = new LinkedHashSet<>(given == null ? List.of() : given);
        return List.copyOf(seen);
    }
}
