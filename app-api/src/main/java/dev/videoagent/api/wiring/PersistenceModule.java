package dev.videoagent.api.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.videoagent.adapters.persistence.Database;
import dev.videoagent.adapters.persistence.FileVideoStore;
import dev.videoagent.api.config.ConfigException;
import dev.videoagent.api.config.Settings;
import dev.videoagent.core.port.ClientKeyRepository;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.VideoStore;

/**
 * The database named by {@code VIDEOAGENT_DB} (SQLite or PostgreSQL; the URL decides) and the video
 * folder under {@code VIDEOAGENT_HOME}. Opened on first use, not when the module is built.
 */
public final class PersistenceModule extends AbstractModule {

  @Provides
  @Singleton
  Database database(Settings settings, Closer closer) {
    try {
      return closer.register(Database.open(settings.databaseUrl()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  @Provides
  @Singleton
  JobRepository jobs(Database database) {
    return database.jobs();
  }

  @Provides
  @Singleton
  ClientKeyRepository clientKeys(Database database) {
    return database.clientKeys();
  }

  @Provides
  @Singleton
  FileVideoStore fileStore(Settings settings) {
    return new FileVideoStore(settings.videosDir());
  }

  @Provides
  @Singleton
  VideoStore store(FileVideoStore store) {
    return store;
  }
}
