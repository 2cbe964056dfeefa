package io.github.cdkmfa;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every props builder of this library shares: the values its setters collected, handed out as an
 * immutable {@link PropsValues} value of a props interface.
 *
 * @param <B> the concrete builder, returned by each setter
 */
abstract class PropsBuilder<B extends PropsBuilder<B>> {
    private final Map<String, Object> values = new LinkedHashMap<>();

    /**
     * The concrete builder.
     *
     * @return this builder
     */
    protected abstract B self();

    /** Set a property by its name ({@code getMaxMfaAge} is {@code maxMfaAge}); {@code null} unsets it. */
    final B set(String property, Object value) {
        values.put(property, value);
        return self();
    }

    /** The properties set so far, as a value of a props interface. */
    final <T> T values(Class<T> type) {
        return PropsValues.of(type, values);
    }
}
