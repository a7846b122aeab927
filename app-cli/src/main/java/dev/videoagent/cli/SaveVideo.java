package dev.videoagent.cli;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.DownloadVideo;
import dev.videoagent.core.usecase.DownloadVideo.VideoResult;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code -o FILE}: the job's stored video, copied out of the store into the file. */
final class SaveVideo {
  private final DownloadVideo downloadVideo;
  private final Path workingDir;

  /**
   * @param workingDir what a relative {@code -o FILE} is relative to
   */
  SaveVideo(DownloadVideo downloadVideo, Path workingDir) {
    this.downloadVideo = downloadVideo;
    this.workingDir = workingDir;
  }

  /**
   * Writes the video of job {@code id} to {@code target}, fetching it into the store first when a
   * completed job has none (downloads gave up earlier, or the file went missing).
   *
   * @return the job as now stored
   * @throws CliException exit 1 when the job has no video (failed, canceled, download failed), 3
   *     when it is not finished yet, 2 when there is no such job or the file cannot be written (see
   *     {@link OutputFile})
   */
  VideoJob to(String id, Path target) {
    VideoResult result = downloadVideo.open(Access.operator(), id, true);
    if (result instanceof VideoResult.NotFound) {
      throw CliException.noSuchJob(id);
    }
    if (result instanceof VideoResult.NotReady notReady) {
      VideoJob job = notReady.job();
      if (!job.status().isTerminal()) {
        throw new CliException(
            ExitCode.UNAVAILABLE,
            "Job "
                + id
                + " is "
                + job.status().wireName()
                + ", so there is no video yet; wait for it with: videoagent wait "
                + id
                + " -o "
                + target);
      }
      throw new CliException(ExitCode.JOB_FAILED, JobOutput.failureSentence(job));
    }
    VideoResult.Available available = (VideoResult.Available) result;
    try {
      VideoFiles.save(available.content(), available.job().content(), workingDir, target);
    } catch (IOException e) {
      throw CliException.usage("Could not write " + target + ": " + describe(e));
    }
    return available.job();
  }

  /** An I/O failure in words: "permission denied", not "AccessDeniedException: /x". */
  static String describe(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
