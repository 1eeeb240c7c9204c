#include "settings/Settings.h"

#include "base/Log.h"
#include "base/Paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cmath>

namespace idleforge::settings {

namespace {
Error bad(const Key &k, const QString &text, const QString &why)
{
    return makeError("settings.bad_value", QCoreApplication::translate("idleforge::settings", "%1 = '%2': %3").arg(k.name, text, why));
}

QString numberText(double v)
{
    return QString::number(v, 'g', 15);
}

Result<QVariant> parseNumber(const Key &k, const QString &t)
{
    bool ok = false;
    const double v = t.toDouble(&ok); // C locale: the file and the command line, not the UI
    if (!ok || !std::isfinite(v))
        return bad(k, t, QCoreApplication::translate("idleforge::settings", "not a number"));
    if (k.type == Type::Int && v != std::floor(v))
        return bad(k, t, QCoreApplication::translate("idleforge::settings", "not a whole number"));
    if (v < k.min || v > k.max)
        return bad(k, t, QCoreApplication::translate("idleforge::settings", "out of range %1..%2").arg(numberText(k.min), numberText(k.max)));
    return k.type == Type::Int ? QVariant(qint64(v)) : QVariant(v);
}
} // namespace

QString typeName(Type type)
{
    switch (type) {
    case Type::Bool: return QStringLiteral("bool");
    case Type::Int: return QStringLiteral("int");
    case Type::Double: return QStringLiteral("number");
    case Type::String: return QStringLiteral("text");
    case Type::Choice: return QStringLiteral("choice");
    }
    return QStringLiteral("text");
}

Settings::Settings(const QString &file, QObject *parent)
    : QObject(parent), m_store(std::make_unique<QSettings>(file, QSettings::IniFormat))
{
    remember();
}

void Settings::remember()
{
    for (const Key &k : table())
        m_seen.insert(k.name, value(k.name));
}

Settings::~Settings() = default;

QString Settings::defaultFile()
{
    if (paths::dataDirOverridden())
        return QDir(paths::dataDir()).filePath(QStringLiteral("idleforge.conf"));
    QString base = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    if (base.isEmpty())
        base = QDir::homePath() + QStringLiteral("/.config");
    return base + QStringLiteral("/IdleForge/idleforge.conf");
}

std::unique_ptr<Settings> Settings::temporary()
{
    auto dir = std::make_unique<QTemporaryDir>();
    auto s = std::make_unique<Settings>(dir->filePath(QStringLiteral("idleforge.conf")));
    s->m_tempDir = std::move(dir);
    return s;
}

QString Settings::file() const
{
    return m_store->fileName();
}

Result<QVariant> Settings::parse(const QString &key, const QString &text)
{
    const Key *k = find(key);
    if (!k)
        return makeError("settings.unknown_key", QCoreApplication::translate("idleforge::settings", "no setting named '%1' (idleforgectl config list shows them)").arg(key));
    const QString t = text.trimmed();
    switch (k->type) {
    case Type::Bool:
        if (t == QLatin1String("true") || t == QLatin1String("1") || t == QLatin1String("yes") || t == QLatin1String("on"))
            return QVariant(true);
        if (t == QLatin1String("false") || t == QLatin1String("0") || t == QLatin1String("no") || t == QLatin1String("off"))
            return QVariant(false);
        return bad(*k, text, QCoreApplication::translate("idleforge::settings", "expected true or false"));
    case Type::Int:
    case Type::Double:
        return parseNumber(*k, t);
    case Type::Choice:
        if (!k->choices.contains(t))
            return bad(*k, text, QCoreApplication::translate("idleforge::settings", "expected one of %1").arg(k->choices.join(QStringLiteral(", "))));
        return QVariant(t);
    case Type::String:
        if (k->check)
            if (const QString why = k->check(t); !why.isEmpty())
                return bad(*k, text, why);
        return QVariant(t);
    }
    return QVariant(t);
}

QVariant Settings::value(const QString &key) const
{
    const Key *k = find(key);
    if (!k)
        return {};
    if (!m_store->contains(key))
        return k->defaultValue;
    const QString stored = m_store->value(key).toString();
    auto v = parse(key, stored);
    if (!v) {
        // A hand-edited file: the default, and a word in the log, rather than a wrong value.
        qCWarning(lcBase).noquote() << "settings:" << v.error().message << "in" << file() << "- using the default";
        return k->defaultValue;
    }
    return *v;
}

bool Settings::isSet(const QString &key) const
{
    return m_store->contains(key);
}

Result<void> Settings::checkBetweenKeys(const QString &key, const QVariant &v) const
{
    // The only rule between keys so far: the temperature at which work resumes is below the one
    // at which it stops.
    const bool isMax = key == QLatin1String("max_temp_c");
    if (!isMax && key != QLatin1String("resume_temp_c"))
        return {};
    const double maxT = isMax ? v.toDouble() : value(QStringLiteral("max_temp_c")).toDouble();
    const double resumeT = isMax ? value(QStringLiteral("resume_temp_c")).toDouble() : v.toDouble();
    if (resumeT >= maxT)
        return makeError("settings.bad_value", QCoreApplication::translate("idleforge::settings", "resume_temp_c (%1) must be below max_temp_c (%2)")
                                                   .arg(numberText(resumeT), numberText(maxT)));
    return {};
}

Result<void> Settings::set(const QString &key, const QString &text)
{
    auto v = parse(key, text);
    if (!v)
        return v.error();
    if (auto r = checkBetweenKeys(key, *v); !r)
        return r;
    const QVariant before = m_seen.value(key);
    m_store->setValue(key, v->typeId() == QMetaType::Double ? numberText(v->toDouble()) : v->toString());
    m_store->sync();
    if (m_store->status() != QSettings::NoError)
        return makeError("settings.io", QStringLiteral("cannot write %1").arg(file()));
    m_seen.insert(key, *v);
    if (before != *v)
        Q_EMIT changed(key);
    return {};
}

Result<void> Settings::reset(const QString &key)
{
    const Key *k = find(key);
    if (!k)
        return parse(key, QString()).error();
    const QVariant before = m_seen.value(key);
    m_store->remove(key);
    m_store->sync();
    m_seen.insert(key, k->defaultValue);
    if (before != k->defaultValue)
        Q_EMIT changed(key);
    return {};
}

QString Settings::text(const QString &key) const
{
    return textOf(value(key));
}

QString Settings::textOf(const QVariant &v)
{
    if (v.typeId() == QMetaType::Bool)
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.typeId() == QMetaType::Double)
        return numberText(v.toDouble());
    return v.toString();
}

void Settings::reload()
{
    // Against what this instance last saw (QSettings shares one cache per file in a process, so
    // the file's state before sync() is no measure).
    const QHash<QString, QVariant> before = m_seen;
    m_store->sync();
    remember();
    for (const Key &k : table())
        if (m_seen.value(k.name) != before.value(k.name))
            Q_EMIT changed(k.name);
}

} // namespace idleforge::settings
