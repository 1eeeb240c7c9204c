#include "ledger/Ledger.h"

#include "ledger/LedgerWriter.h"
#include "ledger/Log.h"

#include <QFileInfo>
#include <QDir>
#include <QThread>

namespace idleforge::ledger {

Ledger::Ledger(QString path, std::unique_ptr<db::Database> readDb, QThread *thread, LedgerWriter *writer)
    : m_path(std::move(path)), m_readDb(std::move(readDb)), m_queries(*m_readDb), m_thread(thread), m_writer(writer)
{
}

Result<std::unique_ptr<Ledger>> Ledger::open(const QString &path, const crypto::PublicKey &coordinatorKey)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    auto *thread = new QThread;
    thread->setObjectName(QStringLiteral("ledger-writer"));
    auto *writer = new LedgerWriter(path, coordinatorKey);
    writer->moveToThread(thread);
    QObject::connect(thread, &QThread::finished, writer, &QObject::deleteLater);
    thread->start();

    const auto stop = [thread] {
        thread->quit();
        thread->wait();
        delete thread;
    };
    std::optional<Result<void>> opened;
    QMetaObject::invokeMethod(writer, [&] { opened.emplace(writer->open()); }, Qt::BlockingQueuedConnection);
    if (!*opened) {
        stop();
        return opened->error();
    }
    auto readDb = db::Database::open(path);
    if (!readDb) {
        stop();
        return readDb.error();
    }
    qCInfo(lcLedger) << "ledger open" << path;
    return std::unique_ptr<Ledger>(
        new Ledger(path, std::make_unique<db::Database>(std::move(*readDb)), thread, writer));
}

Ledger::~Ledger()
{
    QMetaObject::invokeMethod(m_writer, [w = m_writer] { w->close(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

template <typename T>
Result<T> Ledger::onWriter(std::function<Result<T>(LedgerWriter &)> work)
{
    std::optional<Result<T>> out;
    QMetaObject::invokeMethod(m_writer, [&] { out.emplace(work(*m_writer)); }, Qt::BlockingQueuedConnection);
    return std::move(*out);
}

template <typename T>
void Ledger::onWriterAsync(std::function<Result<T>(LedgerWriter &)> work, std::function<void(Result<T>)> done)
{
    // The destructor waits for the writer thread, so `this` outlives every queued callback;
    // events posted to a destroyed receiver are dropped by Qt.
    QMetaObject::invokeMethod(m_writer, [this, work, done] {
        auto result = std::make_shared<Result<T>>(work(*m_writer));
        QMetaObject::invokeMethod(this, [done, result] { done(std::move(*result)); }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

Result<AddOutcome> Ledger::addReceipt(const QJsonObject &receipt)
{
    return onWriter<AddOutcome>([receipt](LedgerWriter &w) { return w.addReceipt(receipt); });
}

Result<void> Ledger::recordBenchmarks(const QList<BenchmarkRecord> &rows)
{
    return onWriter<void>([rows](LedgerWriter &w) { return w.recordBenchmarks(rows); });
}

Result<void> Ledger::upsertJob(const JobRecord &job)
{
    return onWriter<void>([job](LedgerWriter &w) { return w.upsertJob(job); });
}

Result<void> Ledger::addCheckpoint(const CheckpointRecord &cp)
{
    return onWriter<void>([cp](LedgerWriter &w) { return w.addCheckpoint(cp); });
}

Result<void> Ledger::addVerificationEvent(const VerificationEvent &ev)
{
    return onWriter<void>([ev](LedgerWriter &w) { return w.addVerificationEvent(ev); });
}

Result<void> Ledger::logActivity(const QString &level, const QString &category, const QString &message,
                                 const QString &jobId)
{
    return onWriter<void>([=](LedgerWriter &w) { return w.logActivity(level, category, message, jobId); });
}

void Ledger::addReceiptAsync(const QJsonObject &receipt, std::function<void(Result<AddOutcome>)> done)
{
    onWriterAsync<AddOutcome>([receipt](LedgerWriter &w) { return w.addReceipt(receipt); }, std::move(done));
}

void Ledger::recordBenchmarksAsync(const QList<BenchmarkRecord> &rows, std::function<void(Result<void>)> done)
{
    onWriterAsync<void>([rows](LedgerWriter &w) { return w.recordBenchmarks(rows); }, std::move(done));
}

void Ledger::totalsAsync(std::function<void(Result<Totals>)> done)
{
    onWriterAsync<Totals>([](LedgerWriter &w) { return w.totals(); }, std::move(done));
}

} // namespace idleforge::ledger
