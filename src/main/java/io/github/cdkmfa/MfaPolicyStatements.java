package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The statements of the MFA enforcement policy, from AWS's "manage own credentials with MFA" example as corrected
 * since: devices of any name (2022-11), FIDO keys (iam:GetMFADevice), users with an IAM path, and MFA removal and
 * credential creation that need MFA in every mode.
 */
final class MfaPolicyStatements {
    /** Shortest and longest allowed maximum MFA age, in seconds: 15 minutes, and a session token's 36 hours. */
    static final long MIN_MAX_MFA_AGE_SECONDS = 900;
    static final long MAX_MAX_MFA_AGE_SECONDS = 129_600;

    /** What a member needs, before MFA, to enrol a device and get an MFA session. Nothing else is exempt. */
    static final List<String> ENROLMENT_ACTIONS = List.of("iam:CreateVirtualMFADevice", "iam:EnableMFADevice",
            "iam:GetMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices",
            "iam:ResyncMFADevice", "sts:GetSessionToken");

    /** Own-user MFA actions; deactivation needs MFA through the Deny statements. */
    static final List<String> OWN_MFA_ACTIONS = List.of("iam:DeactivateMFADevice", "iam:EnableMFADevice",
            "iam:GetMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ResyncMFADevice");

    /**
     * Actions that remove MFA, or create or re-activate credentials. In console-only mode, where long-term keys
     * pass the main Deny, a Deny of its own still asks MFA for these.
     */
    static final List<String> MFA_REQUIRED_ACTIONS = List.of("iam:CreateAccessKey", "iam:CreateLoginProfile",
            "iam:CreateServiceSpecificCredential", "iam:DeactivateMFADevice", "iam:DeleteVirtualMFADevice",
            "iam:ResetServiceSpecificCredential", "iam:UpdateAccessKey", "iam:UpdateLoginProfile",
            "iam:UpdateSSHPublicKey", "iam:UpdateServiceSpecificCredential", "iam:UpdateSigningCertificate",
            "iam:UploadSSHPublicKey", "iam:UploadSigningCertificate");

    /**
     * The actions that put a new MFA device on a user. Requests signed with long-term access keys are denied them
     * unless {@code allowEnrolmentWithAccessKeys}: otherwise a leaked key could enrol a device of its own.
     */
    static final List<String> DEVICE_ENROLMENT_ACTIONS = List.of("iam:CreateVirtualMFADevice", "iam:EnableMFADevice");

    /** IAM's pattern for tag keys (IAM API reference, Tag): https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html */
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");

    static final List<String> PASSWORD_CHANGE_ACTIONS = List.of("iam:ChangePassword", "iam:GetAccountPasswordPolicy");

    private MfaPolicyStatements() {
    }

    /**
     * Check the options; throw for the first that is wrong.
     *
     * @param options the options as given
     */
    static void check(MfaEnforcementPolicyOptions options) {
        checkMaxMfaAge(options.getMaxMfaAge());
        if (Boolean.TRUE.equals(options.getAllowPasswordChangeWithoutMfa())
                && !selfService(options).contains(SelfService.PASSWORD)) {
            throw new IllegalArgumentException("allowPasswordChangeWithoutMfa: true needs SelfService.PASSWORD in "
                    + "selfService (given: " + selfService(options) + "), because members can change their password "
                    + "only where the policy allows it. Add PASSWORD to selfService, or leave "
                    + "allowPasswordChangeWithoutMfa false.");
        }
        if (options.getExemptActions() != null) {
            ExemptActionRules.check(options.getExemptActions());
        }
        checkInvitationTagKey(options);
    }

    private static void checkInvitationTagKey(MfaEnforcementPolicyOptions options) {
        String key = options.getEnrolmentInvitationTagKey();
        if (key == null) {
            return;
        }
        if (!Boolean.TRUE.equals(options.getEnrolmentInvitation())) {
            throw new IllegalArgumentException("enrolmentInvitationTagKey: '" + key + "' is given, but "
                    + "enrolmentInvitation is not true, so no invitation is asked for and the key would have no "
                    + "effect. Allowed: set enrolmentInvitation to true, or leave enrolmentInvitationTagKey unset.");
        }
        String allowed = " Allowed: 1 to 128 letters, digits, white space or _ . : / = + - @, not starting with "
                + "'aws:' (the default is '" + MfaEnforcementPolicyOptions.DEFAULT_ENROLMENT_INVITATION_TAG_KEY + "').";
        if (Token.isUnresolved(key)) {
            throw new IllegalArgumentException("enrolmentInvitationTagKey: " + key + " is a token: the key is part of "
                    + "a condition key name (aws:ResourceTag/KEY), which must be known at synthesis." + allowed);
        }
        if (!TAG_KEY.matcher(key).matches() || key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            throw new IllegalArgumentException("enrolmentInvitationTagKey: '" + key + "' is not a tag key IAM accepts "
                    + "on a user (length given: " + key.length() + ")." + allowed);
        }
    }

    /** The tag key of the enrolment invitation, or {@code null} when no invitation is asked for. */
    static String invitationTagKey(MfaEnforcementPolicyOptions options) {
        if (!Boolean.TRUE.equals(options.getEnrolmentInvitation())) {
            return null;
        }
        String key = options.getEnrolmentInvitationTagKey();
        return key == null ? MfaEnforcementPolicyOptions.DEFAULT_ENROLMENT_INVITATION_TAG_KEY : key;
    }

    private static void checkMaxMfaAge(Duration maxMfaAge) {
        if (maxMfaAge == null) {
            return;
        }
        if (maxMfaAge.isUnresolved()) {
            try {
                maxMfaAge.toSeconds();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("maxMfaAge: " + maxMfaAge + " comes from a token in a unit other "
                        + "than seconds and cannot be converted before deployment. Allowed: Duration.seconds(token), "
                        + "or a literal duration from 15 minutes to 36 hours.", e);
            }
            return;
        }
        double millis = maxMfaAge.toMilliseconds().doubleValue();
        if (millis % 1000 != 0 || millis / 1000 < MIN_MAX_MFA_AGE_SECONDS || millis / 1000 > MAX_MAX_MFA_AGE_SECONDS) {
            String seconds = millis % 1000 == 0 ? String.valueOf((long) (millis / 1000)) : String.valueOf(millis / 1000);
            throw new IllegalArgumentException("maxMfaAge: " + maxMfaAge.toHumanString() + " (" + seconds
                    + " seconds) is not allowed. Allowed: a whole number of seconds from 15 minutes (900) to 36 hours "
                    + "(129600), the longest a session token obtained with MFA can last.");
        }
    }

    static Set<SelfService> selfService(MfaEnforcementPolicyOptions options) {
        List<SelfService> given = options.getSelfService();
        if (given == null) {
            return EnumSet.allOf(SelfService.class);
        }
        return given.isEmpty() ? EnumSet.noneOf(SelfService.class) : EnumSet.copyOf(given);
    }

    static MfaEnforcement enforcement(MfaEnforcementPolicyOptions options) {
        return options.getEnforcement() == null ? MfaEnforcement.CONSOLE_AND_API : options.getEnforcement();
    }

    /**
     * The actions the MFA Deny lets through, in a stable order with case-insensitive duplicates removed.
     *
     * @param options checked options
     * @return the Deny's NotAction list
     */
    static List<String> exemptFromDeny(MfaEnforcementPolicyOptions options) {
        Map<String, String> byLowerCase = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(ENROLMENT_ACTIONS);
        if (Boolean.TRUE.equals(options.getAllowConsoleUserList())) {
            all.add("iam:ListUsers");
        }
        if (Boolean.TRUE.equals(options.getAllowPasswordChangeWithoutMfa())) {
            all.addAll(PASSWORD_CHANGE_ACTIONS);
        }
        if (options.getExemptActions() != null) {
            all.addAll(options.getExemptActions());
        }
        for (String action : all) {
            byLowerCase.putIfAbsent(action.toLowerCase(Locale.ROOT), action);
        }
        return List.copyOf(byLowerCase.values());
    }

    /**
     * The policy's statements for checked options.
     *
     * @param stack the stack whose partition and account the ARNs use
     * @param options checked options
     * @return the statements, each with a Sid
     */
    static List<PolicyStatement> statements(Stack stack, MfaEnforcementPolicyOptions options) {
        List<String> ownUser = List.of(iamArn(stack, "user", "${aws:username}"),
                iamArn(stack, "user", "*/${aws:username}"));
        List<PolicyStatement> statements = new ArrayList<>();

        List<String> accountInfo = new ArrayList<>(List.of("iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"));
        if (Boolean.TRUE.equals(options.getAllowConsoleUserList())) {
            accountInfo.add("iam:ListUsers");
        }
        statements.add(allow("AllowViewAccountInfo", accountInfo, List.of("*")));
        statements.add(allow("AllowManageOwnVirtualMFADevice", List.of("iam:CreateVirtualMFADevice"),
                List.of(iamArn(stack, "mfa", "*"))));
        // One statement for every own-user action: each further statement would repeat both user ARNs, and the
        // document has to leave room under IAM's 6,144-character limit for exemptions.
        Set<String> ownUserActions = new LinkedHashSet<>(OWN_MFA_ACTIONS);
        for (SelfService category : selfService(options)) {
            ownUserActions.addAll(category.getActions());
        }
        statements.add(allow("AllowManageOwnMFAAndCredentials", List.copyOf(ownUserActions), ownUser));

        List<String> exempt = exemptFromDeny(options);
        String presentOperator = enforcement(options) == MfaEnforcement.CONSOLE_AND_API ? "BoolIfExists" : "Bool";
        statements.add(denyAllBut("DenyAllExceptListedIfNoMFA", exempt,
                Map.of(presentOperator, Map.of("aws:MultiFactorAuthPresent", "false"))));
        Duration maxAge = options.getMaxMfaAge();
        if (maxAge != null) {
            // NumericGreaterThan does not match when aws:MultiFactorAuthAge is absent (long-term keys, no MFA):
            // those requests are left to the Deny above, as the enforcement mode decides.
            statements.add(denyAllBut("DenyAllExceptListedIfMFATooOld", exempt,
                    Map.of("NumericGreaterThan", Map.of("aws:MultiFactorAuthAge", maxAge.toSeconds()))));
        }
        if (!Boolean.TRUE.equals(options.getAllowEnrolmentWithAccessKeys())) {
            // aws:MultiFactorAuthPresent is absent exactly when a request is signed with long-term access keys
            // (IAM User Guide, "AWS global condition context keys", aws:MultiFactorAuthPresent:
            // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent);
            // console sessions carry it before and after MFA, so members still enrol from the console. Session
            // tokens obtained without MFA carry it too, but cannot call IAM at all (STS API reference,
            // GetSessionToken). Action, not NotAction: exemptions can never reach these two actions.
            statements.add(PolicyStatement.Builder.create().sid("DenyMFAEnrolmentWithAccessKeys").effect(Effect.DENY)
                    .actions(DEVICE_ENROLMENT_ACTIONS).resources(List.of("*"))
                    .conditions(Map.of("Null", Map.of("aws:MultiFactorAuthPresent", "true"))).build());
        }
        String invitationTagKey = invitationTagKey(options);
        if (invitationTagKey != null) {
            // Before MFA (BoolIfExists: console sessions without MFA, and long-term keys), enabling a device needs
            // the invitation tag on the target user, with the caller's own name as its value. A negated operator
            // matches when the tag is absent, so an uninvited user is denied. The IAM service reference lists
            // aws:ResourceTag/${TagKey} for the user resource EnableMFADevice acts on ("Actions, resources, and
            // condition keys for AWS Identity and Access Management", resource type user:
            // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html);
            // documented, not verified in a real account. ${aws:username} is a policy variable in a condition value
            // (IAM User Guide, "IAM policy elements: Variables and tags":
            // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
            // A LinkedHashMap: Map.of would order the two operators differently from one JVM run to the next.
            Map<String, Object> conditions = new LinkedHashMap<>();
            conditions.put("BoolIfExists", Map.of("aws:MultiFactorAuthPresent", "false"));
            conditions.put("StringNotEquals", Map.of("aws:ResourceTag/" + invitationTagKey, "${aws:username}"));
            statements.add(PolicyStatement.Builder.create().sid("DenyMFAEnrolmentWithoutInvitation")
                    .effect(Effect.DENY).actions(List.of("iam:EnableMFADevice")).resources(List.of("*"))
                    .conditions(conditions).build());
        }
        if (enforcement(options) == MfaEnforcement.CONSOLE_ONLY) {
            statements.add(PolicyStatement.Builder.create().sid("DenyCredentialChangesWithoutMFA").effect(Effect.DENY)
                    .actions(MFA_REQUIRED_ACTIONS).resources(List.of("*"))
                    .conditions(Map.of("BoolIfExists", Map.of("aws:MultiFactorAuthPresent", "false"))).build());
        }
        return statements;
    }

    private static PolicyStatement allow(String sid, List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW).actions(actions).resources(resources)
                .build();
    }

    private static PolicyStatement denyAllBut(String sid, List<String> notActions, Map<String, Object> conditions) {
        return PolicyStatement.Builder.create().sid(sid).effect(Effect.DENY).notActions(notActions)
                .resources(List.of("*")).conditions(conditions).build();
    }

    private static String iamArn(Stack stack, String resource, String resourceName) {
        return stack.formatArn(ArnComponents.builder().service("iam").region("").resource(resource)
                .resourceName(resourceName).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
    }
}
