package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import software.amazon.awscdk.Duration;

/** Every combination of the policy options, for the checks that must hold whatever a user configures. */
final class OptionCombinations {
    private OptionCombinations() {
    }

    /**
     * Both enforcement modes, with and without a maximum age, every self-service choice that matters (all, none,
     * all but one), the password change and the user list on and off, and with and without exemptions. The
     * password change without MFA needs PASSWORD, so choices without it skip that option.
     *
     * @param maxMfaAge the maximum age of the combinations that have one
     * @param exemptions the exemptions of the combinations that have some
     * @return the combinations, in a stable order
     */
    static List<MfaEnforcementPolicyOptions> every(Duration maxMfaAge, List<String> exemptions) {
        List<List<SelfService>> selfServiceChoices = new ArrayList<>();
        selfServiceChoices.add(List.of(SelfService.values()));
        selfServiceChoices.add(List.of());
        for (SelfService off : SelfService.values()) {
            selfServiceChoices.add(allBut(off));
        }
        List<MfaEnforcementPolicyOptions> combinations = new ArrayList<>();
        for (MfaEnforcement enforcement : MfaEnforcement.values()) {
            for (Duration maxAge : new Duration[] {null, maxMfaAge}) {
                for (List<SelfService> selfService : selfServiceChoices) {
                    for (boolean password : new boolean[] {false, true}) {
                        if (password && !selfService.contains(SelfService.PASSWORD)) {
                            continue;
                        }
                        for (boolean userList : new boolean[] {false, true}) {
                            for (List<String> exempt : List.of(List.<String>of(), exemptions)) {
                                combinations.add(MfaEnforcementPolicyOptions.builder().enforcement(enforcement)
                                        .maxMfaAge(maxAge).selfService(selfService)
                                        .allowPasswordChangeWithoutMfa(password).allowConsoleUserList(userList)
                                        .exemptActions(exempt).build());
                            }
                        }
                    }
                }
            }
        }
        return combinations;
    }

    /**
     * Every self-service category but one.
     *
     * @param off the category left out
     * @return the others
     */
    static List<SelfService> allBut(SelfService off) {
        return List.copyOf(EnumSet.complementOf(EnumSet.of(off)));
    }
}
