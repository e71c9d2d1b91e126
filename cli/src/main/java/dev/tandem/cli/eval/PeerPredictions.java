package dev.tandem.cli.eval;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.privacy.evaluation.LabelledText;
import dev.tandem.privacy.evaluation.PrivacyEvaluation;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One peer's predicted spans, read from {@code <peers>/<peer>/<split>.jsonl} (the format of the
 * labelled splits, one line per line of the split, in order), served as a {@link PrivacyScanner} that
 * looks the text up, so peers are scored by the same evaluation code as Tandem.
 */
final class PeerPredictions {

    private final Map<String, List<EntitySpan>> spansByText;
    private final Set<String> splits;

    private PeerPredictions(Map<String, List<EntitySpan>> spansByText, Set<String> splits) {
        this.spansByText = spansByText;
        this.splits = splits;
    }

    /** Every peer folder under {@code dir}; each split file must hold the split's texts in order. */
    static Map<String, PeerPredictions> readAll(Path dir, Map<String, List<LabelledText>> splits) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                    "--peers " + dir + " is not a folder; run benchmarks/peers/privacy/run.js first");
        }
        Map<String, PeerPredictions> peers = new LinkedHashMap<>();
        try (Stream<Path> listing = Files.list(dir)) {
            for (Path peerDir : listing.filter(Files::isDirectory).sorted().toList()) {
                Map<String, List<EntitySpan>> spans = new HashMap<>();
                Map<String, Boolean> covered = new LinkedHashMap<>();
                for (Map.Entry<String, List<LabelledText>> split : splits.entrySet()) {
                    Path file = peerDir.resolve(split.getKey() + ".jsonl");
                    if (Files.isRegularFile(file)) {
                        read(file, split.getValue(), spans);
                        covered.put(split.getKey(), true);
                    }
                }
                if (!covered.isEmpty()) {
                    peers.put(peerDir.getFileName().toString(), new PeerPredictions(spans, covered.keySet()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (peers.isEmpty()) {
            throw new IllegalArgumentException(
                    "--peers " + dir + " has no <peer>/<split>.jsonl file for the splits " + splits.keySet());
        }
        return peers;
    }

    private static void read(Path file, List<LabelledText> gold, Map<String, List<EntitySpan>> spans) {
        List<LabelledText> predicted;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            predicted = PrivacyEvaluation.read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        if (predicted.size() != gold.size()) {
            throw new IllegalArgumentException(file + " has " + predicted.size() + " lines but its split has "
                    + gold.size() + "; rerun the peers on the same data");
        }
        for (int i = 0; i < gold.size(); i++) {
            if (!predicted.get(i).text().equals(gold.get(i).text())) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": the text differs from line " + (i + 1)
                        + " of its split; rerun the peers on the same data");
            }
            spans.put(gold.get(i).text(), predicted.get(i).spans());
        }
    }

    /** True when this peer has predictions for {@code split}, or for every split of a pooled row. */
    boolean covers(String split) {
        if (split.equals(PrivacyEvalTables.ENGLISH_TEST)) {
            return splits.contains("wnut17.test") && splits.contains("gum.test");
        }
        return splits.contains(split);
    }

    PrivacyScanner scanner() {
        return text -> spansByText.getOrDefault(text, List.of());
    }
}
