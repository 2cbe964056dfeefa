package io.github.cdkmfa;

import java.util.List;

import software.amazon.awscdk.services.iam.IManagedPolicy;
import software.amazon.awscdk.services.iam.IUser;

/** The immutable value behind {@link MfaEnforcedGroupProps.Builder}. */
final class GroupPropsValues extends OptionsDelegate implements MfaEnforcedGroupProps {
    private final String groupName;
    private final String path;
    private final String managedPolicyName;
    private final Boolean powerUserAccess;
    private final List<IManagedPolicy> managedPolicies;
    private final List<IUser> users;

    GroupPropsValues(MfaEnforcementPolicyOptions options, String groupName, String path, String managedPolicyName,
            Boolean powerUserAccess, List<IManagedPolicy> managedPolicies, List<IUser> users) {
        super(options);
        this.groupName = groupName;
        this.path = path;
        this.managedPolicyName = managedPolicyName;
        this.powerUserAccess = powerUserAccess;
        this.managedPolicies = managedPolicies;
        this.users = users;
    }

    @Override
    public String getGroupName() {
        return groupName;
    }

    @Override
    public String getPath() {
        return path;
    }

    @Override
    public String getManagedPolicyName() {
        return managedPolicyName;
    }

    @Override
    public Boolean getPowerUserAccess() {
        return powerUserAccess;
    }

    @Override
    public List<IManagedPolicy> getManagedPolicies() {
        return managedPolicies;
    }

    @Override
    public List<IUser> getUsers() {
        return users;
    }
}
