#include "protocol/Tls.h"

#include <QDateTime>
#include <QFile>
#include <QSslKey>
#include <QSslSocket>
#include <QStringList>

namespace idleforge::protocol {

namespace {

Result<void> backendPresent()
{
    if (QSslSocket::supportsSsl())
        return {};
    return makeError("tls.unavailable",
                     QStringLiteral("Qt has no TLS backend here (the OpenSSL plugin in qt6/plugins/tls of libqt6network6, "
                                    "with libssl3); backends found: %1")
                         .arg(QSslSocket::availableBackends().join(QStringLiteral(", "))));
}

Result<QByteArray> readPem(const char *code, const QString &what, const QString &path)
{
    if (path.isEmpty())
        return makeError(code, QStringLiteral("no %1 file given").arg(what));
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(code, QStringLiteral("cannot read the %1 file %2: %3").arg(what, path, f.errorString()));
    // A PEM certificate chain or key is a few KiB; anything far larger is not one.
    const QByteArray bytes = f.read(1 << 20);
    if (!bytes.contains("-----BEGIN "))
        return makeError(code, QStringLiteral("the %1 file %2 is not PEM (no -----BEGIN line)").arg(what, path));
    return bytes;
}

QString subjectOf(const QSslCertificate &c)
{
    const QStringList cn = c.subjectInfo(QSslCertificate::CommonName);
    return cn.isEmpty() ? c.subjectDisplayName() : cn.first();
}

} // namespace

bool usesTls(const QUrl &url)
{
    return url.scheme() == QLatin1String("wss") || url.scheme() == QLatin1String("https");
}

Result<QList<QSslCertificate>> loadCaCertificates(const QString &path)
{
    if (auto r = backendPresent(); !r)
        return r.error();
    auto pem = readPem("tls.ca", QStringLiteral("CA certificate"), path);
    if (!pem)
        return pem.error();
    QList<QSslCertificate> certs = QSslCertificate::fromData(*pem, QSsl::Pem);
    certs.removeIf([](const QSslCertificate &c) { return c.isNull(); });
    if (certs.isEmpty())
        return makeError("tls.ca", QStringLiteral("the CA certificate file %1 holds no readable certificate").arg(path));
    return certs;
}

QSslConfiguration clientTlsConfiguration(const QList<QSslCertificate> &extraCas)
{
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setProtocol(QSsl::TlsV1_2OrLater);
    c.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!extraCas.isEmpty())
        c.addCaCertificates(extraCas);
    return c;
}

Result<QSslConfiguration> serverTlsConfiguration(const QString &certFile, const QString &keyFile)
{
    if (auto r = backendPresent(); !r)
        return r.error();
    auto certPem = readPem("tls.cert", QStringLiteral("certificate"), certFile);
    if (!certPem)
        return certPem.error();
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certPem, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull())
        return makeError("tls.cert", QStringLiteral("the certificate file %1 holds no readable certificate").arg(certFile));
    const QSslCertificate &leaf = chain.first();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (leaf.expiryDate() < now)
        return makeError("tls.cert", QStringLiteral("the certificate in %1 (%2) expired on %3")
                                         .arg(certFile, subjectOf(leaf), leaf.expiryDate().toString(Qt::ISODate)));
    if (leaf.effectiveDate() > now)
        return makeError("tls.cert", QStringLiteral("the certificate in %1 (%2) is not valid before %3")
                                         .arg(certFile, subjectOf(leaf), leaf.effectiveDate().toString(Qt::ISODate)));

    auto keyPem = readPem("tls.key", QStringLiteral("private key"), keyFile);
    if (!keyPem)
        return keyPem.error();
    if (keyPem->contains("ENCRYPTED"))
        return makeError("tls.key", QStringLiteral("the private key in %1 is encrypted; give an unencrypted PEM key").arg(keyFile));
    // The PEM label names the algorithm, except in PKCS#8 ("PRIVATE KEY"), where each is tried.
    QList<QSsl::KeyAlgorithm> algorithms;
    if (keyPem->contains("BEGIN EC PRIVATE KEY"))
        algorithms = {QSsl::Ec};
    else if (keyPem->contains("BEGIN RSA PRIVATE KEY"))
        algorithms = {QSsl::Rsa};
    else if (keyPem->contains("BEGIN DSA PRIVATE KEY"))
        algorithms = {QSsl::Dsa};
    else if (keyPem->contains("BEGIN PRIVATE KEY"))
        algorithms = {QSsl::Ec, QSsl::Rsa, QSsl::Dsa};
    QSslKey key;
    for (QSsl::KeyAlgorithm a : algorithms) {
        key = QSslKey(*keyPem, a, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull())
        return makeError("tls.key", QStringLiteral("the file %1 holds no readable EC, RSA or DSA private key").arg(keyFile));
    // Qt cannot match a private key to a certificate; the algorithm at least must agree.
    if (key.algorithm() != leaf.publicKey().algorithm())
        return makeError("tls.key", QStringLiteral("the private key in %1 does not belong to the certificate in %2 "
                                                   "(different key algorithms)")
                                        .arg(keyFile, certFile));

    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setProtocol(QSsl::TlsV1_2OrLater);
    c.setPeerVerifyMode(QSslSocket::VerifyNone); // clients are authenticated by their signatures
    c.setLocalCertificateChain(chain);
    c.setPrivateKey(key);
    return c;
}

QString describeSslErrors(const QList<QSslError> &errors)
{
    QStringList parts;
    for (const QSslError &e : errors) {
        QString part = e.errorString();
        if (!e.certificate().isNull())
            part += QStringLiteral(" (certificate %1)").arg(subjectOf(e.certificate()));
        if (!parts.contains(part))
            parts << part;
    }
    return parts.isEmpty() ? QStringLiteral("TLS handshake failed") : parts.join(QStringLiteral("; "));
}

} // namespace idleforge::protocol
