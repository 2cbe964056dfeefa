package io.github.cdkmfa;

import static io.github.cdkmfa.TestStacks.asList;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The security properties of the policy, checked for every combination of options.
 *
 * <p>Every combination lives in one stack so that one synthesis serves them all.
 */
class InvariantsTest {
    /** Actions that must never be usable without MFA (mfa-policy reference, section 2; Duo's disclosure). */
    private static final Set<String> NEVER_EXEMPT = Set.of("iam:deactivatemfadevice", "iam:deletevirtualmfadevice",
            "iam:createaccesskey", "iam:updateaccesskey", "iam:createloginprofile", "iam:updateloginprofile",
            "iam:uploadsshpublickey", "iam:createservicespecificcredential", "iam:uploadsigningcertificate",
            "iam:resetservicespecificcredential", "iam:putuserpolicy", "iam:attachuserpolicy", "iam:addusertogroup",
            "iam:createpolicyversion", "iam:passrole", "sts:assumerole", "iam:taguser", "iam:untaguser");

    private static final Set<String> MFA_REMOVAL = Set.of("iam:deactivatemfadevice", "iam:deletevirtualmfadevice");

    private static final Duration MAX_AGE = Duration.hours(4);
    private static final List<String> EXEMPTIONS = List.of("s3:ListAllMyBuckets");
    private static final Map<String, MfaEnforcementPolicyOptions> COMBINATIONS = new LinkedHashMap<>();
    private static Map<String, Map<String, Object>> documents;

    @BeforeAll
    static void synthesizeEveryCombination() {
        // CloudFormation allows 500 resources per stack: the combinations go to stacks of at most 400.
        List<Stack> stacks = new java.util.ArrayList<>();
        for (MfaEnforcementPolicyOptions options : OptionCombinations.every(MAX_AGE, EXEMPTIONS)) {
            if (COMBINATIONS.size() % 400 == 0) {
                stacks.add(TestStacks.stack());
            }
            String id = "P" + COMBINATIONS.size();
            COMBINATIONS.put(id, options);
            new MfaEnforcementPolicy(stacks.get(stacks.size() - 1), id, OptionCombinations.policyProps(options));
        }
        documents = new LinkedHashMap<>();
        for (Stack stack : stacks) {
            Template.fromStack(stack).findResources("AWS::IAM::ManagedPolicy").forEach((logicalId, resource) -> {
                String id = logicalId.replaceAll("[0-9A-F]{8}$", "");
                @SuppressWarnings("unchecked")
                Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
                @SuppressWarnings("unchecked")
                Map<String, Object> document = (Map<String, Object>) properties.get("PolicyDocument");
                documents.put(id, document);
            });
        }
    }

    @Test
    void coversEveryCombination() {
        OptionCombinations.assertEveryValueOfEveryOption(COMBINATIONS.values(), MAX_AGE, EXEMPTIONS);
        assertThat(documents.keySet()).containsExactlyInAnyOrderElementsOf(COMBINATIONS.keySet());
    }

    @Test
    void everyDenyUsesNotActionOnEveryResource() {
        forEach((id, doc) -> {
            for (Map<String, Object> statement : TestStacks.statements(doc)) {
                if (!"Deny".equals(statement.get("Effect"))) {
                    continue;
                }
                assertThat(statement.get("Resource")).as(id + " " + statement.get("Sid")).isEqualTo("*");
                assertThat(statement).as(id).doesNotContainKey("NotResource");
                if (String.valueOf(statement.get("Sid")).startsWith("DenyAllExceptListed")) {
                    assertThat(statement).as(id).containsKey("NotAction").doesNotContainKey("Action");
                }
            }
        });
    }

    @Test
    void noDangerousActionIsEverExemptFromTheMfaDeny() {
        forEach((id, doc) -> {
            for (Map<String, Object> statement : TestStacks.statements(doc)) {
                if (statement.containsKey("NotAction")) {
                    for (Object action : asList(statement.get("NotAction"))) {
                        String lower = action.toString().toLowerCase(Locale.ROOT);
                        assertThat(lower).as(id).doesNotContain("*").doesNotContain("?");
                        assertThat(NEVER_EXEMPT).as(id + " exempts " + action).doesNotContain(lower);
                    }
                }
            }
        });
    }

    @Test
    void mfaRemovalAndCredentialCreationNeedMfaInEveryMode() {
        forEach((id, doc) -> {
            Set<String> deniedWithoutMfaEvenForKeys = new HashSet<>();
            for (Map<String, Object> statement : TestStacks.statements(doc)) {
                boolean boolIfExistsFalse = Map.of("BoolIfExists", Map.of("aws:MultiFactorAuthPresent", "false"))
                        .equals(statement.get("Condition"));
                if (!"Deny".equals(statement.get("Effect")) || !boolIfExistsFalse) {
                    continue;
                }
                if (statement.containsKey("Action")) {
                    asList(statement.get("Action")).forEach(a -> deniedWithoutMfaEvenForKeys.add(a.toString()
                            .toLowerCase(Locale.ROOT)));
                } else {
                    Set<String> exempt = new HashSet<>();
                    asList(statement.get("NotAction")).forEach(a -> exempt.add(a.toString().toLowerCase(Locale.ROOT)));
                    NEVER_EXEMPT.stream().filter(a -> !exempt.contains(a)).forEach(deniedWithoutMfaEvenForKeys::add);
                }
            }
            assertThat(deniedWithoutMfaEvenForKeys).as(id).containsAll(MFA_REMOVAL)
                    .contains("iam:createaccesskey", "iam:createloginprofile", "iam:updateloginprofile",
                            "iam:uploadsshpublickey", "iam:uploadsigningcertificate",
                            "iam:createservicespecificcredential");
        });
    }

    @Test
    void deviceEnrolmentIsDeniedToLongTermKeysUnlessAllowed() {
        // Requests signed with long-term access keys are exactly those without aws:MultiFactorAuthPresent.
        Map<String, Object> denyWithoutKey = Map.of("Null", Map.of("aws:MultiFactorAuthPresent", "true"));
        forEach((id, doc) -> {
            boolean allowed = Boolean.TRUE.equals(COMBINATIONS.get(id).getAllowEnrolmentWithAccessKeys());
            List<Map<String, Object>> denies = TestStacks.statements(doc).stream()
                    .filter(s -> "Deny".equals(s.get("Effect")) && denyWithoutKey.equals(s.get("Condition"))
                            && "*".equals(s.get("Resource")))
                    .filter(s -> asList(s.get("Action")).containsAll(List.of("iam:CreateVirtualMFADevice",
                            "iam:EnableMFADevice")))
                    .toList();
            assertThat(denies).as(id).hasSize(allowed ? 0 : 1);
        });
    }

    @Test
    void enrolmentBeforeMfaNeedsTheInvitationNamingTheUserWhenAsked() {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("BoolIfExists", Map.of("aws:MultiFactorAuthPresent", "false"));
        condition.put("StringNotEquals", Map.of("aws:ResourceTag/"
                + MfaEnforcementPolicyOptions.DEFAULT_ENROLMENT_INVITATION_TAG_KEY, "${aws:username}"));
        forEach((id, doc) -> {
            boolean asked = Boolean.TRUE.equals(COMBINATIONS.get(id).getEnrolmentInvitation());
            List<Map<String, Object>> denies = TestStacks.statements(doc).stream()
                    .filter(s -> "Deny".equals(s.get("Effect")) && "*".equals(s.get("Resource"))
                            && "iam:EnableMFADevice".equals(s.get("Action")) && condition.equals(s.get("Condition")))
                    .toList();
            assertThat(denies).as(id).hasSize(asked ? 1 : 0);
        });
    }

    @Test
    void theMainDenyMatchesTheEnforcementMode() {
        forEach((id, doc) -> {
            String operator = COMBINATIONS.get(id).getEnforcement() == MfaEnforcement.CONSOLE_ONLY ? "Bool"
                    : "BoolIfExists";
            assertThat(TestStacks.statement(doc, "DenyAllExceptListedIfNoMFA").get("Condition")).as(id)
                    .isEqualTo(Map.of(operator, Map.of("aws:MultiFactorAuthPresent", "false")));
        });
    }

    @Test
    void ownUserResourcesCoverUsersWithAPathAndNoPlaceholders() {
        forEach((id, doc) -> {
            String rendered = doc.toString();
            assertThat(rendered).as(id).contains(":user/${aws:username}").contains(":user/*/${aws:username}")
                    .doesNotContain("$${").doesNotContain("mfa/${aws:username}").doesNotContainIgnoringCase("account_id")
                    .doesNotContain("orga_id").doesNotContain("accountid");
        });
    }

    @Test
    void everyStatementHasAUniqueSid() {
        forEach((id, doc) -> {
            List<Object> sids = TestStacks.statements(doc).stream().map(s -> s.get("Sid")).toList();
            assertThat(sids).as(id).doesNotContainNull().doesNotHaveDuplicates();
        });
    }

    @Test
    void everyCombinationFitsWellUnderIamsLimit() {
        // Every document, exemptions included, measured as IAM counts it in the longest partition.
        forEach((id, doc) -> assertThat(PolicySize.characters(doc)).as(id).isLessThanOrEqualTo(
                Boolean.TRUE.equals(COMBINATIONS.get(id).getEnrolmentInvitation())
                        ? PolicySizeBench.TARGET_ALL_OPTIONS_WITH_INVITATION : PolicySizeBench.TARGET_ALL_OPTIONS));
        Stack stack = TestStacks.stack();
        MfaEnforcementPolicy defaults = new MfaEnforcementPolicy(stack, "Defaults");
        assertThat(PolicySize.characters(stack.resolve(defaults.getDocument())))
                .isLessThanOrEqualTo(PolicySizeBench.TARGET_DEFAULT);
    }

    private static void forEach(java.util.function.BiConsumer<String, Map<String, Object>> check) {
        documents.forEach(check);
    }
}
