package dev.videoagent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code videoagent --version}: the Maven project version, filtered into the jar at build time. */
final class VersionProvider implements IVersionProvider {
  static final String RESOURCE = "/dev/videoagent/cli/version.properties";

  @Override
  public String[] getVersion() {
    return new String[] {
      "videoagent " + version(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }

  static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        String version = properties.getProperty("version", "");
        if (!version.isBlank() && !version.contains("${")) {
          return version;
        }
      }
    } catch (IOException e) {
      // Fall through to the manifest.
    }
    String manifest = VersionProvider.class.getPackage().getImplementationVersion();
    return manifest == null ? "(unknown version)" : manifest;
  }
}
