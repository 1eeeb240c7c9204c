// HMAC-SHA512 (RFC 4231 test case 2) and PBKDF2-HMAC-SHA512. The PBKDF2 values were produced
// by Python's hashlib.pbkdf2_hmac (OpenSSL), an independent implementation; BIP39's official
// vectors exercise the 2048-round case in tests/unit/wallet.
#include "crypto/Hmac.h"

#include "TestUtil.h"

#include <QTest>

using namespace idleforge::crypto;
using namespace idleforge::testutil;

class TestHmac : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rfc4231Case2()
    {
        const QByteArray key("Jefe");
        const QByteArray data("what do ya want for nothing?");
        QCOMPARE(toQBA(hmacSha512(bytes(key), bytes(data)).span()),
                 hex("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a"
                     "6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"));
    }

    void pbkdf2SingleIteration()
    {
        const QByteArray pw("password"), salt("salt");
        QCOMPARE(toQBA(pbkdf2HmacSha512(bytes(pw), bytes(salt), 1, 64).span()),
                 hex("867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252c02d470a285a0501"
                     "bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce"));
    }

    void pbkdf2MultiBlock()
    {
        const QByteArray pw("passwordPASSWORDpassword"), salt("saltSALTsaltSALTsaltSALTsaltSALTsalt");
        QCOMPARE(toQBA(pbkdf2HmacSha512(bytes(pw), bytes(salt), 4096, 100).span()),
                 hex("8c0511f4c6e597c6ac6315d8f0362e225f3c501495ba23b868c005174dc4ee71115b59f9e60cd953"
                     "2fa33e0f75aefe30225c583a186cd82bd4daea9724a3d3b804f75bdd41494fa324cab24bcc680fb3"
                     "b96a30cf5d21fac3c2875913919f3399b1d9ce7e"));
    }
};

QTEST_GUILESS_MAIN(TestHmac)
#include "TestHmac.moc"
