package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.Duration;

/**
 * The organization's documents fit their limits whatever the options: the SCP (5,120 characters, white space
 * counted) for every combination of the policy options an organization accepts, with exemptions of realistic size,
 * and the StackSet's inline template (51,200 bytes) for the largest group.
 */
class OrganizationLimitsTest {
    /** Exemptions as large as the docs promise: 5 user ARNs, 3 administrator roles, a 32-character tag key. */
    static final List<String> EXEMPT_USERS = List.of(
            "arn:aws:iam::*:user/automation/ci-deployer-production",
            "arn:aws:iam::*:user/automation/ci-deployer-staging-01",
            "arn:aws:iam::123456789012:user/legacy/smtp-sender-eu-1",
            "arn:aws:iam::123456789012:user/legacy/presigned-urls-01",
            "arn:*:iam::*:user/automation/codecommit-mirror-job-01");
    static final List<String> ADMINISTRATORS = List.of(
            "arn:aws:iam::*:role/OrganizationAccountAccessRole",
            "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*AdministratorAccess*",
            "arn:aws:iam::*:role/cdk-hnb659fds-cfn-exec-role-*");
    static final String TAG_KEY = "security/mfa-exemption-approved";
    static final List<String> EXEMPTION_EXAMPLES = List.of("s3:ListAllMyBuckets", "iam:ListRoles");

    /** The combinations an organization accepts: CONSOLE_ONLY is refused. */
    static List<MfaEnforcementPolicyOptions> combinations() {
        return OptionCombinations.every(Duration.hours(12), EXEMPTION_EXAMPLES).stream()
                .filter(o -> o.getEnforcement() != MfaEnforcement.CONSOLE_ONLY).toList();
    }

    static int scpCharacters(MfaEnforcementPolicyOptions options, boolean exemptions) {
        Map<String, Object> document = OrganizationPolicyStatements.document(options,
                exemptions ? EXEMPT_USERS : List.of(), exemptions ? TAG_KEY : null,
                exemptions ? ADMINISTRATORS : List.of());
        return PolicySize.json(document).length();
    }

    @Test
    void theScpFitsTheStricterLimitInEveryCombination() {
        List<String> over = new ArrayList<>();
        int largest = 0;
        for (MfaEnforcementPolicyOptions options : combinations()) {
            OrganizationPolicyStatements.checkExemptions(EXEMPT_USERS, TAG_KEY, ADMINISTRATORS);
            for (boolean exemptions : List.of(false, true)) {
                int characters = scpCharacters(options, exemptions);
                largest = Math.max(largest, characters);
                if (characters > MfaEnforcedOrganization.MAX_POLICY_CHARACTERS) {
                    over.add(options + " exemptions " + exemptions + ": " + characters);
                }
            }
        }
        assertThat(over).isEmpty();
        // The largest is the every-option document with exemptions, close enough to the limit to watch.
        assertThat(largest).isGreaterThan(3000);
        assertThat(combinations()).hasSizeGreaterThan(100);
    }

    @Test
    void everyPolicyOptionReachesTheStackSetGroupUnchanged() {
        // With the group synthesized from these props (theInlineGroupPolicyIsTheOneAccountGroupPolicy), the StackSet's
        // group is the one-account group of the same options, so the invariants proven for it hold there too.
        List<String> lost = new ArrayList<>();
        for (MfaEnforcementPolicyOptions options : combinations()) {
            Map<String, Object> values = PropsValues.read(MfaEnforcementPolicyOptions.class, options);
            values.put("targetIds", List.of("r-ab12"));
            values.put("groupName", "developers");
            values.put("groupPath", "/people/");
            values.put("managedPolicyName", "ForceMfa");
            values.put("powerUserAccess", true);
            MfaEnforcedGroupProps group = MfaEnforcedOrganization.groupProps(
                    PropsValues.of(MfaEnforcedOrganizationProps.class, values));
            Map<String, Object> expected = PropsValues.read(MfaEnforcementPolicyOptions.class, options);
            expected.putAll(Map.of("groupName", "developers", "path", "/people/", "managedPolicyName", "ForceMfa",
                    "powerUserAccess", true));
            Map<String, Object> actual = PropsValues.read(MfaEnforcedGroupProps.class, group);
            if (!actual.equals(expected)) {
                lost.add(options + ": the group gets " + actual);
            }
        }
        assertThat(lost).isEmpty();
    }

    @Test
    void theLargestStackSetTemplateFitsInline() {
        MfaEnforcementPolicyOptions largest = MfaEnforcementPolicyOptions.builder().maxMfaAge(Duration.hours(12))
                .allowPasswordChangeWithoutMfa(true).allowConsoleUserList(true).exemptActions(EXEMPTION_EXAMPLES)
                .build();
        Map<String, Object> values = PropsValues.read(MfaEnforcementPolicyOptions.class, largest);
        values.put("groupName", "g".repeat(128));
        values.put("path", "/" + "p".repeat(510) + "/");
        values.put("managedPolicyName", "m".repeat(128));
        values.put("powerUserAccess", true);
        String body = StackSetTemplate.synthesize(PropsValues.of(MfaEnforcedGroupProps.class, values));
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes).isLessThanOrEqualTo(MfaEnforcedOrganization.MAX_TEMPLATE_BODY_BYTES).isGreaterThan(2000);
    }
}
