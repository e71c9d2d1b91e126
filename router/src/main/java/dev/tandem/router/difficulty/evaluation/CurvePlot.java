package dev.tandem.router.difficulty.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;

/**
 * Draws the quality-against-local-share curve of a {@link RoutingEvaluation} as a PNG, with the random
 * router's line, the all-remote level and, optionally, the chosen operating point. Headless Java2D.
 */
public final class CurvePlot {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 560;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;

    private CurvePlot() {}

    /**
     * @param operatingShare the local share to mark (the calibrated threshold's), if any
     */
    public static void write(RoutingEvaluation evaluation, String title, OptionalDouble operatingShare, Path file) {
        write(evaluation, java.util.Optional.empty(), title, operatingShare, file);
    }

    /**
     * As {@link #write(RoutingEvaluation, String, OptionalDouble, Path)}, with a length-only router's curve
     * on the same lines beside the router's.
     */
    public static void write(
            RoutingEvaluation evaluation,
            java.util.Optional<RoutingEvaluation> lengthOnly,
            String title,
            OptionalDouble operatingShare,
            Path file) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);

            double low = Math.min(evaluation.allLocalQuality(), evaluation.allRemoteQuality());
            double high = 1.0;
            for (int i = 0; i <= 200; i++) {
                high = Math.max(high, evaluation.qualityAt(i / 200.0));
            }
            double yMin = Math.max(0, Math.floor((low - 0.05) * 10) / 10);
            double yMax = Math.min(1, Math.ceil(high * 10) / 10);
            Axes axes = new Axes(yMin, yMax);

            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(new Color(225, 225, 225));
            for (int i = 0; i <= 10; i++) {
                int x = axes.x(i / 10.0);
                g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
            }
            for (double y = yMin; y <= yMax + 1e-9; y += 0.1) {
                g.drawLine(LEFT, axes.y(y), WIDTH - RIGHT, axes.y(y));
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
            for (int i = 0; i <= 10; i++) {
                String label = (i * 10) + "%";
                g.drawString(label, axes.x(i / 10.0) - g.getFontMetrics().stringWidth(label) / 2, HEIGHT - BOTTOM + 18);
            }
            for (double y = yMin; y <= yMax + 1e-9; y += 0.1) {
                String label = String.format(Locale.ROOT, "%.1f", y);
                g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), axes.y(y) + 4);
            }
            g.drawString("share of requests served locally", WIDTH / 2 - 90, HEIGHT - 25);
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.rotate(-Math.PI / 2);
            rotated.drawString("quality (share answered correctly)", -(HEIGHT / 2) - 95, 22);
            rotated.dispose();
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, LEFT, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

            // All-remote level, and 95% / 80% of it.
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6, 4}, 0));
            g.setColor(new Color(120, 120, 120));
            for (double fraction : new double[] {1.0, 0.95, 0.80}) {
                double level = fraction * evaluation.allRemoteQuality();
                if (level >= yMin) {
                    g.drawLine(LEFT, axes.y(level), WIDTH - RIGHT, axes.y(level));
                    String label = (int) (fraction * 100) + "% of all-remote";
                    int width = g.getFontMetrics().stringWidth(label);
                    g.setColor(Color.WHITE);
                    g.fillRect(WIDTH - RIGHT - 8 - width, axes.y(level) - 16, width + 4, 14);
                    g.setColor(new Color(120, 120, 120));
                    g.drawString(label, WIDTH - RIGHT - 6 - width, axes.y(level) - 4);
                }
            }
            // Random router.
            g.setColor(new Color(200, 80, 60));
            g.setStroke(new BasicStroke(2f));
            g.drawLine(
                    axes.x(0), axes.y(evaluation.randomQualityAt(0)), axes.x(1), axes.y(evaluation.randomQualityAt(1)));
            lengthOnly.ifPresent(baseline -> {
                g.setColor(new Color(230, 150, 30));
                g.setStroke(new BasicStroke(2f));
                g.draw(curve(baseline, axes));
            });
            // Router.
            Path2D.Double curve = curve(evaluation, axes);
            g.setColor(new Color(40, 90, 200));
            g.setStroke(new BasicStroke(2.5f));
            g.draw(curve);
            if (operatingShare.isPresent()) {
                double share = operatingShare.getAsDouble();
                int x = axes.x(share);
                int y = axes.y(evaluation.qualityAt(share));
                g.setColor(new Color(20, 140, 60));
                g.fillOval(x - 6, y - 6, 12, 12);
                g.drawString(
                        String.format(
                                Locale.ROOT,
                                "threshold: %.0f%% local, %.1f%% of all-remote quality",
                                share * 100,
                                100 * evaluation.qualityAt(share) / evaluation.allRemoteQuality()),
                        Math.min(x + 10, WIDTH - RIGHT - 320),
                        y + 22);
            }
            // Legend.
            g.setColor(new Color(40, 90, 200));
            g.fillRect(LEFT + 15, TOP + 12, 20, 4);
            g.setColor(new Color(200, 80, 60));
            g.fillRect(LEFT + 15, TOP + 32, 20, 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(
                    String.format(Locale.ROOT, "router (AUC %.3f, APGR %.3f)", evaluation.auc(), evaluation.apgr()),
                    LEFT + 42,
                    TOP + 18);
            g.drawString("random router (APGR 0.500)", LEFT + 42, TOP + 38);
            lengthOnly.ifPresent(baseline -> {
                g.setColor(new Color(230, 150, 30));
                g.fillRect(LEFT + 15, TOP + 52, 20, 4);
                g.setColor(Color.DARK_GRAY);
                g.drawString(
                        String.format(
                                Locale.ROOT, "length only (AUC %.3f, APGR %.3f)", baseline.auc(), baseline.apgr()),
                        LEFT + 42,
                        TOP + 58);
            });
        } finally {
            g.dispose();
        }
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plot to " + file, e);
        }
    }

    private static Path2D.Double curve(RoutingEvaluation evaluation, Axes axes) {
        Path2D.Double curve = new Path2D.Double();
        int points = Math.min(evaluation.size(), 400);
        for (int i = 0; i <= points; i++) {
            double share = i / (double) points;
            double x = axes.x(share);
            double y = axes.y(evaluation.qualityAt(share));
            if (i == 0) {
                curve.moveTo(x, y);
            } else {
                curve.lineTo(x, y);
            }
        }
        return curve;
    }

    private record Axes(double yMin, double yMax) {
        int x(double share) {
            return (int) Math.round(LEFT + share * (WIDTH - LEFT - RIGHT));
        }

        int y(double quality) {
            return (int) Math.round(HEIGHT - BOTTOM - (quality - yMin) / (yMax - yMin) * (HEIGHT - TOP - BOTTOM));
        }
    }
}
