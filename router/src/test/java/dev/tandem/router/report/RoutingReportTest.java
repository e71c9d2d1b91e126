package dev.tandem.router.report;

import static dev.tandem.router.ObservabilityFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.router.ObservabilityFixture;
import dev.tandem.router.TandemRouter;
import dev.tandem.router.audit.AuditConfig;
import dev.tandem.router.audit.AuditEntry;
import dev.tandem.router.audit.AuditLog;
import dev.tandem.router.audit.AuditReader;
import dev.tandem.router.audit.AuditVerifier;
import dev.tandem.router.metrics.Price;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingReportTest {

    private static final List<String> CHARTS =
            List.of("local-share", "reasons", "redactions", "fallbacks", "latency", "savings");
    private static final Pattern DRAWN = Pattern.compile(
            "<svg[^>]*data-chart=\"([a-z-]+)\"[^>]*data-drawn-width=\"(\\d+)\" data-drawn-height=\"(\\d+)\""
                    + " data-drawn-marks=\"(\\d+)\"");

    @TempDir
    Path folder;

    private Path auditFile;
    private List<AuditEntry> entries;

    /** A day of traffic: local and remote answers, a redacted remote request, fallbacks and a failure. */
    @BeforeEach
    void writeAuditLog() {
        ObservabilityFixture fixture = new ObservabilityFixture();
        auditFile = folder.resolve("audit.jsonl");
        try (AuditLog audit =
                AuditLog.open(AuditConfig.custom(auditFile).clock(fixture.clock).build())) {
            TandemRouter router = fixture.router(audit);
            for (int i = 0; i < 30; i++) {
                fixture.clock.advance(Duration.ofMinutes(47));
                String prompt = switch (i % 5) {
                    case 0 -> "FAIL hello " + i;
                    case 1 -> ObservabilityFixture.PERSONAL_PROMPT;
                    case 2 -> "FAIL BOTH " + i;
                    default -> "hello " + i;
                };
                try {
                    router.chat(request("r" + i, prompt));
                } catch (RuntimeException expected) {
                    // failures are part of the report
                }
            }
        }
        entries = AuditReader.read(auditFile);
    }

    private String render() {
        return RoutingReport.builder()
                .price("remote", Price.perMillion(0.15, 0.60))
                .price("local", Price.free())
                .verification(AuditVerifier.verify(auditFile))
                .build()
                .render(entries);
    }

    @Test
    void isOneSelfContainedPageWithEveryChartAndNoNetworkReference() {
        String html = render();

        for (String chart : CHARTS) {
            assertThat(html).contains("data-chart=\"" + chart + "\"");
        }
        assertThat(html)
                .doesNotContain("http://")
                .doesNotContain("https://")
                .doesNotContain("src=")
                .doesNotContain("<link")
                .doesNotContain("@import")
                .contains("verified")
                .doesNotContain(ObservabilityFixture.EMAIL)
                .doesNotContain(ObservabilityFixture.CARD);
        assertThat(entries).hasSize(30);
    }

    @Test
    void showsEmptyChartsWithAMessageRatherThanFailing() {
        String html = RoutingReport.builder().build().render(List.of());

        assertThat(html).contains("no requests recorded").contains("no answered requests");
    }

    @Test
    void percentilesUseTheNearestRank() {
        List<Long> sorted = List.of(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 100L);

        assertThat(RoutingReport.percentile(sorted, 0.5)).isEqualTo(50);
        assertThat(RoutingReport.percentile(sorted, 0.9)).isEqualTo(90);
        assertThat(RoutingReport.percentile(sorted, 0.99)).isEqualTo(100);
    }

    @Test
    void chromiumDrawsEveryChartWithVisibleMarks() throws Exception {
        Chromium chromium = Chromium.require(folder);
        Path page = folder.resolve("report.html");
        Files.writeString(page, render());

        String dom = chromium.dumpDom(page);

        Matcher matcher = DRAWN.matcher(dom);
        Set<String> drawn = new HashSet<>();
        while (matcher.find()) {
            assertThat(Integer.parseInt(matcher.group(2)))
                    .as(matcher.group(1) + " width")
                    .isPositive();
            assertThat(Integer.parseInt(matcher.group(3)))
                    .as(matcher.group(1) + " height")
                    .isPositive();
            assertThat(Integer.parseInt(matcher.group(4)))
                    .as(matcher.group(1) + " marks")
                    .isPositive();
            drawn.add(matcher.group(1));
        }
        assertThat(drawn).containsExactlyInAnyOrderElementsOf(CHARTS);
    }

    @Test
    void chromiumScreenshotIsNotBlank() throws Exception {
        Chromium chromium = Chromium.require(folder);
        Path page = folder.resolve("report.html");
        Files.writeString(page, render());
        Path target = Path.of("target", "report");
        Files.createDirectories(target);
        Files.writeString(target.resolve("report.html"), render());
        Path png = target.resolve("report.png");

        chromium.screenshot(page, png, 1280, 1100);

        BufferedImage image = ImageIO.read(png.toFile());
        Set<Integer> colours = new HashSet<>();
        long coloured = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                    coloured++;
                }
            }
        }
        assertThat(colours).hasSizeGreaterThan(20);
        assertThat(coloured).as("strongly coloured pixels (chart marks)").isGreaterThan(2000);
    }
}
