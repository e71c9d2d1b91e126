package dev.tandem.router.report;

/**
 * The two drawings of every chart: one for cards on a wide screen, one for a phone. The page shows one
 * of them by a CSS media query, so text stays near its intended size instead of shrinking with the card.
 */
enum Layout {
    WIDE("wide", 640, 240, 24),
    NARROW("narrow", 340, 220, 12);

    final String cssClass;
    final int width;
    final int plotHeight;
    final int maxBuckets;

    Layout(String cssClass, int width, int plotHeight, int maxBuckets) {
        this.cssClass = cssClass;
        this.width = width;
        this.plotHeight = plotHeight;
        this.maxBuckets = maxBuckets;
    }
}
