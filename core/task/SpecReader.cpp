#include "task/SpecReader.h"

#include <QRegularExpression>

#include <cmath>

namespace idleforge::task::detail {

QString at(const QString &path, const QString &key) { return path.isEmpty() ? key : path + QLatin1Char('.') + key; }
QString at(const QString &path, qsizetype index) { return path + QLatin1Char('[') + QString::number(index) + QLatin1Char(']'); }
QString quoted(const QString &s) { return QLatin1Char('"') + s.left(80) + QLatin1Char('"'); }

void SpecReader::fail(const QString &path, const QString &message) { issues << (path.isEmpty() ? message : path + QStringLiteral(": ") + message); }

void SpecReader::allowOnly(const QJsonObject &obj, const QString &path, std::initializer_list<const char *> keys)
{
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        bool known = false;
        for (const char *k : keys)
            known = known || it.key() == QLatin1String(k);
        if (!known)
            fail(at(path, it.key()), QStringLiteral("unknown field"));
    }
}

QJsonObject SpecReader::object(const QJsonObject &parent, const QString &path, const QString &key, bool required)
{
    const QJsonValue v = parent.value(key);
    if (v.isUndefined()) {
        if (required)
            fail(at(path, key), QStringLiteral("missing (an object is required)"));
        return {};
    }
    if (!v.isObject())
        fail(at(path, key), QStringLiteral("must be an object"));
    return v.toObject();
}

std::optional<QJsonArray> SpecReader::array(const QJsonObject &parent, const QString &path, const QString &key, qsizetype maxSize)
{
    const QJsonValue v = parent.value(key);
    if (!v.isArray()) {
        fail(at(path, key), v.isUndefined() ? QStringLiteral("missing (an array is required)") : QStringLiteral("must be an array"));
        return std::nullopt;
    }
    const QJsonArray a = v.toArray();
    if (a.size() > maxSize) {
        fail(at(path, key), QStringLiteral("too many entries (%1, at most %2)").arg(a.size()).arg(maxSize));
        return std::nullopt;
    }
    return a;
}

std::optional<qint64> SpecReader::integer(const QJsonObject &obj, const QString &path, const QString &key, qint64 min, qint64 max,
                                std::optional<qint64> fallback)
{
    const QJsonValue v = obj.value(key);
    if (v.isUndefined() && fallback)
        return fallback;
    return integerValue(v, at(path, key), min, max);
}

std::optional<qint64> SpecReader::integerValue(const QJsonValue &v, const QString &path, qint64 min, qint64 max)
{
    if (v.isUndefined()) {
        fail(path, QStringLiteral("missing (an integer is required)"));
        return std::nullopt;
    }
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || !std::isfinite(d) || std::floor(d) != d) {
        fail(path, QStringLiteral("must be an integer"));
        return std::nullopt;
    }
    if (d < double(min) || d > double(max)) {
        fail(path, QStringLiteral("must be between %1 and %2").arg(min).arg(max));
        return std::nullopt;
    }
    return qint64(d);
}

std::optional<float> SpecReader::number(const QJsonObject &obj, const QString &path, const QString &key, double min, double max,
                                bool minExclusive, std::optional<double> fallback)
{
    const QJsonValue v = obj.value(key);
    if (v.isUndefined() && fallback)
        return float(*fallback);
    if (!v.isDouble() || !std::isfinite(v.toDouble())) {
        fail(at(path, key), v.isUndefined() ? QStringLiteral("missing (a number is required)") : QStringLiteral("must be a finite number"));
        return std::nullopt;
    }
    const double d = v.toDouble();
    if (d < min || d > max || (minExclusive && d == min)) {
        fail(at(path, key), QStringLiteral("must be in %1%2, %3]").arg(minExclusive ? QLatin1Char('(') : QLatin1Char('[')).arg(min).arg(max));
        return std::nullopt;
    }
    return float(d);
}

std::optional<QString> SpecReader::string(const QJsonObject &obj, const QString &path, const QString &key,
                                std::optional<QString> fallback)
{
    const QJsonValue v = obj.value(key);
    if (v.isUndefined() && fallback)
        return fallback;
    if (!v.isString()) {
        fail(at(path, key), v.isUndefined() ? QStringLiteral("missing (a string is required)") : QStringLiteral("must be a string"));
        return std::nullopt;
    }
    return v.toString();
}

std::optional<QString> SpecReader::choice(const QJsonObject &obj, const QString &path, const QString &key, const QStringList &allowed,
                                std::optional<QString> fallback)
{
    auto s = string(obj, path, key, fallback);
    if (s && !allowed.contains(*s)) {
        fail(at(path, key), QStringLiteral("unknown value %1 (allowed: %2)").arg(quoted(*s), allowed.join(QStringLiteral(", "))));
        return std::nullopt;
    }
    return s;
}

bool SpecReader::validName(const QString &name, const QString &path)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_.]{0,63}$"));
    if (re.match(name).hasMatch())
        return true;
    fail(path, QStringLiteral("invalid name %1 (letters, digits, '_' and '.', at most 64, not starting with a digit)").arg(quoted(name)));
    return false;
}

} // namespace idleforge::task::detail
