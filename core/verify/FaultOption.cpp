#include "verify/FaultOption.h"
#include "base/BuildFeatures.h"

#include "base/SafeFile.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

#include <algorithm>
#include <map>

namespace idleforge::verify {

namespace {

Error bad(const QString &msg) { return makeError("verify.bad_fault", msg); }

} // namespace

Result<QJsonObject> parseFaultOption(const QString &text)
{
    static const std::map<QString, std::pair<QString, QStringList>> kinds{
        {QStringLiteral("bitflip"), {QStringLiteral("flip_bit"), {QStringLiteral("step"), QStringLiteral("node"), QStringLiteral("bit")}}},
        {QStringLiteral("fabricate"), {QStringLiteral("fabricate_hash"), {QStringLiteral("from"), QStringLiteral("to")}}},
        {QStringLiteral("wrong-batch"), {QStringLiteral("wrong_batch"), {QStringLiteral("step")}}},
        {QStringLiteral("skip-update"), {QStringLiteral("skip_update"), {QStringLiteral("step")}}},
    };
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    const QString kind = text.left(colon);
    const auto it = kinds.find(kind);
    if (it == kinds.end())
        return bad(QStringLiteral("unknown fault \"%1\" (bitflip, fabricate, wrong-batch, skip-update)").arg(kind));
    std::map<QString, qint64> values;
    if (colon >= 0) {
        for (const QString &kv : text.mid(colon + 1).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QStringList parts = kv.split(QLatin1Char('='));
            bool ok = false;
            const qint64 v = parts.size() == 2 ? parts[1].toLongLong(&ok) : 0;
            if (!ok || v < 0 || !it->second.second.contains(parts[0]) || values.count(parts[0]))
                return bad(QStringLiteral("\"%1\": %2 takes %3=<non-negative integer>").arg(kv, kind, it->second.second.join(QStringLiteral("=,"))));
            values[parts[0]] = v;
        }
    }
    QJsonObject out{{QStringLiteral("kind"), it->second.first}};
    const auto need = [&](const char *key) { return values.count(QString::fromLatin1(key)) != 0; };
    if (kind == QLatin1String("fabricate")) {
        if (!need("from") || !need("to") || values[QStringLiteral("to")] < values[QStringLiteral("from")])
            return bad(QStringLiteral("fabricate needs from=T1,to=T2 with T1 <= T2"));
        out.insert(QStringLiteral("step"), double(values[QStringLiteral("from")]));
        out.insert(QStringLiteral("to"), double(values[QStringLiteral("to")]));
        return out;
    }
    if (!need("step"))
        return bad(QStringLiteral("%1 needs step=T").arg(kind));
    out.insert(QStringLiteral("step"), double(values[QStringLiteral("step")]));
    if (kind == QLatin1String("bitflip")) {
        if (!need("node"))
            return bad(QStringLiteral("bitflip needs node=I"));
        const qint64 bit = need("bit") ? values[QStringLiteral("bit")] : 16;
        if (bit > 31)
            return bad(QStringLiteral("bit must be in 0..31"));
        out.insert(QStringLiteral("node"), double(values[QStringLiteral("node")]));
        out.insert(QStringLiteral("bit"), double(bit));
    }
    return out;
}

StepRange faultyAuditSteps(const QJsonObject &fault, qint64 steps)
{
    const QString kind = fault.value(QStringLiteral("kind")).toString();
    const qint64 step = qint64(fault.value(QStringLiteral("step")).toDouble(-1));
    if (step < 0 || step >= steps)
        return {};
    if (kind == QLatin1String("fabricate_hash")) {
        // Sampling t = T1 recomputes a real h_{T1+1}; t in T1+1..T2+1 cannot serve an s_t that
        // matches the made-up h_t.
        const qint64 to = qint64(fault.value(QStringLiteral("to")).toDouble(double(step)));
        return {step, std::min(steps - 1, to + 1)};
    }
    return {step, step};
}

QString faultRecordPath(const QString &workdir) { return QDir(workdir).filePath(QStringLiteral("fault.json")); }

Result<void> writeFaultRecord(const QString &workdir, const QJsonObject &fault)
{
    if (!QDir().mkpath(workdir))
        return bad(QStringLiteral("cannot create %1").arg(workdir));
    if (auto r = writeFileReplacing(faultRecordPath(workdir), QJsonDocument(fault).toJson()); !r)
        return bad(r.error().message);
    return {};
}

Result<QJsonObject> readFaultRecord(const QString &workdir)
{
    QFile f(faultRecordPath(workdir));
    if (!f.exists())
        return QJsonObject{};
    if (!f.open(QIODevice::ReadOnly))
        return bad(QStringLiteral("cannot read %1: %2").arg(f.fileName(), f.errorString()));
    const QJsonDocument doc = QJsonDocument::fromJson(f.read(4096));
    if (!doc.isObject())
        return bad(QStringLiteral("%1 is not a JSON object").arg(f.fileName()));
    return doc.object();
}

#ifdef IDLEFORGE_FAULT_INJECTION
Result<graph::FaultPlan> faultPlanFromJson(const QJsonObject &fault)
{
    using K = graph::FaultPlan::Kind;
    const QString kind = fault.value(QStringLiteral("kind")).toString();
    const K k = kind == QLatin1String("flip_bit") ? K::FlipBit
              : kind == QLatin1String("skip_update") ? K::SkipUpdate
              : kind == QLatin1String("wrong_batch") ? K::WrongBatch
              : kind == QLatin1String("fabricate_hash") ? K::FabricateHash : K::None;
    if (k == K::None)
        return bad(QStringLiteral("unknown fault kind \"%1\"").arg(kind));
    graph::FaultPlan plan;
    plan.kind = k;
    plan.step = qint64(fault.value(QStringLiteral("step")).toDouble(-1));
    plan.node = fault.value(QStringLiteral("node")).toInt();
    plan.bit = fault.value(QStringLiteral("bit")).toInt();
    plan.to = qint64(fault.value(QStringLiteral("to")).toDouble(double(plan.step)));
    return plan;
}
#endif

} // namespace idleforge::verify
