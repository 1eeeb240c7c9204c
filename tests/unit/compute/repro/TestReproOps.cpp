// Every op's forward against a float64 reference, and its backward against central finite
// differences of that reference (loss L = sum(out * R) with fixed random R, so dOut = R).
// Backward functions accumulate, so gradients start from a random g0 and must end at
// g0 + dL/dx. Reductions are checked bitwise against the written order.

#include "ReproTestUtil.h"

#include <QTest>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

using namespace idleforge::repro;
using namespace idleforge::repro::test;

namespace {

using Vec = std::vector<float>;
using DVec = std::vector<double>;
using RefFn = std::function<DVec(const std::vector<DVec> &)>;

DVec toDouble(const Vec &v)
{
    return DVec(v.begin(), v.end());
}

double maxAbs(const DVec &v)
{
    double m = 0.0;
    for (double x : v)
        m = std::max(m, std::abs(x));
    return m;
}

// |got - ref| <= tol * max(1, max|ref|), element-wise.
bool close(const Vec &got, const DVec &ref, double tol, QByteArray *why)
{
    const double scale = std::max(1.0, maxAbs(ref));
    for (std::size_t i = 0; i < ref.size(); ++i) {
        if (!(std::abs(double(got[i]) - ref[i]) <= tol * scale)) {
            *why = "element " + QByteArray::number(qulonglong(i)) + ": got " +
                   QByteArray::number(double(got[i]), 'g', 9) + ", expected " +
                   QByteArray::number(ref[i], 'g', 9);
            return false;
        }
    }
    return true;
}

double weightedSum(const DVec &out, const Vec &r)
{
    double s = 0.0;
    for (std::size_t i = 0; i < out.size(); ++i)
        s += out[i] * double(r[i]);
    return s;
}

// dL/d(input[which]) by central differences of the double reference.
DVec finiteDifference(const RefFn &ref, std::vector<DVec> inputs, std::size_t which, const Vec &r)
{
    DVec grad(inputs[which].size());
    for (std::size_t j = 0; j < grad.size(); ++j) {
        const double x = inputs[which][j];
        const double h = 1e-6 * std::max(1.0, std::abs(x));
        inputs[which][j] = x + h;
        const double up = weightedSum(ref(inputs), r);
        inputs[which][j] = x - h;
        const double down = weightedSum(ref(inputs), r);
        inputs[which][j] = x;
        grad[j] = (up - down) / (2.0 * h);
    }
    return grad;
}

// g0 + fd, the expected value of an accumulating backward.
DVec plus(const Vec &g0, const DVec &fd)
{
    DVec out(fd.size());
    for (std::size_t i = 0; i < fd.size(); ++i)
        out[i] = double(g0[i]) + fd[i];
    return out;
}

// ---- float64 references ------------------------------------------------------------------

DVec refLinear(const DVec &x, const DVec &w, const DVec &b, std::size_t N, std::size_t K,
               std::size_t O)
{
    DVec out(N * O);
    for (std::size_t n = 0; n < N; ++n)
        for (std::size_t o = 0; o < O; ++o) {
            double s = b.empty() ? 0.0 : b[o];
            for (std::size_t k = 0; k < K; ++k)
                s += x[n * K + k] * w[o * K + k];
            out[n * O + o] = s;
        }
    return out;
}

double gelu(double x)
{
    const double s = std::sqrt(2.0 / 3.14159265358979323846);
    return 0.5 * x * (1.0 + std::tanh(s * (x + 0.044715 * x * x * x)));
}

DVec refLayerNorm(const DVec &x, const DVec &w, const DVec &b, std::size_t N, std::size_t C)
{
    DVec out(N * C);
    for (std::size_t n = 0; n < N; ++n) {
        double m = 0.0, v = 0.0;
        for (std::size_t i = 0; i < C; ++i)
            m += x[n * C + i];
        m /= double(C);
        for (std::size_t i = 0; i < C; ++i)
            v += (x[n * C + i] - m) * (x[n * C + i] - m);
        v /= double(C);
        const double rstd = 1.0 / std::sqrt(v + 1e-5);
        for (std::size_t i = 0; i < C; ++i)
            out[n * C + i] = (x[n * C + i] - m) * rstd * w[i] + b[i];
    }
    return out;
}

DVec refSoftmax(const DVec &x, std::size_t N, std::size_t C)
{
    DVec out(N * C);
    for (std::size_t n = 0; n < N; ++n) {
        double m = x[n * C], s = 0.0;
        for (std::size_t i = 0; i < C; ++i)
            m = std::max(m, x[n * C + i]);
        for (std::size_t i = 0; i < C; ++i)
            s += std::exp(x[n * C + i] - m);
        for (std::size_t i = 0; i < C; ++i)
            out[n * C + i] = std::exp(x[n * C + i] - m) / s;
    }
    return out;
}

DVec refAttention(const DVec &qkv, std::size_t B, std::size_t T, std::size_t C, std::size_t NH)
{
    const std::size_t hs = C / NH;
    DVec out(B * T * C, 0.0);
    for (std::size_t b = 0; b < B; ++b)
        for (std::size_t h = 0; h < NH; ++h)
            for (std::size_t t = 0; t < T; ++t) {
                const double *q = &qkv[(b * T + t) * 3 * C + h * hs];
                DVec score(t + 1);
                double m = -1e300;
                for (std::size_t s = 0; s <= t; ++s) {
                    const double *k = &qkv[(b * T + s) * 3 * C + C + h * hs];
                    double d = 0.0;
                    for (std::size_t i = 0; i < hs; ++i)
                        d += q[i] * k[i];
                    score[s] = d / std::sqrt(double(hs));
                    m = std::max(m, score[s]);
                }
                double z = 0.0;
                for (double &sc : score)
                    z += (sc = std::exp(sc - m));
                for (std::size_t s = 0; s <= t; ++s) {
                    const double *v = &qkv[(b * T + s) * 3 * C + 2 * C + h * hs];
                    for (std::size_t i = 0; i < hs; ++i)
                        out[(b * T + t) * C + h * hs + i] += score[s] / z * v[i];
                }
            }
    return out;
}

double refCrossEntropy(const DVec &logits, const std::vector<std::int32_t> &t, std::size_t N,
                       std::size_t V)
{
    double total = 0.0;
    for (std::size_t n = 0; n < N; ++n) {
        double m = logits[n * V], s = 0.0;
        for (std::size_t v = 0; v < V; ++v)
            m = std::max(m, logits[n * V + v]);
        for (std::size_t v = 0; v < V; ++v)
            s += std::exp(logits[n * V + v] - m);
        total += m + std::log(s) - logits[n * V + std::size_t(t[n])];
    }
    return total / double(N);
}

// The written order of Reduce.h, re-implemented as plainly as possible.
float specSum(const Vec &x)
{
    float lane[8] = {};
    for (std::size_t i = 0; i < x.size(); ++i)
        lane[i % 8] = lane[i % 8] + x[i];
    return ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}

} // namespace

class TestReproOps : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void reductionsFollowWrittenOrder()
    {
        for (std::size_t n : {0, 1, 7, 8, 9, 100, 1001}) {
            const Vec x = randomVector(n, 11 + std::uint32_t(n), -1e4f, 1e4f);
            QCOMPARE(math::bits(sum(x.data(), n)), math::bits(specSum(x)));
            Vec prod(n);
            for (std::size_t i = 0; i < n; ++i)
                prod[i] = x[i] * x[i];
            QCOMPARE(math::bits(sumProducts(x.data(), x.data(), n)), math::bits(specSum(prod)));
        }
        // Order matters for this input: left-to-right would give 0, the lanes give 2.
        const Vec tricky{1e8f, 1.0f, -1e8f, 1.0f, 0, 0, 0, 0, 0, 0};
        QCOMPARE(sum(tricky.data(), tricky.size()), specSum(tricky));
        QCOMPARE(mean(tricky.data(), 10), specSum(tricky) / 10.0f);
        QVERIFY(std::isnan(mean(nullptr, 0)));
    }

    void embedding()
    {
        const std::size_t N = 7, V = 5, C = 6;
        const std::vector<std::int32_t> ids{0, 3, 3, 4, 1, 3, 0};
        const std::vector<std::uint8_t> ids8(ids.begin(), ids.end());
        const Vec table = randomVector(V * C, 1);
        Vec out(N * C), out8(N * C);
        embeddingForward(out.data(), ids.data(), table.data(), N, V, C);
        embeddingForward(out8.data(), ids8.data(), table.data(), N, V, C);
        for (std::size_t n = 0; n < N; ++n)
            QVERIFY(std::memcmp(&out[n * C], &table[std::size_t(ids[n]) * C], C * 4) == 0);
        QVERIFY(sameBits(out, out8));

        const Vec dOut = randomVector(N * C, 2);
        Vec d = randomVector(V * C, 3), d8 = d;
        const Vec d0 = d;
        embeddingBackward(d.data(), ids.data(), dOut.data(), N, V, C);
        embeddingBackward(d8.data(), ids8.data(), dOut.data(), N, V, C);
        Vec expected = d0; // n in order
        for (std::size_t n = 0; n < N; ++n)
            for (std::size_t c = 0; c < C; ++c)
                expected[std::size_t(ids[n]) * C + c] += dOut[n * C + c];
        QVERIFY(sameBits(d, expected));
        QVERIFY(sameBits(d8, expected));

        const std::vector<std::int32_t> bad{0, 5};
        Vec untouched(2 * C, 9.0f);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 embeddingForward(untouched.data(), bad.data(), table.data(), 2, V, C));
        QCOMPARE(untouched[0], 9.0f);
        const std::vector<std::int32_t> negative{-1};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 embeddingBackward(d.data(), negative.data(), dOut.data(), 1, V, C));
    }

    void linear()
    {
        const std::size_t N = 5, K = 7, O = 4;
        const Vec x = randomVector(N * K, 4), w = randomVector(O * K, 5), b = randomVector(O, 6);
        Vec out(N * O), outNoBias(N * O);
        linearForward(out.data(), x.data(), w.data(), b.data(), N, K, O);
        linearForward(outNoBias.data(), x.data(), w.data(), nullptr, N, K, O);
        QByteArray why;
        QVERIFY2(close(out, refLinear(toDouble(x), toDouble(w), toDouble(b), N, K, O), 1e-6, &why), why.constData());
        QVERIFY2(close(outNoBias, refLinear(toDouble(x), toDouble(w), {}, N, K, O), 1e-6, &why), why.constData());

        const Vec r = randomVector(N * O, 7);
        Vec dx = randomVector(N * K, 8), dw = randomVector(O * K, 9), db = randomVector(O, 10);
        const Vec dx0 = dx, dw0 = dw, db0 = db;
        linearBackward(dx.data(), dw.data(), db.data(), r.data(), x.data(), w.data(), N, K, O);
        const RefFn ref = [&](const std::vector<DVec> &in) { return refLinear(in[0], in[1], in[2], N, K, O); };
        const std::vector<DVec> inputs{toDouble(x), toDouble(w), toDouble(b)};
        QVERIFY2(close(dx, plus(dx0, finiteDifference(ref, inputs, 0, r)), 1e-5, &why), why.constData());
        QVERIFY2(close(dw, plus(dw0, finiteDifference(ref, inputs, 1, r)), 1e-5, &why), why.constData());
        QVERIFY2(close(db, plus(db0, finiteDifference(ref, inputs, 2, r)), 1e-5, &why), why.constData());
    }

    void elementwise()
    {
        const std::size_t n = 37;
        Vec a = randomVector(n, 12, -3.0f, 3.0f), b = randomVector(n, 13, -3.0f, 3.0f);
        for (float &v : a) // keep relu's kink away from the finite-difference step
            if (std::abs(v) < 1e-3f)
                v = 0.5f;
        const Vec r = randomVector(n, 14);
        QByteArray why;
        struct Unary {
            const char *name;
            void (*fwd)(float *, const float *, std::size_t);
            void (*bwd)(float *, const float *, const float *, std::size_t);
            double (*ref)(double);
        };
        const Unary unary[] = {
            {"relu", &reluForward, &reluBackward, [](double x) { return x > 0 ? x : 0.0; }},
            {"gelu", &geluForward, &geluBackward, &gelu},
        };
        for (const Unary &op : unary) {
            Vec out(n);
            op.fwd(out.data(), a.data(), n);
            const RefFn ref = [&](const std::vector<DVec> &in) {
                DVec o(n);
                for (std::size_t i = 0; i < n; ++i)
                    o[i] = op.ref(in[0][i]);
                return o;
            };
            QVERIFY2(close(out, ref({toDouble(a)}), 1e-6, &why), QByteArray(QByteArray(op.name) + " " + why).constData());
            Vec dx = randomVector(n, 15);
            const Vec dx0 = dx;
            op.bwd(dx.data(), r.data(), a.data(), n);
            QVERIFY2(close(dx, plus(dx0, finiteDifference(ref, {toDouble(a)}, 0, r)), 1e-5, &why),
                     QByteArray(QByteArray(op.name) + " " + why).constData());
        }

        Vec sumOut(n), prodOut(n);
        addForward(sumOut.data(), a.data(), b.data(), n);
        mulForward(prodOut.data(), a.data(), b.data(), n);
        for (std::size_t i = 0; i < n; ++i) {
            QCOMPARE(sumOut[i], a[i] + b[i]);
            QCOMPARE(prodOut[i], a[i] * b[i]);
        }
        Vec da = randomVector(n, 16), db = randomVector(n, 17);
        const Vec da0 = da, db0 = db;
        addBackward(da.data(), db.data(), r.data(), n);
        mulBackward(da.data(), db.data(), r.data(), a.data(), b.data(), n);
        for (std::size_t i = 0; i < n; ++i) {
            QCOMPARE(da[i], (da0[i] + r[i]) + r[i] * b[i]);
            QCOMPARE(db[i], (db0[i] + r[i]) + r[i] * a[i]);
        }
        // x * x: both accumulations land on the same gradient, da pass first.
        Vec dsq = da0;
        mulBackward(dsq.data(), dsq.data(), r.data(), a.data(), a.data(), n);
        for (std::size_t i = 0; i < n; ++i)
            QCOMPARE(dsq[i], (da0[i] + r[i] * a[i]) + r[i] * a[i]);
        Vec acc = da0;
        accumulate(acc.data(), r.data(), n);
        for (std::size_t i = 0; i < n; ++i)
            QCOMPARE(acc[i], da0[i] + r[i]);
        zeroGrad(acc.data(), n);
        for (float v : acc)
            QCOMPARE(math::bits(v), 0u);
    }

    void layerNorm()
    {
        const std::size_t N = 4, C = 11;
        const Vec x = randomVector(N * C, 20, -2.0f, 2.0f), w = randomVector(C, 21),
                  b = randomVector(C, 22);
        Vec out(N * C), mu(N), rstd(N);
        layerNormForward(out.data(), mu.data(), rstd.data(), x.data(), w.data(), b.data(), N, C);
        const RefFn ref = [&](const std::vector<DVec> &in) { return refLayerNorm(in[0], in[1], in[2], N, C); };
        const std::vector<DVec> inputs{toDouble(x), toDouble(w), toDouble(b)};
        QByteArray why;
        QVERIFY2(close(out, ref(inputs), 1e-5, &why), why.constData());
        const Vec r = randomVector(N * C, 23);
        Vec dx = randomVector(N * C, 24), dw = randomVector(C, 25), db = randomVector(C, 26);
        const Vec dx0 = dx, dw0 = dw, db0 = db;
        layerNormBackward(dx.data(), dw.data(), db.data(), r.data(), x.data(), w.data(), mu.data(),
                          rstd.data(), N, C);
        QVERIFY2(close(dx, plus(dx0, finiteDifference(ref, inputs, 0, r)), 1e-4, &why), why.constData());
        QVERIFY2(close(dw, plus(dw0, finiteDifference(ref, inputs, 1, r)), 1e-5, &why), why.constData());
        QVERIFY2(close(db, plus(db0, finiteDifference(ref, inputs, 2, r)), 1e-5, &why), why.constData());
    }

    void softmax()
    {
        const std::size_t N = 3, C = 13;
        const Vec x = randomVector(N * C, 30, -4.0f, 4.0f);
        Vec out(N * C);
        softmaxForward(out.data(), x.data(), N, C);
        const RefFn ref = [&](const std::vector<DVec> &in) { return refSoftmax(in[0], N, C); };
        QByteArray why;
        QVERIFY2(close(out, ref({toDouble(x)}), 1e-6, &why), why.constData());
        const Vec r = randomVector(N * C, 31);
        Vec dx = randomVector(N * C, 32);
        const Vec dx0 = dx;
        softmaxBackward(dx.data(), r.data(), out.data(), N, C);
        QVERIFY2(close(dx, plus(dx0, finiteDifference(ref, {toDouble(x)}, 0, r)), 1e-5, &why), why.constData());
    }

    void attention()
    {
        const std::size_t B = 2, T = 5, C = 8, NH = 2;
        const Vec qkv = randomVector(B * T * 3 * C, 40);
        Vec out(B * T * C), att(B * NH * T * T);
        attentionForward(out.data(), att.data(), qkv.data(), B, T, C, NH);
        const RefFn ref = [&](const std::vector<DVec> &in) { return refAttention(in[0], B, T, C, NH); };
        QByteArray why;
        QVERIFY2(close(out, ref({toDouble(qkv)}), 1e-6, &why), why.constData());
        for (std::size_t bh = 0; bh < B * NH; ++bh)
            for (std::size_t t = 0; t < T; ++t)
                for (std::size_t s = t + 1; s < T; ++s)
                    QCOMPARE(math::bits(att[(bh * T + t) * T + s]), 0u);
        const Vec r = randomVector(B * T * C, 41);
        Vec d = randomVector(B * T * 3 * C, 42);
        const Vec d0 = d;
        attentionBackward(d.data(), r.data(), qkv.data(), att.data(), B, T, C, NH);
        QVERIFY2(close(d, plus(d0, finiteDifference(ref, {toDouble(qkv)}, 0, r)), 1e-5, &why), why.constData());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 attentionForward(out.data(), att.data(), qkv.data(), B, T, C, 3));
    }

    void crossEntropy()
    {
        const std::size_t N = 6, V = 9;
        const Vec logits = randomVector(N * V, 50, -3.0f, 3.0f);
        const std::vector<std::int32_t> t{0, 8, 3, 3, 5, 1};
        const std::vector<std::uint8_t> t8(t.begin(), t.end());
        Vec probs(N * V), losses(N), probs8(N * V), losses8(N);
        const float loss = crossEntropyForward(probs.data(), losses.data(), logits.data(), t.data(), N, V);
        const float loss8 = crossEntropyForward(probs8.data(), losses8.data(), logits.data(), t8.data(), N, V);
        QCOMPARE(math::bits(loss), math::bits(loss8));
        QVERIFY(sameBits(probs, probs8));
        QCOMPARE(math::bits(loss), math::bits(mean(losses.data(), N)));
        const double expected = refCrossEntropy(toDouble(logits), t, N, V);
        QVERIFY2(std::abs(double(loss) - expected) < 1e-6 * std::max(1.0, expected),
                 qPrintable(QString::number(double(loss)) + QLatin1Char(' ') + QString::number(expected)));

        Vec d = randomVector(N * V, 51), d8 = d;
        const Vec d0 = d;
        const float dLoss = 0.75f;
        crossEntropyBackward(d.data(), probs.data(), t.data(), N, V, dLoss);
        crossEntropyBackward(d8.data(), probs.data(), t8.data(), N, V, dLoss);
        QVERIFY(sameBits(d, d8));
        const RefFn ref = [&](const std::vector<DVec> &in) { return DVec{refCrossEntropy(in[0], t, N, V)}; };
        QByteArray why;
        QVERIFY2(close(d, plus(d0, finiteDifference(ref, {toDouble(logits)}, 0, Vec{dLoss})), 1e-5, &why), why.constData());
        const std::vector<std::int32_t> bad{0, 9, 0, 0, 0, 0};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 crossEntropyForward(probs.data(), losses.data(), logits.data(), bad.data(), N, V));
    }

    void sgd()
    {
        const std::size_t n = 9;
        const Vec g = randomVector(n, 60);
        Vec p = randomVector(n, 61), buf(n, 0.0f);
        const Vec p0 = p;
        sgdUpdate(p.data(), nullptr, g.data(), n, {.lr = 0.1f});
        for (std::size_t i = 0; i < n; ++i)
            QCOMPARE(p[i], p0[i] - 0.1f * g[i]);
        p = p0;
        const SgdParams mom{.lr = 0.1f, .momentum = 0.9f, .weightDecay = 0.01f};
        sgdUpdate(p.data(), buf.data(), g.data(), n, mom);
        sgdUpdate(p.data(), buf.data(), g.data(), n, mom);
        for (std::size_t i = 0; i < n; ++i) {
            double pd = p0[i], bd = 0.0;
            for (int s = 0; s < 2; ++s) {
                const double gd = g[i] + 0.01 * pd;
                bd = 0.9 * bd + gd;
                pd -= 0.1 * bd;
            }
            QVERIFY(std::abs(pd - double(p[i])) < 1e-6);
        }
    }

    // The kernels need the IEEE default environment; the check reports flush-to-zero, and pool
    // threads started by a thread with flush-to-zero on still keep subnormal results.
    void floatingPointEnvironment()
    {
        QCOMPARE(QString::fromStdString(floatingPointEnvironmentProblem()), QString());
#if defined(__x86_64__)
        RuntimeGuard guard;
        const unsigned saved = _mm_getcsr();
        _mm_setcsr(saved | 0x8040u); // FTZ + DAZ
        QVERIFY(!floatingPointEnvironmentProblem().empty());
        setThreadCount(threadCount() == 3 ? 4 : 3); // the next parallel call starts a new pool
        const std::size_t n = 1 << 18;
        Vec a(n, 1e-20f), b(n, 1e-20f), out(n, 1.0f);
        addForward(out.data(), a.data(), b.data(), n); // starts the pool from this thread
        _mm_setcsr(saved);
        QCOMPARE(QString::fromStdString(floatingPointEnvironmentProblem()), QString());
        mulForward(out.data(), a.data(), b.data(), n); // 1e-40: subnormal
        for (std::size_t i = 0; i < n; ++i)
            QCOMPARE(math::bits(out[i]), math::bits(1e-20f * 1e-20f));
        QVERIFY(out[0] != 0.0f);
#endif
    }

    void adamW()
    {
        const std::size_t n = 9;
        const AdamWParams hp{.lr = 1e-2f, .beta1 = 0.9f, .beta2 = 0.95f, .eps = 1e-8f,
                             .weightDecay = 0.1f};
        Vec p = randomVector(n, 70), m(n, 0.0f), v(n, 0.0f);
        const Vec p0 = p;
        std::vector<double> pd(p0.begin(), p0.end()), md(n, 0.0), vd(n, 0.0);
        for (std::uint32_t step = 1; step <= 3; ++step) {
            const Vec g = randomVector(n, 70 + step);
            adamWUpdate(p.data(), m.data(), v.data(), g.data(), n, step, hp);
            for (std::size_t i = 0; i < n; ++i) {
                pd[i] *= 1.0 - 1e-2 * 0.1;
                md[i] = 0.9 * md[i] + 0.1 * g[i];
                vd[i] = 0.95 * vd[i] + 0.05 * double(g[i]) * g[i];
                const double mh = md[i] / (1.0 - std::pow(0.9, step));
                const double vh = vd[i] / (1.0 - std::pow(0.95, step));
                pd[i] -= 1e-2 * mh / (std::sqrt(vh) + 1e-8);
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            QVERIFY2(std::abs(pd[i] - double(p[i])) < 1e-5,
                     qPrintable(QString::number(pd[i]) + QLatin1Char(' ') + QString::number(p[i])));
            QVERIFY(std::abs(md[i] - double(m[i])) < 1e-6);
            QVERIFY(std::abs(vd[i] - double(v[i])) < 1e-6);
        }
    }
};

QTEST_GUILESS_MAIN(TestReproOps)
#include "TestReproOps.moc"
