package io.github.cdkmfa;

import java.util.List;

import software.amazon.awscdk.Duration;

/** The immutable value behind {@link MfaEnforcementPolicyOptions.Builder}. */
record OptionValues(MfaEnforcement enforcement, Duration maxMfaAge, List<SelfService> selfService,
        Boolean allowPasswordChangeWithoutMfa, Boolean allowConsoleUserList, List<String> exemptActions)
        implements MfaEnforcementPolicyOptions {

    @Override
    public MfaEnforcement getEnforcement() {
        return enforcement;
    }

    @Override
    public Duration getMaxMfaAge() {
        return maxMfaAge;
    }

    @Override
    public List<SelfService> getSelfService() {
        return selfService;
    }

    @Override
    public Boolean getAllowPasswordChangeWithoutMfa() {
        return allowPasswordChangeWithoutMfa;
    }

    @Override
    public Boolean getAllowConsoleUserList() {
        return allowConsoleUserList;
    }

    @Override
    public List<String> getExemptActions() {
        return exemptActions;
    }
}
