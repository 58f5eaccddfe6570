package io.shopset.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the project version stamped into the jar at build time. */
final class VersionProvider implements IVersionProvider {

    static String version() {
        final Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/shopset-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return p.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"shopset " + version() + " (Java " + Runtime.version() + ')'};
    }
}
