/**
 * videoagent as a library: turn prompts into stored, avatar-led videos inside your own Java
 * service, with the guarantees of the videoagent service (jobs stored before they are sent, never
 * billed twice, videos downloaded and verified), without its HTTP server and without a dependency
 * injection framework.
 *
 * <p>Start with {@link dev.videoagent.embedded.VideoAgent#builder()}:
 *
 * <pre>{@code
 * try (VideoAgent agent = VideoAgent.builder().sandbox().home(Path.of("demo-home")).build()) {
 *   Video job = agent.submit("A friendly robot explains what videoagent does");
 *   Video done = agent.await(job.id(), Duration.ofMinutes(2)).videoOrThrow();
 *   agent.saveVideo(done.id(), Path.of("hello.mp4"));
 * }
 * }</pre>
 *
 * <p>This package is the whole published API. Types under {@code dev.videoagent.embedded.internal}
 * and the modules underneath ({@code videoagent-core}, the adapters) may change in any release.
 */
package dev.videoagent.embedded;
