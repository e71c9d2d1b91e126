package dev.tandem.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.setup.Environment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code tandem chat --web} in headless Chromium (Debian's chromium and chromium-driver): one hard
 * question that goes remote with its IP address redacted, and one private question that stays local. The
 * page must show, next to each answer, the tier, the reasons, what was redacted, and (for the remote one)
 * the exact text sent. A screenshot lands in target/e2e/web-chat.png.
 *
 * <p>Runs whenever Chromium is installed; in CI ({@code CI=true}) a missing Chromium fails the test.
 */
class WebChatBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOT = Path.of(System.getProperty("user.dir"))
            .resolve("../../target/e2e/web-chat.png")
            .normalize();

    static final String HARD_QUESTION = "Our build server 10.20.30.40 fails intermittently. Prove step by step why"
            + " retrying with exponential backoff bounds the load, and derive the expected number of attempts.";
    static final String PRIVATE_QUESTION = "Please summarise the last order of jane.doe@example.com";

    /** Long questions go remote, so this test does not depend on the difficulty estimator's calibration. */
    static final String POLICY = """
            name: web-chat-e2e
            tiers:
              local: { locality: local }
              remote: { locality: remote }
            rules:
              - name: personal-data-stays-local
                when: { sensitivity-at-least: high }
                keep-local: {}
              - name: long-questions-go-remote
                when: { prompt-tokens-over: 20 }
                route: { tier: remote, fallback: [local] }
            default:
              route: { tier: local, fallback: [remote] }
            """;

    @TempDir
    Path work;

    private final WireMockServer remote =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Thread cli;
    private WebDriver browser;

    @BeforeEach
    void requireChromium() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(
                    installed,
                    "Chromium is not installed: apt-get install -y chromium chromium-driver (required in CI)");
        }
        assertThat(installed)
                .as("CI needs Debian's chromium and chromium-driver (%s, %s)", CHROMIUM, CHROMEDRIVER)
                .isTrue();
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (browser != null) {
            browser.quit();
        }
        if (cli != null) {
            cli.interrupt();
            cli.join(10_000);
        }
        remote.stop();
    }

    @Test
    void thePageShowsTierReasonsRedactionsAndTheTextSentForEachAnswer() throws Exception {
        startRemote();
        String url = startWebChat();
        browser = chromium();
        browser.get(url);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(driver -> driver.findElement(By.id("policy")).getText().contains("web-chat-e2e"));

        ask(HARD_QUESTION);
        WebElement hard = answer(wait, 0);
        hard.findElement(By.cssSelector("[data-testid=sent-toggle]")).click();
        WebElement sent = hard.findElement(By.cssSelector("[data-testid=sent-text]"));
        ask(PRIVATE_QUESTION);
        WebElement personal = answer(wait, 1);
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).renameTo(screenshotFile());

        assertThat(hard.getAttribute("data-tier")).isEqualTo("remote");
        assertThat(text(hard, "tier")).contains("remote", "gpt-stub").doesNotContain("null");
        assertThat(text(hard, "reasons")).contains("long-questions-go-remote");
        assertThat(text(hard, "redactions")).contains("Redacted before sending", "IP_ADDRESS ×1");
        assertThat(text(hard, "answer-text")).isEqualTo("Check 10.20.30.40 first.");
        assertThat(sent.isDisplayed()).isTrue();
        assertThat(sent.getText())
                .contains("user: Our build server <IP_ADDRESS_1> fails intermittently")
                .doesNotContain("10.20.30.40");

        assertThat(personal.getAttribute("data-tier")).isEqualTo("local");
        assertThat(text(personal, "reasons")).contains("personal-data-stays-local");
        assertThat(text(personal, "redactions")).contains("Kept local", "EMAIL ×1");
        assertThat(personal.findElements(By.cssSelector("[data-testid=sent-toggle]")))
                .isEmpty();

        List<String> bodies = remote.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).stream()
                .map(LoggedRequest::getBodyAsString)
                .toList();
        assertThat(bodies).hasSize(1);
        assertThat(bodies.get(0)).contains("<IP_ADDRESS_1>").doesNotContain("10.20.30.40", "jane.doe");
        assertThat(SCREENSHOT).isNotEmptyFile();
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("<IP_ADDRESS_1>", "jane.doe");
    }

    /**
     * A page from another origin (another loopback port, as any site the person visits could be) tries the
     * chat API: a simple no-cors POST, a JSON POST and a read of the page holding the token. The browser
     * sends them; the server refuses each, so no chat runs and nothing reaches the remote. The real page
     * then asks the same question, proving the remote would have seen one.
     */
    @Test
    void aPageFromAnotherOriginCannotUseTheChat() throws Exception {
        startRemote();
        String url = startWebChat();
        HttpServer attacker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] attackPage = ATTACK_PAGE
                .replace("CHAT_URL", url)
                .replace("QUESTION", HARD_QUESTION)
                .getBytes(StandardCharsets.UTF_8);
        attacker.createContext("/", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, attackPage.length);
                exchange.getResponseBody().write(attackPage);
            }
        });
        attacker.start();
        try {
            browser = chromium();
            browser.get("http://127.0.0.1:" + attacker.getAddress().getPort() + "/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            String outcome = wait.until(driver -> driver.getTitle().startsWith("done") ? driver.getTitle() : null);

            assertThat(outcome).contains("simple:opaque", "json:blocked", "page:blocked");
            assertThat(remote.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))))
                    .as("no chat ran for the other origin")
                    .isEmpty();
        } finally {
            attacker.stop(0);
        }

        browser.get(url);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(driver -> driver.findElement(By.id("policy")).getText().contains("web-chat-e2e"));
        ask(HARD_QUESTION);
        assertThat(answer(wait, 0).getAttribute("data-tier")).isEqualTo("remote");
        assertThat(remote.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))))
                .hasSize(1);
    }

    /** What a hostile site could run; its title reports what each attempt got, for the test to read. */
    private static final String ATTACK_PAGE = """
            <!doctype html><html><head><title>working</title></head><body><script>
            const chat = "CHAT_URL";
            const body = JSON.stringify({ messages: [{ role: "user", content: "QUESTION" }] });
            const results = [];
            async function attempt(name, target, init) {
              try {
                const response = await fetch(target, init);
                results.push(name + ":" + response.type + ":" + response.status);
              } catch (e) {
                results.push(name + ":blocked");
              }
            }
            (async () => {
              await attempt("simple", chat + "api/chat",
                  { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body });
              await attempt("json", chat + "api/chat",
                  { method: "POST", headers: { "Content-Type": "application/json" }, body });
              await attempt("page", chat, {});
              document.title = "done " + results.join(" ");
            })();
            </script></body></html>
            """;

    private void ask(String question) {
        WebElement input = browser.findElement(By.id("question"));
        input.sendKeys(question);
        browser.findElement(By.id("send")).click();
    }

    private WebElement answer(WebDriverWait wait, int index) {
        return wait.until(driver -> {
            List<WebElement> answers = driver.findElements(By.cssSelector("[data-testid=answer]"));
            if (answers.size() <= index) {
                return null;
            }
            WebElement answer = answers.get(index);
            String state = answer.getAttribute("data-state");
            assertThat(state).as(answer.getText()).isNotEqualTo("error");
            return "done".equals(state) ? answer : null;
        });
    }

    private static String text(WebElement answer, String testId) {
        return answer.findElement(By.cssSelector("[data-testid=" + testId + "]"))
                .getText();
    }

    private File screenshotFile() throws Exception {
        Files.createDirectories(SCREENSHOT.getParent());
        Files.deleteIfExists(SCREENSHOT);
        return SCREENSHOT.toFile();
    }

    private void startRemote() {
        remote.start();
        remote.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"id": "x", "object": "chat.completion", "model": "gpt-stub",
                                 "choices": [{"index": 0, "finish_reason": "stop",
                                   "message": {"role": "assistant", "content": "Check <IP_ADDRESS_1> first."}}],
                                 "usage": {"prompt_tokens": 9, "completion_tokens": 5, "total_tokens": 14}}
                                """)));
        remote.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody("""
                        data: {"id":"x","object":"chat.completion.chunk","model":"gpt-stub","choices":[{"index":0,"delta":{"role":"assistant","content":"Check "}}]}

                        data: {"id":"x","object":"chat.completion.chunk","model":"gpt-stub","choices":[{"index":0,"delta":{"content":"<IP_ADDRESS_1> first."},"finish_reason":"stop"}]}

                        data: [DONE]

                        """)));
    }

    /** Runs {@code tandem chat --web --port 0} in process and returns the address it prints. */
    private String startWebChat() throws Exception {
        Path policy = Files.writeString(work.resolve("policy.yaml"), POLICY);
        Map<String, String> variables = Map.of(
                "TANDEM_LOCAL_MODEL",
                ForgedModel.folder().toString(),
                "TANDEM_CACHE_DIR",
                work.resolve("cache").toString(),
                "OPENAI_BASE_URL",
                "http://127.0.0.1:" + remote.port() + "/v1",
                "OPENAI_API_KEY",
                "sk-e2e-web",
                "TANDEM_REMOTE_MODEL",
                "gpt-stub");
        Console console = new Console(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                false,
                new Environment(variables, work));
        cli = Thread.ofPlatform()
                .name("tandem-chat-web")
                .start(() -> TandemCommand.run(console, "chat", "--web", "--port", "0", "--policy", policy.toString()));
        Pattern address = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+/)");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = address.matcher(out.toString(StandardCharsets.UTF_8));
            if (matcher.find()) {
                return matcher.group(1);
            }
            assertThat(cli.isAlive()).as("tandem chat --web exited: %s", out).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("tandem chat --web printed no address within 30 s: " + out);
    }

    private ChromeDriver chromium() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + Files.createDirectories(work.resolve("chromium-profile")),
                "--window-size=1280,1500");
        // A driver given by path: Selenium Manager never runs, so nothing is downloaded.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
