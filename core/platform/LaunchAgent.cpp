#include "platform/LaunchAgent.h"

#include "platform/ManagedFile.h"

#include <QDir>
#include <QFileInfo>
#include <QXmlStreamWriter>

namespace idleforge::platform {

namespace {
const char *const kManaged = " managed by IdleForge: the autostart setting writes and removes it ";
} // namespace

QString launchAgentPath(const QString &folder)
{
    return QDir(folder).filePath(QLatin1String(kLaunchAgentLabel) + QStringLiteral(".plist"));
}

QByteArray launchAgentPlist(const QString &program)
{
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    w.writeDTD(QStringLiteral("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">"));
    w.writeComment(QLatin1String(kManaged));
    w.writeStartElement(QStringLiteral("plist"));
    w.writeAttribute(QStringLiteral("version"), QStringLiteral("1.0"));
    w.writeStartElement(QStringLiteral("dict"));
    w.writeTextElement(QStringLiteral("key"), QStringLiteral("Label"));
    w.writeTextElement(QStringLiteral("string"), QLatin1String(kLaunchAgentLabel));
    w.writeTextElement(QStringLiteral("key"), QStringLiteral("ProgramArguments"));
    w.writeStartElement(QStringLiteral("array"));
    w.writeTextElement(QStringLiteral("string"), program);
    w.writeTextElement(QStringLiteral("string"), QStringLiteral("--minimized"));
    w.writeEndElement();
    w.writeTextElement(QStringLiteral("key"), QStringLiteral("RunAtLoad"));
    w.writeEmptyElement(QStringLiteral("true"));
    w.writeTextElement(QStringLiteral("key"), QStringLiteral("ProcessType"));
    w.writeTextElement(QStringLiteral("string"), QStringLiteral("Interactive"));
    w.writeEndElement(); // dict
    w.writeEndElement(); // plist
    w.writeEndDocument();
    return out;
}

Result<void> setLaunchAgent(const QString &folder, bool enabled, const QString &program)
{
    return setManagedFile(launchAgentPath(folder), enabled, QByteArray("<!--") + kManaged + "-->",
                          enabled ? launchAgentPlist(program) : QByteArray());
}

bool launchAgentEnabled(const QString &folder)
{
    return QFileInfo::exists(launchAgentPath(folder));
}

} // namespace idleforge::platform
