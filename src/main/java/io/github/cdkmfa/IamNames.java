package io.github.cdkmfa;

import java.util.regex.Pattern;

import software.amazon.awscdk.Token;

/** Synth-time checks of IAM names and paths against IAM's own rules (IAM API reference, CreateGroup). */
final class IamNames {
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final Pattern PATH = Pattern.compile("/|/[\\x21-\\x7E]+/");
    private static final int MAX_PATH_LENGTH = 512;

    private IamNames() {
    }

    /**
     * Check an optional IAM group or policy name; unresolved tokens are left to deployment.
     *
     * @param property the property's name, for the message
     * @param value the name given, or {@code null}
     */
    static void checkName(String property, String value) {
        if (value == null || Token.isUnresolved(value)) {
            return;
        }
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(property + ": '" + value + "' is not a valid IAM name. Allowed: 1 to "
                    + "128 characters, each a letter, a digit or one of + = , . @ _ - (length given: "
                    + value.length() + ").");
        }
    }

    /**
     * Check an optional IAM path; unresolved tokens are left to deployment.
     *
     * @param property the property's name, for the message
     * @param value the path given, or {@code null}
     */
    static void checkPath(String property, String value) {
        if (value == null || Token.isUnresolved(value)) {
            return;
        }
        if (value.length() > MAX_PATH_LENGTH || !PATH.matcher(value).matches()) {
            throw new IllegalArgumentException(property + ": '" + value + "' is not a valid IAM path. Allowed: '/' "
                    + "alone, or a path that starts and ends with '/' and holds only printable ASCII characters "
                    + "(no spaces), at most " + MAX_PATH_LENGTH + " characters (length given: " + value.length()
                    + ").");
        }
    }
}
