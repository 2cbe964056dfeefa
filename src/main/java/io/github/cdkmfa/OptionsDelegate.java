package io.github.cdkmfa;

import java.util.List;

import software.amazon.awscdk.Duration;

/** Answers the policy options of a props value from the options its builder collected. */
abstract class OptionsDelegate implements MfaEnforcementPolicyOptions {
    private final MfaEnforcementPolicyOptions options;

    OptionsDelegate(MfaEnforcementPolicyOptions options) {
        this.options = options;
    }

    @Override
    public MfaEnforcement getEnforcement() {
        return options.getEnforcement();
    }

    @Override
    public Duration getMaxMfaAge() {
        return options.getMaxMfaAge();
    }

    @Override
    public List<SelfService> getSelfService() {
        return options.getSelfService();
    }

    @Override
    public Boolean getAllowPasswordChangeWithoutMfa() {
        return options.getAllowPasswordChangeWithoutMfa();
    }

    @Override
    public Boolean getAllowConsoleUserList() {
        return options.getAllowConsoleUserList();
    }

    @Override
    public List<String> getExemptActions() {
        return options.getExemptActions();
    }
}
