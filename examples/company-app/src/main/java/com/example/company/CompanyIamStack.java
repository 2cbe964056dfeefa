package com.example.company;

import java.util.List;

import io.github.cdkmfa.MfaEnforcedGroup;
import io.github.cdkmfa.MfaEnforcement;
import io.github.cdkmfa.MfaEnforcementPolicy;
import io.github.cdkmfa.SelfService;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.Group;
import software.amazon.awscdk.services.iam.IGroup;
import software.amazon.awscdk.services.iam.IUser;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.User;
import software.constructs.Construct;

/**
 * The company's IAM groups: developers and auditors must use MFA, and so must the operators group that an older
 * stack created and this one does not own.
 */
public class CompanyIamStack extends Stack {

    /**
     * Define the stack.
     *
     * @param scope the app
     * @param id the stack id
     * @param props stack properties
     */
    public CompanyIamStack(final Construct scope, final String id, final StackProps props) {
        super(scope, id, props);

        // Users that exist already (created by hand or by another stack) and a user this stack creates.
        IUser alice = User.fromUserName(this, "Alice", "alice");
        IUser bob = User.fromUserName(this, "Bob", "bob");
        User carol = User.Builder.create(this, "Carol").userName("carol").build();

        MfaEnforcedGroup developers = MfaEnforcedGroup.Builder.create(this, "Developers")
                .groupName("developers")
                .powerUserAccess(true)
                .maxMfaAge(Duration.hours(12))
                .users(List.of(alice))
                .build();
        developers.addUser(carol);

        MfaEnforcedGroup auditors = MfaEnforcedGroup.Builder.create(this, "Auditors")
                .groupName("auditors")
                .managedPolicyName("auditors-mfa")
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("SecurityAudit")))
                .enforcement(MfaEnforcement.CONSOLE_ONLY)
                .selfService(SelfService.PASSWORD)
                .build();
        auditors.addUser(bob);

        IGroup operators = Group.fromGroupName(this, "Operators", "operators");
        MfaEnforcementPolicy.Builder.create(this, "OperatorsMfa")
                .managedPolicyName("operators-mfa")
                .groups(List.of(operators))
                .build();
    }
}
