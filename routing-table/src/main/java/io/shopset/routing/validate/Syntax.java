package io.shopset.routing.validate;

/**
 * The syntax of names and host names, checked char by char: no regular expression, no allocation
 * (a validation of a million shops checks three million of them).
 *
 * <ul>
 *   <li>A name (shop id, ShopSet, tier, failure domain, configuration): 1 to 63 of {@code a-z},
 *       {@code 0-9} and {@code -}, not starting or ending with {@code -}.</li>
 *   <li>A host name (already normalised): at most 253 chars, labels separated by {@code .}; a label
 *       is 1 to 63 of {@code a-z}, {@code 0-9}, {@code _} and {@code -}, not starting with {@code -},
 *       and, when longer than one char, ending with a letter or digit.</li>
 * </ul>
 */
final class Syntax {

    static final int MAX_NAME = 63;
    static final int MAX_HOST = 253;

    private Syntax() {
    }

    static boolean isName(String s) {
        final int n = s.length();
        if (n == 0 || n > MAX_NAME || s.charAt(0) == '-' || s.charAt(n - 1) == '-') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            final char c = s.charAt(i);
            if (!(isLowerAlnum(c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    static boolean isHost(String s) {
        final int n = s.length();
        if (n == 0 || n > MAX_HOST) {
            return false;
        }
        int start = 0;
        for (int i = 0; i <= n; i++) {
            final char c = i < n ? s.charAt(i) : '.';
            if (c == '.') {
                final int len = i - start;
                if (len == 0 || len > MAX_NAME || s.charAt(start) == '-') {
                    return false;
                }
                if (len > 1 && !isLowerAlnum(s.charAt(i - 1))) {
                    return false;
                }
                start = i + 1;
            } else if (!(isLowerAlnum(c) || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }
}
