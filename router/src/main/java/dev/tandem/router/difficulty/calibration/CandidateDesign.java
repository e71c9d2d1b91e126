package dev.tandem.router.difficulty.calibration;

import dev.tandem.router.difficulty.DifficultyFeatures;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns a logistic candidate weighs: which signals, whether the embedding's dimensions, whether the
 * neighbours' share of wrong answers; and the design matrix of those columns for a {@link SignalTable}.
 */
record CandidateDesign(int[] signals, boolean embedding, boolean neighbours) {

    static CandidateDesign of(Candidate candidate, SignalTable table) {
        List<Integer> columns = new ArrayList<>();
        switch (candidate) {
            case LENGTH -> columns.add(table.column(DifficultyFeatures.LENGTH));
            case FEATURES, FEATURES_NEIGHBOURS ->
                DifficultyFeatures.PROMPT_SIGNALS.forEach(name -> columns.add(table.column(name)));
            case TASK_TYPES, EMBEDDING_HEAD -> {
                for (int j = 0; j < table.names.size(); j++) {
                    columns.add(j);
                }
            }
            case NEIGHBOURS -> {}
        }
        return new CandidateDesign(
                columns.stream().mapToInt(Integer::intValue).toArray(),
                candidate == Candidate.EMBEDDING_HEAD,
                candidate == Candidate.NEIGHBOURS || candidate == Candidate.FEATURES_NEIGHBOURS);
    }

    int width(SignalTable table) {
        int dims = embedding && table.embeddings != null ? table.embeddings[0].length : 0;
        return signals.length + dims + (neighbours ? 1 : 0);
    }

    /** The penalty of each column: signals and the neighbour share at {@code l2}, embedding dimensions at their own. */
    double[] penalties(SignalTable table, CalibrationOptions options) {
        double[] penalties = new double[width(table)];
        java.util.Arrays.fill(penalties, options.l2());
        if (embedding && table.embeddings != null) {
            java.util.Arrays.fill(
                    penalties, signals.length, signals.length + table.embeddings[0].length, options.embeddingL2());
        }
        return penalties;
    }

    /**
     * The design matrix.
     *
     * @param neighbourShare each row's share of wrong answers among its neighbours (only read when this
     *     design weighs it)
     */
    double[][] matrix(SignalTable table, double[] neighbourShare) {
        int n = table.size();
        int width = width(table);
        double[][] raw = new double[n][width];
        for (int i = 0; i < n; i++) {
            int at = 0;
            for (int column : signals) {
                raw[i][at++] = table.values[i][column];
            }
            if (embedding && table.embeddings != null) {
                for (float value : table.embeddings[i]) {
                    raw[i][at++] = value;
                }
            }
            if (neighbours) {
                raw[i][at] = neighbourShare[i];
            }
        }
        return raw;
    }
}
