package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The invitation-only first enrolment option as synthesized; what IAM decides with it is in the decision matrix
 * ({@code MfaDecisionMatrixTest}, section "Invitation-only first enrolment").
 */
class EnrolmentInvitationTest {
    private static final String SID = "DenyMFAEnrolmentWithoutInvitation";

    private static Map<String, Object> document(UnaryOperator<MfaEnforcedGroup.Builder> configure) {
        Stack stack = TestStacks.stack();
        configure.apply(MfaEnforcedGroup.Builder.create(stack, "Group")).build();
        return TestStacks.policyDocument(Template.fromStack(stack));
    }

    @Test
    void isOffByDefault() {
        assertThat(TestStacks.statements(document(g -> g)).stream().map(s -> s.get("Sid"))).doesNotContain(SID);
        assertThat(TestStacks.statements(document(g -> g.enrolmentInvitation(false))).stream().map(s -> s.get("Sid")))
                .doesNotContain(SID);
    }

    @Test
    void deniesEnablingADeviceBeforeMfaUnlessTheOwnUserNamesTheCallerInTheDefaultTag() {
        Map<String, Object> statement = TestStacks.statement(document(g -> g.enrolmentInvitation(true)), SID);
        assertThat(statement).containsEntry("Effect", "Deny").containsEntry("Action", "iam:EnableMFADevice")
                .containsEntry("Resource", "*");
        assertThat(statement.get("Condition")).isEqualTo(Map.of(
                "BoolIfExists", Map.of("aws:MultiFactorAuthPresent", "false"),
                "StringNotEquals", Map.of("aws:ResourceTag/mfa-enrolment-invitation", "${aws:username}")));
        assertThat(MfaEnforcementPolicyOptions.DEFAULT_ENROLMENT_INVITATION_TAG_KEY)
                .isEqualTo("mfa-enrolment-invitation");
    }

    @Test
    void usesTheConfiguredTagKey() {
        Map<String, Object> statement = TestStacks.statement(document(g -> g.enrolmentInvitation(true)
                .enrolmentInvitationTagKey("team:invite-mfa")), SID);
        assertThat(statement.get("Condition").toString()).contains("aws:ResourceTag/team:invite-mfa=${aws:username}")
                .doesNotContain("mfa-enrolment-invitation");
    }

    @Test
    void theStandalonePolicyTakesTheOptionToo() {
        Stack stack = TestStacks.stack();
        MfaEnforcementPolicy.Builder.create(stack, "Policy").enrolmentInvitation(true).build();
        assertThat(TestStacks.statements(TestStacks.policyDocument(Template.fromStack(stack))).stream()
                .map(s -> s.get("Sid"))).contains(SID);
    }

    @Test
    void failsWhenATagKeyIsGivenWithoutTheInvitation() {
        assertThatThrownBy(() -> document(g -> g.enrolmentInvitationTagKey("invite")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("enrolmentInvitationTagKey: 'invite' is given, but enrolmentInvitation is not "
                        + "true")
                .hasMessageContaining("Allowed: set enrolmentInvitation to true");
        assertThatThrownBy(() -> document(g -> g.enrolmentInvitation(false).enrolmentInvitationTagKey("invite")))
                .hasMessageStartingWith("enrolmentInvitationTagKey: 'invite' is given");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "aws:invite", "AWS:invite", "invite$", "in{vite}", "semi;colon"})
    void failsWhenTheTagKeyIsNotOneIamAccepts(String key) {
        assertThatThrownBy(() -> document(g -> g.enrolmentInvitation(true).enrolmentInvitationTagKey(key)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("enrolmentInvitationTagKey: '" + key + "' is not a tag key IAM accepts")
                .hasMessageContaining("Allowed: 1 to 128 letters, digits, white space or _ . : / = + - @, not "
                        + "starting with 'aws:' (the default is 'mfa-enrolment-invitation')");
    }

    @Test
    void failsWhenTheTagKeyIsLongerThan128() {
        assertThatThrownBy(() -> document(g -> g.enrolmentInvitation(true).enrolmentInvitationTagKey("k".repeat(129))))
                .hasMessageContaining("(length given: 129)");
        assertThatNoException().isThrownBy(() -> document(g -> g.enrolmentInvitation(true)
                .enrolmentInvitationTagKey("k".repeat(128))));
    }

    @Test
    void failsWhenTheTagKeyIsAToken() {
        Stack stack = TestStacks.stack();
        String key = CfnParameter.Builder.create(stack, "Key").build().getValueAsString();
        assertThatThrownBy(() -> MfaEnforcedGroup.Builder.create(stack, "Group").enrolmentInvitation(true)
                .enrolmentInvitationTagKey(key).build())
                .hasMessageStartingWith("enrolmentInvitationTagKey: ").hasMessageContaining("is a token");
    }

    /**
     * The design rests on the IAM service reference: EnableMFADevice acts on the user resource, and that resource
     * type lists aws:ResourceTag/${TagKey}. Checked in the pinned copy of the reference, so that a change there fails
     * here.
     */
    @Test
    void theServiceReferenceListsTheResourceTagKeyForTheUserThatEnableMfaDeviceActsOn() throws IOException {
        Path data = Path.of("node_modules", "@cloud-copilot", "iam-data", "data");
        ObjectMapper json = new ObjectMapper();
        Map<String, Map<String, Object>> actions = json.readValue(data.resolve("actions/iam.json").toFile(),
                new TypeReference<>() { });
        assertThat(actions.get("enablemfadevice").get("resourceTypes").toString()).contains("name=user")
                .contains("required=true");
        assertThat(actions.get("createvirtualmfadevice").get("resourceTypes").toString()).contains("name=mfa")
                .doesNotContain("name=user");
        Map<String, Map<String, Object>> resourceTypes = json.readValue(data.resolve("resourceTypes/iam.json")
                .toFile(), new TypeReference<>() { });
        assertThat(resourceTypes.get("user").get("conditionKeys")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .contains("aws:ResourceTag/${TagKey}");
    }
}
