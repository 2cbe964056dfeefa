package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.iam.Group;
import software.amazon.awscdk.services.iam.IGroup;
import software.amazon.awscdk.services.iam.IManagedPolicy;
import software.amazon.awscdk.services.iam.IUser;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.User;

/**
 * Upgrade safety: changing options never makes CloudFormation replace a deployed group or MFA policy. Across every
 * option combination (with PowerUserAccess, further managed policies and members taking turns), with and without
 * names, the logical ids of the group and the policies and the values of their create-only properties
 * (read from cfn-lint's CloudFormation registry schemas) stay those of the defaults.
 */
class UpgradeSafetyTest {
    private static final String ALL_DEFAULTS = "Defaults";
    /** Stack name to the identity of its guarded resources. */
    private static final Map<String, Map<String, Map<String, Object>>> IDENTITIES = new LinkedHashMap<>();
    private static final List<MfaEnforcementPolicyOptions> COMBINATIONS = OptionCombinations.every(Duration.hours(1),
            List.of("s3:ListAllMyBuckets", "cloudwatch:GetMetricData"));

    @BeforeAll
    static void synthesizeEveryCombination() {
        // One app, one stack per combination, one synthesis: the construct paths inside each stack are equal. Each
        // stack holds a named and an unnamed group and policy; the group options (PowerUserAccess, further managed
        // policies, members) take turns across the combinations.
        App app = new App(AppProps.builder().analyticsReporting(false).build());
        List<String> stacks = new ArrayList<>();
        define(app, ALL_DEFAULTS, MfaEnforcementPolicyOptions.builder().build(), false, false);
        stacks.add(ALL_DEFAULTS);
        int index = 0;
        for (MfaEnforcementPolicyOptions options : COMBINATIONS) {
            String name = "Combination" + index;
            define(app, name, options, index % 2 == 1, index % 3 == 1);
            stacks.add(name);
            index++;
        }
        CloudAssembly assembly = app.synth();
        for (String stack : stacks) {
            @SuppressWarnings("unchecked")
            Map<String, Object> template = (Map<String, Object>) assembly.getStackByName(stack).getTemplate();
            IDENTITIES.put(stack, CreateOnlyProperties.identity(template));
        }
    }

    private static void define(App app, String name, MfaEnforcementPolicyOptions options, boolean powerUser,
            boolean extras) {
        Stack stack = new Stack(app, name);
        List<IManagedPolicy> managedPolicies = extras
                ? List.of(ManagedPolicy.fromAwsManagedPolicyName("ReadOnlyAccess")) : null;
        List<IUser> users = extras ? List.of(User.fromUserName(stack, "Alice", "alice")) : null;
        Map<String, Object> named = new HashMap<>(Map.of("groupName", "developers", "path", "/teams/",
                "managedPolicyName", "developers-mfa", "powerUserAccess", powerUser));
        Map<String, Object> unnamed = new HashMap<>(Map.of("powerUserAccess", !powerUser));
        if (extras) {
            named.putAll(Map.of("managedPolicies", managedPolicies, "users", users));
            unnamed.put("users", users);
        }
        new MfaEnforcedGroup(stack, "Developers", OptionCombinations.groupProps(options, named));
        new MfaEnforcedGroup(stack, "Unnamed", OptionCombinations.groupProps(options, unnamed));
        List<IGroup> groups = List.of(Group.fromGroupName(stack, "Operators", "operators"));
        Map<String, Object> policyOptions = PropsValues.read(MfaEnforcementPolicyOptions.class, options);
        policyOptions.put("groups", groups);
        new MfaEnforcementPolicy(stack, "UnnamedMfa", PropsValues.of(MfaEnforcementPolicyProps.class, policyOptions));
        policyOptions.put("managedPolicyName", "operators-mfa");
        new MfaEnforcementPolicy(stack, "OperatorsMfa", PropsValues.of(MfaEnforcementPolicyProps.class,
                policyOptions));
    }

    @Test
    void theSchemasNameTheCreateOnlyPropertiesThisTestGuards() {
        // A sanity check that the schemas were read, not the source of the list.
        assertThat(CreateOnlyProperties.ofGuardedTypes().get("AWS::IAM::Group")).contains("GroupName");
        assertThat(CreateOnlyProperties.ofGuardedTypes().get("AWS::IAM::ManagedPolicy"))
                .contains("ManagedPolicyName", "Description", "Path");
    }

    @Test
    void everyOptionCombinationKeepsTheLogicalIdsAndCreateOnlyPropertiesOfTheDefaults() {
        Map<String, Map<String, Object>> defaults = IDENTITIES.get(ALL_DEFAULTS);
        assertThat(defaults).as("the defaults define two groups and four policies").hasSize(6);
        assertThat(IDENTITIES).as("every combination was synthesized").hasSize(1 + COMBINATIONS.size());
        // Options decide nothing here: the create-only values are the names given, or absent.
        IDENTITIES.forEach((stack, identity) -> assertThat(identity)
                .as("%s: logical ids and create-only properties of the groups and the policies; a difference makes "
                        + "CloudFormation replace them on upgrade", stack)
                .isEqualTo(defaults));
    }

    @Test
    void namesGivenAreTheCreateOnlyValuesAndThePolicyDescriptionIsFixed() {
        Map<String, Map<String, Object>> named = IDENTITIES.get(ALL_DEFAULTS);
        assertThat(named.values()).extracting(values -> values.get("GroupName")).contains("developers");
        assertThat(named.values()).extracting(values -> values.get("ManagedPolicyName"))
                .contains("developers-mfa", "operators-mfa");
        assertThat(named.values()).filteredOn(values -> "AWS::IAM::ManagedPolicy".equals(values.get("Type")))
                .extracting(values -> values.get("Description")).containsOnly(
                        "Allows MFA enrolment and denies everything else until the caller signs in with MFA.");
    }
}
