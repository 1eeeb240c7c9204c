#pragma once
// The user's settings: one typed table (SettingsTable.cpp: key, type, default, range or
// choices, description; KeePassXC's Config.cpp is the model) over a QSettings INI file.
// Every reader and writer goes through the table: an unknown key or a value outside its type
// and range is an error naming both, never a silently stored string. `idleforgectl config`,
// the Settings page and the node read the same table.
//
// The file: <data dir>/idleforge.conf when the data directory is overridden (IDLEFORGE_HOME,
// --data-dir: tests and several nodes on one machine stay apart), else
// $XDG_CONFIG_HOME/IdleForge/idleforge.conf. temporary() gives a throw-away instance for tests.
#include "base/Error.h"

#include <QHash>
#include <QObject>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <memory>

class QSettings;
class QTemporaryDir;

namespace idleforge::settings {

enum class Type { Bool, Int, Double, String, Choice };

struct Key {
    QString name;
    Type type;
    QVariant defaultValue;
    double min = 0, max = 0;  // Int and Double: inclusive range
    QStringList choices;      // Choice
    QString description;      // untranslated source text (QT_TRANSLATE_NOOP in the table)
    // String keys: a check of the text (a schedule, a list); an error message or empty.
    std::function<QString(const QString &)> check;
    QString label;   // short title for the Settings page (QT_TRANSLATE_NOOP); empty: the name
    QString section; // the page's group (QT_TRANSLATE_NOOP), e.g. "When to compute"
    // A special editor on the Settings page beside the one its type gives: "schedule" (the
    // hours), "secret" (hidden text); empty: by type.
    QString editor;
    // Kept by the app itself (e.g. how far the first-run guide got): not on the Settings page.
    bool internal = false;
};

// Every key, in the order the Settings page and `config list` show them.
const QList<Key> &table();
const Key *find(const QString &name);
QString typeName(Type type);

class Settings : public QObject {
    Q_OBJECT
public:
    explicit Settings(const QString &file, QObject *parent = nullptr);
    ~Settings() override;
    static QString defaultFile();
    // A fresh file in a temporary directory that goes with the instance.
    static std::unique_ptr<Settings> temporary();

    QString file() const;
    // The stored value, else the default. Unknown key: an invalid QVariant (a bug of the caller).
    QVariant value(const QString &key) const;
    bool isSet(const QString &key) const;
    // Parses `text` as the key's type and range. Errors: settings.unknown_key, settings.bad_value.
    static Result<QVariant> parse(const QString &key, const QString &text);
    // Stores the value (checked as parse() does, plus the rules between keys) and emits changed().
    Result<void> set(const QString &key, const QString &text);
    Result<void> reset(const QString &key); // back to the default
    // The value as `config get` prints it (true/false, numbers in C locale, text as is).
    QString text(const QString &key) const;
    static QString textOf(const QVariant &value);
    // Re-reads the file (another process wrote it); emits changed() for every key that differs.
    void reload();

Q_SIGNALS:
    void changed(const QString &key);

private:
    Result<void> checkBetweenKeys(const QString &key, const QVariant &v) const;
    void remember();

    std::unique_ptr<QTemporaryDir> m_tempDir; // temporary() only
    std::unique_ptr<QSettings> m_store;
    QHash<QString, QVariant> m_seen; // each key's value as last reported (changed() goes by it)
};

} // namespace idleforge::settings
