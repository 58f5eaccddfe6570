package io.shopset.app;

import java.net.BindException;

/** One-line descriptions of start-up failures for people. */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return "a listen address is already in use (" + t.getMessage() + ')';
            }
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
