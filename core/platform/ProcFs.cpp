#include "platform/ProcFs.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>
#include <limits>

#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace idleforge::platform {

namespace {
constexpr qint64 kSmallFile = 4096;
constexpr qint64 kMaxVdfBytes = 4 << 20;

// At most `limit` bytes of a file by plain open and read (no QFile: the /proc scan reads a
// file per process a second); until EOF, since a /proc file reports size 0. Empty when it
// cannot be read.
QByteArray readRaw(const QByteArray &path, qint64 limit)
{
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return {};
    QByteArray out(limit, Qt::Uninitialized);
    qint64 got = 0;
    while (got < limit) {
        const ssize_t n = ::read(fd, out.data() + got, size_t(limit - got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += n;
    }
    ::close(fd);
    out.truncate(got);
    return out;
}

QByteArray readSmall(const QString &path, qint64 limit = kSmallFile)
{
    return readRaw(QFile::encodeName(path), limit);
}

std::optional<double> milliDegrees(const QString &path)
{
    bool ok = false;
    const qint64 v = readSmall(path).trimmed().toLongLong(&ok);
    // Sensors report millidegrees Celsius; 0 and absurd values are sensors that are not wired.
    if (!ok || v <= 0 || v > 150'000)
        return std::nullopt;
    return double(v) / 1000.0;
}

void hottest(std::optional<double> &slot, std::optional<double> t)
{
    if (t && (!slot || *t > *slot))
        slot = t;
}

bool isCpuSensor(const QString &name)
{
    static const QStringList cpu = {QStringLiteral("coretemp"), QStringLiteral("k10temp"), QStringLiteral("zenpower"),
                                    QStringLiteral("cpu_thermal"), QStringLiteral("x86_pkg_temp"), QStringLiteral("cpu-thermal"),
                                    QStringLiteral("soc_thermal")};
    return cpu.contains(name);
}

bool isGpuSensor(const QString &name)
{
    static const QStringList gpu = {QStringLiteral("amdgpu"), QStringLiteral("radeon"), QStringLiteral("nouveau"),
                                    QStringLiteral("i915"), QStringLiteral("xe")};
    return gpu.contains(name);
}
} // namespace

QList<qint64> listPids(const QString &procRoot)
{
    QList<qint64> out;
    DIR *dir = ::opendir(QFile::encodeName(procRoot).constData());
    if (!dir)
        return out;
    while (const dirent *e = ::readdir(dir)) {
        // Digits only, parsed in place: the 250 ms game check runs this over every entry.
        qint64 pid = 0;
        const char *c = e->d_name;
        if (*c < '1' || *c > '9')
            continue;
        for (; *c >= '0' && *c <= '9' && pid < (qint64(1) << 40); ++c)
            pid = pid * 10 + (*c - '0');
        if (*c == '\0')
            out.append(pid);
    }
    ::closedir(dir);
    return out;
}

std::optional<qint64> newestPid(const QString &procRoot)
{
    // "0.20 0.18 0.12 1/80 11206"
    const QByteArray load = readSmall(procRoot + QStringLiteral("/loadavg"), 128).trimmed();
    bool ok = false;
    const qint64 pid = load.mid(load.lastIndexOf(' ') + 1).toLongLong(&ok);
    return ok && pid > 0 ? std::optional<qint64>(pid) : std::nullopt;
}

namespace {
// argv[0]'s file name and argv joined, from a NUL-separated /proc/<pid>/cmdline.
void parseCommandLine(const QByteArray &cmdline, ProcessInfo &p)
{
    const QList<QByteArray> argv = cmdline.split('\0');
    const QByteArray first = argv.value(0);
    const qsizetype cut = std::max(first.lastIndexOf('/'), first.lastIndexOf('\\')); // Unix and Wine paths
    p.program = QString::fromUtf8(first.mid(cut + 1));
    QByteArray joined;
    for (const QByteArray &a : argv)
        if (!a.isEmpty())
            joined += (joined.isEmpty() ? "" : " ") + a;
    p.commandLine = QString::fromUtf8(joined);
}
} // namespace

std::optional<ProcessInfo> readProcess(const QString &procRoot, qint64 pid)
{
    const QByteArray base = QFile::encodeName(procRoot) + '/' + QByteArray::number(pid);
    ProcessInfo p;
    p.pid = pid;
    p.comm = QString::fromUtf8(readRaw(base + "/comm", 64)).trimmed();
    parseCommandLine(readRaw(base + "/cmdline", kSmallFile), p);
    if (p.comm.isEmpty() && p.program.isEmpty())
        return std::nullopt; // gone, or not ours to read
    return p;
}

ProcessTable::ProcessTable(QString procRoot, int fullEvery) : m_root(std::move(procRoot)), m_fullEvery(std::max(1, fullEvery)) {}

QList<ProcessInfo> ProcessTable::refresh()
{
    const bool full = m_refreshes++ % m_fullEvery == 0;
    const QByteArray root = QFile::encodeName(m_root);
    QHash<qint64, Entry> now;
    QList<ProcessInfo> out;
    for (const qint64 pid : listPids(m_root)) {
        const QByteArray comm = readRaw(root + '/' + QByteArray::number(pid) + "/comm", 64);
        if (comm.isEmpty())
            continue; // gone since the readdir
        const auto known = m_known.constFind(pid);
        Entry e;
        if (!full && known != m_known.cend() && known->comm == comm) {
            e = *known;
        } else {
            ++m_commandLineReads;
            e.comm = comm;
            e.info.pid = pid;
            e.info.comm = QString::fromUtf8(comm).trimmed();
            parseCommandLine(readRaw(root + '/' + QByteArray::number(pid) + "/cmdline", kSmallFile), e.info);
        }
        out.append(e.info);
        now.insert(pid, std::move(e));
    }
    m_known = std::move(now);
    return out;
}

QList<ProcessInfo> listProcesses(const QString &procRoot)
{
    QList<ProcessInfo> out;
    for (qint64 pid : listPids(procRoot))
        if (auto p = readProcess(procRoot, pid))
            out.append(*p);
    return out;
}

QStringList namesOf(const ProcessInfo &p)
{
    QStringList names;
    for (const QString &n : {p.comm, p.program})
        if (!n.isEmpty() && !names.contains(n.toLower()))
            names << n.toLower();
    return names;
}

std::optional<qint64> parseRunningAppId(const QByteArray &vdf)
{
    // KeyValues text: "RunningAppID"		"570" (quoted key and value, any whitespace between).
    static const QRegularExpression running(QStringLiteral("\"RunningAppID\"\\s+\"(\\d{1,12})\""),
                                            QRegularExpression::CaseInsensitiveOption);
    const auto m = running.match(QString::fromUtf8(vdf));
    if (!m.hasMatch())
        return std::nullopt;
    return m.captured(1).toLongLong();
}

std::optional<qint64> steamRunningAppId(const QString &home)
{
    for (const QString &rel : {QStringLiteral(".steam/registry.vdf"),
                               QStringLiteral(".var/app/com.valvesoftware.Steam/.steam/registry.vdf"),
                               QStringLiteral("snap/steam/common/.steam/registry.vdf")}) {
        const QString path = QDir(home).filePath(rel);
        if (!QFile::exists(path))
            continue;
        if (auto id = parseRunningAppId(readSmall(path, kMaxVdfBytes)))
            return id;
    }
    return std::nullopt;
}

Temperatures readTemperatures(const QString &sysRoot)
{
    Temperatures t;
    const QDir hwmon(sysRoot + QStringLiteral("/class/hwmon"));
    for (const QString &dev : hwmon.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QDir d(hwmon.filePath(dev));
        const QString name = QString::fromUtf8(readSmall(d.filePath(QStringLiteral("name")), 64)).trimmed();
        if (!isCpuSensor(name) && !isGpuSensor(name))
            continue;
        for (const QString &input : d.entryList({QStringLiteral("temp*_input")}, QDir::Files))
            hottest(isCpuSensor(name) ? t.cpuC : t.gpuC, milliDegrees(d.filePath(input)));
    }
    if (!t.cpuC) { // no hwmon driver for the CPU: the thermal zones (ARM boards, some laptops)
        const QDir zones(sysRoot + QStringLiteral("/class/thermal"));
        for (const QString &zone : zones.entryList({QStringLiteral("thermal_zone*")}, QDir::Dirs)) {
            const QString type = QString::fromUtf8(readSmall(zones.filePath(zone + QStringLiteral("/type")), 64)).trimmed();
            if (isCpuSensor(type) || type.startsWith(QLatin1String("cpu")))
                hottest(t.cpuC, milliDegrees(zones.filePath(zone + QStringLiteral("/temp"))));
        }
    }
    return t;
}

std::optional<bool> onBattery(const QString &sysRoot)
{
    const QDir supplies(sysRoot + QStringLiteral("/class/power_supply"));
    if (!supplies.exists())
        return std::nullopt;
    bool battery = false, discharging = false, mainsOnline = false, mainsSeen = false;
    for (const QString &s : supplies.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QDir d(supplies.filePath(s));
        const QByteArray type = readSmall(d.filePath(QStringLiteral("type")), 64).trimmed();
        if (type == "Mains") {
            mainsSeen = true;
            mainsOnline = mainsOnline || readSmall(d.filePath(QStringLiteral("online")), 16).trimmed() == "1";
        } else if (type == "Battery" && readSmall(d.filePath(QStringLiteral("scope")), 32).trimmed() != "Device") {
            battery = true; // scope Device: a mouse's or a headset's battery, not the machine's
            discharging = discharging || readSmall(d.filePath(QStringLiteral("status")), 32).trimmed() == "Discharging";
        }
    }
    if (!battery)
        return false;
    return mainsSeen ? !mainsOnline : discharging;
}

std::optional<qint64> memoryAvailableBytes(const QString &procRoot)
{
    for (const QByteArray &line : readSmall(procRoot + QStringLiteral("/meminfo"), 16 * 1024).split('\n')) {
        if (!line.startsWith("MemAvailable:"))
            continue;
        const QList<QByteArray> fields = line.mid(13).simplified().split(' ');
        bool ok = false;
        const qint64 kb = fields.value(0).toLongLong(&ok);
        if (!ok || kb < 0 || fields.value(1) != "kB" || kb > (std::numeric_limits<qint64>::max() >> 10))
            return std::nullopt;
        return kb << 10;
    }
    return std::nullopt;
}

CpuLoadMeter::CpuLoadMeter(int windowSamples, QString procRoot) : m_window(std::max(2, windowSamples)), m_root(std::move(procRoot)) {}

std::optional<CpuLoadMeter::Sample> CpuLoadMeter::read(const QList<qint64> &ours) const
{
    // First line of /proc/stat: "cpu  user nice system idle iowait irq softirq steal ...".
    const QList<QByteArray> cpu = readSmall(m_root + QStringLiteral("/stat")).split('\n').value(0).simplified().split(' ');
    if (cpu.size() < 5 || cpu[0] != "cpu")
        return std::nullopt;
    Sample s;
    for (qsizetype i = 1; i < cpu.size() && i <= 8; ++i) {
        const quint64 v = cpu[i].toULongLong();
        s.total += v;
        if (i != 4 && i != 5) // idle and iowait are not busy
            s.busy += v;
    }
    for (const qint64 pid : ours) {
        // /proc/<pid>/stat: "pid (comm) state ..." where comm may hold spaces: fields after ')'.
        const QByteArray stat = readSmall(QStringLiteral("%1/%2/stat").arg(m_root).arg(pid));
        const QList<QByteArray> f = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
        if (f.size() > 12) // utime and stime are fields 14 and 15, 12 and 13 after ')'
            s.ours.insert(pid, f[11].toULongLong() + f[12].toULongLong());
    }
    return s;
}

void CpuLoadMeter::sample(const QList<qint64> &ours)
{
    if (auto s = read(ours)) {
        m_samples.push_back(std::move(*s));
        while (int(m_samples.size()) > m_window)
            m_samples.pop_front();
    }
}

std::optional<double> CpuLoadMeter::otherPercent() const
{
    if (m_samples.size() < 2)
        return std::nullopt;
    const Sample &a = m_samples.front(), &b = m_samples.back();
    if (b.total <= a.total)
        return std::nullopt;
    quint64 ours = 0;
    for (auto it = b.ours.begin(); it != b.ours.end(); ++it)
        ours += it.value() - std::min(it.value(), a.ours.value(it.key(), 0)); // a new worker: all of its time counts
    const quint64 busy = b.busy - std::min(b.busy, a.busy);
    const quint64 other = busy - std::min(busy, ours);
    return 100.0 * double(other) / double(b.total - a.total);
}

} // namespace idleforge::platform
