package io.github.cdkmfa;

import java.util.List;

/**
 * A category of credentials that members may manage on their own IAM user once signed in with MFA.
 *
 * <pre>{@code
 * MfaEnforcedGroup.Builder.create(this, "Developers")
 *     .selfService(List.of(SelfService.PASSWORD, SelfService.ACCESS_KEYS))   // no SSH keys or certificates
 *     .build();
 * }</pre>
 *
 * <p>Enrolling, listing and resyncing one's own MFA devices is always allowed and is not a category.
 */
public enum SelfService {
    /** Change one's own console password ({@code iam:ChangePassword}, {@code iam:GetLoginProfile}, {@code iam:UpdateLoginProfile}). */
    PASSWORD(List.of("iam:ChangePassword", "iam:GetLoginProfile", "iam:UpdateLoginProfile")),
    /**
     * Create, rotate, deactivate and delete one's own access keys, and see when each was last used
     * ({@code iam:GetAccessKeyLastUsed}, which the console's Security credentials page asks for).
     */
    ACCESS_KEYS(List.of("iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:GetAccessKeyLastUsed",
            "iam:ListAccessKeys", "iam:UpdateAccessKey")),
    /** Upload and manage one's own SSH public keys (AWS CodeCommit). */
    SSH_PUBLIC_KEYS(List.of("iam:DeleteSSHPublicKey", "iam:GetSSHPublicKey", "iam:ListSSHPublicKeys",
            "iam:UpdateSSHPublicKey", "iam:UploadSSHPublicKey")),
    /** Upload and manage one's own X.509 signing certificates. */
    SIGNING_CERTIFICATES(List.of("iam:DeleteSigningCertificate", "iam:ListSigningCertificates",
            "iam:UpdateSigningCertificate", "iam:UploadSigningCertificate")),
    /** Create and manage one's own service-specific credentials (Git credentials for CodeCommit, Keyspaces, Bedrock). */
    SERVICE_SPECIFIC_CREDENTIALS(List.of("iam:CreateServiceSpecificCredential", "iam:DeleteServiceSpecificCredential",
            "iam:ListServiceSpecificCredentials", "iam:ResetServiceSpecificCredential",
            "iam:UpdateServiceSpecificCredential"));

    private final List<String> actions;

    SelfService(List<String> actions) {
        this.actions = actions;
    }

    /**
     * The IAM actions this category allows on the member's own user.
     *
     * @return the actions, as IAM spells them
     */
    public List<String> getActions() {
        return actions;
    }
}
