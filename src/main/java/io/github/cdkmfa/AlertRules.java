package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.services.events.EventField;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Match;

/**
 * The detections: for each alert rule, its construct id, its event pattern and the message a person reads.
 *
 * <p>Patterns follow the event shapes AWS documents: console sign-ins ("AWS Management Console sign-in events",
 * AWS CloudTrail User Guide,
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html),
 * IAM calls ("Logging IAM and AWS STS API calls with AWS CloudTrail", IAM User Guide,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html) and Account Management calls
 * (https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-account.html). Every message is built from fields
 * inside {@code detail} ({@code recipientAccountId}, {@code awsRegion}), which AWS documents as part of every
 * CloudTrail record ("CloudTrail record contents",
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html), not
 * from the envelope's {@code account} and {@code region}, which AWS does not document for events forwarded from
 * another bus. A path that an event lacks is left out of EventBridge's output, so each message uses only paths that
 * every event its pattern matches has: where a request field may be missing, two rules split the cases.
 */
final class AlertRules {
    static final String SIGN_IN_SOURCE = "aws.signin";
    static final String IAM_SOURCE = "aws.iam";
    static final String ACCOUNT_SOURCE = "aws.account";
    static final String API_CALL_DETAIL_TYPE = "AWS API Call via CloudTrail";

    /** The MFA device calls that assign, remove or resync a device on a user. */
    static final List<String> DEVICE_ASSIGNMENT_EVENTS = List.of("EnableMFADevice", "DeactivateMFADevice",
            "ResyncMFADevice");

    /** The calls that create or delete a virtual MFA device, before or after it is bound to a user. */
    static final List<String> VIRTUAL_DEVICE_EVENTS = List.of("CreateVirtualMFADevice", "DeleteVirtualMFADevice");

    /** The calls that give a user a console password or a new one. */
    static final List<String> PASSWORD_EVENTS = List.of("CreateLoginProfile", "UpdateLoginProfile");

    /** The calls that can put the invitation tag on a user. */
    static final List<String> TAGGING_EVENTS = List.of("TagUser", "CreateUser");

    /**
     * The default key of the tag that invites a user to enrol a first MFA device. One literal, to be replaced by the
     * enrolment invitation's public constant once that exists.
     */
    static final String DEFAULT_INVITATION_TAG_KEY = "mfa-enrolment-invitation";

    /** Every IAM and Account Management event name the rules match, which forwarders pass on. */
    static final List<String> API_EVENT_NAMES;

    static {
        List<String> names = new ArrayList<>();
        names.addAll(DEVICE_ASSIGNMENT_EVENTS);
        names.addAll(VIRTUAL_DEVICE_EVENTS);
        names.addAll(PASSWORD_EVENTS);
        names.add("CreateAccessKey");
        names.addAll(TAGGING_EVENTS);
        names.add("EnableRegion");
        API_EVENT_NAMES = List.copyOf(names);
    }

    /** One alert rule: its construct id, description, pattern and message. */
    record Alert(String id, String description, EventPattern pattern, String message) {
    }

    private AlertRules() {
    }

    private static String at(String path) {
        return EventField.fromPath(path);
    }

    private static String where() {
        return " Account " + at("$.detail.recipientAccountId") + ", recorded in " + at("$.detail.awsRegion") + ".";
    }

    private static String callerAndWhen() {
        return " Called by " + at("$.detail.userIdentity.arn") + " from source IP address "
                + at("$.detail.sourceIPAddress") + " at " + at("$.detail.eventTime") + ".";
    }

    /** Matches a field that is absent or anything but the value: {@code anything-but} alone needs the field. */
    private static Object absentOrNot(String value) {
        return Match.anyOf(Match.anythingBut(value), Match.doesNotExist());
    }

    private static EventPattern signIn(String identityType, String result, Object mfaUsed) {
        // Match on source and eventName, never on detail-type: the EventBridge user guide spells it "AWS Console
        // Signin via CloudTrail", while delivered events carry "AWS Console Sign In via CloudTrail".
        return EventPattern.builder()
                .source(List.of(SIGN_IN_SOURCE))
                .detail(Map.of(
                        "eventSource", List.of("signin.amazonaws.com"),
                        "eventName", List.of("ConsoleLogin"),
                        "userIdentity", Map.of("type", List.of(identityType)),
                        "responseElements", Map.of("ConsoleLogin", List.of(result)),
                        "additionalEventData", Map.of("MFAUsed", mfaUsed)))
                .build();
    }

    /** Successful calls only (no errorCode): a denied attempt changed nothing. */
    private static EventPattern calls(String source, String eventSource, List<String> eventNames,
            Map<String, Object> more) {
        Map<String, Object> detail = new java.util.LinkedHashMap<>();
        detail.put("eventSource", List.of(eventSource));
        detail.put("eventName", eventNames);
        detail.put("errorCode", Match.doesNotExist());
        detail.putAll(more);
        return EventPattern.builder()
                .source(List.of(source))
                .detailType(List.of(API_CALL_DETAIL_TYPE))
                .detail(detail)
                .build();
    }

    private static EventPattern iamCalls(List<String> eventNames, Map<String, Object> more) {
        return calls(IAM_SOURCE, "iam.amazonaws.com", eventNames, more);
    }

    private static Map<String, Object> userNameGiven(boolean given) {
        return Map.of("requestParameters", Map.of("userName", given ? Match.exists() : Match.doesNotExist()));
    }

    /** The sign-in alerts. */
    static List<Alert> signIns() {
        return List.of(
                new Alert("SignInWithoutMfa", "Console sign-in of an IAM user without MFA",
                        signIn("IAMUser", "Success", absentOrNot("Yes")),
                        "MFA alert: IAM user " + at("$.detail.userIdentity.userName") + " signed in to the console "
                        + "WITHOUT MFA. User: " + at("$.detail.userIdentity.arn") + ". Source IP address: "
                        + at("$.detail.sourceIPAddress") + ". Time: " + at("$.detail.eventTime") + "." + where()
                        + " If this user has no MFA device yet, make sure it is the user who enrols one."),
                new Alert("FederatedSignInWithoutMfa", "Console sign-in of a federated user (GetFederationToken) "
                        + "without MFA",
                        signIn("FederatedUser", "Success", absentOrNot("Yes")),
                        "MFA alert: federated user " + at("$.detail.userIdentity.arn") + " signed in to the console "
                        + "WITHOUT MFA. A federated user is a GetFederationToken session of an IAM user's access key, "
                        + "turned into a console session: whoever holds that key signed in. Source IP address: "
                        + at("$.detail.sourceIPAddress") + ". Time: " + at("$.detail.eventTime") + "." + where()),
                new Alert("FailedSignInWithMfa", "Failed console sign-in of an IAM user at the MFA step",
                        signIn("IAMUser", "Failure", List.of("Yes")),
                        "MFA alert: a console sign-in as IAM user " + at("$.detail.userIdentity.userName")
                        + " passed the password and FAILED at the MFA code. Someone other than the user may know the "
                        + "password: change it. Source IP address: " + at("$.detail.sourceIPAddress") + ". Time: "
                        + at("$.detail.eventTime") + "." + where()));
    }

    /** The alerts on MFA devices, passwords, access keys and enrolment invitations. */
    static List<Alert> credentialChanges(String invitationTagKey) {
        return List.of(
                new Alert("MfaDeviceChange", "An MFA device enabled, deactivated or resynchronized on an IAM user",
                        iamCalls(DEVICE_ASSIGNMENT_EVENTS, userNameGiven(true)),
                        "MFA alert: " + at("$.detail.eventName") + " on IAM user "
                        + at("$.detail.requestParameters.userName") + ", device "
                        + at("$.detail.requestParameters.serialNumber") + "." + callerAndWhen() + where()
                        + " If nobody expected this change, treat the user as compromised."),
                new Alert("MfaDeviceChangeOnCaller", "An MFA device enabled, deactivated or resynchronized on the "
                        + "caller's own user (no userName in the request)",
                        iamCalls(DEVICE_ASSIGNMENT_EVENTS, userNameGiven(false)),
                        "MFA alert: " + at("$.detail.eventName") + " on the caller's own user (the request names no "
                        + "user, so it acts on the caller; a root session acts on the root user)." + callerAndWhen()
                        + where() + " If nobody expected this change, treat the caller as compromised."),
                new Alert("VirtualMfaDeviceChange", "A virtual MFA device created or deleted",
                        iamCalls(VIRTUAL_DEVICE_EVENTS, Map.of()),
                        "MFA alert: " + at("$.detail.eventName") + "." + callerAndWhen() + where()
                        + " A virtual device is bound to a user only by EnableMFADevice, which alerts separately."),
                new Alert("PasswordChange", "A console password created or reset for an IAM user",
                        iamCalls(PASSWORD_EVENTS, userNameGiven(true)),
                        "MFA alert: " + at("$.detail.eventName") + " for IAM user "
                        + at("$.detail.requestParameters.userName") + ": the user has a new console password."
                        + callerAndWhen() + where() + " A password set by someone else is how a first-come MFA "
                        + "enrolment or a quiet takeover begins: make sure the user knows."),
                new Alert("PasswordChangeOnCaller", "A console password created or reset for the caller's own user "
                        + "(no userName in the request)",
                        iamCalls(PASSWORD_EVENTS, userNameGiven(false)),
                        "MFA alert: " + at("$.detail.eventName") + " on the caller's own user (the request names no "
                        + "user; a root session sets the root user's password)." + callerAndWhen() + where()),
                // Every new key alerts, the member's own included: an event pattern cannot compare the key's user
                // with the caller, and under the MFA policy a member makes an own key only with MFA, rarely.
                new Alert("AccessKeyCreated", "An access key created for an IAM user",
                        iamCalls(List.of("CreateAccessKey"), Map.of()),
                        "MFA alert: new access key " + at("$.detail.responseElements.accessKey.accessKeyId")
                        + " for IAM user " + at("$.detail.responseElements.accessKey.userName") + "."
                        + callerAndWhen() + where() + " Expected only when that user made its own key after "
                        + "signing in with MFA; a key made by someone else for a user is a backdoor until proven "
                        + "otherwise."),
                // IAM tag keys are case-insensitive (IAM User Guide, "Tagging IAM resources",
                // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html), so the key is compared ignoring
                // case, as IAM would see it.
                new Alert("EnrolmentInvitation", "An IAM user invited to enrol a first MFA device (tagged with the "
                        + "invitation key)",
                        iamCalls(TAGGING_EVENTS, Map.of("requestParameters", Map.of("tags", Map.of("key",
                                Match.equalsIgnoreCase(invitationTagKey))))),
                        "MFA alert: " + at("$.detail.eventName") + " invited IAM user "
                        + at("$.detail.requestParameters.userName") + " to enrol a first MFA device (tag "
                        + invitationTagKey + "). Until the user enrols, whoever signs in as that user can enrol a "
                        + "device." + callerAndWhen() + where() + " If nobody expected this invitation, remove the "
                        + "tag."));
    }

    /** The alert on an opt-in Region being enabled, which no forwarder covers until one is deployed there. */
    static Alert regionEnabled() {
        return new Alert("RegionEnabled", "An opt-in Region enabled in the account",
                calls(ACCOUNT_SOURCE, "account.amazonaws.com", List.of("EnableRegion"), Map.of()),
                "MFA alert: EnableRegion " + at("$.detail.requestParameters") + "." + callerAndWhen() + where()
                + " Console sign-ins recorded in the new Region reach no alert until its forwarding is deployed: "
                + "add the Region to the alerts' signInRegions and deploy.");
    }
}
