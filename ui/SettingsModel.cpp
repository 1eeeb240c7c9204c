#include "SettingsModel.h"

#include "settings/Settings.h"

#include <QCoreApplication>
#include <QLocale>

namespace idleforge::ui {

using settings::Type;

namespace {
QString tableText(const QString &source)
{
    return source.isEmpty() ? QString() : QCoreApplication::translate("idleforge::settings", source.toUtf8().constData());
}

QString editorOf(const settings::Key &k)
{
    if (!k.editor.isEmpty())
        return k.editor;
    switch (k.type) {
    case Type::Bool: return QStringLiteral("bool");
    case Type::Int: return QStringLiteral("int");
    case Type::Double: return QStringLiteral("double");
    case Type::Choice: return QStringLiteral("choice");
    case Type::String: return QStringLiteral("text");
    }
    return QStringLiteral("text");
}

bool isNumber(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
    case QMetaType::Float:
        return true;
    default:
        return false;
    }
}

// A number as the table parses it (C locale): typed in the user's locale, or already in C form.
QString numberForTable(const QVariant &value)
{
    if (isNumber(value))
        return QString::number(value.toDouble(), 'g', 15);
    const QString text = value.toString().trimmed();
    bool ok = false;
    const double v = QLocale().toDouble(text, &ok);
    return ok ? QString::number(v, 'g', 15) : text;
}
} // namespace

QString choiceLabel(const QString &key, const QString &choice)
{
    if (key == QLatin1String("language")) {
        if (choice == QLatin1String("system"))
            return SettingsModel::tr("System language");
        const QLocale locale(choice);
        QString name = locale.nativeLanguageName();
        if (!name.isEmpty())
            name[0] = name[0].toUpper();
        return name.isEmpty() ? choice : name;
    }
    if (key == QLatin1String("mode")) {
        if (choice == QLatin1String("auto"))
            return SettingsModel::tr("While I am away");
        if (choice == QLatin1String("always"))
            return SettingsModel::tr("Always (dedicated machine)");
        if (choice == QLatin1String("paused"))
            return SettingsModel::tr("Paused");
    }
    return choice;
}

SettingsModel::SettingsModel(settings::Settings &settings, QObject *parent) : QAbstractListModel(parent), m_settings(settings)
{
    for (const settings::Key &k : settings::table())
        if (!k.internal)
            m_keys.append(&k);
    m_errors.resize(m_keys.size());
    connect(&m_settings, &settings::Settings::changed, this, [this](const QString &key) {
        const int row = rowOf(key);
        if (row >= 0)
            Q_EMIT dataChanged(index(row), index(row));
    });
}

int SettingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_keys.size());
}

int SettingsModel::rowOf(const QString &key) const
{
    for (int i = 0; i < m_keys.size(); ++i)
        if (m_keys.at(i)->name == key)
            return i;
    return -1;
}

QString SettingsModel::errorOf(const QString &key) const
{
    const int row = rowOf(key);
    return row < 0 ? QString() : m_errors.at(row);
}

QVariant SettingsModel::valueOf(const QString &key) const
{
    const int row = rowOf(key);
    return row < 0 ? QVariant() : data(index(row), ValueRole);
}

QString SettingsModel::valueTextOf(const QString &key) const
{
    const int row = rowOf(key);
    return row < 0 ? QString() : data(index(row), ValueTextRole).toString();
}

QString SettingsModel::textFor(const settings::Key &k, const QVariant &value) const
{
    const QLocale locale;
    switch (k.type) {
    case Type::Bool: return value.toBool() ? tr("On") : tr("Off");
    case Type::Int: return locale.toString(value.toLongLong());
    case Type::Double: return locale.toString(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case Type::Choice: return choiceLabel(k.name, value.toString());
    case Type::String: return value.toString();
    }
    return value.toString();
}

QVariant SettingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const settings::Key &k = *m_keys.at(index.row());
    switch (role) {
    case KeyRole: return k.name;
    case Qt::DisplayRole:
    case LabelRole: return k.label.isEmpty() ? k.name : tableText(k.label);
    case DescriptionRole: return tableText(k.description);
    case SectionRole: return tableText(k.section);
    case EditorRole: return editorOf(k);
    case ValueRole: return m_settings.value(k.name);
    case ValueTextRole: return textFor(k, m_settings.value(k.name));
    case DefaultTextRole: return textFor(k, k.defaultValue);
    case IsDefaultRole: return !m_settings.isSet(k.name);
    case MinimumRole: return k.min;
    case MaximumRole: return k.max;
    case RangeTextRole:
        if (k.type != Type::Int && k.type != Type::Double)
            return QString();
        return tr("%1 to %2").arg(QLocale().toString(k.min, 'g', QLocale::FloatingPointShortest),
                                  QLocale().toString(k.max, 'g', QLocale::FloatingPointShortest));
    case ChoicesRole: return k.choices;
    case ChoiceLabelsRole: {
        QStringList labels;
        for (const QString &c : k.choices)
            labels << choiceLabel(k.name, c);
        return labels;
    }
    case ErrorRole: return m_errors.at(index.row());
    default: return {};
    }
}

QHash<int, QByteArray> SettingsModel::roleNames() const
{
    return {{KeyRole, "key"},           {LabelRole, "label"},         {DescriptionRole, "description"},
            {SectionRole, "section"},   {EditorRole, "editor"},       {ValueRole, "value"},
            {ValueTextRole, "valueText"}, {DefaultTextRole, "defaultText"}, {IsDefaultRole, "isDefault"},
            {MinimumRole, "minimum"},   {MaximumRole, "maximum"},     {RangeTextRole, "rangeText"}, {ChoicesRole, "choices"},
            {ChoiceLabelsRole, "choiceLabels"}, {ErrorRole, "error"}};
}

void SettingsModel::setError(int row, const QString &error)
{
    if (m_errors.at(row) == error)
        return;
    m_errors[row] = error;
    Q_EMIT dataChanged(index(row), index(row), {ErrorRole});
}

bool SettingsModel::setValue(const QString &key, const QVariant &value)
{
    const int row = rowOf(key);
    if (row < 0)
        return false;
    const settings::Key &k = *m_keys.at(row);
    QString text;
    if (k.type == Type::Bool && value.typeId() == QMetaType::Bool)
        text = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    else if (k.type == Type::Int || k.type == Type::Double)
        text = numberForTable(value);
    else
        text = value.toString();
    // The table writes a small INI file: quick enough here, and it keeps one writer.
    auto r = m_settings.set(key, text);
    setError(row, r ? QString() : r.error().message);
    // Refused: the editor shows the stored value again. Stored: it may no longer be the default.
    Q_EMIT dataChanged(index(row), index(row), r ? QList<int>{IsDefaultRole} : QList<int>{ValueRole, ValueTextRole});
    return r.ok();
}

void SettingsModel::reset(const QString &key)
{
    const int row = rowOf(key);
    if (row < 0)
        return;
    (void)m_settings.reset(key);
    setError(row, QString());
    Q_EMIT dataChanged(index(row), index(row), {IsDefaultRole});
}

} // namespace idleforge::ui
