package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jetbrains.annotations.NotNull;

import io.github.cdkmfa.AssemblyTemplates.StackTemplate;
import io.github.cdkmfa.AssemblyTemplates.Template;

import software.amazon.awscdk.IPolicyValidationContext;
import software.amazon.awscdk.IPolicyValidationPlugin;
import software.amazon.awscdk.PolicyValidationPluginReport;
import software.amazon.awscdk.PolicyValidationStack;
import software.amazon.awscdk.PolicyViolatingResource;
import software.amazon.awscdk.PolicyViolation;
import software.constructs.IConstruct;
import software.constructs.MetadataEntry;

/**
 * Checks at synthesis that MFA is enforced on every IAM user the app defines, judging the templates that will
 * deploy.
 *
 * <p>Turn it on with one line, on the app:
 *
 * <pre>{@code
 * Validations.of(app).addPlugins(new MfaEnforcementChecks());
 * }</pre>
 *
 * <p>It is an aws-cdk-lib policy validation plugin: aws-cdk-lib calls it once per synthesis with the template of
 * every stack of the app, those of nested {@code Stage}s (CDK Pipelines stages) included, after every aspect and
 * override has been applied. It reads the templates, the nested stacks' templates and the stacks' metadata from the
 * cloud assembly; it reads no construct (a Java callback per construct overflows the JVM's stack in large apps).
 *
 * <p>A user (an {@code AWS::IAM::User}, however it was defined: {@code User}, {@code CfnUser}, a raw
 * {@code CfnResource}, an override) is covered when an MFA enforcement policy is attached to it, or to a group it is
 * a member of (its {@code Groups}, or an {@code AWS::IAM::UserToGroupAddition} that names it). An MFA enforcement
 * policy is an {@code AWS::IAM::ManagedPolicy} of the app whose document carries the MFA Deny, recognised by its
 * shape (see docs/checking-company-apps.md, "What covers a user"); a policy named by ARN ({@code ManagedPolicy.fromManagedPolicyName})
 * counts when the name is that of such a policy of the app in the same account. A policy in console-only mode does
 * not cover a user with an access key: the key works without MFA by design.
 *
 * <p>Findings, each with a stable id that aws-cdk-lib's acknowledgments take:
 * <ul>
 * <li>{@value #USER_NOT_ENFORCED} (error): a user with a LoginProfile or an access key in the app is not covered;</li>
 * <li>{@value #USER_IN_UNKNOWN_GROUP} (error): such a user is not covered, and is a member of a group the check
 * cannot resolve (the app does not define it or attach the policy to it): the check fails closed;</li>
 * <li>{@value #USER_WITHOUT_CREDENTIALS_NOT_ENFORCED} (warning): a user without credentials in the app is not
 * covered;</li>
 * <li>{@value #USER_MAPPED_INTO_EKS} (warning): the app maps an IAM user into an Amazon EKS cluster;</li>
 * <li>{@value #ACKNOWLEDGMENT_REFUSED} (fatal, cannot be acknowledged): an acknowledgment of one of the errors
 * without a reason, or on a construct other than the user.</li>
 * </ul>
 *
 * <p>A user that must stay outside MFA enforcement on purpose (break-glass) is acknowledged on the user itself:
 *
 * <pre>{@code
 * Validations.of(breakGlass).acknowledge(Acknowledgment.builder()
 *     .id(MfaEnforcementChecks.USER_NOT_ENFORCED)
 *     .reason("Break-glass user; its password is in the safe and every sign-in alarms.")
 *     .build());
 * }</pre>
 */
public class MfaEnforcementChecks implements IPolicyValidationPlugin {
    /** The plugin's name; aws-cdk-lib uses it as the namespace of its rule ids. */
    public static final String PLUGIN_NAME = "CdkMfa";
    /** Id of the error for a user with a LoginProfile or access key that is not under MFA enforcement. */
    public static final String USER_NOT_ENFORCED = "CdkMfa::UserNotEnforced";
    /** Id of the error for a user with credentials, not covered, in a group the check cannot resolve. */
    public static final String USER_IN_UNKNOWN_GROUP = "CdkMfa::UserInUnknownGroup";
    /** Id of the warning for a user without a LoginProfile or access key in the app, not under MFA enforcement. */
    public static final String USER_WITHOUT_CREDENTIALS_NOT_ENFORCED = "CdkMfa::UserWithoutCredentialsNotEnforced";
    /** Id of the warning for an IAM user mapped into an Amazon EKS cluster. */
    public static final String USER_MAPPED_INTO_EKS = "CdkMfa::UserMappedIntoEks";
    /** Id of the fatal finding for an acknowledgment of an error without a reason or not on the user. */
    public static final String ACKNOWLEDGMENT_REFUSED = "CdkMfa::AcknowledgmentRefused";

    private static final Set<String> ERRORS = Set.of(USER_NOT_ENFORCED, USER_IN_UNKNOWN_GROUP);

    /** Define the check; register it with {@code Validations.of(app).addPlugins(new MfaEnforcementChecks())}. */
    public MfaEnforcementChecks() {
        // Nothing to configure: there is no switch that turns the check off.
    }

    @Override
    public @NotNull String getName() {
        return PLUGIN_NAME;
    }

    @Override
    public List<String> getRuleIds() {
        return List.of(USER_NOT_ENFORCED, USER_IN_UNKNOWN_GROUP, USER_WITHOUT_CREDENTIALS_NOT_ENFORCED,
                USER_MAPPED_INTO_EKS, ACKNOWLEDGMENT_REFUSED);
    }

    /**
     * Judge the app's templates.
     *
     * @param context the templates of every stack, and the app
     * @return the findings; synthesis fails on an error that is not acknowledged, and on a fatal finding
     */
    @Override
    public @NotNull PolicyValidationPluginReport validate(@NotNull IPolicyValidationContext context) {
        List<StackTemplate> stacks = new ArrayList<>();
        for (PolicyValidationStack stack : context.getStackTemplates()) {
            stacks.add(new StackTemplate(stack.getStackConstructPath(), stack.getTemplatePath(), stack.getAccountId(),
                    stack.getRegion()));
        }
        AssemblyTemplates assembly = new AssemblyTemplates(stacks);
        TemplateValues values = new TemplateValues(assembly.templates);
        List<CheckFinding> findings = new ArrayList<>(new UserCoverage(assembly.templates, values).findings());
        findings.addAll(EksUserMappings.findings(assembly.templates, values));
        Map<String, Map<String, String>> acknowledgments = new LinkedHashMap<>(
                outsideStacks(context.getAppConstruct(), stacks));
        acknowledgments.putAll(assembly.acknowledgments);
        findings.addAll(refusedAcknowledgments(assembly.templates, acknowledgments));

        List<PolicyViolation> violations = new ArrayList<>();
        boolean success = true;
        for (CheckFinding finding : findings) {
            success &= "warning".equals(finding.severity());
            PolicyViolatingResource.Builder resource = PolicyViolatingResource.builder()
                    .locations(List.of(finding.location()));
            if (finding.template() != null) {
                resource.resourceLogicalId(finding.logicalId()).templatePath(finding.template().file.toString());
            } else {
                resource.constructPath(finding.constructPath());
            }
            violations.add(PolicyViolation.builder().ruleName(finding.ruleId()).severity(finding.severity())
                    .description(finding.description()).fix(finding.fix())
                    .violatingResources(List.of(resource.build())).build());
        }
        return PolicyValidationPluginReport.builder().success(success).violations(violations).build();
    }

    /**
     * Acknowledgments of the errors that do not count: without a reason, or on a construct other than the user (a
     * stack, a stage, the app), where aws-cdk-lib would apply them to every user below. Each user outside MFA
     * enforcement is accepted on its own, with its reason in the validation report.
     */
    private static List<CheckFinding> refusedAcknowledgments(List<Template> templates,
            Map<String, Map<String, String>> acknowledgments) {
        Set<String> userPaths = new HashSet<>();
        for (Template template : templates) {
            for (String logicalId : template.resources.keySet()) {
                String path = template.paths.get(logicalId);
                if (path != null && "AWS::IAM::User".equals(template.type(logicalId))) {
                    userPaths.add(path);
                    if (path.endsWith("/Resource")) {
                        userPaths.add(path.substring(0, path.length() - "/Resource".length()));
                    }
                }
            }
        }
        List<CheckFinding> refused = new ArrayList<>();
        acknowledgments.forEach((path, rules) -> rules.forEach((id, reason) -> {
            if (!ERRORS.contains(id)) {
                return;
            }
            String where = path.isEmpty() ? "the app" : path;
            String problem = null;
            if (!userPaths.contains(path)) {
                problem = "is on " + where + ", which is not an IAM user: aws-cdk-lib would apply it to every user "
                        + "below it, present and future";
            } else if (reason == null || reason.isBlank()) {
                problem = "has no reason";
            }
            if (problem != null) {
                refused.add(new CheckFinding(ACKNOWLEDGMENT_REFUSED, "fatal", null, null, path.isEmpty() ? "/" : path,
                        "Metadata." + AssemblyTemplates.ACKNOWLEDGED_RULES, "The acknowledgment of " + id + " "
                                + problem + ". A user outside MFA enforcement is accepted one at a time, on the "
                                + "user, with the reason in the validation report.",
                        "Acknowledge it on each user instead: Validations.of(user).acknowledge(Acknowledgment"
                                + ".builder().id(\"" + id + "\").reason(\"why\").build())."));
            }
        }));
        return refused;
    }

    /**
     * The acknowledgments recorded on the app, and on the constructs above the stacks (stages, plain constructs):
     * aws-cdk-lib keeps them in the construct tree only. A few jsii requests, one per such construct.
     */
    private static Map<String, Map<String, String>> outsideStacks(IConstruct app, List<StackTemplate> stacks) {
        Set<String> paths = new HashSet<>();
        paths.add("");
        for (StackTemplate stack : stacks) {
            String path = stack.constructPath();
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                paths.add(path.substring(0, slash));
            }
        }
        Map<String, Map<String, String>> found = new LinkedHashMap<>();
        for (String path : paths) {
            IConstruct node = app;
            if (!path.isEmpty()) {
                for (String id : path.split("/")) {
                    node = node == null ? null : node.getNode().tryFindChild(id);
                }
            }
            if (node == null) {
                continue;
            }
            for (MetadataEntry entry : node.getNode().getMetadata()) {
                if (AssemblyTemplates.ACKNOWLEDGED_RULES.equals(entry.getType())
                        && entry.getData() instanceof Map<?, ?> data) {
                    Map<String, String> rules = found.computeIfAbsent(path, key -> new LinkedHashMap<>());
                    data.forEach((id, reason) -> rules.put(String.valueOf(id),
                            reason == null ? "" : String.valueOf(reason)));
                }
            }
        }
        return found;
    }
}
