// Every repro op's forward and backward against libtorch (float32 autograd on the CPU): the
// `fast` backend runs these same ops through torch, so the two backends must agree within a
// stated tolerance (relative 2e-5 of the tensor's largest magnitude; bitwise agreement is not
// expected, torch's arithmetic order is its own).

#include "ReproTestUtil.h"

#include <QTest>

#include <torch/torch.h>

using namespace idleforge::repro;
using namespace idleforge::repro::test;

namespace {

using Vec = std::vector<float>;
constexpr double kTolerance = 2e-5;

torch::Tensor leaf(const Vec &v, std::vector<std::int64_t> shape)
{
    return torch::from_blob(const_cast<float *>(v.data()), shape, torch::kFloat32)
        .clone()
        .requires_grad_(true);
}

torch::Tensor tensor(const Vec &v, std::vector<std::int64_t> shape)
{
    return torch::from_blob(const_cast<float *>(v.data()), shape, torch::kFloat32).clone();
}

// max |ours - theirs| <= tol * max(1, max |theirs|)
bool agrees(const Vec &ours, const torch::Tensor &theirs, QByteArray *why)
{
    const torch::Tensor t = theirs.detach().contiguous().to(torch::kFloat64).flatten();
    if (t.numel() != std::int64_t(ours.size())) {
        *why = "size mismatch";
        return false;
    }
    const double scale = std::max(1.0, t.abs().max().item<double>());
    const auto acc = t.accessor<double, 1>();
    double worst = 0.0;
    for (std::size_t i = 0; i < ours.size(); ++i)
        worst = std::max(worst, std::abs(double(ours[i]) - acc[std::int64_t(i)]));
    *why = "max abs difference " + QByteArray::number(worst, 'g', 4) + " (scale " +
           QByteArray::number(scale, 'g', 4) + ")";
    return worst <= kTolerance * scale;
}

#define AGREE(ours, theirs)                                                                    \
    do {                                                                                       \
        QByteArray why;                                                                        \
        const bool ok = agrees(ours, theirs, &why);                                            \
        QVERIFY2(ok, QByteArray(QByteArray(#ours) + ": " + why).constData());                  \
    } while (false)

} // namespace

class TestReproVsTorch : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::manual_seed(0); }

    // torch shares the worker process with the repro kernels: after its ops the thread must still
    // have the IEEE default environment (no flush-to-zero) the kernels rely on.
    void cleanup()
    {
        QCOMPARE(QString::fromStdString(floatingPointEnvironmentProblem()), QString());
    }

    void linear()
    {
        const std::size_t N = 33, K = 40, O = 24;
        const Vec x = randomVector(N * K, 1), w = randomVector(O * K, 2), b = randomVector(O, 3),
                  g = randomVector(N * O, 4);
        Vec out(N * O), dx(N * K, 0.0f), dw(O * K, 0.0f), db(O, 0.0f);
        linearForward(out.data(), x.data(), w.data(), b.data(), N, K, O);
        linearBackward(dx.data(), dw.data(), db.data(), g.data(), x.data(), w.data(), N, K, O);
        auto tx = leaf(x, {long(N), long(K)}), tw = leaf(w, {long(O), long(K)}), tb = leaf(b, {long(O)});
        auto tout = torch::nn::functional::linear(tx, tw, tb);
        tout.backward(tensor(g, {long(N), long(O)}));
        AGREE(out, tout);
        AGREE(dx, tx.grad());
        AGREE(dw, tw.grad());
        AGREE(db, tb.grad());
    }

    void geluAndRelu()
    {
        const std::size_t n = 1000;
        const Vec x = randomVector(n, 5, -5.0f, 5.0f), g = randomVector(n, 6);
        Vec out(n), dx(n, 0.0f), rout(n), rdx(n, 0.0f);
        geluForward(out.data(), x.data(), n);
        geluBackward(dx.data(), g.data(), x.data(), n);
        reluForward(rout.data(), x.data(), n);
        reluBackward(rdx.data(), g.data(), x.data(), n);
        auto tx = leaf(x, {long(n)});
        auto tout = torch::gelu(tx, "tanh");
        tout.backward(tensor(g, {long(n)}));
        AGREE(out, tout);
        AGREE(dx, tx.grad());
        auto rx = leaf(x, {long(n)});
        auto rt = torch::relu(rx);
        rt.backward(tensor(g, {long(n)}));
        AGREE(rout, rt);
        AGREE(rdx, rx.grad());
    }

    void layerNorm()
    {
        const std::size_t N = 20, C = 48;
        const Vec x = randomVector(N * C, 7, -3.0f, 3.0f), w = randomVector(C, 8),
                  b = randomVector(C, 9), g = randomVector(N * C, 10);
        Vec out(N * C), mu(N), rstd(N), dx(N * C, 0.0f), dw(C, 0.0f), db(C, 0.0f);
        layerNormForward(out.data(), mu.data(), rstd.data(), x.data(), w.data(), b.data(), N, C);
        layerNormBackward(dx.data(), dw.data(), db.data(), g.data(), x.data(), w.data(), mu.data(),
                          rstd.data(), N, C);
        auto tx = leaf(x, {long(N), long(C)}), tw = leaf(w, {long(C)}), tb = leaf(b, {long(C)});
        auto tout = torch::layer_norm(tx, {long(C)}, tw, tb, 1e-5);
        tout.backward(tensor(g, {long(N), long(C)}));
        AGREE(out, tout);
        AGREE(dx, tx.grad());
        AGREE(dw, tw.grad());
        AGREE(db, tb.grad());
    }

    void softmax()
    {
        const std::size_t N = 10, C = 37;
        const Vec x = randomVector(N * C, 11, -6.0f, 6.0f), g = randomVector(N * C, 12);
        Vec out(N * C), dx(N * C, 0.0f);
        softmaxForward(out.data(), x.data(), N, C);
        softmaxBackward(dx.data(), g.data(), out.data(), N, C);
        auto tx = leaf(x, {long(N), long(C)});
        auto tout = torch::softmax(tx, 1);
        tout.backward(tensor(g, {long(N), long(C)}));
        AGREE(out, tout);
        AGREE(dx, tx.grad());
    }

    void attention()
    {
        const long B = 2, T = 16, C = 32, NH = 4, hs = C / NH;
        const Vec qkv = randomVector(std::size_t(B * T * 3 * C), 13), g = randomVector(std::size_t(B * T * C), 14);
        Vec out(std::size_t(B * T * C)), att(std::size_t(B * NH * T * T)), d(qkv.size(), 0.0f);
        attentionForward(out.data(), att.data(), qkv.data(), B, T, C, NH);
        attentionBackward(d.data(), g.data(), qkv.data(), att.data(), B, T, C, NH);

        auto tqkv = leaf(qkv, {B, T, 3 * C});
        auto parts = tqkv.split(C, 2);
        auto heads = [&](const torch::Tensor &t) { return t.view({B, T, NH, hs}).transpose(1, 2); };
        auto q = heads(parts[0]), k = heads(parts[1]), v = heads(parts[2]);
        auto scores = torch::matmul(q, k.transpose(-2, -1)) * (1.0 / std::sqrt(double(hs)));
        auto mask = torch::ones({T, T}, torch::kBool).triu(1);
        auto probs = torch::softmax(scores.masked_fill(mask, -INFINITY), -1);
        auto tout = torch::matmul(probs, v).transpose(1, 2).contiguous().view({B, T, C});
        tout.backward(tensor(g, {B, T, C}));
        AGREE(out, tout);
        AGREE(att, probs);
        AGREE(d, tqkv.grad());
    }

    void crossEntropy()
    {
        const std::size_t N = 40, V = 256;
        const Vec logits = randomVector(N * V, 15, -4.0f, 4.0f);
        std::vector<std::int32_t> targets(N);
        for (std::size_t i = 0; i < N; ++i)
            targets[i] = std::int32_t((i * 53) % V);
        Vec probs(N * V), losses(N), d(N * V, 0.0f);
        const float loss = crossEntropyForward(probs.data(), losses.data(), logits.data(),
                                               targets.data(), N, V);
        crossEntropyBackward(d.data(), probs.data(), targets.data(), N, V);
        auto tl = leaf(logits, {long(N), long(V)});
        auto tt = torch::from_blob(targets.data(), {long(N)}, torch::kInt32).to(torch::kLong);
        auto tloss = torch::nn::functional::cross_entropy(tl, tt);
        tloss.backward();
        AGREE(Vec{loss}, tloss);
        AGREE(d, tl.grad());
    }

    void embedding()
    {
        const std::size_t N = 50, V = 20, C = 8;
        std::vector<std::int32_t> ids(N);
        for (std::size_t i = 0; i < N; ++i)
            ids[i] = std::int32_t((i * 7) % V);
        const Vec table = randomVector(V * C, 16), g = randomVector(N * C, 17);
        Vec out(N * C), d(V * C, 0.0f);
        embeddingForward(out.data(), ids.data(), table.data(), N, V, C);
        embeddingBackward(d.data(), ids.data(), g.data(), N, V, C);
        auto tt = leaf(table, {long(V), long(C)});
        auto tid = torch::from_blob(ids.data(), {long(N)}, torch::kInt32).to(torch::kLong);
        auto tout = torch::embedding(tt, tid);
        tout.backward(tensor(g, {long(N), long(C)}));
        AGREE(out, tout);
        AGREE(d, tt.grad());
    }

    void adamW()
    {
        const std::size_t n = 300;
        const AdamWParams hp{.lr = 3e-3f, .beta1 = 0.9f, .beta2 = 0.99f, .eps = 1e-8f,
                             .weightDecay = 0.1f};
        Vec p = randomVector(n, 18), m(n, 0.0f), v(n, 0.0f);
        auto tp = leaf(p, {long(n)});
        torch::optim::AdamW opt({tp}, torch::optim::AdamWOptions(hp.lr)
                                          .betas({hp.beta1, hp.beta2})
                                          .eps(hp.eps)
                                          .weight_decay(hp.weightDecay));
        for (std::uint32_t step = 1; step <= 5; ++step) {
            const Vec g = randomVector(n, 100 + step);
            adamWUpdate(p.data(), m.data(), v.data(), g.data(), n, step, hp);
            tp.mutable_grad() = tensor(g, {long(n)});
            opt.step();
        }
        AGREE(p, tp);
    }

    void sgd()
    {
        const std::size_t n = 300;
        const SgdParams hp{.lr = 0.05f, .momentum = 0.9f, .weightDecay = 0.01f};
        Vec p = randomVector(n, 19), buf(n, 0.0f);
        auto tp = leaf(p, {long(n)});
        torch::optim::SGD opt({tp}, torch::optim::SGDOptions(hp.lr).momentum(hp.momentum).weight_decay(hp.weightDecay));
        for (std::uint32_t step = 1; step <= 5; ++step) {
            const Vec g = randomVector(n, 200 + step);
            sgdUpdate(p.data(), buf.data(), g.data(), n, hp);
            tp.mutable_grad() = tensor(g, {long(n)});
            opt.step();
        }
        AGREE(p, tp);
    }
};

QTEST_GUILESS_MAIN(TestReproVsTorch)
#include "TestReproVsTorch.moc"
