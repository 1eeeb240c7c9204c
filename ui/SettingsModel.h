#pragma once
// The Settings page's list: one row per key of the typed settings table (settings/Settings.h)
// that is not internal, in the table's order, so a new key appears on the page without QML
// work. The page picks each row's editor by `editor`: "bool", "int", "double", "choice",
// "text", "schedule" or "secret".
//
// Writing goes through Settings::set, so the table's checks apply; a refused value leaves the
// stored one alone and puts the table's message in that row's `error` until the next write.
// Changes from elsewhere (idleforgectl config, reload) arrive as Settings::changed(key) and
// become dataChanged on that row.
#include <QAbstractListModel>
#include <QList>

namespace idleforge::settings {
class Settings;
struct Key;
}

namespace idleforge::ui {

class SettingsModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount CONSTANT)
public:
    enum Role {
        KeyRole = Qt::UserRole + 1,
        LabelRole,
        DescriptionRole,
        SectionRole,
        EditorRole,       // see above
        ValueRole,        // bool, qint64, double or QString
        ValueTextRole,    // the value for people (QLocale numbers)
        DefaultTextRole,  // the default, the same way
        IsDefaultRole,    // no value stored
        MinimumRole,      // numbers
        MaximumRole,
        RangeTextRole,    // numbers: "0.05 to 1,440" in the user's locale
        ChoicesRole,      // choice: the stored words
        ChoiceLabelsRole, // choice: what the page shows for each
        ErrorRole,        // the last refused write's message, or empty
    };

    explicit SettingsModel(settings::Settings &settings, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // `value`: a bool, a number, or text (numbers as typed in the user's locale or in C form).
    // False when the table refuses it; the row's error then says why.
    Q_INVOKABLE bool setValue(const QString &key, const QVariant &value);
    Q_INVOKABLE void reset(const QString &key);
    Q_INVOKABLE int rowOf(const QString &key) const;
    Q_INVOKABLE QString errorOf(const QString &key) const;
    // A key's value and its text as the page shows it (for pages that show one key, e.g. the
    // first-run guide); invalid / empty for a key that is not on the page.
    Q_INVOKABLE QVariant valueOf(const QString &key) const;
    Q_INVOKABLE QString valueTextOf(const QString &key) const;

private:
    QString textFor(const settings::Key &k, const QVariant &value) const;
    void setError(int row, const QString &error);

    settings::Settings &m_settings;
    QList<const settings::Key *> m_keys;
    QList<QString> m_errors;
};

// What the page shows for one choice of a key (a language's own name, the policy's modes).
QString choiceLabel(const QString &key, const QString &choice);

} // namespace idleforge::ui
