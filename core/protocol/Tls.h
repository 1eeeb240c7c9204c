#pragma once
// TLS for the control channel (wss://) and the blob endpoint (https://), both ends.
//
// Clients trust the system CAs plus any given explicitly (a self-signed devnet certificate,
// `--coordinator-ca FILE`); certificate errors are never ignored: an untrusted or mismatched
// certificate fails the connection. The server side loads a PEM certificate chain and its
// private key; a missing, unreadable or malformed file is an error naming the file.
#include "base/Error.h"

#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QUrl>

namespace idleforge::protocol {

// wss:// and https:// (the schemes that use TLS).
bool usesTls(const QUrl &url);

// Every PEM certificate in `path`. Errors: tls.unavailable (Qt has no TLS backend), tls.ca
// (missing, unreadable, or no certificate in it).
Result<QList<QSslCertificate>> loadCaCertificates(const QString &path);

// The client configuration: Qt's default (the system CAs) plus `extraCas`, full peer
// verification, TLS 1.2 or later.
QSslConfiguration clientTlsConfiguration(const QList<QSslCertificate> &extraCas = {});

// The server configuration from a PEM certificate chain (leaf first) and a PEM private key
// (EC, RSA or DSA, not encrypted). Errors: tls.unavailable, tls.cert, tls.key (each naming
// the file and what is wrong with it).
Result<QSslConfiguration> serverTlsConfiguration(const QString &certFile, const QString &keyFile);

// One line for a log or an error: "the certificate is self-signed, and untrusted; ...".
QString describeSslErrors(const QList<QSslError> &errors);

} // namespace idleforge::protocol
