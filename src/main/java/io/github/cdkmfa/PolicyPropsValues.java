package io.github.cdkmfa;

import java.util.List;

import software.amazon.awscdk.services.iam.IGroup;
import software.amazon.awscdk.services.iam.IUser;

/** The immutable value behind {@link MfaEnforcementPolicyProps.Builder}. */
final class PolicyPropsValues extends OptionsDelegate implements MfaEnforcementPolicyProps {
    private final String managedPolicyName;
    private final List<IGroup> groups;
    private final List<IUser> users;

    PolicyPropsValues(MfaEnforcementPolicyOptions options, String managedPolicyName, List<IGroup> groups,
            List<IUser> users) {
        super(options);
        this.managedPolicyName = managedPolicyName;
        this.groups = groups;
        this.users = users;
    }

    @Override
    public String getManagedPolicyName() {
        return managedPolicyName;
    }

    @Override
    public List<IGroup> getGroups() {
        return groups;
    }

    @Override
    public List<IUser> getUsers() {
        return users;
    }
}
