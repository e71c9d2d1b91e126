package dev.tandem.router.difficulty.internal;

/**
 * Binary logistic regression with an L2 penalty on the weights (not the intercept), fitted by Newton's
 * method (iteratively reweighted least squares) with a Cholesky solve. Meant for standardised inputs
 * of up to a few hundred columns. Stateless.
 */
public final class LogisticRegression {

    private static final int MAX_ITERATIONS = 30;
    private static final double TOLERANCE = 1e-7;

    /** Fitted weights and intercept. */
    public record Model(double[] weights, double bias) {
        public double logit(double[] x) {
            double z = bias;
            for (int j = 0; j < weights.length; j++) {
                z += weights[j] * x[j];
            }
            return z;
        }
    }

    private LogisticRegression() {}

    /**
     * @param x rows of standardised inputs, all of one length
     * @param y labels, 0 or 1
     * @param l2 the penalty λ in {@code Σ log-loss + λ/2 · |w|²}
     */
    public static Model fit(double[][] x, double[] y, double l2) {
        double[] penalties = new double[x.length == 0 ? 0 : x[0].length];
        java.util.Arrays.fill(penalties, l2);
        return fit(x, y, penalties);
    }

    /** As {@link #fit(double[][], double[], double)}, with one penalty per column. */
    public static Model fit(double[][] x, double[] y, double[] l2) {
        int n = x.length;
        if (n == 0) {
            throw new IllegalArgumentException("cannot fit on no rows");
        }
        int d = x[0].length;
        if (l2.length != d) {
            throw new IllegalArgumentException("need one penalty per column: " + l2.length + " for " + d);
        }
        int size = d + 1; // the intercept is the last coordinate
        double[] beta = new double[size];
        double positives = 0;
        for (double label : y) {
            positives += label;
        }
        double prior = Math.min(1 - 1e-6, Math.max(1e-6, positives / n));
        beta[d] = Math.log(prior / (1 - prior));
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] gradient = new double[size];
            double[][] hessian = new double[size][size];
            for (int i = 0; i < n; i++) {
                double[] row = x[i];
                double z = beta[d];
                for (int j = 0; j < d; j++) {
                    z += beta[j] * row[j];
                }
                double p = 1 / (1 + Math.exp(-z));
                double residual = p - y[i];
                double w = Math.max(p * (1 - p), 1e-10);
                for (int j = 0; j < d; j++) {
                    gradient[j] += residual * row[j];
                    double wj = w * row[j];
                    double[] hj = hessian[j];
                    for (int k = 0; k <= j; k++) {
                        hj[k] += wj * row[k];
                    }
                }
                gradient[d] += residual;
                double[] hd = hessian[d];
                for (int k = 0; k < d; k++) {
                    hd[k] += w * row[k];
                }
                hd[d] += w;
            }
            for (int j = 0; j < d; j++) {
                gradient[j] += l2[j] * beta[j];
                hessian[j][j] += l2[j];
            }
            hessian[d][d] += 1e-9;
            double[] step = solveSymmetric(hessian, gradient);
            // Newton steps can overshoot far from the optimum; halve until the penalised loss drops.
            double before = loss(x, y, beta, l2);
            double scale = 1;
            double[] candidate = new double[size];
            for (int halving = 0; halving < 30; halving++) {
                for (int j = 0; j < size; j++) {
                    candidate[j] = beta[j] - scale * step[j];
                }
                if (loss(x, y, candidate, l2) <= before + 1e-12) {
                    break;
                }
                scale /= 2;
            }
            double change = 0;
            for (int j = 0; j < size; j++) {
                change = Math.max(change, Math.abs(candidate[j] - beta[j]));
                beta[j] = candidate[j];
            }
            if (change < TOLERANCE) {
                break;
            }
        }
        double[] weights = new double[d];
        System.arraycopy(beta, 0, weights, 0, d);
        return new Model(weights, beta[d]);
    }

    private static double loss(double[][] x, double[] y, double[] beta, double[] l2) {
        int d = beta.length - 1;
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            double z = beta[d];
            for (int j = 0; j < d; j++) {
                z += beta[j] * x[i][j];
            }
            // log(1 + e^z) - y·z, computed without overflow.
            total += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z;
        }
        for (int j = 0; j < d; j++) {
            total += l2[j] / 2 * beta[j] * beta[j];
        }
        return total;
    }

    /** Solves {@code A·s = b} for a symmetric positive-definite A given by its lower triangle. */
    private static double[] solveSymmetric(double[][] a, double[] b) {
        int n = b.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                double[] li = l[i];
                double[] lj = l[j];
                for (int k = 0; k < j; k++) {
                    sum -= li[k] * lj[k];
                }
                if (i == j) {
                    li[i] = Math.sqrt(Math.max(sum, 1e-12));
                } else {
                    li[j] = sum / lj[j];
                }
            }
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * z[k];
            }
            z[i] = sum / l[i][i];
        }
        double[] s = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = z[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k][i] * s[k];
            }
            s[i] = sum / l[i][i];
        }
        return s;
    }
}
