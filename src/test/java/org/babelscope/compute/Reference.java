package org.babelscope.compute;

import java.util.Arrays;
import java.util.Random;

/** Plain double-precision reference implementations that the kernels are checked against. */
final class Reference {
    private Reference() {
    }

    /** Rows with a planted partner: b[i] = a[i] + noise, so some pairs align and some do not. */
    static double[][][] alignedPair(Random rnd, int n, int d, double noise) {
        double[][] a = random(rnd, n, d);
        double[][] b = new double[n][d];
        for (int i = 0; i < n; i++) {
            double scale = (i % 3 == 0) ? 4 * noise : noise; // every third pair is badly aligned
            for (int j = 0; j < d; j++) {
                b[i][j] = a[i][j] + scale * rnd.nextGaussian();
            }
        }
        return new double[][][] {asFloat(a), asFloat(b)};
    }

    static double[][] random(Random rnd, int rows, int cols) {
        double[][] x = new double[rows][cols];
        for (double[] row : x) {
            for (int j = 0; j < cols; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        return x;
    }

    /** x rounded to float, so that the reference sees exactly the kernel's input. */
    static double[][] asFloat(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = (float) x[i][j];
            }
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[] normalized(double[] a) {
        double n = Math.sqrt(dot(a, a));
        double[] out = a.clone();
        if (n > 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] /= n;
            }
        }
        return out;
    }

    static double[][] normalizedRows(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = normalized(x[i]);
        }
        return out;
    }

    static double cosine(double[] a, double[] b) {
        return dot(normalized(a), normalized(b));
    }

    static double[][] products(double[][] a, double[][] b) {
        double[][] s = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                s[i][j] = dot(a[i], b[j]);
            }
        }
        return s;
    }

    static double[][] transpose(double[][] a) {
        int r = a.length;
        int c = r == 0 ? 0 : a[0].length;
        double[][] t = new double[c][r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        return products(a, transpose(b));
    }

    /** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations, in descending order. */
    static double[] symmetricEigenvalues(double[][] sym) {
        int n = sym.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = sym[i].clone();
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        Arrays.sort(values);
        for (int i = 0; i < n / 2; i++) {
            double t = values[i];
            values[i] = values[n - 1 - i];
            values[n - 1 - i] = t;
        }
        return values;
    }

    static float[][] toFloat(double[][] x) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new float[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = (float) x[i][j];
            }
        }
        return out;
    }

    static double[][] toDouble(FloatMatrix m) {
        double[][] out = new double[m.rows()][m.cols()];
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                out[i][j] = m.get(i, j);
            }
        }
        return out;
    }
}
