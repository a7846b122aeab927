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

  default boolean permits(VideoJob job) {
    return permitsTenant(job.tenant());
  }

  /** Whether this caller may see the jobs of {@code tenant}. */
  boolean permitsTenant(String tenant);

  /** The tenant to filter lists by, or empty for all. */
  Optional<String> tenantFilter();

  record Tenant(String name) implements Access {
    public Tenant {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public boolean permitsTenant(String tenant) {
      return name.equals(tenant);
    }

    @Override
    public Optional<String> tenantFilter() {
      return Optional.of(name);
    }
  }

  record Operator() implements Access {
    @Override
    public boolean permitsTenant(String tenant) {
      return true;
    }

    @Override
    public Optional<String> tenantFilter() {
      return Optional.empty();
    }
  }
}
