package io.github.cdkmfa;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jetbrains.annotations.NotNull;

import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * Defines the central event bus of an organization's MFA alerts: a custom bus in a security account whose policy
 * lets the accounts of one organization, and nobody else, put events on it. Define {@link MfaAlerts} on it
 * ({@code eventBus}) and point every account's and Region's {@link MfaAlertsForwarding} at its ARN.
 *
 * <pre>{@code
 * MfaAlertsCentralBus central = MfaAlertsCentralBus.Builder.create(this, "CentralBus")
 *     .organizationId("o-a1b2c3d4e5")
 *     .build();
 * MfaAlerts.Builder.create(this, "MfaAlerts").eventBus(central.getEventBus()).build();
 * }</pre>
 *
 * <p>The bus policy admits {@code events:PutEvents} from any principal of the organization
 * ({@code aws:PrincipalOrgID}): "Sending and receiving events between AWS accounts in Amazon EventBridge", Amazon
 * EventBridge User Guide, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html. Events that
 * arrive keep their own {@code detail}, so the alert messages name the account ({@code recipientAccountId}) and the
 * Region ({@code awsRegion}) where each event was recorded.
 *
 * <p>Construct ids are part of the contract: {@code Bus} (aws-cdk-lib gives its policy statement the Sid
 * {@code cdk-}{@value #STATEMENT_ID}).
 */
public class MfaAlertsCentralBus extends Construct {
    /** The Sid, after aws-cdk-lib's {@code cdk-} prefix, of the bus policy statement that admits the organization. */
    public static final String STATEMENT_ID = "AllowOrganizationToPutMfaAlertEvents";

    /** The default name of the bus. */
    public static final String DEFAULT_EVENT_BUS_NAME = "mfa-alerts";

    private static final Pattern ORGANIZATION_ID = Pattern.compile("o-[a-z0-9]{10,32}");
    private static final Pattern BUS_NAME = Pattern.compile("[A-Za-z0-9._-]{1,256}");

    private final EventBus eventBus;

    /**
     * Define the central bus.
     *
     * @param scope the parent construct
     * @param id the construct id
     * @param props the properties; {@code organizationId} is required
     * @throws IllegalArgumentException when a property is invalid; the message names it, the value given and what
     *     is allowed
     */
    public MfaAlertsCentralBus(@NotNull Construct scope, @NotNull String id, @NotNull MfaAlertsCentralBusProps props) {
        super(Objects.requireNonNull(scope, "scope is required"), Objects.requireNonNull(id, "id is required"));
        Objects.requireNonNull(props, "props is required");
        String organizationId = props.getOrganizationId();
        if (organizationId == null || (!Token.isUnresolved(organizationId)
                && !ORGANIZATION_ID.matcher(organizationId).matches())) {
            throw new IllegalArgumentException("organizationId: '" + organizationId + "' is not an organization id. "
                    + "Allowed: o- followed by 10 to 32 lowercase letters or digits, such as o-a1b2c3d4e5.");
        }
        String name = props.getEventBusName() == null ? DEFAULT_EVENT_BUS_NAME : props.getEventBusName();
        if (!Token.isUnresolved(name) && (!BUS_NAME.matcher(name).matches() || "default".equals(name))) {
            throw new IllegalArgumentException("eventBusName: '" + name + "' is not a name for a custom event bus. "
                    + "Allowed: 1 to 256 letters, digits, '.', '_' or '-', other than 'default'.");
        }
        eventBus = EventBus.Builder.create(this, "Bus").eventBusName(name).build();
        eventBus.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid(STATEMENT_ID)
                .effect(Effect.ALLOW)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("events:PutEvents"))
                .resources(List.of(eventBus.getEventBusArn()))
                .conditions(Map.of("StringEquals", Map.of("aws:PrincipalOrgID", organizationId)))
                .build());
    }

    /**
     * The central bus.
     *
     * @return the bus
     */
    public @NotNull EventBus getEventBus() {
        return eventBus;
    }

    /**
     * The ARN of the central bus, to give each forwarder as {@code targetEventBusArn}.
     *
     * @return the ARN
     */
    public @NotNull String getEventBusArn() {
        return eventBus.getEventBusArn();
    }

    /** A fluent builder for {@link MfaAlertsCentralBus}. */
    public static final class Builder extends MfaAlertsCentralBusProps.BuilderBase<Builder> {
        private final Construct scope;
        private final String id;

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        /**
         * Start a builder.
         *
         * @param scope the parent construct
         * @param id the construct id
         * @return a new builder
         */
        public static @NotNull Builder create(@NotNull Construct scope, @NotNull String id) {
            return new Builder(scope, id);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Define the central bus.
         *
         * @return the new construct
         */
        public @NotNull MfaAlertsCentralBus build() {
            return new MfaAlertsCentralBus(scope, id, props());
        }
    }
}
