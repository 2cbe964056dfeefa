package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import software.amazon.awscdk.Duration;

/**
 * Proves the organization's service control policy with {@code @cloud-copilot/iam-simulate}, which evaluates SCPs:
 * the SCP sits at the root beside {@code FullAWSAccess} (and {@code FullAWSAccess} alone at the account, as AWS
 * attaches it everywhere), with identity policies as a member account has them. Each expected decision is written
 * here by hand from the IAM User Guide's evaluation logic (an SCP Deny wins; an SCP grants nothing), never copied
 * from the simulator.
 *
 * <p>The StackSet's inline template is proven the same way as the one-account group: the group's policies are read
 * from the synthesized TemplateBody and every row of {@code decision-matrix.md} is evaluated for the configurations
 * the organization can carry, alone and with the SCP attached above them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MfaOrganizationScpMatrixTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = DecisionTable.ACCOUNT;
    private static final String ROOT_ID = "r-ab12";
    /** The SCP AWS attaches to every root, OU and account ("FullAWSAccess", Organizations User Guide). */
    private static final Map<String, Object> FULL_AWS_ACCESS = Map.of("Version", "2012-10-17", "Statement",
            List.of(Map.of("Effect", "Allow", "Action", "*", "Resource", "*")));
    private static final String TAG = "mfa-exempt";
    private static final String EXEMPT_ARN = "arn:aws:iam::*:user/ci/deployer";
    private static final String ADMIN_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/OrganizationAccountAccessRole";
    private static final String DEPLOY_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/cdk-hnb659fds-deploy-role-" + ACCOUNT
            + "-us-east-1";
    private static final String EXEC_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/cdk-hnb659fds-cfn-exec-role-" + ACCOUNT
            + "-us-east-1";
    /** The configurations of decision-matrix.md that an organization can carry (no managedPolicies, no console-only). */
    private static final Map<String, UnaryOperator<MfaEnforcedOrganization.Builder>> CARRIED = new LinkedHashMap<>();

    static {
        CARRIED.put("default", b -> b);
        CARRIED.put("power-user", b -> b.powerUserAccess(true));
        CARRIED.put("max-age", b -> b.maxMfaAge(Duration.hours(1)).powerUserAccess(true));
        CARRIED.put("password-without-mfa", b -> b.allowPasswordChangeWithoutMfa(true));
        CARRIED.put("no-access-keys", b -> b.selfService(OptionCombinations.allBut(SelfService.ACCESS_KEYS)));
        CARRIED.put("enrolment-with-keys", b -> b.allowEnrolmentWithAccessKeys(true).powerUserAccess(true));
    }

    /** A caller: principal ARN and the request context IAM gives it. */
    record Caller(String principal, Map<String, Object> context) {
    }

    /** Which identity policies the caller has: AdministratorAccess (a user in no group, a role) or the group's. */
    enum Identity { ADMIN, MEMBER }

    /** One request and the decision written by hand. */
    record Row(String id, String caller, Identity identity, String action, String resource, Map<String, Object> extra,
            String expected, String why) {
    }

    private static final Map<String, Caller> CALLERS = new LinkedHashMap<>();
    private static final List<Row> ROWS = new ArrayList<>();

    private static Caller user(String arn, String mfaPresent, String mfaAge, Map<String, Object> more) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("aws:username", arn.substring(arn.lastIndexOf('/') + 1));
        context.put("aws:PrincipalArn", arn);
        context.put("aws:PrincipalAccount", ACCOUNT);
        context.put("aws:PrincipalType", "User");
        if (mfaPresent != null) {
            context.put("aws:MultiFactorAuthPresent", mfaPresent);
        }
        if (mfaAge != null) {
            context.put("aws:MultiFactorAuthAge", mfaAge);
        }
        context.putAll(more);
        return new Caller(arn, context);
    }

    private static Caller role(String arn) {
        Map<String, Object> context = new LinkedHashMap<>();
        // For a role session, aws:PrincipalArn is the role's ARN (IAM User Guide, global condition keys).
        context.put("aws:PrincipalArn", arn);
        context.put("aws:PrincipalAccount", ACCOUNT);
        context.put("aws:PrincipalType", "AssumedRole");
        return new Caller(arn, context);
    }

    private static void row(String id, String caller, Identity identity, String action, String resource,
            String expected, String why) {
        ROWS.add(new Row(id, caller, identity, action, resource, Map.of(), expected, why));
    }

    private static void row(String id, String caller, Identity identity, String action, String resource,
            Map<String, Object> extra, String expected, String why) {
        ROWS.add(new Row(id, caller, identity, action, resource, extra, expected, why));
    }

    static {
        String dave = "arn:aws:iam::" + ACCOUNT + ":user/dave";
        String alice = "arn:aws:iam::" + ACCOUNT + ":user/alice";
        CALLERS.put("no-group-key", user(dave, null, null, Map.of()));
        CALLERS.put("no-group-console", user(dave, "false", null, Map.of()));
        CALLERS.put("no-group-mfa", user(dave, "true", "300", Map.of()));
        CALLERS.put("path-user-key", user("arn:aws:iam::" + ACCOUNT + ":user/team/x/bob", null, null, Map.of()));
        CALLERS.put("govcloud-user-key", user("arn:aws-us-gov:iam::" + ACCOUNT + ":user/erin", null, null, Map.of()));
        CALLERS.put("member-console", user(alice, "false", null, Map.of()));
        CALLERS.put("member-mfa", user(alice, "true", "300", Map.of()));
        CALLERS.put("leaked-key", user(alice, null, null, Map.of()));
        CALLERS.put("deploy-role", role(DEPLOY_ROLE));
        CALLERS.put("exec-role", role(EXEC_ROLE));
        CALLERS.put("org-access-role", role(ADMIN_ROLE));
        CALLERS.put("exempt-arn-key", user("arn:aws:iam::" + ACCOUNT + ":user/ci/deployer", null, null, Map.of()));
        CALLERS.put("exempt-tag-key", user("arn:aws:iam::" + ACCOUNT + ":user/bot", null, null,
                Map.of("aws:PrincipalTag/" + TAG, "true")));
        CALLERS.put("wrong-tag-value-key", user("arn:aws:iam::" + ACCOUNT + ":user/bot2", null, null,
                Map.of("aws:PrincipalTag/" + TAG, "True")));
        CALLERS.put("exempt-tag-mfa", user("arn:aws:iam::" + ACCOUNT + ":user/bot", "true", "300",
                Map.of("aws:PrincipalTag/" + TAG, "true")));

        String own = "own";
        String bucket = "*";
        // A user in no group, AdministratorAccess attached: nothing without MFA but enrolment and the password.
        row("S01", "no-group-key", Identity.ADMIN, "s3:ListAllMyBuckets", bucket, "X", "key, no MFA");
        row("S02", "no-group-console", Identity.ADMIN, "s3:ListAllMyBuckets", bucket, "X", "console, no MFA");
        row("S03", "no-group-mfa", Identity.ADMIN, "s3:ListAllMyBuckets", bucket, "A", "with MFA");
        row("S04", "no-group-console", Identity.ADMIN, "iam:CreateAccessKey", own, "X", "credentials need MFA");
        row("S05", "no-group-console", Identity.ADMIN, "iam:ChangePassword", own, "A", "first sign-in password");
        row("S06", "no-group-console", Identity.ADMIN, "iam:GetAccountPasswordPolicy", "*", "A", "first sign-in");
        row("S07", "no-group-console", Identity.ADMIN, "iam:EnableMFADevice", own, "A", "console enrolment");
        row("S08", "no-group-key", Identity.ADMIN, "iam:EnableMFADevice", own, "X", "a key cannot enrol");
        row("S09", "no-group-key", Identity.ADMIN, "iam:CreateVirtualMFADevice",
                "arn:aws:iam::" + ACCOUNT + ":mfa/dave-phone", "X", "a key cannot create a device");
        row("S10", "no-group-key", Identity.ADMIN, "iam:ListMFADevices", own, "A", "enrolment reads");
        row("S11", "no-group-key", Identity.ADMIN, "sts:GetSessionToken", "*", "A", "MFA session from a key");
        row("S12", "no-group-key", Identity.ADMIN, "iam:DeactivateMFADevice", own, "X", "MFA removal needs MFA");
        row("S13", "path-user-key", Identity.ADMIN, "s3:ListAllMyBuckets", bucket, "X", "user with a path");
        row("S14", "govcloud-user-key", Identity.ADMIN, "s3:ListAllMyBuckets", bucket, "X", "every partition");
        row("S15", "no-group-key", Identity.ADMIN, "iam:ChangePassword", own, "A",
                "the SCP leaves the password alone; the group decides");
        // Members: the group's own policies decide what the SCP leaves alone.
        row("S20", "member-console", Identity.MEMBER, "iam:CreateVirtualMFADevice",
                "arn:aws:iam::" + ACCOUNT + ":mfa/alice-phone", "A", "console enrolment");
        row("S21", "member-console", Identity.MEMBER, "iam:EnableMFADevice", own, "A", "console enrolment");
        row("S22", "member-console", Identity.MEMBER, "iam:ChangePassword", own, "X", "the group's Deny decides");
        row("S23", "member-mfa", Identity.MEMBER, "s3:ListAllMyBuckets", bucket, "A", "PowerUserAccess with MFA");
        row("S24", "leaked-key", Identity.MEMBER, "iam:EnableMFADevice", own, "X", "leaked key enrolling");
        row("S25", "leaked-key", Identity.MEMBER, "iam:CreateVirtualMFADevice",
                "arn:aws:iam::" + ACCOUNT + ":mfa/attacker", "X", "leaked key creating a device");
        row("S26", "member-console", Identity.MEMBER, "ec2:DescribeInstances", "*", "X", "no MFA");
        // Roles: untouched, whatever MFA context they carry.
        row("S30", "deploy-role", Identity.ADMIN, "cloudformation:CreateChangeSet", "*", "A", "CDK deploy role");
        row("S31", "exec-role", Identity.ADMIN, "iam:CreateRole", "arn:aws:iam::" + ACCOUNT + ":role/app", "A",
                "CloudFormation execution role");
        row("S32", "exec-role", Identity.ADMIN, "s3:CreateBucket", "arn:aws:s3:::app-bucket", "A", "execution role");
        row("S33", "org-access-role", Identity.ADMIN, "iam:CreateUser", "arn:aws:iam::" + ACCOUNT + ":user/new", "A",
                "OrganizationAccountAccessRole");
        row("S34", "org-access-role", Identity.ADMIN, "iam:EnableMFADevice", "arn:aws:iam::" + ACCOUNT
                + ":user/alice", "A", "an administrator enrols a device for a user");
        // Exemptions (the exemption SCP only): named automation users work without MFA; nobody grants themselves one.
        row("E01", "exempt-arn-key", Identity.ADMIN, "s3:ListAllMyBuckets", bucket, "A", "exempt by ARN");
        row("E02", "exempt-tag-key", Identity.ADMIN, "s3:ListAllMyBuckets", bucket, "A", "exempt by tag");
        row("E03", "wrong-tag-value-key", Identity.ADMIN, "s3:ListAllMyBuckets", bucket, "X", "tag value is 'True'");
        row("E04", "no-group-key", Identity.ADMIN, "s3:ListAllMyBuckets", bucket, "X", "not exempt");
        row("E05", "exempt-tag-mfa", Identity.ADMIN, "iam:UntagUser", own, Map.of("aws:TagKeys", List.of(TAG)), "X",
                "an exempt user removes its own tag");
        row("E06", "no-group-mfa", Identity.ADMIN, "iam:TagUser", own, Map.of("aws:TagKeys", List.of(TAG),
                "aws:RequestTag/" + TAG, "true"), "X", "a user with MFA tags itself exempt");
        row("E07", "no-group-mfa", Identity.ADMIN, "iam:TagUser", own, Map.of("aws:TagKeys", List.of("MFA-Exempt"),
                "aws:RequestTag/MFA-Exempt", "true"), "X", "the key in other case");
        row("E08", "no-group-mfa", Identity.ADMIN, "iam:CreateUser", "arn:aws:iam::" + ACCOUNT + ":user/born-exempt",
                Map.of("aws:TagKeys", List.of(TAG), "aws:RequestTag/" + TAG, "true"), "X", "a user born exempt");
        row("E09", "no-group-mfa", Identity.ADMIN, "iam:CreateAccessKey", "arn:aws:iam::" + ACCOUNT
                + ":user/ci/deployer", "X", "a key for the exempt user");
        row("E10", "no-group-mfa", Identity.ADMIN, "iam:CreateAccessKey", "arn:aws:iam::" + ACCOUNT + ":user/bot",
                Map.of("aws:ResourceTag/" + TAG, "true"), "X", "a key for a tag-exempt user");
        row("E11", "no-group-mfa", Identity.ADMIN, "iam:UpdateUser", "arn:aws:iam::" + ACCOUNT + ":user/ci/deployer",
                "X", "renaming a user into the exempt name");
        row("E12", "exempt-arn-key", Identity.ADMIN, "sts:GetFederationToken", "arn:aws:sts::" + ACCOUNT
                + ":federated-user/x", "X", "federation token of an exempt user");
        row("E13", "exempt-tag-key", Identity.ADMIN, "sts:GetFederationToken", "arn:aws:sts::" + ACCOUNT
                + ":federated-user/x", "X", "federation token of a tag-exempt user");
        row("E14", "org-access-role", Identity.ADMIN, "iam:TagUser", "arn:aws:iam::" + ACCOUNT + ":user/bot",
                Map.of("aws:TagKeys", List.of(TAG), "aws:RequestTag/" + TAG, "true"), "A", "the administrator tags");
        row("E15", "org-access-role", Identity.ADMIN, "iam:CreateAccessKey", "arn:aws:iam::" + ACCOUNT
                + ":user/ci/deployer", "A", "the administrator gives the automation user a key");
        row("E16", "no-group-mfa", Identity.ADMIN, "iam:CreateAccessKey", "arn:aws:iam::" + ACCOUNT + ":user/carol",
                Map.of("aws:ResourceTag/" + TAG, "false"), "A", "other users are not protected");
        row("E17", "no-group-mfa", Identity.ADMIN, "sts:GetFederationToken", "arn:aws:sts::" + ACCOUNT
                + ":federated-user/x", "A", "a user with MFA who is not exempt");
    }

    /** Known-broken variants of the SCP, each must change at least the named row's decision. */
    enum BrokenVariant {
        /** Without the principal condition the Deny reaches roles: deployments stop. */
        PRINCIPAL_CONDITION_DROPPED("S30", doc -> {
            conditions(doc, "DenyIamUsersWithoutMFA").remove("ArnLike");
            return doc;
        }),
        /**
         * Without the Null statement a leaked key of a user in no group enrols a device of its own (a member is still
         * stopped by the group's own statement: S24 holds).
         */
        NULL_STATEMENT_DROPPED("S08", doc -> {
            statements(doc).removeIf(s -> "DenyMFAEnrolmentWithAccessKeys".equals(s.get("Sid")));
            return doc;
        }),
        /** A literal partition fails open in GovCloud and China. */
        LITERAL_PARTITION("S14", doc -> {
            conditions(doc, "DenyIamUsersWithoutMFA").put("ArnLike", Map.of("aws:PrincipalArn", "arn:aws:iam::*:user/*"));
            return doc;
        }),
        /** Bool instead of BoolIfExists lets every long-term key through. */
        BOOL_INSTEAD_OF_BOOL_IF_EXISTS("S01", doc -> {
            Map<String, Object> conditions = conditions(doc, "DenyIamUsersWithoutMFA");
            conditions.put("Bool", conditions.remove("BoolIfExists"));
            return doc;
        }),
        /** Case-sensitive tag keys let a user tag itself with the key in other case. */
        TAG_KEYS_CASE_SENSITIVE("E07", doc -> {
            Map<String, Object> conditions = conditions(doc, "DenyExemptionTagChangesExceptAdministrators");
            conditions.put("ForAnyValue:StringEquals", conditions.remove("ForAnyValue:StringEqualsIgnoreCase"));
            return doc;
        }),
        /** Without the credential statement anyone with IAM rights gives the exempt user a key. */
        EXEMPT_USER_UNPROTECTED("E09", doc -> {
            statements(doc).removeIf(s -> "DenyExemptUserChangesExceptAdministrators".equals(s.get("Sid")));
            return doc;
        });

        final String catchingRow;
        final UnaryOperator<Map<String, Object>> mutate;

        BrokenVariant(String catchingRow, UnaryOperator<Map<String, Object>> mutate) {
            this.catchingRow = catchingRow;
            this.mutate = mutate;
        }
    }

    private DecisionTable table;
    private PolicySimulator.Results results;
    private Map<String, Object> plainScp;
    private Map<String, Object> exemptionScp;

    @BeforeAll
    void evaluateEverything() throws Exception {
        PolicySimulator.requireNode();
        table = DecisionTable.read();
        PolicySimulator simulator = new PolicySimulator();
        simulator.policy("scp:FullAWSAccess", FULL_AWS_ACCESS);

        MfaEnforcedOrganization plain = organization(b -> b.powerUserAccess(true));
        plainScp = plain.getPolicyDocument();
        exemptionScp = organization(b -> b.powerUserAccess(true).exemptUserArns(List.of(EXEMPT_ARN))
                .exemptionTagKey(TAG).exemptionAdministrators(List.of("arn:aws:iam::*:role/OrganizationAccountAccessRole")))
                .getPolicyDocument();
        simulator.policy("scp:plain", copy(plainScp));
        simulator.policy("scp:exemption", copy(exemptionScp));
        List<String> memberPolicies = simulator.policiesOf("member", SynthesizedPolicies.fromTemplate(
                MfaEnforcedOrganizationTest.parse(plain.getTemplateBody())).values().iterator().next());

        for (Row row : ROWS) {
            String scp = row.id().startsWith("E") ? "scp:exemption" : "scp:plain";
            request(simulator, "scp/" + row.id(), row, scp, memberPolicies);
            if (!row.id().startsWith("E")) {
                // The plain rows hold with the exemption SCP too: an exemption changes nothing for anyone else.
                request(simulator, "scp-with-exemptions/" + row.id(), row, "scp:exemption", memberPolicies);
            }
        }
        for (BrokenVariant variant : BrokenVariant.values()) {
            simulator.policy("scp:broken/" + variant, variant.mutate.apply(copy(exemptionScp)));
            for (Row row : ROWS) {
                request(simulator, "broken/" + variant + "/" + row.id(), row, "scp:broken/" + variant, memberPolicies);
            }
        }

        // The StackSet's inline template against decision-matrix.md, alone and below the SCP of the same options.
        for (Map.Entry<String, UnaryOperator<MfaEnforcedOrganization.Builder>> carried : CARRIED.entrySet()) {
            String configuration = carried.getKey();
            MfaEnforcedOrganization org = organization(b -> carried.getValue().apply(b.groupName(configuration)));
            SynthesizedPolicies.Group group = SynthesizedPolicies.fromTemplate(
                    MfaEnforcedOrganizationTest.parse(org.getTemplateBody())).get(configuration);
            List<String> keys = simulator.policiesOf("inner/" + configuration, group);
            simulator.policy("scp:inner/" + configuration, copy(org.getPolicyDocument()));
            for (DecisionTable.Row row : table.rows) {
                DecisionTable.Caller caller = table.caller(row);
                simulator.request("inner/" + configuration + "/" + row.id(), caller, row.action(), table.resource(row),
                        keys);
                simulator.requestWithScps("inner-scp/" + configuration + "/" + row.id(), caller.principal(),
                        new LinkedHashMap<>(caller.context()), row.action(), table.resource(row), keys,
                        scpLevels("scp:inner/" + configuration));
            }
        }
        Set<String> actions = new LinkedHashSet<>();
        ROWS.forEach(r -> actions.add(r.action()));
        actions.addAll(actionsOf(exemptionScp));
        simulator.checkActionNames(actions);
        results = simulator.run();
    }

    private static MfaEnforcedOrganization organization(UnaryOperator<MfaEnforcedOrganization.Builder> configure) {
        return configure.apply(MfaEnforcedOrganization.Builder.create(MfaEnforcedOrganizationTest.managementStack(),
                "Organization").targetIds(List.of(ROOT_ID))).build();
    }

    private static Map<String, List<String>> scpLevels(String scp) {
        Map<String, List<String>> levels = new LinkedHashMap<>();
        levels.put(ROOT_ID, List.of("scp:FullAWSAccess", scp));
        levels.put(ACCOUNT, List.of("scp:FullAWSAccess"));
        return levels;
    }

    private static void request(PolicySimulator simulator, String id, Row row, String scp, List<String> memberPolicies) {
        Caller caller = CALLERS.get(row.caller());
        Map<String, Object> context = new LinkedHashMap<>(caller.context());
        context.putAll(row.extra());
        String resource = row.resource().equals("own") ? caller.principal() : row.resource();
        List<String> identity = row.identity() == Identity.ADMIN ? List.of("aws:AdministratorAccess") : memberPolicies;
        simulator.requestWithScps(id, caller.principal(), context, row.action(), resource, identity, scpLevels(scp));
    }

    private static String decision(String code) {
        return switch (code) {
            case "A" -> "Allowed";
            case "X" -> "ExplicitlyDenied";
            case "I" -> "ImplicitlyDenied";
            default -> throw new IllegalArgumentException(code);
        };
    }

    @Test
    void everyDecisionIsTheOneWrittenByHand() {
        List<String> differences = new ArrayList<>();
        for (Row row : ROWS) {
            String actual = results.decisions().get("scp/" + row.id());
            if (!decision(row.expected()).equals(actual)) {
                differences.add(row.id() + " " + row.caller() + " " + row.action() + " (" + row.why() + "): expected "
                        + decision(row.expected()) + ", the simulator " + actual);
            }
            String withExemptions = results.decisions().get("scp-with-exemptions/" + row.id());
            if (withExemptions != null && !decision(row.expected()).equals(withExemptions)) {
                differences.add(row.id() + " with the exemption SCP: expected " + decision(row.expected())
                        + ", the simulator " + withExemptions);
            }
        }
        assertThat(differences).isEmpty();
        assertThat(ROWS).hasSizeGreaterThan(40);
    }

    @ParameterizedTest
    @EnumSource(BrokenVariant.class)
    void eachBrokenVariantChangesDecisions(BrokenVariant variant) {
        Set<String> changed = new LinkedHashSet<>();
        for (Row row : ROWS) {
            String actual = results.decisions().get("broken/" + variant + "/" + row.id());
            assertThat(actual).as(variant + " " + row.id()).doesNotStartWith("error");
            if (!decision(row.expected()).equals(actual)) {
                changed.add(row.id());
            }
        }
        assertThat(changed).as(variant + ": rows whose decision changes").contains(variant.catchingRow);
    }

    @Test
    void theInlineTemplatePassesTheGroupDecisionMatrix() {
        List<String> differences = new ArrayList<>();
        for (String configuration : CARRIED.keySet()) {
            for (DecisionTable.Row row : table.rows) {
                String expected = row.expected().get(configuration);
                String alone = results.decisions().get("inner/" + configuration + "/" + row.id());
                if (!expected.equals(alone)) {
                    differences.add(configuration + " " + row.describe() + ": table " + expected + ", StackSet group "
                            + alone);
                }
            }
        }
        assertThat(differences).as("decisions of the StackSet's group against " + DecisionTable.FILE).isEmpty();
    }

    @Test
    void theScpChangesNoDecisionForMembersOfAGroupWithTheSameOptions() {
        List<String> differences = new ArrayList<>();
        for (String configuration : CARRIED.keySet()) {
            for (DecisionTable.Row row : table.rows) {
                String expected = row.expected().get(configuration);
                String withScp = results.decisions().get("inner-scp/" + configuration + "/" + row.id());
                if (!expected.equals(withScp)) {
                    differences.add(configuration + " " + row.describe() + ": table " + expected + ", with the SCP "
                            + withScp);
                }
            }
        }
        assertThat(differences).as("member decisions below the SCP").isEmpty();
    }

    @Test
    void everyActionNameIsKnownAndNoRequestIsRejected() {
        assertThat(results.actionNameProblems()).isEmpty();
        assertThat(results.decisions().entrySet().stream().filter(e -> e.getValue().startsWith("error"))
                .map(e -> e.getKey() + ": " + e.getValue()).toList()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Map<String, Object> document) {
        return (List<Map<String, Object>>) document.get("Statement");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> conditions(Map<String, Object> document, String sid) {
        return (Map<String, Object>) statements(document).stream().filter(s -> sid.equals(s.get("Sid"))).findFirst()
                .orElseThrow().get("Condition");
    }

    private static Set<String> actionsOf(Map<String, Object> document) {
        Set<String> actions = new LinkedHashSet<>();
        for (Map<String, Object> statement : statements(document)) {
            for (String key : List.of("Action", "NotAction")) {
                Object value = statement.get(key);
                if (value instanceof List<?> list) {
                    list.forEach(a -> actions.add((String) a));
                } else if (value != null) {
                    actions.add((String) value);
                }
            }
        }
        return actions;
    }

    /** A deep, mutable copy of a document. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> document) {
        try {
            return JSON.readValue(JSON.writeValueAsString(document), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
