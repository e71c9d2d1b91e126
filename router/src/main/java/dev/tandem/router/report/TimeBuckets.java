package dev.tandem.router.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Time buckets that fit the span of a log: the shortest round width (1 s, 5 s, … 1 h, … 1 d, 7 d, 30 d)
 * that keeps the number of buckets at or below a chart's maximum and at most one per two requests, so a
 * minute of traffic is not cut into one bar per request. Buckets start on multiples of their width
 * (UTC).
 *
 * @param start the first bucket's start
 * @param width the width of every bucket
 * @param count how many buckets cover the span
 */
record TimeBuckets(Instant start, Duration width, int count) {

    private static final List<Duration> WIDTHS = List.of(
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            Duration.ofMinutes(30),
            Duration.ofHours(1),
            Duration.ofHours(3),
            Duration.ofHours(6),
            Duration.ofHours(12),
            Duration.ofDays(1),
            Duration.ofDays(7),
            Duration.ofDays(30));

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTES =
            DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAYS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    static TimeBuckets covering(Instant first, Instant last, int requests, int maxBuckets) {
        int allowed = Math.max(1, Math.min(maxBuckets, requests / 2));
        for (Duration width : WIDTHS) {
            TimeBuckets buckets = aligned(first, last, width);
            if (buckets.count <= allowed) {
                return buckets;
            }
        }
        return aligned(
                first, last, Duration.ofDays(Duration.between(first, last).toDays() / allowed + 1));
    }

    private static TimeBuckets aligned(Instant first, Instant last, Duration width) {
        long step = width.toMillis();
        long start = Math.floorDiv(first.toEpochMilli(), step) * step;
        long count = Math.floorDiv(last.toEpochMilli() - start, step) + 1;
        return new TimeBuckets(Instant.ofEpochMilli(start), width, (int) Math.min(count, Integer.MAX_VALUE));
    }

    int indexOf(Instant time) {
        long index = Duration.between(start, time).toMillis() / width.toMillis();
        return (int) Math.max(0, Math.min(count - 1, index));
    }

    Instant startOf(int index) {
        return start.plus(width.multipliedBy(index));
    }

    Instant end() {
        return startOf(count);
    }

    /** A label for a bucket boundary, as precise as the bucket width needs. */
    String label(Instant time) {
        if (width.compareTo(Duration.ofMinutes(1)) < 0) {
            return SECONDS.format(time);
        }
        return width.compareTo(Duration.ofDays(1)) < 0 ? MINUTES.format(time) : DAYS.format(time);
    }

    /** The bucket width in words, such as "5 min". */
    String widthName() {
        long seconds = width.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h";
        }
        return seconds / 86_400 + (seconds == 86_400 ? " day" : " days");
    }
}
