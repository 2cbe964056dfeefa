package io.github.cdkmfa;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/**
 * Properties for defining {@link MfaAlertsCentralBus}.
 *
 * <p>Only {@link #getOrganizationId() the organization} is required.
 */
public interface MfaAlertsCentralBusProps {

    /**
     * The id of the organization whose accounts may put events on the bus ({@code o-} and 10 to 32 lowercase
     * letters or digits).
     *
     * @return the organization id
     */
    @NotNull String getOrganizationId();

    /**
     * The name of the event bus.
     *
     * <p>Default: "mfa-alerts"
     *
     * @return the name, or {@code null} for the default
     */
    default @Nullable String getEventBusName() {
        return null;
    }

    /**
     * Create a builder for {@link MfaAlertsCentralBusProps}.
     *
     * @return a new builder
     */
    static @NotNull Builder builder() {
        return new Builder();
    }

    /** A builder for {@link MfaAlertsCentralBusProps}. */
    final class Builder extends BuilderBase<Builder> {
        Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Build the properties.
         *
         * @return a new instance of {@link MfaAlertsCentralBusProps}
         */
        public @NotNull MfaAlertsCentralBusProps build() {
            return props();
        }
    }

    /**
     * The setters every builder of {@link MfaAlertsCentralBusProps} shares.
     *
     * @param <B> the concrete builder, returned by each setter
     */
    abstract class BuilderBase<B extends BuilderBase<B>> extends PropsBuilder<B> {

        /** Create the builder. */
        protected BuilderBase() {
        }

        /**
         * The concrete builder.
         *
         * @return this builder
         */
        @Override
        protected abstract B self();

        /**
         * Set {@link MfaAlertsCentralBusProps#getOrganizationId()}.
         *
         * @param organizationId the organization whose accounts may put events on the bus
         * @return this builder
         */
        public @NotNull B organizationId(@NotNull String organizationId) {
            return set("organizationId", organizationId);
        }

        /**
         * Set {@link MfaAlertsCentralBusProps#getEventBusName()}.
         *
         * @param eventBusName the name of the event bus
         * @return this builder
         */
        public @NotNull B eventBusName(@Nullable String eventBusName) {
            return set("eventBusName", eventBusName);
        }

        /**
         * The properties set so far.
         *
         * @return the properties as a value
         */
        protected @NotNull MfaAlertsCentralBusProps props() {
            return values(MfaAlertsCentralBusProps.class);
        }
    }
}
