package dev.tandem.router.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.audit.AuditReader;
import dev.tandem.router.audit.AuditVerifier;
import dev.tandem.router.metrics.Price;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a person sees it: headless Chromium lays the page out at a desktop and a phone width, and
 * a probe script measures it with {@code getBoundingClientRect} and {@code scrollWidth}: every chart fills
 * its card without overflowing it, no label runs past a chart's edge or over another label, labels are at
 * least 9 px, no box clips its text, the page does not scroll sideways, and empty sections are one line.
 * Screenshots of both widths are kept in {@code target/report/} for review, with the pages they show. The
 * end-user export of requests sent is checked at phone width too.
 */
class RoutingReportBrowserTest {

    private static final int MIN_FONT_PX = 9;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GEOMETRY = Pattern.compile("<pre id=\"geometry\">([^<]*)</pre>");

    @TempDir
    static Path folder;

    private static String html;
    private static String requestsSent;

    @BeforeAll
    static void renderReport() {
        Path audit = folder.resolve("audit.jsonl");
        var policy = PolicyLoader.parse(RoutingReportTest.POLICY, "report-test.yaml");
        RoutingReportTest.writeTraffic(audit, policy, 40);
        requestsSent = RequestsSentReport.builder()
                .tenant("globex")
                .verification(AuditVerifier.verify(audit))
                .build()
                .html(AuditReader.readTolerant(audit).entries());
        html = RoutingReport.builder()
                .price("remote", Price.perMillion(0.15, 0.60))
                .price("local", Price.free())
                .policy(policy)
                .verification(AuditVerifier.verify(audit))
                .build()
                .render(AuditReader.readTolerant(audit));
    }

    @Test
    void atDesktopWidthEveryChartFillsItsCardAndEveryLabelIsReadable() throws Exception {
        JsonNode geometry = lookAt(html, 1280, "desktop");

        assertThat(geometry.path("viewport").asInt()).isEqualTo(1280);
        assertReadable(geometry, 1);
    }

    @Test
    void atPhoneWidthEveryChartFillsItsCardAndEveryLabelIsReadable() throws Exception {
        JsonNode geometry = lookAt(html, 390, "phone");

        assertThat(geometry.path("viewport").asInt()).isEqualTo(390);
        assertReadable(geometry, 3);
    }

    @Test
    void theRequestsSentExportFitsAPhone() throws Exception {
        JsonNode geometry = lookAt(requestsSent, 390, "requests-sent-phone");

        List<String> problems = new ArrayList<>();
        geometry.path("problems").forEach(p -> problems.add(p.asText()));
        assertThat(problems).as("what the probe found wrong").isEmpty();
        assertThat(requestsSent).contains("<tbody><tr>");
    }

    /** {@code emptyLines}: how many lines of text an empty section's sentence may wrap onto at this width. */
    private static void assertReadable(JsonNode geometry, int emptyLines) {
        List<String> problems = new ArrayList<>();
        geometry.path("problems").forEach(p -> problems.add(p.asText()));
        assertThat(problems).as("what the probe found wrong").isEmpty();
        List<String> charts = new ArrayList<>();
        for (JsonNode chart : geometry.path("charts")) {
            String name = chart.path("chart").asText();
            charts.add(name);
            assertThat(chart.path("width").asDouble())
                    .as(name + " uses its card's width")
                    .isGreaterThanOrEqualTo(0.95 * chart.path("cardWidth").asDouble());
            assertThat(chart.path("marks").asInt()).as(name + " draws marks").isPositive();
            assertThat(chart.path("minFontPx").asDouble())
                    .as(name + " smallest label in px")
                    .isGreaterThanOrEqualTo(MIN_FONT_PX);
        }
        assertThat(charts)
                .as("each chart drawn once, at this width")
                .containsExactlyInAnyOrderElementsOf(RoutingReportTest.CHARTS);
        assertThat(geometry.path("empties")).isNotEmpty();
        for (JsonNode empty : geometry.path("empties")) {
            assertThat(empty.path("height").asDouble())
                    .as(empty.path("section").asText() + " collapses to its sentence")
                    .isLessThanOrEqualTo(emptyLines * 1.5 * empty.path("fontPx").asDouble());
        }
    }

    /** Lays the page out in an iframe of this width, returns the probe's findings and keeps a screenshot. */
    private static JsonNode lookAt(String page, int width, String name) throws Exception {
        Chromium chromium = Chromium.require(folder);
        Path host = folder.resolve(name + ".html");
        Files.writeString(host, hostPage(page, width, 900));
        String dom = chromium.dumpDom(host, Math.max(width, 500), 900);
        Matcher matcher = GEOMETRY.matcher(dom);
        assertThat(matcher.find()).as("the probe wrote its findings").isTrue();
        JsonNode geometry = JSON.readTree(unescape(matcher.group(1)));

        int height = geometry.path("height").asInt();
        Path target = Files.createDirectories(Path.of("target", "report"));
        Files.writeString(target.resolve(name + ".html"), page);
        Path full = folder.resolve(name + "-full.html");
        Files.writeString(full, hostPage(page, width, height));
        Path png = target.resolve("report-" + name + ".png");
        chromium.screenshot(full, png, Math.max(width, 500), height);
        BufferedImage shot = ImageIO.read(png.toFile());
        ImageIO.write(shot.getSubimage(0, 0, width, Math.min(height, shot.getHeight())), "png", png.toFile());
        return geometry;
    }

    private static String hostPage(String page, int width, int height) throws IOException {
        String srcdoc = page.replace("&", "&amp;").replace("\"", "&quot;");
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body style=\"margin:0\">"
                + "<iframe id=\"report\" style=\"display:block;border:0;width:" + width + "px;height:" + height
                + "px\" srcdoc=\"" + srcdoc + "\"></iframe><pre id=\"geometry\"></pre><script>" + probe()
                + "</script></body></html>";
    }

    private static String probe() throws IOException {
        try (InputStream in = RoutingReportBrowserTest.class.getResourceAsStream("geometry-probe.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String unescape(String text) {
        return text.replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
