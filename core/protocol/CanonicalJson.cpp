#include "protocol/CanonicalJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace idleforge::protocol {

namespace {

Result<void> writeString(const QString &s, QByteArray &out)
{
    out += '"';
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (c.isHighSurrogate()) {
            if (i + 1 >= s.size() || !s.at(i + 1).isLowSurrogate())
                return makeError("protocol.bad_string", QStringLiteral("unpaired surrogate in a string"));
            out += QStringView(s).mid(i, 2).toUtf8();
            ++i;
            continue;
        }
        if (c.isLowSurrogate())
            return makeError("protocol.bad_string", QStringLiteral("unpaired surrogate in a string"));
        const char16_t u = c.unicode();
        // U+0000 is refused: Qt's JSON objects do not keep keys with it intact (a fuzzer found a
        // canonical text that did not parse back to itself), and no message of ours needs it.
        if (u == 0)
            return makeError("protocol.bad_string", QStringLiteral("NUL character in a string"));
        switch (u) {
        case u'"': out += "\\\""; break;
        case u'\\': out += "\\\\"; break;
        case u'\b': out += "\\b"; break;
        case u'\f': out += "\\f"; break;
        case u'\n': out += "\\n"; break;
        case u'\r': out += "\\r"; break;
        case u'\t': out += "\\t"; break;
        default:
            if (u < 0x20) {
                static constexpr char digits[] = "0123456789abcdef";
                out += "\\u00";
                out += digits[u >> 4];
                out += digits[u & 0xf];
            } else if (u < 0x80) {
                out += static_cast<char>(u);
            } else {
                out += QStringView(&c, 1).toUtf8();
            }
        }
    }
    out += '"';
    return {};
}

Result<void> write(const QJsonValue &v, QByteArray &out);

Result<void> writeObject(const QJsonObject &o, QByteArray &out)
{
    QStringList keys = o.keys();
    // QString's operator< compares UTF-16 code units, which is the RFC 8785 order.
    std::sort(keys.begin(), keys.end());
    out += '{';
    bool first = true;
    for (const QString &k : keys) {
        if (!first)
            out += ',';
        first = false;
        if (auto r = writeString(k, out); !r)
            return r;
        out += ':';
        if (auto r = write(o.value(k), out); !r)
            return Error{r.error().code, QStringLiteral("in \"%1\": %2").arg(k, r.error().message)};
    }
    out += '}';
    return {};
}

Result<void> write(const QJsonValue &v, QByteArray &out)
{
    switch (v.type()) {
    case QJsonValue::Null: out += "null"; return {};
    case QJsonValue::Bool: out += v.toBool() ? "true" : "false"; return {};
    case QJsonValue::String: return writeString(v.toString(), out);
    case QJsonValue::Array: {
        out += '[';
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (i)
                out += ',';
            if (auto r = write(a.at(i), out); !r)
                return r;
        }
        out += ']';
        return {};
    }
    case QJsonValue::Object: return writeObject(v.toObject(), out);
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (!std::isfinite(d) || std::trunc(d) != d)
            return makeError("protocol.not_integer",
                             QStringLiteral("numbers must be integers (got %1); send fractions as strings")
                                 .arg(d));
        // Qt 6 keeps integers from the parser and from qint64 constructors exactly.
        const qint64 n = v.toInteger(std::numeric_limits<qint64>::min());
        const bool exact = n != std::numeric_limits<qint64>::min() && static_cast<double>(n) == d;
        if (!exact || n > kMaxSafeInteger || n < -kMaxSafeInteger)
            return makeError("protocol.integer_range",
                             QStringLiteral("integer %1 is outside +-(2^53 - 1)").arg(d, 0, 'f', 0));
        out += QByteArray::number(n);
        return {};
    }
    case QJsonValue::Undefined: break;
    }
    return makeError("protocol.bad_value", QStringLiteral("undefined JSON value"));
}

} // namespace

Result<QByteArray> canonicalJson(const QJsonValue &value)
{
    QByteArray out;
    if (auto r = write(value, out); !r)
        return r.error();
    return out;
}

Result<QByteArray> canonicalJson(const QJsonObject &object)
{
    return canonicalJson(QJsonValue(object));
}

Result<QByteArray> canonicalizeJsonText(const QByteArray &json)
{
    // Qt's parser lets raw control characters through in strings; JSON (RFC 8259) does not.
    if (json.contains('\0'))
        return makeError("protocol.bad_json", QStringLiteral("NUL byte in JSON text"));
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError)
        return makeError("protocol.bad_json",
                         QStringLiteral("invalid JSON at offset %1: %2").arg(err.offset).arg(err.errorString()));
    if (doc.isObject())
        return canonicalJson(doc.object());
    if (doc.isArray())
        return canonicalJson(QJsonValue(doc.array()));
    return makeError("protocol.bad_json", QStringLiteral("JSON text is neither object nor array"));
}

} // namespace idleforge::protocol
