package io.github.cdkmfa;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Aws;

/**
 * The two state machine definitions of {@link MfaEnrolmentInvitations}, in the Amazon States Language with JSONata.
 *
 * <p>Each task calls IAM through Step Functions' AWS SDK service integration
 * ({@code arn:aws:states:::aws-sdk:iam:ACTION}; IAM is listed on "Supported AWS SDK service integrations",
 * https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html), so no function code runs.
 * The definitions are written as data here rather than with aws-cdk-lib's task constructs: those grant each SDK
 * action without conditions, and the tagging grants must carry one (see {@link MfaEnrolmentInvitations}).
 *
 * <p>JSONata rather than JSONPath because IAM tag keys are case-insensitive and the expiry is a time comparison:
 * JSONPath choice rules compare neither case-insensitively nor with arithmetic on timestamps.
 */
final class InvitationStates {
    /** Seconds the clean-up may run: an Express workflow runs for at most five minutes. */
    static final int CLEAN_UP_TIMEOUT_SECONDS = 300;

    /** Seconds the closing of one invitation may run. */
    static final int CLOSE_TIMEOUT_SECONDS = 300;

    /** The most users one ListUsers page returns (IAM API reference, ListUsers, MaxItems). */
    static final int USERS_PER_PAGE = 1000;

    /** Users checked at once by the clean-up, kept low for IAM's API request rate. */
    static final int CONCURRENCY = 5;

    /**
     * An expiry as the clean-up writes it ({@code $fromMillis}' ISO 8601 form) and as an administrator may write it:
     * UTC, to the second, optionally with milliseconds. Anything else is treated as expired.
     */
    static final String EXPIRY_REGEX = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,3})?Z$";

    private static final String NOW = "$toMillis($states.context.State.EnteredTime)";

    private final String invitationKey;
    private final String expiryKey;
    private final long validityMillis;

    /**
     * @param invitationKey the invitation tag's key (letters, digits, spaces and {@code _.:/=+-@} only, so it can
     *     stand in a JSONata string literal)
     * @param expiryKey the expiry tag's key, same characters
     * @param validityMillis how long an invitation may stay open
     */
    InvitationStates(String invitationKey, String expiryKey, long validityMillis) {
        this.invitationKey = invitationKey;
        this.expiryKey = expiryKey;
        this.validityMillis = validityMillis;
    }

    /**
     * The definition run on a successful {@code EnableMFADevice}: it removes the invitation only when the call was
     * made by an IAM user on itself and the user has a device now.
     *
     * <p>The event arrives as EventBridge delivers it ({@code detail} is the CloudTrail record). The IAM API
     * reference marks EnableMFADevice's UserName as required, but IAM's calls whose UserName is optional
     * (DeactivateMFADevice) act on the caller when it is missing, and a record may leave it out; a missing
     * {@code requestParameters.userName} is therefore read as the caller acting on itself, which is the only case
     * in which IAM would have bound the device to the caller's user. The rule already filters on no
     * {@code errorCode} and an {@code IAMUser} caller; the first choice checks both again so that the definition
     * fails closed on its own. A user name spelt in another case than the caller's is treated as another user
     * (the clean-up closes that invitation within the hour).
     *
     * @return the definition as a map, for {@code Stack.toJsonString}
     */
    Map<String, Object> closeOnEnrolment() {
        Map<String, Object> states = new LinkedHashMap<>();
        states.put("IsTheUserEnrollingItself", choice(List.of(
                rule("$not($exists($states.input.detail.errorCode))"
                        + " and $states.input.detail.userIdentity.type = 'IAMUser'"
                        + " and $type($states.input.detail.userIdentity.userName) = 'string'"
                        + " and ($exists($states.input.detail.requestParameters.userName)"
                        + " ? $states.input.detail.requestParameters.userName = $states.input.detail.userIdentity.userName"
                        + " : true)", "ListMfaDevices",
                        Map.of("userName", "{% $states.input.detail.userIdentity.userName %}"))),
                "NotTheUserOnItself"));
        states.put("NotTheUserOnItself", succeed("Another caller, another user or a failed call: the invitation stays "
                + "until it expires."));
        states.put("ListMfaDevices", task("listMFADevices", Map.of("UserName", "{% $userName %}"),
                Map.of("enrolled", "{% $count($states.result.MfaDevices) > 0 %}"), "HasADevice"));
        states.put("HasADevice", choice(List.of(rule("$enrolled", "ListUserTags", null)), "NoDeviceYet"));
        states.put("NoDeviceYet", succeed("No device on the user yet (for example the first step of a security key "
                + "registration): the invitation stays."));
        states.put("ListUserTags", task("listUserTags", Map.of("UserName", "{% $userName %}"),
                Map.of("keys", "{% " + invitationTagKeys("$states.result.Tags") + " %}"), "IsInvited"));
        states.put("IsInvited", choice(List.of(rule("$count($keys) > 0", "RemoveInvitation", null)), "NotInvited"));
        states.put("NotInvited", succeed("The user carries no invitation."));
        Map<String, Object> remove = task("untagUser", Map.of("UserName", "{% $userName %}", "TagKeys", "{% $keys %}"),
                null, null);
        states.put("RemoveInvitation", remove);
        return machine("Closes an MFA enrolment invitation once its user enrolled a device on itself.",
                "IsTheUserEnrollingItself", states, CLOSE_TIMEOUT_SECONDS);
    }

    /**
     * The definition run on a schedule, for every IAM user that carries the invitation tag: when the user has a
     * device, it removes the invitation (a lost enrolment event, or an administrator who enrolled the device); when
     * the expiry tag is missing, it writes one (now plus the validity); when the expiry is malformed, past, or
     * further away than the validity allows, it removes the invitation and the expiry. Every user is listed page by
     * page, so none is skipped.
     *
     * @return the definition as a map, for {@code Stack.toJsonString}
     */
    Map<String, Object> cleanUp() {
        Map<String, Object> states = new LinkedHashMap<>();
        states.put("ListFirstUsers", listUsers(Map.of("MaxItems", USERS_PER_PAGE)));
        states.put("ListMoreUsers", listUsers(Map.of("MaxItems", USERS_PER_PAGE, "Marker", "{% $marker %}")));
        Map<String, Object> each = new LinkedHashMap<>();
        each.put("Type", "Map");
        each.put("Items", "{% $states.input %}");
        each.put("MaxConcurrency", CONCURRENCY);
        each.put("ItemProcessor", Map.of(
                "ProcessorConfig", Map.of("Mode", "INLINE"),
                "StartAt", "ListUserTags",
                "States", checkOneUser()));
        each.put("Output", Map.of("checked", "{% $count($states.result) %}"));
        each.put("Next", "MoreUsers");
        states.put("CheckEachUser", each);
        states.put("MoreUsers", choice(List.of(rule("$truncated", "ListMoreUsers", null)), "Done"));
        states.put("Done", succeed("Every user checked."));
        return machine("Expires MFA enrolment invitations: writes an expiry on new ones and removes expired ones and "
                + "those of users who have a device.", "ListFirstUsers", states, CLEAN_UP_TIMEOUT_SECONDS);
    }

    private Map<String, Object> checkOneUser() {
        String expiry = "$states.result.Tags[$lowercase(Key) = '" + lower(expiryKey) + "'].Value";
        Map<String, Object> states = new LinkedHashMap<>();
        Map<String, Object> assign = new LinkedHashMap<>();
        assign.put("userName", "{% $states.input.UserName %}");
        assign.put("invited", "{% $count($states.result.Tags[$lowercase(Key) = '" + lower(invitationKey)
                + "']) > 0 %}");
        assign.put("keys", "{% " + invitationTagKeys("$states.result.Tags") + " %}");
        assign.put("expiry", "{% $exists(" + expiry + ") ? $string(" + expiry + ") : '' %}");
        states.put("ListUserTags", withUserGone(task("listUserTags", Map.of("UserName", "{% $states.input.UserName %}"),
                assign, "IsInvited")));
        states.put("IsInvited", choice(List.of(rule("$invited", "ListMfaDevices", null)), "NotInvited"));
        states.put("NotInvited", succeed("No invitation."));
        states.put("ListMfaDevices", withUserGone(task("listMFADevices", Map.of("UserName", "{% $userName %}"),
                Map.of("enrolled", "{% $count($states.result.MfaDevices) > 0 %}"), "Decide")));
        states.put("Decide", choice(List.of(
                rule("$enrolled", "RemoveInvitation", null),
                rule("$expiry = ''", "WriteExpiry", null),
                rule("$not($contains($expiry, /" + EXPIRY_REGEX + "/))", "RemoveInvitation", null),
                rule("$toMillis($expiry) <= " + NOW, "RemoveInvitation", null),
                rule("$toMillis($expiry) > " + NOW + " + " + validityMillis, "RemoveInvitation", null)),
                "StillOpen"));
        states.put("StillOpen", succeed("An invitation within its validity, not used yet."));
        states.put("WriteExpiry", withUserGone(task("tagUser", Map.of("UserName", "{% $userName %}",
                "Tags", List.of(Map.of("Key", expiryKey,
                        "Value", "{% $fromMillis(" + NOW + " + " + validityMillis + ") %}"))), null, null)));
        states.put("RemoveInvitation", withUserGone(task("untagUser", Map.of("UserName", "{% $userName %}",
                "TagKeys", "{% $keys %}"), null, null)));
        states.put("UserGone", succeed("The user was deleted while the clean-up ran."));
        return states;
    }

    /** The keys of the invitation and expiry tags as the user carries them (IAM keeps the case first given). */
    private String invitationTagKeys(String tags) {
        return "[" + tags + "[$lowercase(Key) in ['" + lower(invitationKey) + "', '" + lower(expiryKey) + "']].Key]";
    }

    private static String lower(String key) {
        return key.toLowerCase(java.util.Locale.ROOT);
    }

    private Map<String, Object> listUsers(Map<String, Object> arguments) {
        Map<String, Object> state = task("listUsers", arguments, Map.of(
                "truncated", "{% $states.result.IsTruncated = true %}",
                "marker", "{% $states.result.IsTruncated = true ? $states.result.Marker : '' %}"), "CheckEachUser");
        state.put("Output", "{% [$states.result.Users] %}");
        return state;
    }

    private static Map<String, Object> machine(String comment, String startAt, Map<String, Object> states,
            int timeoutSeconds) {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("Comment", comment);
        machine.put("QueryLanguage", "JSONata");
        machine.put("StartAt", startAt);
        machine.put("TimeoutSeconds", timeoutSeconds);
        machine.put("States", states);
        return machine;
    }

    private static Map<String, Object> task(String action, Map<String, Object> arguments,
            Map<String, Object> assign, String next) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Type", "Task");
        state.put("Resource", "arn:" + Aws.PARTITION + ":states:::aws-sdk:iam:" + action);
        state.put("Arguments", arguments);
        if (assign != null) {
            state.put("Assign", assign);
        }
        // IAM throttles bursts; every call here is a read or an idempotent tag change, safe to repeat.
        state.put("Retry", List.of(Map.of("ErrorEquals", List.of("States.ALL"), "IntervalSeconds", 2,
                "MaxAttempts", 3, "BackoffRate", 2)));
        if (next == null) {
            state.put("End", true);
        } else {
            state.put("Next", next);
        }
        return state;
    }

    private static Map<String, Object> withUserGone(Map<String, Object> task) {
        task.put("Catch", List.of(Map.of("ErrorEquals", List.of("Iam.NoSuchEntityException"), "Next", "UserGone")));
        return task;
    }

    private static Map<String, Object> choice(List<Map<String, Object>> rules, String otherwise) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Type", "Choice");
        state.put("Choices", rules);
        state.put("Default", otherwise);
        return state;
    }

    private static Map<String, Object> rule(String condition, String next, Map<String, Object> assign) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("Condition", "{% " + condition + " %}");
        rule.put("Next", next);
        if (assign != null) {
            rule.put("Assign", assign);
        }
        return rule;
    }

    private static Map<String, Object> succeed(String comment) {
        return Map.of("Type", "Succeed", "Comment", comment);
    }
}
