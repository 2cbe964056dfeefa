package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The organization construct as synthesized: the SCP, the StackSet and its inline template, and bad input. */
class MfaEnforcedOrganizationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> TARGETS = List.of("r-ab12", "ou-ab12-34cd56ef");
    static final String ADMIN = "arn:aws:iam::*:role/OrganizationAccountAccessRole";

    static Stack managementStack() {
        App app = new App(AppProps.builder().analyticsReporting(false).build());
        return new Stack(app, "Organization", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("us-east-1").build()).build());
    }

    private static MfaEnforcedOrganization define(UnaryOperator<MfaEnforcedOrganization.Builder> configure) {
        return configure.apply(MfaEnforcedOrganization.Builder.create(managementStack(), "Organization")
                .targetIds(TARGETS)).build();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) throws IOException {
        return JSON.readValue(json, Map.class);
    }

    @Test
    void definesTheScpAndAServiceManagedStackSetWithAutoDeployment() {
        MfaEnforcedOrganization org = define(b -> b.groupName("developers").powerUserAccess(true));
        Template template = Template.fromStack(Stack.of(org));
        template.resourceCountIs("AWS::Organizations::Policy", 1);
        template.hasResourceProperties("AWS::Organizations::Policy", Map.of("Type", "SERVICE_CONTROL_POLICY",
                "Name", "MfaEnforcementForIamUsers", "TargetIds", TARGETS,
                "Content", Map.of("Version", "2012-10-17")));
        template.hasResourceProperties("AWS::CloudFormation::StackSet", Map.of(
                "StackSetName", "MfaEnforcedGroup",
                "PermissionModel", "SERVICE_MANAGED",
                "CallAs", "SELF",
                "AutoDeployment", Map.of("Enabled", true, "RetainStacksOnAccountRemoval", false),
                "ManagedExecution", Map.of("Active", true),
                "Capabilities", List.of("CAPABILITY_NAMED_IAM"),
                "OperationPreferences", Map.of("MaxConcurrentPercentage", 100, "FailureTolerancePercentage", 10,
                        "ConcurrencyMode", "SOFT_FAILURE_TOLERANCE", "RegionConcurrencyType", "PARALLEL"),
                "StackInstancesGroup", List.of(Map.of("DeploymentTargets", Map.of("OrganizationalUnitIds", TARGETS),
                        "Regions", List.of("us-east-1")))));
        // Content is an object, not a string: CloudFormation keeps drift detection for it.
        template.hasResourceProperties("AWS::Organizations::Policy", Map.of("Content", Match.objectLike(Map.of())));
    }

    @Test
    void theOperationPreferencesAndCallerAreOptions() {
        MfaEnforcedOrganization org = define(b -> b.callAs(StackSetCallAs.DELEGATED_ADMIN).maxConcurrentPercentage(25)
                .failureTolerancePercentage(0).concurrencyMode(StackSetConcurrencyMode.STRICT_FAILURE_TOLERANCE)
                .regionConcurrency(StackSetRegionConcurrency.SEQUENTIAL).region("eu-west-1").stackSetName("Mfa-2")
                .policyName("RequireMfa"));
        Template template = Template.fromStack(Stack.of(org));
        template.hasResourceProperties("AWS::CloudFormation::StackSet", Map.of("CallAs", "DELEGATED_ADMIN",
                "StackSetName", "Mfa-2",
                "OperationPreferences", Map.of("MaxConcurrentPercentage", 25, "FailureTolerancePercentage", 0,
                        "ConcurrencyMode", "STRICT_FAILURE_TOLERANCE", "RegionConcurrencyType", "SEQUENTIAL"),
                "StackInstancesGroup", List.of(Match.objectLike(Map.of("Regions", List.of("eu-west-1"))))));
        template.hasResourceProperties("AWS::Organizations::Policy", Map.of("Name", "RequireMfa"));
    }

    @Test
    void anEnvironmentAgnosticStackDeploysTheInstancesToItsOwnRegion() {
        Stack stack = TestStacks.stack();
        new MfaEnforcedOrganization(stack, "Organization", MfaEnforcedOrganizationProps.builder().targetIds(TARGETS)
                .build());
        Template.fromStack(stack).hasResourceProperties("AWS::CloudFormation::StackSet", Map.of(
                "StackInstancesGroup", List.of(Match.objectLike(Map.of("Regions",
                        List.of(Map.of("Ref", "AWS::Region")))))));
    }

    @Test
    void theInlineTemplateIsTheGroupWithoutBootstrapAssetsOrAccountLiterals() throws IOException {
        MfaEnforcedOrganization org = define(b -> b.groupName("developers").powerUserAccess(true)
                .maxMfaAge(Duration.hours(1)));
        String body = org.getTemplateBody();
        Map<String, Object> inner = parse(body);
        assertThat(body).doesNotContain("BootstrapVersion", "cdk-bootstrap", "hnb659fds", "123456789012",
                "AssetParameters");
        assertThat(body).doesNotContainPattern("\\d{12}");
        assertThat(inner).doesNotContainKeys("Parameters", "Rules");
        Template innerTemplate = Template.fromJSON(inner);
        innerTemplate.resourceCountIs("AWS::IAM::Group", 1);
        innerTemplate.resourceCountIs("AWS::IAM::ManagedPolicy", 1);
        innerTemplate.hasResourceProperties("AWS::IAM::Group", Map.of("GroupName", "developers"));
        assertThat(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(MfaEnforcedOrganization.MAX_TEMPLATE_BODY_BYTES);
        // The template is the stack's TemplateBody, as synthesized.
        Template.fromStack(Stack.of(org)).hasResourceProperties("AWS::CloudFormation::StackSet",
                Map.of("TemplateBody", body));
    }

    @Test
    void theInlineGroupPolicyIsTheOneAccountGroupPolicy() throws IOException {
        MfaEnforcedOrganization org = define(b -> b.groupName("developers").powerUserAccess(true)
                .allowConsoleUserList(true).exemptActions(List.of("s3:ListAllMyBuckets")));
        Map<String, SynthesizedPolicies.Group> inner = SynthesizedPolicies.fromTemplate(parse(org.getTemplateBody()));
        Map<String, SynthesizedPolicies.Group> alone = SynthesizedPolicies.synthesize(stack -> MfaEnforcedGroup.Builder
                .create(stack, "Group").groupName("developers").powerUserAccess(true).allowConsoleUserList(true)
                .exemptActions(List.of("s3:ListAllMyBuckets")).build());
        assertThat(inner.get("developers").customerManaged().values())
                .containsExactlyElementsOf(alone.get("developers").customerManaged().values());
        assertThat(inner.get("developers").awsManaged()).containsExactly("PowerUserAccess");
    }

    @Test
    void theScpMatchesIamUsersOfEveryPartitionAndSharesTheEnrolmentList() {
        Map<String, Object> scp = define(b -> b).getPolicyDocument();
        Map<String, Object> deny = TestStacks.statement(scp, "DenyIamUsersWithoutMFA");
        assertThat(deny.get("Resource")).isEqualTo("*");
        assertThat(deny.get("Condition")).isEqualTo(Map.of("BoolIfExists", Map.of("aws:MultiFactorAuthPresent",
                "false"), "ArnLike", Map.of("aws:PrincipalArn", "arn:*:iam::*:user/*")));
        List<Object> exempt = TestStacks.asList(deny.get("NotAction"));
        assertThat(exempt).containsAll(MfaPolicyStatements.ENROLMENT_ACTIONS)
                .contains("iam:ChangePassword", "iam:GetAccountPasswordPolicy")
                .hasSize(MfaPolicyStatements.ENROLMENT_ACTIONS.size() + 2);
        assertThat(TestStacks.statement(scp, "DenyMFAEnrolmentWithAccessKeys").get("Condition")).isEqualTo(Map.of(
                "Null", Map.of("aws:MultiFactorAuthPresent", "true"),
                "ArnLike", Map.of("aws:PrincipalArn", "arn:*:iam::*:user/*")));
        assertThat(JSON.valueToTree(scp).toString()).doesNotContain("arn:aws:", "aws:ViaAWSService");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theScpHandedOutCannotBeChangedBehindTheResource() {
        Map<String, Object> scp = define(b -> b).getPolicyDocument();
        assertThatThrownBy(() -> scp.put("Statement", List.of())).isInstanceOf(UnsupportedOperationException.class);
        List<Object> statements = (List<Object>) scp.get("Statement");
        assertThatThrownBy(() -> statements.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        Map<String, Object> deny = (Map<String, Object>) statements.get(0);
        assertThatThrownBy(() -> deny.remove("Condition")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void exemptionsWarnWithAStableId() {
        MfaEnforcedOrganization org = define(b -> b.exemptionTagKey("mfa-exempt").exemptionAdministrators(
                List.of(ADMIN)));
        Annotations.fromStack(Stack.of(org)).hasWarning("/Organization/Organization",
                Match.stringLikeRegexp(".*long-term access keys work without MFA.*"
                        + MfaEnforcedOrganization.EXEMPTIONS_WARNING.replace("/", "\\/") + ".*"));
        Annotations.fromStack(Stack.of(define(b -> b))).hasNoWarning("*", Match.anyValue());
    }

    @Test
    void bothTemplatesPassCfnLint() throws Exception {
        MfaEnforcedOrganization org = define(b -> b.groupName("developers").powerUserAccess(true)
                .maxMfaAge(Duration.hours(1)).exemptUserArns(List.of("arn:aws:iam::*:user/ci/deployer"))
                .exemptionTagKey("mfa-exempt").exemptionAdministrators(List.of(ADMIN)));
        assertThat(CfnLint.findings("MfaEnforcedOrganization", Template.fromStack(Stack.of(org)).toJSON()))
                .as("cfn-lint " + CfnLint.VERSION + " findings, informational ones included").isEmpty();
        // The StackSet's template is environment-agnostic by design (no account literal), so CDK writes partition and
        // account as Fn::Join of pseudo parameters; I1022 (prefer Fn::Sub) is a style note on that.
        assertThat(CfnLint.findings("MfaEnforcedOrganizationStackSet", parse(org.getTemplateBody()), List.of("I1022")))
                .as("cfn-lint " + CfnLint.VERSION + " findings on the StackSet's template").isEmpty();
    }

    // ---- bad input

    @ParameterizedTest
    @ValueSource(strings = {"r-ab1", "R-AB12", "ou-ab12-34cd56e", "ou-ab12", "123456789012", "o-abcd123456",
        "r-ab12 ", "ou-AB12-34cd56ef", "*"})
    void failsWhenATargetIdHasTheWrongShape(String id) {
        assertThatThrownBy(() -> define(b -> b.targetIds(List.of("r-ab12", id))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("targetIds: '" + id + "'")
                .hasMessageContaining("root ids (r- and 4 to 32").hasMessageContaining("OU ids (ou-");
    }

    @Test
    void failsWhenTheTargetListIsEmptyOrMissing() {
        assertThatThrownBy(() -> define(b -> b.targetIds(List.of()))).hasMessageStartingWith("targetIds: [] (empty)");
        assertThatThrownBy(() -> define(b -> b.targetIds(null))).hasMessageStartingWith("targetIds: not given");
        assertThatNoException().isThrownBy(() -> define(b -> b.targetIds(List.of("r-" + "a".repeat(32),
                "ou-" + "0".repeat(32) + "-" + "z".repeat(32)))));
    }

    @Test
    void failsWhenThereAreMoreTargetsThanOneStackInstancesCallTakes() {
        List<String> ous = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            ous.add(String.format("ou-ab12-%08d", i));
        }
        assertThatThrownBy(() -> define(b -> b.targetIds(ous))).hasMessageStartingWith("targetIds: 51 roots and OUs "
                + "given. Allowed: at most 50");
        assertThatNoException().isThrownBy(() -> define(b -> b.targetIds(ous.subList(0, 50))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:iam::*:user/*", "arn:*:iam::*:user/ci-*", "arn:aws:iam::123456789012:user/*/bot",
        "arn:aws:iam::123456789012:user/b?t", "arn:aws:iam::123456789012:role/bot", "arn:aws:iam::12345:user/bot",
        "bot", "arn:aws:sts::123456789012:federated-user/bot"})
    void failsWhenAnExemptionCouldCoverUsersNobodyNamed(String arn) {
        assertThatThrownBy(() -> define(b -> b.exemptUserArns(List.of(arn)).exemptionAdministrators(List.of(ADMIN))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("exemptUserArns: '" + arn + "' is not allowed")
                .hasMessageContaining("every IAM user");
    }

    @Test
    void failsWhenExemptionsHaveNoAdministrator() {
        assertThatThrownBy(() -> define(b -> b.exemptionTagKey("mfa-exempt")))
                .hasMessageStartingWith("exemptionAdministrators: none given");
        assertThatThrownBy(() -> define(b -> b.exemptUserArns(List.of("arn:aws:iam::*:user/ci"))))
                .hasMessageStartingWith("exemptionAdministrators: none given");
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:iam::*:user/admin", "arn:aws:iam::*:role/*", "arn:*:iam::*:*",
        "arn:aws:iam::123456789012:root", "*"})
    void failsWhenAnExemptionAdministratorIsNotANamedRole(String admin) {
        assertThatThrownBy(() -> define(b -> b.exemptionTagKey("mfa-exempt").exemptionAdministrators(List.of(admin))))
                .hasMessageStartingWith("exemptionAdministrators: '" + admin + "' is not allowed")
                .hasMessageContaining("IAM users are refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws:exempt", "AWS:Exempt", "", "bad*key"})
    void failsWhenTheExemptionTagKeyIsNotAnIamTagKey(String key) {
        assertThatThrownBy(() -> define(b -> b.exemptionTagKey(key).exemptionAdministrators(List.of(ADMIN))))
                .hasMessageStartingWith("exemptionTagKey: '" + key + "' is not allowed");
    }

    @Test
    void failsWhenConsoleOnlyEnforcementWouldLetKeysThroughOrganizationWide() {
        assertThatThrownBy(() -> define(b -> b.enforcement(MfaEnforcement.CONSOLE_ONLY)))
                .hasMessageStartingWith("enforcement: CONSOLE_ONLY is not allowed for an organization");
    }

    @Test
    void failsWhenTheScpIsOverItsLimit() {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            users.add("arn:aws:iam::*:user/automation/deployer-number-" + i);
        }
        assertThatThrownBy(() -> define(b -> b.exemptUserArns(users).exemptionAdministrators(List.of(ADMIN))))
                .hasMessageStartingWith("service control policy: ")
                .hasMessageContaining("is over 5120").hasMessageContaining("60 given");
    }

    @Test
    void failsWhenTheTemplateBodyIsOverItsLimit() {
        assertThatThrownBy(() -> MfaEnforcedOrganization.checkTemplateBodySize("x".repeat(51_201)))
                .hasMessageStartingWith("StackSet template: 51201 bytes is over CloudFormation's limit of 51200");
        assertThatNoException().isThrownBy(() -> MfaEnforcedOrganization.checkTemplateBodySize("x".repeat(51_200)));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 101})
    void failsWhenAPercentageIsOutOfRange(int value) {
        assertThatThrownBy(() -> define(b -> b.failureTolerancePercentage(value)))
                .hasMessageStartingWith("failureTolerancePercentage: " + value + " is not allowed");
        assertThatThrownBy(() -> define(b -> b.maxConcurrentPercentage(value == -1 ? 0 : value)))
                .hasMessageStartingWith("maxConcurrentPercentage: ").hasMessageContaining("from 1 to 100");
    }

    @Test
    void failsWhenTheStackSetNameIsNotOneCloudFormationAccepts() {
        assertThatThrownBy(() -> define(b -> b.stackSetName("1-mfa")))
                .hasMessageStartingWith("stackSetName: '1-mfa' is not allowed");
    }

    @Test
    void failsWhenAGroupOptionIsInvalidAsTheGroupWouldFail() {
        assertThatThrownBy(() -> define(b -> b.groupName("has space")))
                .hasMessageStartingWith("groupName: 'has space' is not a valid IAM name");
        assertThatThrownBy(() -> define(b -> b.exemptActions(List.of("iam:CreateAccessKey"))))
                .hasMessageStartingWith("exemptActions");
    }
}
