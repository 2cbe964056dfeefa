package io.github.cdkmfa;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudformation.CfnStackSet;
import software.amazon.awscdk.services.organizations.CfnPolicy;
import software.constructs.Construct;

/**
 * Enforces MFA for the IAM users of every member account of an organization, from the management account or a
 * delegated administrator.
 *
 * <p>It defines two things for the given roots and OUs:
 * <ul>
 * <li>a service control policy ({@code AWS::Organizations::Policy}, child {@code Policy}) that denies every IAM
 *     user, and only IAM users, everything but MFA enrolment (and the password change at sign-in) until it signs in
 *     with MFA, and denies device enrolment with long-term access keys; roles, service-linked roles and AWS services
 *     are untouched. SCPs grant nothing: the group below gives members their permissions.</li>
 * <li>a service-managed StackSet ({@code AWS::CloudFormation::StackSet}, child {@code StackSet}) with
 *     auto-deployment on, that puts an {@link MfaEnforcedGroup} with the same options in every account of the
 *     targets, accounts that join later included. Its template is synthesized from {@link MfaEnforcedGroup} and
 *     carried inline; it needs no CDK bootstrap in the member accounts.</li>
 * </ul>
 *
 * <p>With {@code alertsEventBusArn}, a second StackSet puts an {@link MfaAlertsForwarding} that targets that central
 * bus in every alert Region of every member account.
 *
 * <p>Neither reaches the management account: define a plain {@link MfaEnforcedGroup} there (the sample app does).
 *
 * <pre>{@code
 * MfaEnforcedOrganization.Builder.create(this, "Organization")
 *     .targetIds(List.of("ou-ab12-34cd56ef"))
 *     .groupName("developers")
 *     .powerUserAccess(true)
 *     .build();
 * }</pre>
 */
public class MfaEnforcedOrganization extends Construct {
    /**
     * The largest SCP, in characters with white space: the stricter of the two limits AWS's pages give (the
     * Organizations quotas page says 10,240 today; older copies and the CloudFormation resource reference say 5,120).
     */
    public static final int MAX_POLICY_CHARACTERS = 5_120;
    /** The largest inline StackSet template, in bytes (CloudFormation API reference, CreateStackSet). */
    public static final int MAX_TEMPLATE_BODY_BYTES = StackSetTemplate.MAX_TEMPLATE_BODY_BYTES;
    /** Warning when users are exempt from the SCP. */
    public static final String EXEMPTIONS_WARNING = "@cdkmfa/mfa-enforced-organization:exemptions";

    /** The shapes a target id may have, in words, for error messages. */
    public static final String TARGET_ID_SHAPES = OrganizationIds.ALLOWED;

    static final String DEFAULT_POLICY_NAME = "MfaEnforcementForIamUsers";
    static final String DEFAULT_STACK_SET_NAME = "MfaEnforcedGroup";
    static final int DEFAULT_MAX_CONCURRENT_PERCENTAGE = 100;
    static final int DEFAULT_FAILURE_TOLERANCE_PERCENTAGE = 10;

    private final CfnPolicy policy;
    private final CfnStackSet stackSet;
    private final CfnStackSet alertsStackSet;
    private final Map<String, Object> policyDocument;
    private final String templateBody;

    /**
     * Define the policy and the StackSet.
     *
     * @param scope the parent construct
     * @param id the construct id
     * @param props the properties; {@code targetIds} is required
     * @throws IllegalArgumentException when a property is invalid; the message names it, the value given and what
     *     is allowed
     */
    public MfaEnforcedOrganization(@NotNull Construct scope, @NotNull String id,
            @NotNull MfaEnforcedOrganizationProps props) {
        super(Objects.requireNonNull(scope, "scope is required"), Objects.requireNonNull(id, "id is required"));
        Objects.requireNonNull(props, "props is required: targetIds at least");
        PropsValues.checkNoNullElements(MfaEnforcedOrganizationProps.class, props);
        List<String> targets = OrganizationIds.check("targetIds", props.getTargetIds());
        if (props.getEnforcement() == MfaEnforcement.CONSOLE_ONLY) {
            throw new IllegalArgumentException("enforcement: CONSOLE_ONLY is not allowed for an organization. "
                    + "Allowed: CONSOLE_AND_API (the default). The SCP reaches every IAM user of every targeted "
                    + "account, members of no group included; letting long-term access keys through without MFA "
                    + "there would leave every key of the organization usable by whoever holds it. Exempt named "
                    + "automation users instead (exemptUserArns or exemptionTagKey).");
        }
        MfaPolicyStatements.check(props);
        OrganizationPolicyStatements.checkExemptions(props.getExemptUserArns(), props.getExemptionTagKey(),
                props.getExemptionAdministrators());
        IamNames.checkName("policyName", props.getPolicyName());
        checkPercentage("maxConcurrentPercentage", props.getMaxConcurrentPercentage(), 1);
        checkPercentage("failureTolerancePercentage", props.getFailureTolerancePercentage(), 0);
        checkStackSetName(props.getStackSetName());

        List<String> exemptUsers = OrganizationPolicyStatements.distinct(props.getExemptUserArns());
        List<String> administrators = OrganizationPolicyStatements.distinct(props.getExemptionAdministrators());
        policyDocument = OrganizationPolicyStatements.document(props, exemptUsers, props.getExemptionTagKey(),
                administrators);
        int characters = PolicySize.json(policyDocument).length();
        if (characters > MAX_POLICY_CHARACTERS) {
            throw new IllegalArgumentException("service control policy: " + characters + " characters (white space "
                    + "counted, as Organizations counts it) is over " + MAX_POLICY_CHARACTERS + ", the SCP limit of "
                    + "AWS's stricter pages. Allowed: at most " + MAX_POLICY_CHARACTERS + "; give fewer exemptUserArns "
                    + "(" + exemptUsers.size() + " given), exemptionAdministrators (" + administrators.size()
                    + " given) or exemptActions.");
        }
        // Content as an object, not a string: CloudFormation keeps drift detection for it.
        policy = CfnPolicy.Builder.create(this, "Policy")
                .name(props.getPolicyName() == null ? DEFAULT_POLICY_NAME : props.getPolicyName())
                .description("Denies IAM users everything but MFA enrolment until they sign in with MFA.")
                .type("SERVICE_CONTROL_POLICY")
                .content(policyDocument)
                .targetIds(targets)
                .build();

        templateBody = StackSetTemplate.synthesize(groupProps(props));
        checkTemplateBodySize(templateBody);
        Stack stack = Stack.of(this);
        stackSet = CfnStackSet.Builder.create(this, "StackSet")
                .stackSetName(props.getStackSetName() == null ? DEFAULT_STACK_SET_NAME : props.getStackSetName())
                .description("Puts an MFA-enforced IAM group in every account of the targeted roots and OUs.")
                .permissionModel("SERVICE_MANAGED")
                .callAs((props.getCallAs() == null ? StackSetCallAs.SELF : props.getCallAs()).name())
                .autoDeployment(CfnStackSet.AutoDeploymentProperty.builder().enabled(true)
                        .retainStacksOnAccountRemoval(false).build())
                // A JSON property in aws-cdk-lib's L1 (its builder's struct would be written as "active"). Managed
                // execution queues conflicting operations instead of failing them.
                .managedExecution(Map.of("Active", true))
                .capabilities(List.of("CAPABILITY_NAMED_IAM"))
                .operationPreferences(operationPreferences(props))
                .stackInstancesGroup(List.of(CfnStackSet.StackInstancesProperty.builder()
                        .deploymentTargets(CfnStackSet.DeploymentTargetsProperty.builder()
                                .organizationalUnitIds(targets).build())
                        .regions(List.of(props.getRegion() == null ? stack.getRegion() : props.getRegion()))
                        .build()))
                .templateBody(templateBody)
                .build();

        alertsStackSet = props.getAlertsEventBusArn() == null ? null : alertsForwarding(props, targets);
        if (alertsStackSet == null && props.getAlertRegions() != null) {
            throw new IllegalArgumentException("alertRegions: " + props.getAlertRegions() + " given without "
                    + "alertsEventBusArn. Allowed: alertRegions only with alertsEventBusArn, the bus they forward to.");
        }

        if (!exemptUsers.isEmpty() || props.getExemptionTagKey() != null) {
            Annotations.of(this).addWarningV2(EXEMPTIONS_WARNING, "IAM users exempt from the MFA service control "
                    + "policy (" + (exemptUsers.isEmpty() ? "" : exemptUsers + " ")
                    + (props.getExemptionTagKey() == null ? "" : "tag " + props.getExemptionTagKey() + "=true")
                    + "): their long-term access keys work without MFA in every targeted account. Prefer roles.");
        }
    }

    /**
     * The StackSet of the alert forwarders: an {@link MfaAlertsForwarding} that targets the central bus in every
     * alert Region of every member account.
     */
    private CfnStackSet alertsForwarding(MfaEnforcedOrganizationProps props, List<String> targets) {
        String bus = props.getAlertsEventBusArn();
        List<String> regions = props.getAlertRegions() == null ? AlertRegions.enabledByDefault()
                : AlertRegions.checkCommercial("alertRegions", props.getAlertRegions());
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("alertRegions: [] (empty). Allowed: at least one commercial Region, or "
                    + "leave it unset for the Regions every account has enabled.");
        }
        String body;
        try {
            body = StackSetTemplate.synthesize("Forwards MFA alert events to " + bus + " (MfaEnforcedOrganization)",
                    stack -> MfaAlertsForwarding.Builder.create(stack, "MfaAlertsForwarding").targetEventBusArn(bus)
                            .build());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("alertsEventBusArn: "
                    + e.getMessage().replaceFirst("^targetEventBusArn: ", ""), e);
        }
        checkTemplateBodySize(body);
        String name = (props.getStackSetName() == null ? DEFAULT_STACK_SET_NAME : props.getStackSetName())
                + "-AlertsForwarding";
        checkStackSetName(name);
        return CfnStackSet.Builder.create(this, "AlertsForwardingStackSet")
                .stackSetName(name)
                .description("Forwards MFA alert events from every Region of every member account to the central bus.")
                .permissionModel("SERVICE_MANAGED")
                .callAs((props.getCallAs() == null ? StackSetCallAs.SELF : props.getCallAs()).name())
                .autoDeployment(CfnStackSet.AutoDeploymentProperty.builder().enabled(true)
                        .retainStacksOnAccountRemoval(false).build())
                .managedExecution(Map.of("Active", true))
                .capabilities(List.of("CAPABILITY_IAM"))
                .operationPreferences(operationPreferences(props))
                .stackInstancesGroup(List.of(CfnStackSet.StackInstancesProperty.builder()
                        .deploymentTargets(CfnStackSet.DeploymentTargetsProperty.builder()
                                .organizationalUnitIds(targets).build())
                        .regions(regions)
                        .build()))
                .templateBody(body)
                .build();
    }

    private static CfnStackSet.OperationPreferencesProperty operationPreferences(MfaEnforcedOrganizationProps props) {
        return CfnStackSet.OperationPreferencesProperty.builder()
                .maxConcurrentPercentage(valueOr(props.getMaxConcurrentPercentage(), DEFAULT_MAX_CONCURRENT_PERCENTAGE))
                .failureTolerancePercentage(valueOr(props.getFailureTolerancePercentage(),
                        DEFAULT_FAILURE_TOLERANCE_PERCENTAGE))
                .concurrencyMode((props.getConcurrencyMode() == null
                        ? StackSetConcurrencyMode.SOFT_FAILURE_TOLERANCE : props.getConcurrencyMode()).name())
                .regionConcurrencyType((props.getRegionConcurrency() == null
                        ? StackSetRegionConcurrency.PARALLEL : props.getRegionConcurrency()).name())
                .build();
    }

    static MfaEnforcedGroupProps groupProps(MfaEnforcedOrganizationProps props) {
        Map<String, Object> values = PropsValues.read(MfaEnforcementPolicyOptions.class, props);
        if (props.getGroupName() != null) {
            values.put("groupName", props.getGroupName());
        }
        if (props.getGroupPath() != null) {
            values.put("path", props.getGroupPath());
        }
        if (props.getManagedPolicyName() != null) {
            values.put("managedPolicyName", props.getManagedPolicyName());
        }
        if (props.getPowerUserAccess() != null) {
            values.put("powerUserAccess", props.getPowerUserAccess());
        }
        return PropsValues.of(MfaEnforcedGroupProps.class, values);
    }

    static void checkTemplateBodySize(String body) {
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TEMPLATE_BODY_BYTES) {
            throw new IllegalArgumentException("StackSet template: " + bytes + " bytes is over CloudFormation's limit "
                    + "of " + MAX_TEMPLATE_BODY_BYTES + " for an inline TemplateBody. Allowed: at most "
                    + MAX_TEMPLATE_BODY_BYTES + " bytes; exempt fewer actions through exemptActions.");
        }
    }

    private static void checkPercentage(String property, Number value, int min) {
        if (value == null) {
            return;
        }
        double number = value.doubleValue();
        if (number != Math.rint(number) || number < min || number > 100) {
            throw new IllegalArgumentException(property + ": " + value + " is not allowed. Allowed: a whole number "
                    + "from " + min + " to 100 (CloudFormation API reference, StackSetOperationPreferences).");
        }
    }

    private static void checkStackSetName(String name) {
        // CloudFormation API reference, CreateStackSet: StackSetName.
        if (name != null && !name.matches("[a-zA-Z][-a-zA-Z0-9]{0,127}")) {
            throw new IllegalArgumentException("stackSetName: '" + name + "' is not allowed. Allowed: a letter, then "
                    + "up to 127 letters, digits or '-' (CloudFormation API reference, CreateStackSet).");
        }
    }

    private static Number valueOr(Number value, int defaultValue) {
        return value == null ? defaultValue : value.intValue();
    }

    /**
     * Whether a text is a root or OU id that {@code targetIds} accepts.
     *
     * @param id the text
     * @return whether it has the shape of a root or OU id
     */
    public static boolean isTargetId(@NotNull String id) {
        return OrganizationIds.ROOT.matcher(id).matches() || OrganizationIds.ORGANIZATIONAL_UNIT.matcher(id).matches();
    }

    /**
     * The service control policy.
     *
     * @return the {@code AWS::Organizations::Policy} resource
     */
    public @NotNull CfnPolicy getPolicy() {
        return policy;
    }

    /**
     * The StackSet that puts the group in every member account.
     *
     * @return the {@code AWS::CloudFormation::StackSet} resource
     */
    public @NotNull CfnStackSet getStackSet() {
        return stackSet;
    }

    /**
     * The StackSet of the alert forwarders, when {@code alertsEventBusArn} is given.
     *
     * @return the {@code AWS::CloudFormation::StackSet} resource, or {@code null} without forwarding
     */
    public @Nullable CfnStackSet getAlertsForwardingStackSet() {
        return alertsStackSet;
    }

    /**
     * The service control policy's document, as Organizations receives it.
     *
     * @return the document, read-only at every level
     */
    public @NotNull Map<String, Object> getPolicyDocument() {
        return policyDocument;
    }

    /**
     * The StackSet's template, as carried in {@code TemplateBody}.
     *
     * @return the template as JSON
     */
    public @NotNull String getTemplateBody() {
        return templateBody;
    }

    /** A fluent builder for {@link MfaEnforcedOrganization}. */
    public static final class Builder extends MfaEnforcedOrganizationProps.BuilderBase<Builder> {
        private final Construct scope;
        private final String id;

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        /**
         * Start a builder.
         *
         * @param scope the parent construct
         * @param id the construct id
         * @return a new builder
         */
        public static @NotNull Builder create(@NotNull Construct scope, @NotNull String id) {
            return new Builder(scope, id);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Define the policy and the StackSet.
         *
         * @return the new construct
         */
        public @NotNull MfaEnforcedOrganization build() {
            return new MfaEnforcedOrganization(scope, id, props());
        }
    }
}
