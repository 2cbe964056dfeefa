package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.cdkmfa.AssemblyTemplates.Template;
import io.github.cdkmfa.MfaPolicyDocuments.Level;
import io.github.cdkmfa.TemplateValues.Expression;
import io.github.cdkmfa.TemplateValues.Literal;
import io.github.cdkmfa.TemplateValues.Reference;
import io.github.cdkmfa.TemplateValues.Value;

/**
 * Decides, from the templates that will deploy, whether MFA is enforced on each IAM user the app defines.
 *
 * <p>A user, group or policy named in a property is identified by keys: the resource itself when the value refers to
 * it ({@code Ref}, a nested stack's parameter or output, {@code Fn::ImportValue} of another template's export), and
 * its name within its account. IAM names are unique within an account and "are not distinguished by case" (IAM API
 * Reference, CreateGroup: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html), so a literal
 * name is keyed by the account of the template that holds it, in lower case; an environment-agnostic stack's account
 * is a placeholder of its own, so its literal names match nothing in another stack. An expression known only at
 * deployment (a template parameter) is keyed by the expression and its template. Two mentions name the same thing
 * when their keys meet.
 */
final class UserCoverage {
    private static final Pattern POLICY_ARN = Pattern.compile("^arn:[^:]*:iam::([^:]*):policy(/.*)$");
    private static final String FIX = "Add the user to an MfaEnforcedGroup (group.addUser(user)), or attach an "
            + "MfaEnforcementPolicy to it or to one of its groups (policy.attachToUser(user), "
            + "policy.attachToGroup(group)).";

    private final TemplateValues values;
    private final List<Item> users = new ArrayList<>();
    private final List<Item> groups = new ArrayList<>();
    private final List<Item> policies = new ArrayList<>();
    private final List<Item> additions = new ArrayList<>();
    private final List<Item> accessKeys = new ArrayList<>();

    /** A resource of interest. */
    private record Item(Template template, String logicalId, Map<String, Object> properties) {
        String describe() {
            return template.describe(logicalId);
        }
    }

    UserCoverage(List<Template> templates, TemplateValues values) {
        this.values = values;
        for (Template template : templates) {
            for (String logicalId : template.resources.keySet()) {
                Item item = new Item(template, logicalId, template.properties(logicalId));
                switch (template.type(logicalId)) {
                    case "AWS::IAM::User" -> users.add(item);
                    case "AWS::IAM::Group" -> groups.add(item);
                    case "AWS::IAM::ManagedPolicy" -> policies.add(item);
                    case "AWS::IAM::UserToGroupAddition" -> additions.add(item);
                    case "AWS::IAM::AccessKey" -> accessKeys.add(item);
                    default -> {
                        // not an IAM resource this check reads
                    }
                }
            }
        }
    }

    /** Every user that is not under MFA enforcement, as findings. */
    List<CheckFinding> findings() {
        // Each resource is evaluated once and indexed by its keys, so that the check stays linear in the app's size.
        Map<Item, Level> policyLevels = new HashMap<>();
        policies.forEach(policy -> policyLevels.put(policy,
                MfaPolicyDocuments.level(policy.properties.get("PolicyDocument"))));
        Map<String, Level> policyByUser = new HashMap<>();
        Map<String, Level> policyByGroup = new HashMap<>();
        for (Item policy : policies) {
            Level level = policyLevels.get(policy);
            if (level == Level.NONE) {
                continue;
            }
            for (Value user : values.evaluateList(policy.template, policy.properties.get("Users"))) {
                keys(user, policy.template, "AWS::IAM::User", "UserName")
                        .forEach(key -> policyByUser.merge(key, level, UserCoverage::max));
            }
            for (Value group : values.evaluateList(policy.template, policy.properties.get("Groups"))) {
                keys(group, policy.template, "AWS::IAM::Group", "GroupName")
                        .forEach(key -> policyByGroup.merge(key, level, UserCoverage::max));
            }
        }
        Map<String, Level> groupByKey = new HashMap<>();
        for (Item group : groups) {
            Level level = Level.NONE;
            for (Value arn : values.evaluateList(group.template, group.properties.get("ManagedPolicyArns"))) {
                level = max(level, policyLevel(arn, policyLevels));
            }
            Level groupLevel = level;
            resourceKeys(group, "GroupName").forEach(key -> groupByKey.merge(key, groupLevel, UserCoverage::max));
        }
        Map<String, List<Membership>> additionsByUser = new HashMap<>();
        for (Item addition : additions) {
            Value group = values.evaluate(addition.template, addition.properties.get("GroupName"));
            Membership membership = new Membership(keys(group, addition.template, "AWS::IAM::Group", "GroupName"),
                    describe(group) + " (through " + addition.describe() + ")");
            for (Value user : values.evaluateList(addition.template, addition.properties.get("Users"))) {
                keys(user, addition.template, "AWS::IAM::User", "UserName").forEach(key ->
                        additionsByUser.computeIfAbsent(key, k -> new ArrayList<>()).add(membership));
            }
        }
        Map<String, Item> keyByUser = new HashMap<>();
        for (Item key : accessKeys) {
            keys(values.evaluate(key.template, key.properties.get("UserName")), key.template, "AWS::IAM::User",
                    "UserName").forEach(userKey -> keyByUser.putIfAbsent(userKey, key));
        }

        List<CheckFinding> findings = new ArrayList<>();
        for (Item user : users) {
            Set<String> userKeys = resourceKeys(user, "UserName");
            Level level = Level.NONE;
            for (Value arn : values.evaluateList(user.template, user.properties.get("ManagedPolicyArns"))) {
                level = max(level, policyLevel(arn, policyLevels));
            }
            Item accessKey = null;
            Set<Membership> memberships = new LinkedHashSet<>();
            for (Value group : values.evaluateList(user.template, user.properties.get("Groups"))) {
                memberships.add(new Membership(keys(group, user.template, "AWS::IAM::Group", "GroupName"),
                        describe(group)));
            }
            for (String key : userKeys) {
                level = max(level, policyByUser.getOrDefault(key, Level.NONE));
                memberships.addAll(additionsByUser.getOrDefault(key, List.of()));
                if (accessKey == null) {
                    accessKey = keyByUser.get(key);
                }
            }
            List<String> unknown = new ArrayList<>();
            List<String> groupTexts = new ArrayList<>();
            for (Membership membership : memberships) {
                groupTexts.add(membership.text);
                boolean known = false;
                for (String key : membership.keys) {
                    if (groupByKey.containsKey(key) || policyByGroup.containsKey(key)) {
                        known = true;
                        level = max(level, max(groupByKey.getOrDefault(key, Level.NONE),
                                policyByGroup.getOrDefault(key, Level.NONE)));
                    }
                }
                if (!known) {
                    unknown.add(membership.text);
                }
            }
            CheckFinding finding = judge(user, level, accessKey, groupTexts, unknown);
            if (finding != null) {
                findings.add(finding);
            }
        }
        return findings;
    }

    /** A group the user is a member of: its keys, and how to name it in a message. */
    private record Membership(Set<String> keys, String text) {
    }

    private CheckFinding judge(Item user, Level level, Item accessKey, List<String> groupTexts, List<String> unknown) {
        String credentials = null;
        if (accessKey != null) {
            credentials = "holds an access key (" + accessKey.describe() + ")";
        } else if (user.properties.get("LoginProfile") != null) {
            credentials = "can sign in to the console (it has a LoginProfile)";
        }
        if (level == Level.CONSOLE_AND_API || level == Level.CONSOLE_ONLY && accessKey == null) {
            return null;
        }
        String name = user.properties.get("UserName") != null
                && values.evaluate(user.template, user.properties.get("UserName")) instanceof Literal literal
                        ? " (user name '" + literal.text() + "')" : "";
        String who = "IAM user " + user.describe() + name;
        String groupsText = groupTexts.isEmpty() ? "it is a member of no group"
                : "its groups (" + String.join(", ", groupTexts) + ") carry no MFA enforcement policy";
        if (level == Level.CONSOLE_ONLY) {
            return new CheckFinding(MfaEnforcementChecks.USER_NOT_ENFORCED, "error", user.template, user.logicalId,
                    null, "Properties", who + " " + credentials + ", and MFA is enforced on it in console-only mode "
                            + "(MfaEnforcement.CONSOLE_ONLY) only, where requests signed with the user's access key "
                            + "are not asked for MFA by design: the key works without MFA.",
                    "Put the user in a group enforced in CONSOLE_AND_API mode, or remove its access key.");
        }
        if (credentials == null) {
            String unknownText = unknown.isEmpty() ? ""
                    : " The check cannot see " + String.join(", ", unknown) + ".";
            return new CheckFinding(MfaEnforcementChecks.USER_WITHOUT_CREDENTIALS_NOT_ENFORCED, "warning",
                    user.template, user.logicalId, null, "Properties", who + " is not under MFA enforcement: "
                            + groupsText + ", and no MFA enforcement policy is attached to it. It has no "
                            + "LoginProfile and no access key in this app, but a password or access key given to "
                            + "it later would work without MFA." + unknownText,
                    FIX);
        }
        if (!unknown.isEmpty()) {
            return new CheckFinding(MfaEnforcementChecks.USER_IN_UNKNOWN_GROUP, "error", user.template,
                    user.logicalId, null, "Properties.Groups", who + " " + credentials + " and is a member of "
                            + String.join(", ", unknown) + ", which this app neither defines nor attaches an MFA "
                            + "enforcement policy to, so the check cannot tell whether MFA is enforced on it (a "
                            + "misspelt name, a group managed elsewhere, or a stack without an account).",
                    "Fix the group's name, or attach the policy to the group in this app: "
                            + "policy.attachToGroup(Group.fromGroupName(scope, id, name)). " + FIX);
        }
        return new CheckFinding(MfaEnforcementChecks.USER_NOT_ENFORCED, "error", user.template, user.logicalId, null,
                "Properties", who + " " + credentials + " and is not under MFA enforcement: " + groupsText
                        + ", and no MFA enforcement policy is attached to it.",
                FIX);
    }

    /** The MFA level of the policy a ManagedPolicyArns entry names (as evaluated in the template that holds it). */
    private Level policyLevel(Value arn, Map<Item, Level> policyLevels) {
        Level level = Level.NONE;
        for (Item policy : policies) {
            if (policyLevels.get(policy) == Level.NONE) {
                continue;
            }
            boolean named = arn instanceof Reference reference && "Ref".equals(reference.attribute())
                    && reference.template() == policy.template && reference.logicalId().equals(policy.logicalId);
            if (!named && arn instanceof Literal literal) {
                // ManagedPolicy.fromManagedPolicyName and ARNs written out: the policy's name and path in its account.
                String key = arnKey(literal.text());
                named = key != null && key.equals(policyArnKey(policy));
            }
            if (named) {
                level = max(level, policyLevels.get(policy));
            }
        }
        return level;
    }

    private static String arnKey(String arn) {
        Matcher matcher = POLICY_ARN.matcher(arn);
        if (!matcher.matches()) {
            return null;
        }
        return (matcher.group(1) + ":" + matcher.group(2)).toLowerCase(Locale.ROOT);
    }

    private String policyArnKey(Item policy) {
        Object name = policy.properties.get("ManagedPolicyName");
        if (name == null || !(values.evaluate(policy.template, name) instanceof Literal literal)) {
            return null;
        }
        String path = "/";
        if (policy.properties.get("Path") != null) {
            if (!(values.evaluate(policy.template, policy.properties.get("Path")) instanceof Literal given)) {
                return null;
            }
            path = given.text();
        }
        return (policy.template.account + ":" + path + literal.text()).toLowerCase(Locale.ROOT);
    }

    /** The keys of a user or group resource: itself, and its name when it has one. */
    private Set<String> resourceKeys(Item item, String nameProperty) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add("resource:" + item.template.file + "#" + item.logicalId);
        Object name = item.properties.get(nameProperty);
        if (name != null) {
            keys.addAll(nameKeys(values.evaluate(item.template, name), item.template));
        }
        return keys;
    }

    /** The keys of a value that names a user or group, in the scope of the template that holds it. */
    private Set<String> keys(Value value, Template holder, String type, String nameProperty) {
        if (value instanceof Reference reference) {
            if ("Ref".equals(reference.attribute()) && type.equals(reference.template().type(reference.logicalId()))) {
                return resourceKeys(new Item(reference.template(), reference.logicalId(),
                        reference.template().properties(reference.logicalId())), nameProperty);
            }
            return Set.of("other:" + reference);
        }
        return nameKeys(value, holder);
    }

    private static Set<String> nameKeys(Value value, Template holder) {
        if (value instanceof Literal literal) {
            return Set.of("name:" + holder.account + ":" + literal.text().toLowerCase(Locale.ROOT));
        }
        if (value instanceof Expression expression) {
            return Set.of("expression:" + expression.key());
        }
        return Set.of("other:" + value);
    }

    private static String describe(Value value) {
        if (value instanceof Literal literal) {
            return "group '" + literal.text() + "'";
        }
        if (value instanceof Reference reference) {
            return "group " + reference.template().describe(reference.logicalId());
        }
        String key = ((Expression) value).key();
        return "the group named by " + key.substring(key.indexOf(':', key.indexOf(".json") + 1) + 1);
    }

    private static Level max(Level a, Level b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
