package dev.videoagent.core.port;

import java.util.Objects;

/**
 * Whose a stored job is and which write of it is stored: enough to tell whether a copy of the job
 * kept elsewhere is still the stored one, since every write of a job advances its version.
 *
 * @param tenant the job's tenant
 * @param version the stored job's version
 */
public record JobStamp(String tenant, long version) {
  public JobStamp {
    Objects.requireNonNull(tenant, "tenant");
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative");
    }
  }
}
