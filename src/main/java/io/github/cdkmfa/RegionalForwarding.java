package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.Token;
import software.constructs.Construct;

/**
 * The one-account forwarding: a stack per Region, in the same app as the home stack, whose
 * {@link MfaAlertsForwarding} sends that Region's events to the home Region's default bus.
 *
 * <p>Why stacks in the app rather than a self-managed StackSet that the home stack defines: the stacks deploy through
 * the CDK bootstrap roles the account already trusts, with one {@code cdk deploy --all}, and each shows its own
 * state in CloudFormation; a self-managed StackSet needs no bootstrap per Region, but needs an administration role and
 * an execution role that can create IAM roles in the account, a standing privilege next to the alerts that is worth
 * more to an attacker than the bootstrap it saves. The cost is a {@code cdk bootstrap} of every covered Region (one
 * command lists them all).
 */
final class RegionalForwarding {
    /** Warning id: sign-ins recorded in Regions the alerts do not watch reach no alert. */
    static final String COVERAGE_WARNING = "@cdkmfa/mfa-alerts:signInRegionsNotCovered";

    private RegionalForwarding() {
    }

    /**
     * The Regions to forward from: those given, or by default every Region enabled in every account; the home
     * Region itself is left out (its rules see its events).
     */
    static List<String> regions(MfaAlerts alerts, List<String> given, boolean defaulted) {
        String home = Stack.of(alerts).getRegion();
        List<String> regions = new ArrayList<>(defaulted ? AlertRegions.enabledByDefault() : given);
        regions.remove(home);
        return List.copyOf(regions);
    }

    /** Define one forwarding stack per Region, next to the home stack in its stage. */
    static List<MfaAlertsForwarding> define(MfaAlerts alerts, List<String> regions, List<String> emails) {
        Stack home = Stack.of(alerts);
        // A stack always has a stage: its app, or the Stage it is defined in (a pipeline's).
        Construct scope = Objects.requireNonNull(Stage.of(home), "the stack's stage");
        String account = home.getAccount();
        boolean knownAccount = !Token.isUnresolved(account);
        List<MfaAlertsForwarding> forwarders = new ArrayList<>();
        for (String region : regions) {
            String id = home.getNode().getId() + "-MfaAlertsForwarding-" + region;
            Environment.Builder env = Environment.builder().region(region);
            if (knownAccount) {
                env.account(account);
            }
            Stack stack = new Stack(scope, id, StackProps.builder()
                    .env(env.build())
                    .description("Forwards console sign-ins recorded in " + region + " to the MFA alerts in "
                            + home.getRegion() + " (" + home.getStackName() + ")")
                    .build());
            String target = stack.formatArn(ArnComponents.builder()
                    .partition(AlertRegions.COMMERCIAL_PARTITION) // forwarding exists in the commercial partition only
                    .service("events")
                    .region(home.getRegion())
                    .account(knownAccount ? account : Aws.ACCOUNT_ID)
                    .resource("event-bus")
                    .resourceName("default")
                    .build());
            forwarders.add(MfaAlertsForwarding.Builder.create(stack, "MfaAlertsForwarding")
                    .targetEventBusArn(target)
                    .emailAddresses(emails.isEmpty() ? null : emails)
                    .build());
        }
        return List.copyOf(forwarders);
    }

    /** Warn, where coverage is partial, which Regions' sign-ins reach no alert. */
    static void warnAboutCoverage(MfaAlerts alerts, List<String> forwarded, boolean customBus) {
        String home = Stack.of(alerts).getRegion();
        if (Token.isUnresolved(home)) {
            Annotations.of(alerts).addWarningV2(COVERAGE_WARNING, "The stack has no explicit Region, so the alerts "
                    + "see only console sign-ins recorded in the Region it is deployed to; whoever signs in chooses "
                    + "the Region through the sign-in endpoint. Give the stack an explicit Region (us-east-1, where "
                    + "IAM's events arrive) so that the other Regions are forwarded to it.");
            return;
        }
        if (!AlertRegions.routesAcrossRegions(home)) {
            Annotations.of(alerts).addWarningV2(COVERAGE_WARNING, "The alerts in " + home + " see only console "
                    + "sign-ins recorded in " + home + ": EventBridge does not route events across Regions in AWS "
                    + "GovCloud (US) and China, so no other Region can be forwarded. Define alerts in each Region of "
                    + "the partition that users can sign in through.");
            return;
        }
        if (customBus && forwarded.isEmpty()) {
            return; // an organization's central bus: its StackSet deploys the forwarders
        }
        List<String> missing = new ArrayList<>(AlertRegions.enabledByDefault());
        missing.remove(home);
        missing.removeAll(forwarded);
        if (!missing.isEmpty()) {
            Annotations.of(alerts).addWarningV2(COVERAGE_WARNING, "Console sign-ins recorded in "
                    + String.join(", ", missing) + " reach no alert: signInRegions leaves out these Regions, which "
                    + "every account has enabled. Whoever signs in chooses the Region through the sign-in endpoint.");
        }
    }
}
