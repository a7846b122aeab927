package dev.videoagent.core.usecase;

import dev.videoagent.core.VideoJob;
import java.util.Objects;
import java.util.Optional;

/**
 * Whose jobs a caller may see: one tenant's (an API key) or all (the operator at the command line).
 * Another tenant's job is reported as not found, never as forbidden.
 */
public sealed interface Access {

  static Access tenant(String tenant) {
    return new Tenant(tenant);
  }

  static Access operator() {
    return new Operator();
  }

  boolean permits(VideoJob job);

  /** The tenant to filter lists by, or empty for all. */
  Optional<String> tenantFilter();

  record Tenant(String name) implements Access {
    public Tenant {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public boolean permits(VideoJob job) {
      return job.tenant().equals(name);
    }

    @Override
    public Optional<String> tenantFilter() {
      return Optional.of(name);
    }
  }

  record Operator() implements Access {
    @Override
    public boolean permits(VideoJob job) {
      return true;
    }

    @Override
    public Optional<String> tenantFilter() {
      return Optional.empty();
    }
  }
}
