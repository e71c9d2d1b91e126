package dev.tandem.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one {@link Bench} run measured: the machine it ran on, then named sections ({@code assessment},
 * {@code policy}, {@code decision-path}, {@code throughput}, {@code embedding-cache}, {@code
 * remote-overhead}, {@code local-overhead}, {@code memory}), each a list of rows of named numbers. The
 * suffix of a number's name is its unit: {@code _us} microseconds, {@code _ms} milliseconds, {@code
 * _rps} requests per second, {@code _tps} tokens per second, {@code _bytes}; {@code ratio} and {@code
 * gain} are plain ratios. {@link #printTable} and {@link #toJson} show the same numbers. Immutable.
 */
public final class BenchReport {

    /** The machine and JVM a run happened on. */
    public record Machine(
            int cores,
            String jdk,
            String vm,
            String os,
            String arch,
            double loadAverageAtStart,
            double loadAverageAtEnd,
            long maxHeapBytes,
            Instant started,
            String profile) {}

    /** One measured line: a name (what ran, with its parameters) and its numbers in order. */
    public record Row(String name, Map<String, Double> values) {

        public Row {
            requireNonNull(name, "name");
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    private final Machine machine;
    private final Map<String, List<Row>> sections;
    private final List<String> notes;

    private BenchReport(Machine machine, Map<String, List<Row>> sections, List<String> notes) {
        this.machine = machine;
        Map<String, List<Row>> copy = new LinkedHashMap<>();
        sections.forEach((name, rows) -> copy.put(name, List.copyOf(rows)));
        this.sections = Collections.unmodifiableMap(copy);
        this.notes = List.copyOf(notes);
    }

    public Machine machine() {
        return machine;
    }

    /** Sections in the order they ran. */
    public Map<String, List<Row>> sections() {
        return sections;
    }

    /** Remarks on the run, such as which targets were met. */
    public List<String> notes() {
        return notes;
    }

    /** Prints the machine line, then one block per section, then the notes. */
    public void printTable(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "tandem bench (%s) — %d cores, JDK %s (%s), %s %s, max heap %d MiB, load %.2f → %.2f, %s%n",
                machine.profile(),
                machine.cores(),
                machine.jdk(),
                machine.vm(),
                machine.os(),
                machine.arch(),
                machine.maxHeapBytes() >> 20,
                machine.loadAverageAtStart(),
                machine.loadAverageAtEnd(),
                machine.started());
        int nameWidth = 8;
        for (List<Row> rows : sections.values()) {
            for (Row row : rows) {
                nameWidth = Math.max(nameWidth, row.name().length());
            }
        }
        for (Map.Entry<String, List<Row>> section : sections.entrySet()) {
            out.println();
            out.println("== " + section.getKey());
            for (Row row : section.getValue()) {
                StringBuilder line =
                        new StringBuilder(String.format(Locale.ROOT, "  %-" + nameWidth + "s", row.name()));
                row.values()
                        .forEach(
                                (key, value) -> line.append(String.format(Locale.ROOT, "  %s %s", key, format(value))));
                out.println(line);
            }
        }
        if (!notes.isEmpty()) {
            out.println();
            notes.forEach(note -> out.println("* " + note));
        }
    }

    /** The same numbers as {@link #printTable}, as pretty-printed JSON. */
    public String toJson() {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        ObjectNode m = root.putObject("machine");
        m.put("cores", machine.cores());
        m.put("jdk", machine.jdk());
        m.put("vm", machine.vm());
        m.put("os", machine.os());
        m.put("arch", machine.arch());
        m.put("load_average_start", machine.loadAverageAtStart());
        m.put("load_average_end", machine.loadAverageAtEnd());
        m.put("max_heap_bytes", machine.maxHeapBytes());
        m.put("started", machine.started().toString());
        m.put("profile", machine.profile());
        ObjectNode all = root.putObject("sections");
        sections.forEach((name, rows) -> {
            ArrayNode array = all.putArray(name);
            for (Row row : rows) {
                ObjectNode node = array.addObject().put("name", row.name());
                row.values().forEach(node::put);
            }
        });
        ArrayNode notesNode = root.putArray("notes");
        notes.forEach(notesNode::add);
        try {
            return json.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeJson(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, toJson() + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static String format(double value) {
        double abs = Math.abs(value);
        if (value == Math.rint(value) && abs < 1e15) {
            return String.format(Locale.ROOT, abs >= 100_000 ? "%,.0f" : "%.0f", value);
        }
        if (abs >= 100_000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static Builder builder(String profile) {
        return new Builder(profile);
    }

    /** Collects rows as a run goes. */
    static final class Builder {
        private final String profile;
        private final Instant started = Instant.now();
        private final double loadAtStart = loadAverage();
        private final Map<String, List<Row>> sections = new LinkedHashMap<>();
        private final List<String> notes = new ArrayList<>();

        private Builder(String profile) {
            this.profile = profile;
        }

        Builder row(String section, String name, Map<String, Double> values) {
            sections.computeIfAbsent(section, key -> new ArrayList<>()).add(new Row(name, values));
            return this;
        }

        Builder note(String note) {
            notes.add(note);
            return this;
        }

        BenchReport build() {
            Runtime runtime = Runtime.getRuntime();
            Machine machine = new Machine(
                    runtime.availableProcessors(),
                    Runtime.version().toString(),
                    System.getProperty("java.vm.name", "?") + " " + System.getProperty("java.vm.vendor", ""),
                    System.getProperty("os.name", "?") + " " + System.getProperty("os.version", ""),
                    System.getProperty("os.arch", "?"),
                    loadAtStart,
                    loadAverage(),
                    runtime.maxMemory(),
                    started,
                    profile);
            return new BenchReport(machine, sections, notes);
        }

        private static double loadAverage() {
            return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }
    }
}
