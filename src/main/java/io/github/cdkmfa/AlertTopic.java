package io.github.cdkmfa;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jetbrains.annotations.Nullable;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.iam.AddToResourcePolicyResult;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Subscription;
import software.amazon.awscdk.services.sns.SubscriptionProtocol;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * The SNS topic that alerts and failure alarms publish to, its KMS key, its e-mail subscriptions, and the grants that
 * let AWS services publish to it.
 *
 * <p>A service publishes to an encrypted topic only when the key policy lets its service principal use the key
 * ({@code kms:Decrypt}, {@code kms:GenerateDataKey*}): SNS Developer Guide, "Enable compatibility between event
 * sources from AWS services and encrypted topics",
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services. The policy of
 * the AWS managed key for SNS cannot be changed, hence a customer managed key.
 */
final class AlertTopic {
    /** Warning id: the grants that let CloudWatch alarms publish could not be added to a topic the caller gave. */
    static final String CLOUDWATCH_GRANT_WARNING = "@cdkmfa/mfa-alerts:cloudWatchCannotPublish";

    // An SNS e-mail endpoint: a local part and a domain with at least one dot, no spaces or angle brackets. Full
    // RFC 5322 allows more (quoted local parts, address literals) that SNS e-mail subscriptions are not meant for.
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    private static final int MAX_EMAIL_LENGTH = 254;
    private static final String CLOUDWATCH = "cloudwatch.amazonaws.com";

    private AlertTopic() {
    }

    /**
     * Define a customer managed key with rotation whose policy refuses grants that are not for AWS resources.
     *
     * <p>The Deny of {@code kms:CreateGrant} unless the grant is for an AWS resource or the principal is an AWS
     * service is AWS Control Tower's proactive control CT.KMS.PR.3 ("Require an AWS KMS key policy to have a statement
     * that limits creation of AWS KMS grants to AWS services"); nothing here needs a grant, and SNS and CloudWatch use
     * the key through the key policy.
     */
    static Key key(Construct scope, String description) {
        Key key = Key.Builder.create(scope, "Key")
                .description(description)
                .enableKeyRotation(true)
                // The key protects messages only while SNS delivers them: nothing stored depends on it.
                .removalPolicy(RemovalPolicy.DESTROY)
                .pendingWindow(Duration.days(7))
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("DenyGrantsExceptForAwsServices")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("kms:CreateGrant"))
                .resources(List.of("*"))
                .conditions(Map.of("BoolIfExists", Map.of("kms:GrantIsForAWSResource", "false",
                        "aws:PrincipalIsAWSService", "false")))
                .build());
        return key;
    }

    /** Define an encrypted topic that accepts only TLS. */
    static Topic topic(Construct scope, Key key, String displayName) {
        return Topic.Builder.create(scope, "Topic")
                .displayName(displayName)
                .masterKey(key)
                .enforceSsl(true)
                .build();
    }

    /** Subscribe each address to the topic, as the child {@code Email-ADDRESS}. */
    static void subscribe(Construct scope, ITopic topic, List<String> emails) {
        for (String email : emails) {
            Subscription.Builder.create(scope, "Email-" + email.replace('/', '_'))
                    .topic(topic)
                    .protocol(SubscriptionProtocol.EMAIL)
                    .endpoint(email)
                    .build();
        }
    }

    /**
     * Let CloudWatch alarms of this account publish to the topic: a topic-policy statement conditioned on
     * {@code aws:SourceAccount} (the SNS Developer Guide's access-control examples condition service principals on
     * it, https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html) and, for an encrypted topic,
     * the key-policy grant. Warns (stable id) where neither can be added
     * because the topic or its key is imported.
     */
    static void allowCloudWatchAlarms(Construct scope, ITopic topic) {
        AddToResourcePolicyResult topicPolicy = topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchAlarmsOfThisAccount")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal(CLOUDWATCH)))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(scope).getAccount())))
                .build());
        IKey key = topic.getMasterKey();
        boolean keyGranted = key == null || key.addToResourcePolicy(PolicyStatement.Builder.create()
                // No confused-deputy condition here: AWS does not document that CloudWatch sends aws:SourceArn or
                // aws:SourceAccount with its KMS requests for SNS, and a condition it does not send drops every
                // alarm notification.
                .sid("AllowCloudWatchAlarmsToUseTheKey")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal(CLOUDWATCH)))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .build(), true).getStatementAdded();
        if (!Boolean.TRUE.equals(topicPolicy.getStatementAdded()) || !keyGranted) {
            Annotations.of(scope).addWarningV2(CLOUDWATCH_GRANT_WARNING, "The topic " + topic.getNode().getPath()
                    + " or its KMS key is imported, so the library cannot let CloudWatch alarms publish to it. Add to "
                    + "the topic policy an Allow of sns:Publish for cloudwatch.amazonaws.com and, if the topic is "
                    + "encrypted, to the key policy an Allow of kms:Decrypt and kms:GenerateDataKey* for "
                    + "cloudwatch.amazonaws.com; otherwise the alarms cannot notify.");
        }
    }

    /**
     * Check e-mail addresses for a property.
     *
     * @return the addresses, each once, in the order given
     * @throws IllegalArgumentException naming the property, the value and what is allowed
     */
    static List<String> checkEmails(String property, @Nullable List<String> addresses) {
        if (addresses == null) {
            return List.of();
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String address : addresses) {
            if (address == null) {
                throw new IllegalArgumentException(property + ": null is not an e-mail address. Allowed: "
                        + "addresses of the form name@example.com.");
            }
            if (Token.isUnresolved(address)) {
                throw new IllegalArgumentException(property + ": '" + address + "' is a token, known only at "
                        + "deployment, and the construct ids of the subscriptions derive from the addresses. "
                        + "Allowed: literal addresses of the form name@example.com.");
            }
            if (address.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(address).matches()) {
                throw new IllegalArgumentException(property + ": '" + address + "' is not an e-mail address. "
                        + "Allowed: local-part@domain, at most " + MAX_EMAIL_LENGTH + " characters, a local part of "
                        + "letters, digits and !#$%&'*+/=?^_`{|}~.- (at most 64), a domain of dot-separated labels "
                        + "of letters, digits and hyphens with at least one dot, no spaces.");
            }
            unique.add(address);
        }
        return List.copyOf(unique);
    }
}
