package dev.tandem.router.difficulty.calibration;

import dev.tandem.router.difficulty.DifficultyFeatures;
import dev.tandem.router.difficulty.PromptKind;
import dev.tandem.router.difficulty.evaluation.LabelledPrompt;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The signals, embeddings and labels of the lines a calibration learns from, in columns ready to fit. */
final class SignalTable {

    final List<String> names;
    final double[][] values;
    final float @Nullable [][] embeddings;
    /** 1 where the line is a positive of the target, else 0. */
    final double[] wrong;

    final boolean[] smallCorrect;
    final boolean[] largeCorrect;
    final String[] sources;
    final PromptKind[] kinds;

    SignalTable(List<LabelledPrompt> data, List<DifficultyFeatures> rows, Target target) {
        int n = rows.size();
        this.names = rows.get(0).names();
        this.values = new double[n][];
        this.embeddings = rows.get(0).embedding().isPresent() ? new float[n][] : null;
        this.wrong = new double[n];
        this.smallCorrect = new boolean[n];
        this.largeCorrect = new boolean[n];
        this.sources = new String[n];
        this.kinds = new PromptKind[n];
        for (int i = 0; i < n; i++) {
            DifficultyFeatures row = rows.get(i);
            values[i] = row.values();
            if (embeddings != null) {
                embeddings[i] = row.embedding().orElseThrow();
            }
            LabelledPrompt line = data.get(i);
            smallCorrect[i] = line.smallCorrect();
            largeCorrect[i] = line.largeCorrect();
            wrong[i] = target.test(line) ? 1 : 0;
            sources[i] = line.source().orElse("");
            kinds[i] = row.kind();
        }
    }

    int size() {
        return values.length;
    }

    int column(String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalStateException("no signal " + name + " among " + names);
        }
        return index;
    }
}
