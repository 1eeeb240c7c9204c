#pragma once
// A PUT on a BlobServer connection once its head is accepted (BlobServer.h has the rules), and
// the per-key quota that admission charges. A BlobUpload is a child of its socket, so it goes
// when the connection goes; a QSaveFile destroyed without commit() leaves no file behind, which
// is what makes a body cut short, a time-out or a server shutdown store nothing.
#include "crypto/Blake2b.h"
#include "devnet/BlobServer.h"

#include <QHash>
#include <QList>
#include <QSaveFile>

namespace idleforge::devnet {

class TransferWatch;

// Bytes admitted per key in a rolling window. Only registered keys reach it, a key whose
// entries have all aged out is forgotten, and entries are per minute: bounded by keys x 60.
class UploadQuota {
public:
    // Charges `bytes` to `key` at `nowMs` unless that would take it over `limit` in `windowMs`.
    bool charge(const QByteArray &key, qint64 bytes, qint64 nowMs, qint64 limit, qint64 windowMs);
    qint64 used(const QByteArray &key, qint64 nowMs, qint64 windowMs);

private:
    struct Entry {
        qint64 startMs, atMs, bytes; // atMs: the latest bytes added
    };
    QHash<QByteArray, QList<Entry>> m_entries;
};

class BlobUpload : public QObject {
public:
    // `alreadyStored`: the body is read (so the client sees the answer, not a reset) and
    // hashed, but nothing is rewritten.
    BlobUpload(QTcpSocket *socket, BlobServer &server, const QByteArray &hashHex, qint64 length, bool alreadyStored);
    bool openTarget(); // for a new blob: the QSaveFile beside its final name
    void start(const QByteArray &rest);

private:
    void feed(QByteArray chunk);
    void finish();
    void answerExisting();

    QTcpSocket *m_socket;
    BlobServer &m_server;
    QByteArray m_hex;
    crypto::Hash256 m_claimed;
    qint64 m_remaining, m_length;
    bool m_alreadyStored;
    crypto::Blake2b256 m_hasher;
    QSaveFile m_file;
    TransferWatch *m_watch = nullptr;
};

} // namespace idleforge::devnet
