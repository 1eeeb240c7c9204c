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
    auto asyncDb = readDb ? db::Database::open(path, db::Database::Mode::ReadOnly) : Result<db::Database>(readDb.error());
    if (!readDb || !asyncDb) {
        stop();
        return asyncDb.error();
    }
    qCInfo(lcLedger) << "ledger open" << path;
    std::unique_ptr<Ledger> ledger(new Ledger(path, std::make_unique<db::Database>(std::move(*readDb)), thread, writer));
    ledger->m_asyncDb = std::make_unique<db::Database>(std::move(*asyncDb));
    ledger->m_asyncQueries = std::make_unique<LedgerQueries>(*ledger->m_asyncDb);
    ledger->m_readerThread = new QThread;
    ledger->m_readerThread->setObjectName(QStringLiteral("ledger-reader"));
    ledger->m_readerContext = new QObject;
    ledger->m_readerContext->moveToThread(ledger->m_readerThread);
    ledger->m_readerThread->start();
    return ledger;
}

Ledger::~Ledger()
{
    if (m_readerThread) { // its queued reads post to this object, which still exists
        m_readerThread->quit();
        m_readerThread->wait();
        delete m_readerContext;
        delete m_readerThread;
    }
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
void Ledger::onWriterAsync(std::function<Result<T>(LedgerWriter &)> work, std::function<void(Result<T>)> done, bool notify)
{
    // The destructor waits for the writer thread, so `this` outlives every queued callback;
    // events posted to a destroyed receiver are dropped by Qt.
    QMetaObject::invokeMethod(m_writer, [this, work, done, notify] {
        auto result = std::make_shared<Result<T>>(work(*m_writer));
        QMetaObject::invokeMethod(this, [this, done, result, notify] {
            const bool ok = result->ok();
            done(std::move(*result));
            if (ok && notify)
                Q_EMIT changed();
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

template <typename T>
Result<T> Ledger::notifying(Result<T> r)
{
    if (r.ok())
        Q_EMIT changed();
    return r;
}

void Ledger::onReader(std::function<void(const LedgerQueries &)> work)
{
    QMetaObject::invokeMethod(m_readerContext, [q = m_asyncQueries.get(), work = std::move(work)] { work(*q); }, Qt::QueuedConnection);
}

Result<AddOutcome> Ledger::addReceipt(const QJsonObject &receipt)
{
    return notifying(onWriter<AddOutcome>([receipt](LedgerWriter &w) { return w.addReceipt(receipt); }));
}

Result<void> Ledger::recordBenchmarks(const QList<BenchmarkRecord> &rows)
{
    return notifying(onWriter<void>([rows](LedgerWriter &w) { return w.recordBenchmarks(rows); }));
}

Result<void> Ledger::upsertJob(const JobRecord &job)
{
    return notifying(onWriter<void>([job](LedgerWriter &w) { return w.upsertJob(job); }));
}

Result<void> Ledger::addCheckpoint(const CheckpointRecord &cp)
{
    return notifying(onWriter<void>([cp](LedgerWriter &w) { return w.addCheckpoint(cp); }));
}

Result<void> Ledger::addVerificationEvent(const VerificationEvent &ev)
{
    return notifying(onWriter<void>([ev](LedgerWriter &w) { return w.addVerificationEvent(ev); }));
}

Result<void> Ledger::logActivity(const QString &level, const QString &category, const QString &message,
                                 const QString &jobId)
{
    return notifying(onWriter<void>([=](LedgerWriter &w) { return w.logActivity(level, category, message, jobId); }));
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
    onWriterAsync<Totals>([](LedgerWriter &w) { return w.totals(); }, std::move(done), /*notify=*/false);
}

Result<qint64> Ledger::recordHistory(const HistoryUpdate &update)
{
    return notifying(onWriter<qint64>([update](LedgerWriter &w) { return w.recordHistory(update); }));
}

void Ledger::recordHistoryAsync(const HistoryUpdate &update, std::function<void(Result<qint64>)> done)
{
    onWriterAsync<qint64>([update](LedgerWriter &w) { return w.recordHistory(update); }, std::move(done));
}

void Ledger::recordHistoryReceiptAsync(const HistoryReceipt &receipt, std::function<void(Result<qint64>)> done)
{
    onWriterAsync<qint64>([receipt](LedgerWriter &w) { return w.recordHistoryReceipt(receipt); }, std::move(done));
}

void Ledger::setHistoryKeep(int rows)
{
    (void)onWriter<void>([rows](LedgerWriter &w) -> Result<void> {
        w.setHistoryKeep(rows);
        return {};
    });
}

} // namespace idleforge::ledger
