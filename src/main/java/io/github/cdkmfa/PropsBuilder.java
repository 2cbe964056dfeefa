package io.github.cdkmfa;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What every props builder of this library shares: the values its setters collected, handed out as an
 * immutable {@link PropsValues} value of a props interface.
 *
 * <p>Sealed: the builders are the library's, with a fixed set of subclasses; users build props through them or
 * implement the props interfaces, never extend a builder.
 *
 * @param <B> the concrete builder, returned by each setter
 */
abstract sealed class PropsBuilder<B extends PropsBuilder<B>>
        permits MfaEnforcementPolicyOptions.BuilderBase, MfaAlertsProps.BuilderBase,
        MfaEnrolmentInvitationsProps.BuilderBase, MfaAlertsCentralBusProps.BuilderBase,
        MfaAlertsForwardingProps.BuilderBase {
    private final Class<?> type;
    private final Map<String, Object> values = new LinkedHashMap<>();

    /**
     * Start a builder of a props interface.
     *
     * @param type the props interface the builder builds; every getter a setter names must be one of its own
     */
    PropsBuilder(Class<?> type) {
        this.type = type;
    }

    /**
     * The concrete builder.
     *
     * @return this builder
     */
    abstract B self();

    /**
     * Set the property a getter answers: {@code set(MfaEnforcedGroupProps::getGroupName, name)}. The getter is a
     * method reference the compiler checks, not a name in a string; {@code null} unsets the property.
     *
     * @param getter the props interface's getter of the property
     * @param value the value, or {@code null}
     * @param <T> the props interface that declares the getter (the builder's type or one it extends)
     * @param <V> the property's type
     * @return this builder
     */
    final <T, V> B set(Function<T, V> getter, V value) {
        values.put(PropsValues.propertyOf(type, getter), value);
        return self();
    }

    /**
     * Copy every property of a props interface from a value of it, such as the policy options of a group's props.
     *
     * @param from the interface whose getters are read
     * @param props an implementation of {@code from}, the user's own included
     * @return this builder
     */
    final B copy(Class<?> from, Object props) {
        values.putAll(PropsValues.read(from, props));
        return self();
    }

    /**
     * The properties set so far, as a value of the builder's props interface.
     *
     * @param as the props interface (the builder's type or one it extends)
     * @param <T> the props interface
     * @return the value
     */
    final <T> T values(Class<T> as) {
        return PropsValues.of(as, values);
    }
}
