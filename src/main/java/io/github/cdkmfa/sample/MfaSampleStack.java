package io.github.cdkmfa.sample;

import java.util.List;

import io.github.cdkmfa.MfaAlerts;
import io.github.cdkmfa.MfaAlertsProps;
import io.github.cdkmfa.MfaEnforcedGroup;
import io.github.cdkmfa.MfaEnforcementPolicyOptions;
import io.github.cdkmfa.MfaEnrolmentInvitations;
import io.github.cdkmfa.MfaEnforcedOrganization;

import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.iam.User;
import software.constructs.Construct;

/**
 * The sample stack: one MFA-enforced group with the configured options and existing users as members, and, unless
 * turned off, alerts on console sign-ins without MFA and MFA device changes; with {@code enrolmentInvitation}, the
 * automation that closes enrolment invitations once used or expired.
 *
 * <p>With alerts on, the stack's Region is the {@code homeRegion} context key (us-east-1, where IAM delivers its
 * events to EventBridge; IAM is global, so the group works from any Region), and the alerts define a forwarding
 * stack for every other Region the {@code alertRegions} key lists (by default every Region every account has
 * enabled). With alerts off, the stack is environment-agnostic unless {@code CDK_DEFAULT_ACCOUNT} and
 * {@code CDK_DEFAULT_REGION} are set.
 */
public class MfaSampleStack extends Stack {

    /**
     * Define the stack.
     *
     * @param scope the app
     * @param id the stack id
     * @param props stack properties, such as the environment
     * @param config the settings read from context
     */
    public MfaSampleStack(Construct scope, String id, StackProps props, SampleConfig config) {
        super(scope, id, props);
        // One invitation key for the policy, the alert on new invitations and the automation that closes them.
        String invitationTagKey = MfaEnforcementPolicyOptions.DEFAULT_ENROLMENT_INVITATION_TAG_KEY;
        MfaEnforcedGroup group = MfaEnforcedGroup.Builder.create(this, "MfaEnforcedGroup")
                .groupName(config.groupName())
                .enforcement(config.enforcement())
                .maxMfaAge(config.maxMfaAge())
                .powerUserAccess(config.powerUserAccess())
                .allowPasswordChangeWithoutMfa(config.allowPasswordChangeWithoutMfa())
                .enrolmentInvitation(config.enrolmentInvitation())
                .enrolmentInvitationTagKey(config.enrolmentInvitation() ? invitationTagKey : null)
                .build();
        for (String userName : config.users()) {
            group.addUser(User.fromUserName(this, "User-" + userName, userName));
        }
        if (config.users().isEmpty()) {
            // The sample's own choice, so the sample acknowledges it; the library leaves the finding visible.
            Validations.of(group.getGroup().getNode().getDefaultChild()).acknowledge(Acknowledgment.builder()
                    .id("HIPAA.Security-IAMGroupHasUsers")
                    .reason("The sample deploys the group empty unless members are given with -c users=...; "
                            + "members can also be added outside this stack.")
                    .build());
        }
        MfaAlerts alerts = null;
        if (config.alerts()) {
            alerts = new MfaAlerts(this, "MfaAlerts", MfaAlertsProps.builder()
                    .emailAddresses(config.alertEmail().isEmpty() ? null : List.of(config.alertEmail()))
                    .signInRegions(config.alertRegions())
                    .enrolmentInvitationTagKey(invitationTagKey)
                    .build());
            CfnOutput.Builder.create(this, "AlertsTopicArn").value(alerts.getTopic().getTopicArn())
                    .description("The SNS topic that receives the MFA alerts").build();
        }
        if (config.enrolmentInvitation()) {
            // Closes invitations once used and expires unused ones. It does not alert on new invitations: the MFA
            // alerts' EnrolmentInvitation rule does, once, for the same key.
            MfaEnrolmentInvitations invitations = MfaEnrolmentInvitations.Builder.create(this, "EnrolmentInvitations")
                    .tagKey(invitationTagKey)
                    .topic(alerts == null ? null : alerts.getTopic())
                    .build();
            CfnOutput.Builder.create(this, "EnrolmentInvitationTagKey").value(invitations.getTagKey())
                    .description("Invite a user: aws iam tag-user --user-name NAME --tags Key="
                            + invitations.getTagKey() + ",Value=NAME").build();
        }
        if (!config.organizationTargets().isEmpty()) {
            // The member accounts get the SCP and the same group through the StackSet; this account (the management
            // account or a delegated administrator) keeps the group above, which neither reaches.
            MfaEnforcedOrganization.Builder.create(this, "Organization")
                    .targetIds(config.organizationTargets())
                    .groupName(config.groupName())
                    .enforcement(config.enforcement())
                    .maxMfaAge(config.maxMfaAge())
                    .powerUserAccess(config.powerUserAccess())
                    .allowPasswordChangeWithoutMfa(config.allowPasswordChangeWithoutMfa())
                    .enrolmentInvitation(config.enrolmentInvitation())
                    .enrolmentInvitationTagKey(config.enrolmentInvitation() ? invitationTagKey : null)
                    .build();
        }
        CfnOutput.Builder.create(this, "GroupName").value(group.getGroupName())
                .description("The MFA-enforced IAM group").build();
        CfnOutput.Builder.create(this, "MfaPolicyArn").value(group.getMfaPolicy().getManagedPolicyArn())
                .description("The customer managed policy that enforces MFA").build();
    }
}
