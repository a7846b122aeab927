package dev.videoagent.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web console in a real browser against the service as users start it with the sandbox: the key
 * the service prints signs in; a prompt becomes a playable video without reloading the page; a
 * failed job says why; markup in a prompt stays text; a wrong key and a bad field are told where
 * they belong; the list and a job's page follow the service's event streams, with no polling.
 * Screenshots (desktop and phone width) go to {@code target/console-screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one service and one browser for both tests
class ConsoleIT {
  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private static final Pattern SANDBOX_KEY =
      Pattern.compile("shown only now; it stays valid in this database\\):\\R {2}(\\S+)\\R");
  private static final String HOSTILE_PROMPT =
      "<script>window.hacked = true</script><img src=x onerror=\"window.hacked = true\"> Our"
          + " spring product demo";

  private Path home;
  private ServiceProcess service;
  private ChromeDriver browser;

  @BeforeAll
  void start(@TempDir Path folder) throws Exception {
    home = folder;
    HeadlessChromium.requireInstalled();
    int port = ServiceProcess.freePort();
    Path log = home.resolve("service.log");
    // No VIDEOAGENT_API_KEYS: the sandbox makes a key and prints it with the console's URL.
    // The public URL lets the sandbox call back as soon as a video is done.
    service =
        new ServiceProcess(
            Map.of(
                "VIDEOAGENT_HOME",
                home.resolve("data").toString(),
                "VIDEOAGENT_SANDBOX",
                "true",
                "VIDEOAGENT_PUBLIC_URL",
                "http://127.0.0.1:" + port),
            log,
            port);
    service.start();
    Files.createDirectories(SCREENSHOTS);
    browser = HeadlessChromium.start(home.resolve("profile"), 1280, 1000);
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (service != null) {
      service.close();
    }
  }

  @Test
  void aPersonWithABrowserAndTheSandboxKeyMakesAndWatchesAVideo() throws Exception {
    String printed = Files.readString(home.resolve("service.log"));
    assertThat(printed).contains("Open the web console").contains(service.url() + "/");
    Matcher key = SANDBOX_KEY.matcher(printed);
    assertThat(key.find()).as(printed).isTrue();

    browser.get(service.url() + "/");
    js("window.sameDocument = true;");

    // A wrong key is refused beside the key field.
    type("api-key", "not-a-key-of-this-service-42");
    browser.findElement(By.id("sign-in-button")).click();
    until(() -> !text("api-key-error").isEmpty());
    assertThat(text("api-key-error")).startsWith("This API key was refused");
    assertThat(field("api-key").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(visible("jobs-view")).isFalse();

    // The right key, from the keyboard alone.
    type("api-key", key.group(1));
    field("api-key").sendKeys(Keys.ENTER);
    until(() -> visible("jobs-view"));
    assertThat(js("return sessionStorage.length")).isEqualTo(1L);
    assertThat(browser.getCurrentUrl()).doesNotContain(key.group(1));

    // Every control has a label, and keyboard focus is visible.
    assertThat(
            js(
                "return [...document.querySelectorAll('input, select, textarea')]"
                    + ".filter(e => e.labels.length === 0).map(e => e.id)"))
        .asList()
        .isEmpty();
    assertThat(js("return document.getElementById('announcer').getAttribute('aria-live')"))
        .isEqualTo("polite");
    field("prompt").sendKeys(Keys.TAB);
    assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("avatar");
    assertThat(js("return getComputedStyle(document.activeElement).outlineStyle"))
        .isEqualTo("solid");

    // The live path: the list follows the service's real event stream, not a fall-back poll.
    // Two jobs are made through the API (not the page) at once: one is followed on its own page,
    // the other in the list (kept up to date behind that page); both complete without a reload
    // and without any read of the list or of the job having brought the change.
    until(() -> "live".equals(field("live-state").getAttribute("data-state")));
    assertThat(text("live-state")).startsWith("Live:");
    js(
        "window.seenRows = {};"
            + "const record = () => { for (const li of document.querySelectorAll('#job-list li')) {"
            + "  const k = li.querySelector('.job-prompt').textContent + '|'"
            + "    + li.querySelector('.status').textContent;"
            + "  if (!(k in window.seenRows)) window.seenRows[k] = performance.now(); } };"
            + "new MutationObserver(record).observe(document.getElementById('job-list'),"
            + "  { subtree: true, childList: true, characterData: true });");
    ApiClient api = new ApiClient(service::url, key.group(1));
    double beforeCreate = ((Number) js("return performance.now()")).doubleValue();
    String inList = "Made through the API, watched in the list";
    api.create(inList, "console-live-list");
    String followedId =
        api.create("Followed on its own page", "console-live-job").get("id").asText();

    // The job's own page follows its own stream (/v1/videos/{id}/events) until it is stored.
    js("location.hash = arguments[0]", "#/jobs/" + followedId);
    until(() -> "live".equals(field("job-live-state").getAttribute("data-state")));
    double opened = ((Number) js("return performance.now()")).doubleValue();
    until(() -> visible("player-box"));
    assertThat(field("job-status").getAttribute("class")).contains("status-completed");
    until(() -> "ended".equals(field("job-live-state").getAttribute("data-state")));
    assertThat(jobReadsSince(opened, followedId)).as("reads of the open job").isEmpty();
    until(
        () ->
            (Boolean)
                js(
                    "return performance.getEntriesByType('resource').some(e =>"
                        + " new URL(e.name).pathname === arguments[0])",
                    "/v1/videos/" + followedId + "/events"));

    until(() -> seen(inList, "completed") != null);
    double completedShown = seen(inList, "completed");
    assertThat(
            js(
                "return Object.entries(window.seenRows).filter(([k, t]) =>"
                    + " k.startsWith(arguments[0] + '|') && !k.endsWith('|completed')"
                    + " && t < arguments[1]).length",
                inList,
                completedShown))
        .as("the row was shown before it completed")
        .isNotEqualTo(0L);
    assertThat(jobReadsSince(beforeCreate, null))
        .as("list reads that started before the row showed completed")
        .allSatisfy(started -> assertThat(started).isGreaterThan(completedShown));
    browser.findElement(By.id("back-link")).click();
    until(() -> visible("jobs-view"));

    // A field error lands beside its field, which keeps what was typed.
    type("prompt", "   ");
    type("avatar", "kept-avatar");
    browser.findElement(By.id("create-button")).click();
    until(() -> !text("prompt-error").isEmpty());
    assertThat(text("prompt-error")).contains("prompt");
    assertThat(field("prompt").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(field("prompt").getAttribute("aria-describedby")).contains("prompt-error");
    assertThat(field("avatar").getAttribute("value")).isEqualTo("kept-avatar");
    field("avatar").clear();

    // The character count counts as the API does: code points, here an emoji as one.
    // (ChromeDriver types only the Basic Multilingual Plane, so the page is given the text.)
    js(
        "const p = document.getElementById('prompt'); p.value = arguments[0];"
            + " p.dispatchEvent(new Event('input'));",
        "Hi \uD83D\uDC4B");
    assertThat(text("prompt-count")).startsWith("4 / 10,000");

    type("prompt", HOSTILE_PROMPT);
    browser.findElement(By.id("create-button")).click();
    WebElement good = find(() -> row(HOSTILE_PROMPT));
    type("prompt", "This one cannot be made [fail]");
    browser.findElement(By.id("create-button")).click();
    WebElement bad = find(() -> row("This one cannot be made [fail]"));

    // Both move on by themselves; the page is never reloaded.
    until(() -> status(good).equals("completed") && status(bad).equals("failed"));
    assertThat(js("return window.sameDocument === true")).isEqualTo(true);
    assertThat(js("return window.hacked === undefined")).isEqualTo(true);
    assertThat(browser.findElements(By.cssSelector("#job-list script, #job-list img"))).isEmpty();
    assertThat(text("live-state")).isNotEmpty();
    screenshot("console-desktop.png");

    // The completed job plays, and seeks, from its signed content link.
    good.findElement(By.tagName("a")).click();
    until(() -> visible("player-box"));
    assertThat(text("job-prompt")).isEqualTo(HOSTILE_PROMPT);
    assertThat(browser.findElements(By.cssSelector("#job-view script, #job-view img"))).isEmpty();
    assertThat(js("return document.getElementById('player').src")).asString().contains("link=");
    assertThat(js("return document.getElementById('player').src"))
        .asString()
        .doesNotContain(key.group(1));
    js("const p = document.getElementById('player'); p.muted = true; p.play();");
    until(
        () ->
            ((Number) js("return document.getElementById('player').duration || 0")).doubleValue()
                > 0);
    double duration =
        ((Number) js("return document.getElementById('player').duration")).doubleValue();
    js("const p = document.getElementById('player'); p.currentTime = arguments[0];", duration / 2);
    until(
        () ->
            ((Number) js("return document.getElementById('player').currentTime")).doubleValue()
                >= duration / 2 - 0.5);
    assertThat(browser.findElement(By.id("download")).getAttribute("href")).contains("link=");
    screenshot("console-job-desktop.png");

    // The failed job says why, in words, and offers a retry.
    browser.findElement(By.id("back-link")).click();
    until(() -> visible("jobs-view"));
    row("This one cannot be made [fail]").orElseThrow().findElement(By.tagName("a")).click();
    until(() -> visible("job-error"));
    assertThat(text("job-error")).contains("could not make this video");
    assertThat(visible("retry-button")).isTrue();
    assertThat(visible("player-box")).isFalse();

    // Retry makes a new attempt of the failed job, on the page, without reloading.
    browser.findElement(By.id("retry-button")).click();
    until(() -> text("job-attempt").equals("2"));

    // A running job can be canceled from its page.
    browser.findElement(By.id("back-link")).click();
    until(() -> visible("jobs-view"));
    type("prompt", "Canceled before it is made");
    browser.findElement(By.id("create-button")).click();
    find(() -> row("Canceled before it is made")).findElement(By.tagName("a")).click();
    until(() -> visible("cancel-button"));
    browser.findElement(By.id("cancel-button")).click();
    until(() -> text("job-status").equals("Canceled"));
    assertThat(visible("cancel-button")).isFalse();

    // Phone width: one column.
    browser.manage().window().setSize(new Dimension(390, 900));
    browser.findElement(By.id("back-link")).click();
    until(() -> visible("jobs-view"));
    WebElement create = browser.findElement(By.id("create"));
    WebElement jobs = browser.findElement(By.id("jobs"));
    assertThat(jobs.getLocation().getX()).isEqualTo(create.getLocation().getX());
    assertThat(jobs.getLocation().getY()).isGreaterThan(create.getLocation().getY());
    screenshot("console-phone.png");

    // Signing out forgets the key.
    browser.findElement(By.id("sign-out")).click();
    until(() -> visible("sign-in-view"));
    assertThat(js("return sessionStorage.length")).isEqualTo(0L);
  }

  /**
   * The console's event-stream reader, run in the browser on a stream cut at awkward places: lines
   * split across chunks, CRLF split between chunks, comments, several data lines, an id to resume
   * from and a retry hint.
   */
  @Test
  void theEventStreamReaderFollowsTheStandardFormat() {
    browser.get(service.url() + "/");
    Object result =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "import('/js/events.js').then(async ({ readEvents }) => {"
                    + "  const chunks = [': keep-alive\\n', 'id: 7\\nevent: video.q', 'ueued\\r',"
                    + "    '\\ndata: {\"a\":', '1}\\r\\n\\r', '\\nretry: 2500\\n',"
                    + "    'data: one\\ndata:two\\n\\n', 'data: unfinished'];"
                    + "  const body = new ReadableStream({ start(c) {"
                    + "    const enc = new TextEncoder(); chunks.forEach(x => c.enqueue(enc.encode(x)));"
                    + "    c.close(); } });"
                    + "  const events = []; let retry = null;"
                    + "  await readEvents(new Response(body), e => events.push(e), ms => retry = ms);"
                    + "  done(JSON.stringify({ events, retry }));"
                    + "}).catch(e => done('failed: ' + e));");
    assertThat(result)
        .isEqualTo(
            "{\"events\":[{\"type\":\"video.queued\",\"data\":\"{\\\"a\\\":1}\",\"id\":\"7\"},"
                + "{\"type\":\"message\",\"data\":\"one\\ntwo\"}],\"retry\":2500}");
  }

  /** When the page first showed the row of {@code prompt} with {@code status} (page time, ms). */
  private Double seen(String prompt, String status) {
    Object at = js("return window.seenRows[arguments[0]]", prompt + "|" + status);
    return at == null ? null : ((Number) at).doubleValue();
  }

  /**
   * When each read of the job list (or, given an id, of that job) that the page made after {@code
   * since} started: what a polling page would make. Streams and other routes are not counted.
   */
  private List<Double> jobReadsSince(double since, String id) {
    Object starts =
        js(
            "return performance.getEntriesByType('resource')"
                + ".filter(e => e.startTime > arguments[0]).filter(e => {"
                + "  const path = new URL(e.name).pathname;"
                + "  return arguments[1] === null ? path === '/v1/videos'"
                + "    : path === '/v1/videos/' + arguments[1]; })"
                + ".map(e => e.startTime)",
            since,
            id);
    return ((List<?>) starts).stream().map(n -> ((Number) n).doubleValue()).toList();
  }

  /** Waits for the page to get there by itself; elements may be replaced meanwhile. */
  private static void until(Callable<Boolean> condition) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(condition);
  }

  private static WebElement find(Callable<Optional<WebElement>> element) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(element, Optional::isPresent)
        .orElseThrow();
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private WebElement field(String id) {
    return browser.findElement(By.id(id));
  }

  private void type(String id, String text) {
    WebElement field = field(id);
    field.clear();
    field.sendKeys(text);
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private boolean visible(String id) {
    return browser.findElement(By.id(id)).isDisplayed();
  }

  private Optional<WebElement> row(String prompt) {
    List<WebElement> rows = browser.findElements(By.cssSelector("#job-list li"));
    return rows.stream()
        .filter(r -> r.findElement(By.className("job-prompt")).getText().equals(prompt))
        .findFirst();
  }

  private static String status(WebElement row) {
    return row.findElement(By.className("status")).getText();
  }

  private void screenshot(String name) throws Exception {
    Path shot =
        ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
