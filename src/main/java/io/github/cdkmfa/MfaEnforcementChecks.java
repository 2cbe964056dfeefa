package io.github.cdkmfa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jetbrains.annotations.NotNull;

import software.amazon.awscdk.DefaultTokenResolver;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.IFragmentConcatenator;
import software.amazon.awscdk.IPostProcessor;
import software.amazon.awscdk.IResolvable;
import software.amazon.awscdk.IResolveContext;
import software.amazon.awscdk.Reference;
import software.amazon.awscdk.ResolveOptions;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.Tokenization;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.iam.CfnAccessKey;
import software.amazon.awscdk.services.iam.CfnGroup;
import software.amazon.awscdk.services.iam.CfnManagedPolicy;
import software.amazon.awscdk.services.iam.CfnUser;
import software.amazon.awscdk.services.iam.CfnUserToGroupAddition;
import software.amazon.awscdk.services.iam.User;
import software.constructs.IConstruct;
import software.constructs.IValidation;
import software.constructs.MetadataEntry;

/**
 * Checks at synthesis that every IAM user the app defines is under MFA enforcement.
 *
 * <pre>{@code
 * App app = new App();
 * // ... stacks ...
 * Aspects.of(app).add(new MfaEnforcementChecks());
 * app.synth();
 * }</pre>
 *
 * <p>A user (an {@code AWS::IAM::User} defined in the app, through {@code User} or {@code CfnUser}) is covered when
 * an {@link MfaEnforcementPolicy} is attached to it, or when it is a member of a group that carries one. Membership
 * is read from the user's {@code Groups}, from {@code AWS::IAM::UserToGroupAddition} resources and across the stacks
 * of the app; a group carries the policy through its {@code ManagedPolicyArns} or through the policy's own
 * {@code Groups}, which also reaches groups imported with {@code Group.fromGroupName}. Names may be tokens:
 * references to the app's groups and users are followed to the resource they name, in any stack.
 *
 * <p>Findings, each with a stable id:
 * <ul>
 * <li>{@value #USER_NOT_ENFORCED}, an error that fails synthesis: a user not covered that can sign in (it has a
 * {@code LoginProfile}) or holds an access key ({@code AWS::IAM::AccessKey}) defined in the app;</li>
 * <li>{@value #USER_WITHOUT_CREDENTIALS_NOT_ENFORCED}, a warning: a user not covered that has neither in the app
 * (a password or key given to it later, outside the app, would work without MFA);</li>
 * <li>{@value #USER_IN_UNKNOWN_GROUP}, a warning: a user not covered otherwise that is a member of a group the app
 * does not define and does not attach the policy to, so the check cannot tell.</li>
 * </ul>
 *
 * <p>A user that must stay outside MFA enforcement on purpose (break-glass) is acknowledged on the user itself, with
 * a reason, through aws-cdk-lib's validation acknowledgments:
 *
 * <pre>{@code
 * Validations.of(breakGlass).acknowledge(Acknowledgment.builder()
 *     .id(MfaEnforcementChecks.USER_NOT_ENFORCED)
 *     .reason("Break-glass user; its password is in the safe and every sign-in alarms.")
 *     .build());
 * }</pre>
 *
 * <p>An acknowledgment of the error on any other construct (a stack, the app) does not count: each user is accepted
 * on its own. The warnings are acknowledged the same way, with their own ids.
 *
 * <p>The check covers the users of the stage it is added to (an {@code App}, or a {@code Stage}: aspects do not
 * reach into nested stages); added to a single stack, it sees only that stack. Users imported by name are not
 * checked: the app does not know them.
 */
public class MfaEnforcementChecks implements IAspect {
    /** Id of the error for a user that can sign in or holds an access key and is not under MFA enforcement. */
    public static final String USER_NOT_ENFORCED = "CdkMfa-UserNotEnforced";
    /** Id of the warning for a user without a login profile or access key in the app, not under MFA enforcement. */
    public static final String USER_WITHOUT_CREDENTIALS_NOT_ENFORCED = "CdkMfa-UserWithoutCredentialsNotEnforced";
    /** Id of the warning for a user whose only groups are groups the app cannot see. */
    public static final String USER_IN_UNKNOWN_GROUP = "CdkMfa-UserInUnknownGroup";

    /** The namespace aws-cdk-lib gives an acknowledgment id without one (see {@code Validations.acknowledge}). */
    private static final String ACKNOWLEDGMENT_NAMESPACE = "Annotation::";
    private static final String MARKER_START = "${cdkmfa-ref:";
    private static final String MARKER_END = "}";

    /** One check per stage, registered as a validation of the stage, keyed by the stage's address. */
    private final Map<String, StageCheck> stages = new HashMap<>();
    /** One resolver for every read: each instance is an object in the jsii runtime. */
    private final MarkingResolver resolver = new MarkingResolver();

    /** Define the check; add it with {@code Aspects.of(app).add(new MfaEnforcementChecks())}. */
    public MfaEnforcementChecks() {
        // Nothing to configure: there is no switch that turns the check off.
    }

    /**
     * Read an IAM resource of the app for the check: a user, a group, a UserToGroupAddition, an access key or an
     * {@link MfaEnforcementPolicy}. The decision waits for the stage's validation, which runs after every aspect, so
     * that it sees every user and group of the stage before it reports.
     *
     * <p>Each resource is read here, during its own visit, and every other construct is left alone: jsii handles
     * each request Java makes during one callback from the CDK one level deeper than the one before, so a validation
     * that read the whole app itself would overflow the stack of large apps (see the README).
     *
     * @param node a construct of the app
     */
    @Override
    public void visit(@NotNull IConstruct node) {
        if (node instanceof CfnUser || node instanceof CfnGroup || node instanceof CfnUserToGroupAddition
                || node instanceof CfnAccessKey || node instanceof MfaEnforcementPolicy) {
            IConstruct root = stageRoot(node);
            StageCheck check = stages.computeIfAbsent(root.getNode().getAddr(), address -> {
                StageCheck created = new StageCheck(resolver);
                root.getNode().addValidation(created);
                return created;
            });
            check.model.add(node);
        }
    }

    private static IConstruct stageRoot(IConstruct construct) {
        Stage stage = Stage.of(construct);
        return stage != null ? stage : construct.getNode().getRoot();
    }

    /** The IAM resources the aspect read in one stage, decided when the stage validates. */
    private static final class StageCheck implements IValidation {
        private final Model model;

        StageCheck(MarkingResolver resolver) {
            this.model = new Model(resolver);
        }

        @Override
        public @NotNull List<String> validate() {
            // Findings are annotations on the users, so that they name the user and can be acknowledged; a
            // validation message here would fail synthesis with no way to accept a break-glass user.
            model.decide();
            return List.of();
        }
    }

    /**
     * Where a resource is: its path, its stack's path and its stack's account (null when only known at deployment).
     * IAM names are unique within an account, so a literal name is compared within an account; an expression (a
     * parameter, a join) is compared within its stack.
     */
    private record Place(String path, String stack, String account) {
        static Place of(IConstruct construct) {
            Stack stack = Stack.of(construct);
            String account = stack.getAccount();
            return new Place(construct.getNode().getPath(), stack.getNode().getPath(),
                    Token.isUnresolved(account) ? null : account);
        }

        boolean sameScope(Place other, String name) {
            if (!isLiteral(name)) {
                return stack.equals(other.stack);
            }
            return account == null || other.account == null || account.equals(other.account);
        }
    }

    /** A group the app defines: its place, its name as resolved, and the ARNs of its managed policies. */
    private record GroupInfo(Place place, String name, List<String> policyArns) {
    }

    /** A resource that names users or a group: a UserToGroupAddition, an access key, an MFA policy's attachments. */
    private record Naming(Place place, String groupName, List<String> userNames, List<String> groupNames) {
    }

    /** A user the app defines, with its name, groups and managed policies as resolved. */
    private record UserInfo(IConstruct target, String targetPath, String acknowledgment, Place place, String name,
            List<String> groups, List<String> policyArns, boolean loginProfile) {
    }

    /** What the stage defines, each resource resolved once, with references to the app's resources marked. */
    private static final class Model {
        private final MarkingResolver resolver;
        private final List<UserInfo> users = new ArrayList<>();
        private final List<GroupInfo> groups = new ArrayList<>();
        private final List<Naming> additions = new ArrayList<>();
        private final List<Naming> accessKeys = new ArrayList<>();
        private final List<Naming> mfaPolicies = new ArrayList<>();
        private final Set<String> mfaPolicyPaths = new HashSet<>();
        private final Set<String> seen = new HashSet<>();
        private final List<GroupKey> enforcedGroups = new ArrayList<>();

        Model(MarkingResolver resolver) {
            this.resolver = resolver;
        }

        /** Read one resource; each property list is resolved in one request, in the scope of the resource. */
        void add(IConstruct construct) {
            Place place = Place.of(construct);
            if (!seen.add(place.path)) {
                return;
            }
            if (construct instanceof CfnUser user) {
                List<Object> values = resolver.resolveAll(user, user.getUserName(), user.getGroups(),
                        user.getManagedPolicyArns());
                // Where to report and whether the user is acknowledged are read now too, so that the validation
                // makes as few requests as it can.
                IConstruct target = reportTarget(user);
                users.add(new UserInfo(target, target.getNode().getPath(), acknowledgedReason(user, target), place,
                        text(values.get(0)), strings(values.get(1)), strings(values.get(2)),
                        user.getLoginProfile() != null));
            } else if (construct instanceof CfnGroup group) {
                List<Object> values = resolver.resolveAll(group, group.getGroupName(), group.getManagedPolicyArns());
                groups.add(new GroupInfo(place, text(values.get(0)), strings(values.get(1))));
            } else if (construct instanceof CfnUserToGroupAddition addition) {
                List<Object> values = resolver.resolveAll(addition, addition.getGroupName(), addition.getUsers());
                additions.add(new Naming(place, text(values.get(0)), strings(values.get(1)), List.of()));
            } else if (construct instanceof CfnAccessKey key) {
                List<Object> values = resolver.resolveAll(key, key.getUserName());
                accessKeys.add(new Naming(place, null, strings(values.get(0)), List.of()));
            } else if (construct instanceof MfaEnforcementPolicy policy) {
                CfnManagedPolicy resource = (CfnManagedPolicy) policy.getManagedPolicy().getNode().getDefaultChild();
                Place resourcePlace = Place.of(resource);
                List<Object> values = resolver.resolveAll(resource, resource.getUsers(), resource.getGroups());
                mfaPolicyPaths.add(resourcePlace.path);
                mfaPolicies.add(new Naming(resourcePlace, null, strings(values.get(0)), strings(values.get(1))));
            }
        }

        /** Report every user that is not covered; runs once the whole stage has been read. */
        void decide() {
            enforcedGroups.clear();
            for (GroupInfo group : groups) {
                if (group.policyArns.stream().anyMatch(this::isMfaPolicy)) {
                    enforcedGroups.add(new GroupKey(group, null, null));
                }
            }
            for (Naming policy : mfaPolicies) {
                policy.groupNames.forEach(name -> enforcedGroups.add(groupKey(policy.place, name)));
            }
            users.forEach(this::report);
        }

        private void report(UserInfo user) {
            List<GroupKey> memberOf = groupsOf(user);
            if (isCovered(user, memberOf)) {
                return;
            }
            IConstruct target = user.target;
            List<String> groupNames = new ArrayList<>();
            List<String> unknownGroups = new ArrayList<>();
            for (GroupKey key : memberOf) {
                groupNames.add(key.describe());
                if (key.group == null) {
                    unknownGroups.add(key.describe());
                }
            }
            String groupsText = groupNames.isEmpty() ? "it is a member of no group"
                    : "its groups (" + String.join(", ", groupNames) + ") carry no MfaEnforcementPolicy";
            String fix = "Fix: add it to an MfaEnforcedGroup (group.addUser(user)), or attach an "
                    + "MfaEnforcementPolicy to it or to one of its groups (policy.attachToUser(user), "
                    + "policy.attachToGroup(group)).";
            String who = "IAM user " + user.targetPath
                    + (isLiteral(user.name) ? " (user name '" + user.name + "')" : "");
            if (!unknownGroups.isEmpty()) {
                Validations.of(target).addWarning(USER_IN_UNKNOWN_GROUP, who + " is a member of "
                        + String.join(", ", unknownGroups) + ", which this app does not define and does not "
                        + "attach an MfaEnforcementPolicy to, so this check cannot tell whether MFA is enforced on "
                        + "the user. " + fix + " For a group defined outside the app, attach the policy to it here: "
                        + "policy.attachToGroup(Group.fromGroupName(scope, id, name)). To accept the user as it is, "
                        + acknowledgeText(USER_IN_UNKNOWN_GROUP));
                return;
            }
            String credentials = credentialsOf(user);
            if (credentials == null) {
                Validations.of(target).addWarning(USER_WITHOUT_CREDENTIALS_NOT_ENFORCED, who + " is not under MFA "
                        + "enforcement: " + groupsText + ", and no MfaEnforcementPolicy is attached to it. It has no "
                        + "LoginProfile and no access key in this app, but a password or access key given to it "
                        + "later would work without MFA. " + fix + " To accept the user as it is, "
                        + acknowledgeText(USER_WITHOUT_CREDENTIALS_NOT_ENFORCED));
                return;
            }
            String reason = user.acknowledgment;
            if (reason != null && !reason.isBlank()) {
                return;
            }
            String blankReason = reason == null ? ""
                    : " The acknowledgment of " + USER_NOT_ENFORCED + " on it has an empty reason and does not count.";
            Validations.of(target).addError(USER_NOT_ENFORCED, who + " " + credentials + " and is not under MFA "
                    + "enforcement: " + groupsText + ", and no MfaEnforcementPolicy is attached to it. " + fix
                    + " A user that must stay outside MFA enforcement on purpose (break-glass) is acknowledged on "
                    + "the user itself: " + acknowledgeCode(USER_NOT_ENFORCED) + "." + blankReason);
        }

        private static String acknowledgeText(String id) {
            return "acknowledge it on the user: " + acknowledgeCode(id) + ".";
        }

        private static String acknowledgeCode(String id) {
            return "Validations.of(user).acknowledge(Acknowledgment.builder().id(\"" + id
                    + "\").reason(\"why\").build())";
        }

        /** The L2 {@code User} that owns the resource, or the resource itself: where the user sees and acknowledges. */
        private static IConstruct reportTarget(CfnUser user) {
            IConstruct parent = user.getNode().getScope();
            if (parent instanceof User && parent.getNode().getDefaultChild() != null
                    && parent.getNode().getDefaultChild().getNode().getPath().equals(user.getNode().getPath())) {
                return parent;
            }
            return user;
        }

        /**
         * The reason of an acknowledgment of {@link #USER_NOT_ENFORCED} on the user or its resource, or null. Read
         * here because aws-cdk-lib does not let an acknowledgment suppress an error annotation.
         */
        private static String acknowledgedReason(CfnUser user, IConstruct target) {
            String reason = null;
            for (IConstruct construct : List.of(target, user)) {
                for (MetadataEntry entry : construct.getNode().getMetadata()) {
                    if (Validations.ACKNOWLEDGED_RULES_METADATA_KEY.equals(entry.getType())
                            && entry.getData() instanceof Map<?, ?> data
                            && data.get(ACKNOWLEDGMENT_NAMESPACE + USER_NOT_ENFORCED) != null) {
                        String given = String.valueOf(data.get(ACKNOWLEDGMENT_NAMESPACE + USER_NOT_ENFORCED));
                        if (reason == null || reason.isBlank()) {
                            reason = given;
                        }
                    }
                }
            }
            return reason;
        }

        private boolean isCovered(UserInfo user, List<GroupKey> memberOf) {
            if (user.policyArns.stream().anyMatch(this::isMfaPolicy)) {
                return true;
            }
            for (Naming policy : mfaPolicies) {
                if (policy.userNames.stream().anyMatch(name -> refersTo(policy.place, name, user))) {
                    return true;
                }
            }
            return memberOf.stream().anyMatch(key -> enforcedGroups.stream().anyMatch(key::matches));
        }

        /** Every group the user is a member of, through its own Groups or a UserToGroupAddition. */
        private List<GroupKey> groupsOf(UserInfo user) {
            List<GroupKey> keys = new ArrayList<>();
            user.groups.forEach(name -> keys.add(groupKey(user.place, name)));
            for (Naming addition : additions) {
                if (addition.userNames.stream().anyMatch(name -> refersTo(addition.place, name, user))) {
                    keys.add(groupKey(addition.place, addition.groupName));
                }
            }
            return keys;
        }

        /** How the user can act on its own: a sentence fragment, or null when it has no credentials in the app. */
        private String credentialsOf(UserInfo user) {
            if (user.loginProfile) {
                return "can sign in to the console (it has a LoginProfile)";
            }
            for (Naming key : accessKeys) {
                if (key.userNames.stream().anyMatch(name -> refersTo(key.place, name, user))) {
                    return "holds an access key (" + key.place.path + ")";
                }
            }
            return null;
        }

        private boolean isMfaPolicy(String arn) {
            Marker marker = Marker.parse(arn);
            return marker != null && mfaPolicyPaths.contains(marker.path);
        }

        /** Whether a user name, resolved in the scope of the resource that holds it, names the given user. */
        private static boolean refersTo(Place holder, String name, UserInfo user) {
            Marker marker = Marker.parse(name);
            if (marker != null && marker.path.equals(user.place.path)) {
                return true;
            }
            return sameName(name, user.name) && holder.sameScope(user.place, name);
        }

        /** The group a name (resolved in the scope of the resource that holds it) refers to. */
        private GroupKey groupKey(Place holder, String name) {
            Marker marker = Marker.parse(name);
            for (GroupInfo group : groups) {
                if (marker != null && marker.path.equals(group.place.path)
                        || sameName(name, group.name) && holder.sameScope(group.place, name)) {
                    return new GroupKey(group, null, null);
                }
            }
            return new GroupKey(null, String.valueOf(name), holder);
        }
    }

    /**
     * IAM names compare without regard to case; an expression compares as written. "IAM user, group, role, and
     * policy names must be unique within the account. Names are not distinguished by case." (IAM API Reference,
     * CreateGroup, https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html)
     */
    private static boolean sameName(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return isLiteral(a) && isLiteral(b) ? a.equalsIgnoreCase(b) : a.equals(b);
    }

    private static boolean isLiteral(String value) {
        return value != null && !value.contains(MARKER_START) && !value.contains("{");
    }

    /**
     * A group: one the app defines, or a name the app does not define, with the place of the resource that names it.
     */
    private record GroupKey(GroupInfo group, String name, Place holder) {
        boolean matches(GroupKey other) {
            if (group != null || other.group != null) {
                return group != null && other.group != null && group.place.path.equals(other.group.place.path);
            }
            return sameName(name, other.name) && holder.sameScope(other.holder, name);
        }

        String describe() {
            if (group != null) {
                return "group " + group.place.path;
            }
            Marker marker = Marker.parse(name);
            return marker != null ? "the group named by " + marker.path : "group '" + name + "'";
        }
    }

    /** A reference to a construct of the app, as the resolver below writes it. */
    private record Marker(String path, String attribute) {
        static Marker parse(String value) {
            if (value == null || !value.startsWith(MARKER_START) || !value.endsWith(MARKER_END)) {
                return null;
            }
            String body = value.substring(MARKER_START.length(), value.length() - MARKER_END.length());
            int hash = body.lastIndexOf('#');
            if (hash < 0 || body.contains(MARKER_START)) {
                return null;
            }
            return new Marker(body.substring(0, hash), body.substring(hash + 1));
        }
    }

    private static List<String> strings(Object resolved) {
        List<String> values = new ArrayList<>();
        if (resolved instanceof List<?> list) {
            list.forEach(item -> values.add(text(item)));
        } else if (resolved != null) {
            values.add(text(resolved));
        }
        values.removeIf(Objects::isNull);
        return values;
    }

    private static String text(Object resolved) {
        return resolved == null ? null : resolved instanceof String string ? string : String.valueOf(resolved);
    }

    /**
     * Resolves like CloudFormation synthesis, except that a reference to a construct of the app ({@code Ref},
     * {@code Fn::GetAtt}, in the same stack or in another one) becomes a marker naming the construct's path. The
     * standard resolution would give {@code Ref}s that do not say which stack they point into, or, once the app is
     * prepared, export names; the marker identifies the group, user or policy whatever the stack. Written here
     * because aws-cdk-lib offers no query from a token to the resource it names.
     */
    private static final class MarkingResolver extends DefaultTokenResolver {
        MarkingResolver() {
            super(new TextConcatenator());
        }

        /**
         * Resolve several values in one request, in the scope of the construct that holds them. A map rather than a
         * list: resolution drops undefined list entries, which would shift the others.
         */
        List<Object> resolveAll(IConstruct scope, Object... values) {
            Map<String, Object> keyed = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    keyed.put("v" + i, values[i]);
                }
            }
            Object resolved = Tokenization.resolve(keyed, ResolveOptions.builder().scope(scope).resolver(this)
                    .preparing(false).build());
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                list.add(resolved instanceof Map<?, ?> map ? map.get("v" + i) : null);
            }
            return list;
        }

        @Override
        public @NotNull Object resolveToken(@NotNull IResolvable token, @NotNull IResolveContext context,
                @NotNull IPostProcessor postProcessor) {
            if (token instanceof Reference reference && reference.getTarget() != null) {
                return MARKER_START + reference.getTarget().getNode().getPath() + "#" + reference.getDisplayName()
                        + MARKER_END;
            }
            return super.resolveToken(token, context, postProcessor);
        }
    }

    /** Joins string fragments as text, so that a name built from several tokens compares as one string. */
    private static final class TextConcatenator implements IFragmentConcatenator {
        @Override
        public @NotNull Object join(Object left, Object right) {
            return (left == null ? "" : String.valueOf(left)) + (right == null ? "" : String.valueOf(right));
        }
    }
}
