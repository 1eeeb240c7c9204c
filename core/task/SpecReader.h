#pragma once
// Reads JSON spec fields while collecting every problem with its field path
// ("nodes[3].inputs[1]: ..."). Internal to core/task.
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <initializer_list>
#include <optional>

namespace idleforge::task::detail {

QString at(const QString &path, const QString &key);
QString at(const QString &path, qsizetype index);
QString quoted(const QString &s);

class SpecReader {
public:
    QStringList issues;

    void fail(const QString &path, const QString &message);
    // Flags every field of `obj` not in `keys` (a typo must not silently change a run).
    void allowOnly(const QJsonObject &obj, const QString &path, std::initializer_list<const char *> keys);
    QJsonObject object(const QJsonObject &parent, const QString &path, const QString &key, bool required = true);
    std::optional<QJsonArray> array(const QJsonObject &parent, const QString &path, const QString &key, qsizetype maxSize);
    // An integral number in [min, max]; `fallback` when the field is absent (if given).
    std::optional<qint64> integer(const QJsonObject &obj, const QString &path, const QString &key, qint64 min, qint64 max,
                                  std::optional<qint64> fallback = std::nullopt);
    std::optional<qint64> integerValue(const QJsonValue &v, const QString &path, qint64 min, qint64 max);
    // A finite number in [min, max] (or (min, max] when minExclusive).
    std::optional<float> number(const QJsonObject &obj, const QString &path, const QString &key, double min, double max,
                                bool minExclusive, std::optional<double> fallback = std::nullopt);
    std::optional<QString> string(const QJsonObject &obj, const QString &path, const QString &key,
                                  std::optional<QString> fallback = std::nullopt);
    std::optional<QString> choice(const QJsonObject &obj, const QString &path, const QString &key, const QStringList &allowed,
                                  std::optional<QString> fallback = std::nullopt);
    bool validName(const QString &name, const QString &path);
};

} // namespace idleforge::task::detail
