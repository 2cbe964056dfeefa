package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import software.amazon.awscdk.services.iam.IManagedPolicy;
import software.amazon.awscdk.services.iam.IUser;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.User;

/**
 * Upgrade safety: neither a new version of the library nor a change of options makes CloudFormation replace a
 * deployed group or MFA policy.
 *
 * <p>The reference definition with every option at its default (a named and an unnamed group, a named and an
 * unnamed policy on its own) must keep the logical ids, construct paths and create-only values (read from
 * cfn-lint's CloudFormation registry schemas) that {@link ReleasedContract} pins by hand. Then the same definition
 * with options changed must keep those of the defaults: options take values pairwise
 * ({@link OptionCombinations#pairwise}), because each option decides the identity on its own (none may change it),
 * and PowerUserAccess, further managed policies and members take turns across the combinations.
 */
class UpgradeSafetyTest {
    private static final String ALL_DEFAULTS = "Defaults";
    private static final Duration MAX_AGE = Duration.hours(1);
    private static final List<String> EXEMPTIONS = List.of("s3:ListAllMyBuckets", "cloudwatch:GetMetricData");
    /** Stack name to the identity of its guarded resources. */
    private static final Map<String, Map<String, Map<String, Object>>> IDENTITIES = new LinkedHashMap<>();
    private static final List<MfaEnforcementPolicyOptions> COMBINATIONS = OptionCombinations.pairwise(MAX_AGE,
            EXEMPTIONS);
    private static Map<String, Map<String, Object>> defaultsWithPaths;

    @BeforeAll
    static void synthesizeTheDefaultsAndTheCombinations() {
        // One app, one stack per combination, one synthesis: the construct paths inside each stack are equal.
        App app = new App(AppProps.builder().analyticsReporting(false).build());
        List<String> stacks = new ArrayList<>();
        Stack defaults = define(app, ALL_DEFAULTS, MfaEnforcementPolicyOptions.builder().build(), false, false);
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
            if (stack.equals(ALL_DEFAULTS)) {
                defaultsWithPaths = ReleasedContract.actual(defaults, template);
            }
        }
    }

    private static Stack define(App app, String name, MfaEnforcementPolicyOptions options, boolean powerUser,
            boolean extras) {
        Stack stack = new Stack(app, name);
        List<IManagedPolicy> managedPolicies = extras
                ? List.of(ManagedPolicy.fromAwsManagedPolicyName("ReadOnlyAccess")) : null;
        List<IUser> users = extras ? List.of(User.fromUserName(stack, "Alice", "alice")) : null;
        new MfaEnforcedGroup(stack, "Developers", OptionCombinations.groupProps(options, b -> b
                .groupName("developers").path("/teams/").managedPolicyName("developers-mfa")
                .powerUserAccess(powerUser).managedPolicies(managedPolicies).users(users)));
        new MfaEnforcedGroup(stack, "Unnamed", OptionCombinations.groupProps(options, b -> b
                .powerUserAccess(!powerUser).users(users)));
        MfaEnforcementPolicyProps.Builder unnamed = MfaEnforcementPolicyProps.builder().options(options)
                .groups(List.of(Group.fromGroupName(stack, "Operators", "operators")));
        new MfaEnforcementPolicy(stack, "UnnamedMfa", unnamed.build());
        new MfaEnforcementPolicy(stack, "OperatorsMfa", unnamed.managedPolicyName("operators-mfa").build());
        return stack;
    }

    @Test
    void theSchemasNameTheCreateOnlyPropertiesThisTestGuards() {
        // A sanity check that the schemas were read, not the source of the list.
        assertThat(CreateOnlyProperties.ofGuardedTypes().get("AWS::IAM::Group")).contains("GroupName");
        assertThat(CreateOnlyProperties.ofGuardedTypes().get("AWS::IAM::ManagedPolicy"))
                .contains("ManagedPolicyName", "Description", "Path");
    }

    @Test
    void theDefaultsKeepTheReleasedLogicalIdsConstructPathsAndCreateOnlyValues() {
        assertThat(defaultsWithPaths)
                .as("the groups and policies of the reference definition against %s; a difference makes "
                        + "CloudFormation replace them for every user who upgrades (see the file's rule)",
                        ReleasedContract.FILE)
                .isEqualTo(ReleasedContract.pinned("library"));
    }

    @Test
    void theCombinationsCoverEveryPairOfOptionValuesInFewStacks() {
        OptionCombinations.assertEveryPairOfValues(COMBINATIONS, MAX_AGE, EXEMPTIONS);
        assertThat(COMBINATIONS).as("pairwise, not the cross product of %s combinations",
                OptionCombinations.every(MAX_AGE, EXEMPTIONS).size()).hasSizeLessThan(30);
        assertThat(IDENTITIES).as("every combination was synthesized").hasSize(1 + COMBINATIONS.size());
    }

    @Test
    void everyCombinationKeepsTheLogicalIdsAndCreateOnlyValuesOfTheDefaults() {
        Map<String, Map<String, Object>> defaults = IDENTITIES.get(ALL_DEFAULTS);
        assertThat(defaults).as("the defaults define two groups and four policies").hasSize(6);
        // Options decide nothing here: the create-only values are the names given, or absent.
        IDENTITIES.forEach((stack, identity) -> assertThat(identity)
                .as("%s: logical ids and create-only properties of the groups and the policies; a difference makes "
                        + "CloudFormation replace them on upgrade", stack)
                .isEqualTo(defaults));
    }
}
