package io.github.cdkmfa;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The immutable value behind every props builder of this library: a {@link Proxy} that answers each getter of a
 * props interface from the values its builder's setters collected, so that an option is one getter (with its
 * Javadoc and default) and one setter, and nothing else.
 *
 * <p>Written here because the annotation processors that generate value types (Immutables, AutoValue, Lombok)
 * generate builders whose setters return that one builder type. This library's construct builders
 * ({@code MfaEnforcedGroup.Builder.create(scope, id).groupName(...).build()}, the shape every jsii-generated
 * construct has) inherit the props setters through a self type, which those generated builders cannot do.
 */
final class PropsValues implements InvocationHandler {
    private final Class<?> type;
    private final Map<String, Object> values;

    private PropsValues(Class<?> type, Map<String, Object> values) {
        this.type = type;
        this.values = values;
    }

    /**
     * A props value of a type whose getters answer the given values; a getter without a value answers
     * {@code null}, as every getter's default does.
     *
     * @param type the props interface
     * @param values values by property name ({@code getMaxMfaAge} is {@code maxMfaAge}); copied
     * @param <T> the props interface
     * @return the value
     */
    static <T> T of(Class<T> type, Map<String, Object> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Method getter : getters(type)) {
            Object value = values.get(property(getter));
            if (value != null) {
                copy.put(property(getter), value);
            }
        }
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new PropsValues(type, Collections.unmodifiableMap(copy))));
    }

    /**
     * Read every property of a type from any implementation of it, the user's own included.
     *
     * @param type the props interface whose getters are read
     * @param props an implementation of {@code type}
     * @return the values that are not {@code null}, by property name
     */
    static Map<String, Object> read(Class<?> type, Object props) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Method getter : getters(type)) {
            try {
                Object value = getter.invoke(props);
                if (value != null) {
                    values.put(property(getter), value);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + property(getter) + " of " + props, e);
            }
        }
        return values;
    }

    /**
     * Refuse list properties with a {@code null} element, naming the property; every list property is checked.
     *
     * @param type the props interface
     * @param props an implementation of {@code type}
     * @throws IllegalArgumentException naming the property, the value given and what is allowed
     */
    static void checkNoNullElements(Class<?> type, Object props) {
        read(type, props).forEach((name, value) -> {
            // Not List.contains(null): the immutable lists of List.of and List.copyOf throw on it.
            if (value instanceof List<?> list && list.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException(name + ": " + list + " contains null. Allowed: a list without "
                        + "null elements (leave the property unset, or give an empty list, for none).");
            }
        });
    }

    /**
     * A copy of a list property as given to a setter: {@code null} stays {@code null}, null elements are kept for
     * the check that names them.
     */
    static List<Object> copyOf(List<?> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /**
     * The property a getter answers, found by calling the getter on a value of the props interface that records
     * the call: builders name a property by a method reference ({@code MfaEnforcedGroupProps::getGroupName}) that
     * the compiler checks, not by a string.
     *
     * @param type the props interface of the builder (the getter's interface or one that extends it)
     * @param getter the getter, as a method reference
     * @return the property ({@code getMaxMfaAge} is {@code maxMfaAge})
     * @throws IllegalStateException when the function calls no getter of {@code type}, or more than one
     */
    @SuppressWarnings("unchecked")
    static <T> String propertyOf(Class<?> type, Function<T, ?> getter) {
        List<Method> called = new ArrayList<>();
        Object recorder = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    called.add(method);
                    return null;
                });
        getter.apply((T) recorder);
        if (called.size() != 1 || !getters(type).contains(called.get(0))) {
            throw new IllegalStateException("a builder setter must name one getter of " + type.getSimpleName()
                    + ", as a method reference; it called " + called);
        }
        return property(called.get(0));
    }

    /** The getters of a props interface: public, no parameters, named {@code getX}, inherited ones included. */
    static List<Method> getters(Class<?> type) {
        List<Method> getters = new ArrayList<>();
        for (Method method : type.getMethods()) {
            if (!Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 0
                    && method.getName().startsWith("get") && method.getName().length() > 3) {
                getters.add(method);
            }
        }
        getters.sort((a, b) -> a.getName().compareTo(b.getName()));
        return getters;
    }

    /** The property a getter answers: {@code getMaxMfaAge} is {@code maxMfaAge}. */
    static String property(Method getter) {
        String name = getter.getName().substring(3);
        return name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return args[0] != null && Proxy.isProxyClass(args[0].getClass())
                        && Proxy.getInvocationHandler(args[0]) instanceof PropsValues other
                        && other.type.equals(type) && other.values.equals(values);
            case "hashCode":
                return Objects.hash(type, values);
            case "toString":
                return type.getSimpleName() + values;
            default:
                return values.get(property(method));
        }
    }
}
