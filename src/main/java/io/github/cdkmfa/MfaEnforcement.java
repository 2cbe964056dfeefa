package io.github.cdkmfa;

/**
 * Which callers must have signed in with MFA before anything but MFA enrolment is allowed.
 *
 * <pre>{@code
 * MfaEnforcedGroup.Builder.create(this, "Operators")
 *     .enforcement(MfaEnforcement.CONSOLE_ONLY)   // long-term access keys work without MFA
 *     .build();
 * }</pre>
 */
public enum MfaEnforcement {
    /**
     * Console sign-ins and API calls alike need MFA (AWS's recommendation).
     *
     * <p>The Deny uses {@code BoolIfExists aws:MultiFactorAuthPresent = false}, so requests signed with
     * long-term access keys, which carry no MFA context key at all, are denied too. Members who use the
     * CLI, SDKs or {@code cdk} first call {@code aws sts get-session-token --serial-number ... --token-code ...}
     * and use the temporary credentials it returns.
     */
    CONSOLE_AND_API,

    /**
     * Console sign-ins need MFA; requests signed with long-term access keys are not asked for it.
     *
     * <p>The Deny uses {@code Bool aws:MultiFactorAuthPresent = false}, which does not match when the key is
     * absent, as it is for long-term access keys. AWS does not recommend this as a general MFA control: a
     * leaked access key works without MFA for everything the member's other policies allow. Creating
     * credentials and removing MFA devices still need MFA in this mode, and long-term keys cannot enrol an MFA
     * device (unless {@code allowEnrolmentWithAccessKeys}), so a leaked key cannot, on its own, be turned into
     * an MFA session, new credentials or a console password; with {@code allowEnrolmentWithAccessKeys} it can.
     * Through a role it can: a key allowed {@code sts:AssumeRole} (PowerUserAccess is) may assume any role
     * that trusts the account, such as the CDK bootstrap deploy role, whose CloudFormation execution role
     * (AdministratorAccess by default) creates users, keys and passwords. {@link MfaEnforcedGroup} warns at
     * synthesis then ({@link MfaEnforcedGroup#CONSOLE_ONLY_ROLE_ASSUMPTION_WARNING}).
     */
    CONSOLE_ONLY
}
