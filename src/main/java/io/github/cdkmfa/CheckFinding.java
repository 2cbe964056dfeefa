package io.github.cdkmfa;

import io.github.cdkmfa.AssemblyTemplates.Template;

/**
 * One finding of {@link MfaEnforcementChecks}: a rule, a severity, the resource it is about (or a construct path when
 * it is about no resource), the property it is about, and what to say.
 *
 * @param ruleId the rule's acknowledgment id, such as {@code CdkMfa::UserNotEnforced}
 * @param severity "error", "warning" or "fatal" (fatal cannot be acknowledged)
 * @param template the template of the resource, or null
 * @param logicalId the resource's logical id, or null
 * @param constructPath the construct path when the finding is about no resource, or null
 * @param location the property the finding is about, such as {@code Properties.Groups}
 * @param description what is wrong
 * @param fix how to fix it
 */
record CheckFinding(String ruleId, String severity, Template template, String logicalId, String constructPath,
        String location, String description, String fix) {
}
