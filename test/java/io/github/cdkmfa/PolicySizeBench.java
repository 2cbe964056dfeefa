package io.github.cdkmfa;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;

/**
 * Benchmark (run by bench/run.mjs, not a test): prints the MFA policy document's size as IAM counts it, through
 * {@link PolicySize} (partition aws-us-gov, 12-digit account), for the default, each option alone, and every
 * option on. In this package because PolicySize is package-private.
 */
public final class PolicySizeBench {
    /** The budget for the document with every option on: room left under IAM's limit for exemptions. */
    static final int TARGET_ALL_OPTIONS = 2900;
    /** The budget for the default document. */
    static final int TARGET_DEFAULT = 1900;
    /**
     * The budget for every option on with the enrolment invitation: its Deny (about 250 characters) does not fit the
     * 2,900 budget, and 3,100 still leaves about 3,000 characters under IAM's limit for exemptions.
     */
    static final int TARGET_ALL_OPTIONS_WITH_INVITATION = 3100;

    private PolicySizeBench() {
    }

    /**
     * Print the sizes.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Map<String, UnaryOperator<MfaEnforcementPolicyProps.Builder>> cases = new LinkedHashMap<>();
        cases.put("default (console-and-api, all self-service)", b -> b);
        cases.put("enforcement CONSOLE_ONLY", b -> b.enforcement(MfaEnforcement.CONSOLE_ONLY));
        cases.put("maxMfaAge 12 hours", b -> b.maxMfaAge(Duration.hours(12)));
        cases.put("allowPasswordChangeWithoutMfa", b -> b.allowPasswordChangeWithoutMfa(true));
        cases.put("allowConsoleUserList", b -> b.allowConsoleUserList(true));
        cases.put("allowEnrolmentWithAccessKeys", b -> b.allowEnrolmentWithAccessKeys(true));
        cases.put("enrolmentInvitation", b -> b.enrolmentInvitation(true));
        cases.put("every option on but the invitation (CONSOLE_ONLY, maxMfaAge, password change, user list, all "
                + "self-service: the default; enrolment with access keys off, which is the longer document)",
                b -> b.enforcement(MfaEnforcement.CONSOLE_ONLY).maxMfaAge(Duration.hours(12))
                        .allowPasswordChangeWithoutMfa(true).allowConsoleUserList(true));
        cases.put("every option on, enrolment invitation included",
                b -> b.enforcement(MfaEnforcement.CONSOLE_ONLY).maxMfaAge(Duration.hours(12))
                        .allowPasswordChangeWithoutMfa(true).allowConsoleUserList(true).enrolmentInvitation(true));
        int allOn = 0;
        int allOnWithInvitation = 0;
        int byDefault = -1;
        for (Map.Entry<String, UnaryOperator<MfaEnforcementPolicyProps.Builder>> c : cases.entrySet()) {
            Stack stack = new Stack(new App(), "PolicySize");
            MfaEnforcementPolicy policy = new MfaEnforcementPolicy(stack, "MfaPolicy",
                    c.getValue().apply(MfaEnforcementPolicyProps.builder()).build());
            int characters = PolicySize.characters(stack.resolve(policy.getDocument()));
            allOn = c.getKey().startsWith("every option on but") ? characters : allOn;
            allOnWithInvitation = characters;
            byDefault = byDefault < 0 ? characters : byDefault;
            System.out.printf("%5d  %4.1f%% of %d  %s%n", characters,
                    100.0 * characters / PolicySize.MAX_MANAGED_POLICY_CHARACTERS,
                    PolicySize.MAX_MANAGED_POLICY_CHARACTERS, c.getKey());
        }
        System.out.printf("default: %d characters, target <= %d: %s%n", byDefault, TARGET_DEFAULT,
                byDefault <= TARGET_DEFAULT ? "met" : "NOT MET");
        System.out.printf("every option on but the invitation: %d characters, target <= %d: %s%n", allOn,
                TARGET_ALL_OPTIONS, allOn <= TARGET_ALL_OPTIONS ? "met" : "NOT MET");
        System.out.printf("every option on with the invitation: %d characters, target <= %d: %s%n",
                allOnWithInvitation, TARGET_ALL_OPTIONS_WITH_INVITATION,
                allOnWithInvitation <= TARGET_ALL_OPTIONS_WITH_INVITATION ? "met" : "NOT MET");
    }
}
