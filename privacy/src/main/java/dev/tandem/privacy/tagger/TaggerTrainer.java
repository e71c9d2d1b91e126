package dev.tandem.privacy.tagger;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.privacy.evaluation.LabelledText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Trains a {@link PrivacyTagger}: an averaged perceptron, greedy left to right, the features of
 * {@link Features}. Gold spans of the {@link TaggedTypes} count (an {@code ADDRESS} span of a corpus is
 * taken as a {@code STREET}); other types are outside. The same texts, options and seed give the same
 * model, byte for byte: the only randomness is the seeded order of the texts in each epoch.
 *
 * <pre>{@code
 * PrivacyTagger tagger = TaggerTrainer.train(texts, TaggerTrainer.Options.defaults(), WordClusters.NONE, progress);
 * }</pre>
 */
public final class TaggerTrainer {

    /** Hash bits, epochs and the seed of the shuffling. */
    public record Options(int bits, int epochs, long seed) {
        public Options {
            if (bits < 8 || bits > 24) {
                throw new IllegalArgumentException("bits must be in [8, 24], got " + bits);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
        }

        /** 2^20 buckets, 6 epochs, seed 15. */
        public static Options defaults() {
            return new Options(20, 6, 15);
        }
    }

    /** Told after each tenth of the texts of an epoch. */
    @FunctionalInterface
    public interface Progress {
        /** {@code mistakes} is the share of tokens labelled wrongly so far in this epoch. */
        void update(int epoch, int epochs, int done, int total, double mistakes);

        Progress NONE = (epoch, epochs, done, total, mistakes) -> {};
    }

    private static final EntityType ADDRESS = EntityType.of("ADDRESS");

    private TaggerTrainer() {}

    /**
     * The recipe of the bundled model: the given train splits of the shared data folder, as many
     * synthetic texts ({@link SyntheticTexts}, from the folder's libpostal dictionaries), and lower- and
     * upper-case copies of 15% and 5% of both; the seed drives the synthetic texts, the copies and the
     * order of training.
     */
    public static PrivacyTagger trainOnCorpora(
            Path dataDir,
            List<String> splits,
            int syntheticTexts,
            Options options,
            WordClusters clusters,
            Progress progress) {
        List<LabelledText> corpora = new ArrayList<>();
        for (String split : splits) {
            corpora.addAll(TrainingCorpora.read(dataDir, split));
        }
        Random random = new Random(options.seed());
        List<LabelledText> all = new ArrayList<>(corpora);
        all.addAll(SyntheticTexts.generate(
                dataDir.resolve("resources").resolve("libpostal").resolve("dictionaries"),
                corpora,
                syntheticTexts,
                random));
        all.addAll(TrainingCorpora.caseCopies(List.copyOf(all), 0.15, random));
        return train(all, options, clusters, progress);
    }

    /** Trains on the texts, with the word classes the model keeps ({@link WordClusters#NONE} for none). */
    public static PrivacyTagger train(
            List<LabelledText> texts, Options options, WordClusters clusters, Progress progress) {
        int bits = options.bits();
        int size = (1 << bits) * TaggedTypes.LABELS;
        float[] weights = new float[size];
        double[] totals = new double[size];
        int[] stamps = new int[size];
        int step = 0;

        List<Features> features = new ArrayList<>(texts.size());
        List<int[]> gold = new ArrayList<>(texts.size());
        for (LabelledText text : texts) {
            if (text.text().isEmpty()) {
                continue;
            }
            Tokens tokens = Tokens.of(text.text());
            features.add(new Features(tokens, bits, clusters));
            gold.add(labels(tokens, text.spans()));
        }
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < features.size(); k++) {
            order.add(k);
        }
        Random random = new Random(options.seed());
        int[] buckets = new int[TaggerModel.FEATURES];
        float[] scores = new float[TaggedTypes.LABELS];
        int labels = TaggedTypes.LABELS;
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            Collections.shuffle(order, random);
            long tokens = 0;
            long mistakes = 0;
            for (int done = 0; done < order.size(); done++) {
                int index = order.get(done);
                Features sentence = features.get(index);
                int[] goldLabels = gold.get(index);
                int previous = 0;
                int beforePrevious = 0;
                for (int i = 0; i < sentence.size(); i++) {
                    step++;
                    sentence.staticFeatures(i, buckets);
                    sentence.dynamicFeatures(i, previous, beforePrevious, buckets, Features.STATIC);
                    TaggerModel.score(weights, buckets, scores);
                    int predicted = TaggerModel.best(scores, previous);
                    int truth = goldLabels[i];
                    tokens++;
                    if (predicted != truth) {
                        mistakes++;
                        for (int bucket : buckets) {
                            update(weights, totals, stamps, step, bucket * labels + truth, 1f);
                            update(weights, totals, stamps, step, bucket * labels + predicted, -1f);
                        }
                    }
                    beforePrevious = previous;
                    previous = predicted;
                }
                if ((done + 1) * 10L / order.size() != done * 10L / order.size()) {
                    progress.update(
                            epoch,
                            options.epochs(),
                            done + 1,
                            order.size(),
                            tokens == 0 ? 0 : (double) mistakes / tokens);
                }
            }
        }
        float[] averaged = new float[size];
        for (int k = 0; k < size; k++) {
            double total = totals[k] + (double) (step - stamps[k]) * weights[k];
            averaged[k] = step == 0 ? 0f : (float) (total / step);
        }
        return new PrivacyTagger(TaggerModel.of(bits, averaged, clusters));
    }

    private static void update(float[] weights, double[] totals, int[] stamps, int step, int index, float delta) {
        totals[index] += (double) (step - stamps[index]) * weights[index];
        stamps[index] = step;
        weights[index] += delta;
    }

    /** The gold BIO label of each token: a token takes the type of the span it overlaps. */
    static int[] labels(Tokens tokens, List<EntitySpan> spans) {
        int[] labels = new int[tokens.count];
        int t = 0;
        List<EntitySpan> sorted = new ArrayList<>(spans);
        sorted.sort((a, b) -> Integer.compare(a.start(), b.start()));
        for (EntitySpan span : sorted) {
            EntityType type = span.type().equals(ADDRESS) ? TaggedTypes.STREET : span.type();
            int typeIndex = TaggedTypes.indexOf(type);
            while (t < tokens.count && tokens.ends[t] <= span.start()) {
                t++;
            }
            if (typeIndex < 0) {
                continue;
            }
            boolean first = true;
            for (int k = t; k < tokens.count && tokens.starts[k] < span.end(); k++) {
                if (labels[k] == 0) {
                    labels[k] = first ? TaggedTypes.begin(typeIndex) : TaggedTypes.inside(typeIndex);
                    first = false;
                }
            }
        }
        return labels;
    }
}
