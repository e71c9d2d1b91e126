package dev.tandem.router.difficulty.calibration;

import dev.tandem.router.difficulty.internal.LogisticRegression;
import dev.tandem.router.difficulty.internal.Standardised;

/** A logistic regression over standardised columns: the means and scales it standardised with, and its weights. */
record FittedLogistic(double[] mean, double[] scale, double[] weights, double bias) {

    /** Fits on the given rows of {@code raw}, standardising each column on those rows. */
    static FittedLogistic fit(double[][] raw, double[] y, double[] penalties, int[] rows) {
        int d = penalties.length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (int i : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += raw[i][j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        for (int i : rows) {
            for (int j = 0; j < d; j++) {
                double delta = raw[i][j] - mean[j];
                scale[j] += delta * delta;
            }
        }
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(scale[j] / rows.length);
            // A constant column carries nothing; scale 1 keeps it harmless (and its weight is driven to 0).
            scale[j] = sd > 1e-9 ? sd : 1.0;
        }
        double[][] x = new double[rows.length][d];
        double[] labels = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            int i = rows[r];
            for (int j = 0; j < d; j++) {
                x[r][j] = Standardised.of(raw[i][j], mean[j], scale[j]);
            }
            labels[r] = y[i];
        }
        LogisticRegression.Model model = LogisticRegression.fit(x, labels, penalties);
        return new FittedLogistic(mean, scale, model.weights(), model.bias());
    }

    double logit(double[] raw) {
        double z = bias;
        for (int j = 0; j < weights.length; j++) {
            z += weights[j] * Standardised.of(raw[j], mean[j], scale[j]);
        }
        return z;
    }

    /** The same ranking with the logit mapped to {@code a · logit + b}. */
    FittedLogistic rescaled(double a, double b) {
        double[] scaled = new double[weights.length];
        for (int j = 0; j < weights.length; j++) {
            scaled[j] = a * weights[j];
        }
        return new FittedLogistic(mean, scale, scaled, a * bias + b);
    }

    /**
     * Fits {@code a} and {@code b} so that {@code sigmoid(a · logit + b)} estimates the probability the
     * small model is wrong on the given rows (Platt scaling), keeping this model's ranking.
     */
    FittedLogistic scaledToSmallWrong(double[][] raw, boolean[] smallCorrect, int[] rows) {
        double[][] x = new double[rows.length][1];
        double[] y = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            x[r][0] = logit(raw[rows[r]]);
            y[r] = smallCorrect[rows[r]] ? 0 : 1;
        }
        var platt = dev.tandem.router.difficulty.internal.LogisticRegression.fit(x, y, 1e-6);
        // A non-positive slope would reverse the ranking that was chosen: keep the order, fit the level only.
        return rescaled(Math.max(platt.weights()[0], 1e-3), platt.bias());
    }

    double score(double[] raw) {
        double z = bias;
        for (int j = 0; j < weights.length; j++) {
            z += weights[j] * Standardised.of(raw[j], mean[j], scale[j]);
        }
        return 1 / (1 + Math.exp(-z));
    }
}
