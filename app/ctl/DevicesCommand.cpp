// idleforgectl devices [--json]: the compute devices and their facts, without benchmarking.
// CPU and CUDA facts come from a worker "devices" job (libtorch and the CUDA driver); NVML facts
// (driver, temperature, power, utilization, GPU processes) are read here when NVML is present.
#include "Cli.h"
#include "Commands.h"
#include "WorkerJob.h"

#include "node/BenchmarkRunner.h"
#include "node/CapabilityRecord.h"
#include "node/HardwareProfile.h"
#include "platform/Nvml.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

namespace idleforge::ctl {

namespace {

void printText(const node::HardwareProfile &profile)
{
    QTextStream out(stdout);
    for (const auto &v : profile.devices()) {
        const QJsonObject d = v.toObject();
        const double gib = d.value(QStringLiteral("memory_bytes")).toDouble() / (1024.0 * 1024 * 1024);
        out << d.value(QStringLiteral("id")).toString() << ": " << d.value(QStringLiteral("name")).toString()
            << QStringLiteral(" (%1 GiB)").arg(gib, 0, 'f', 1) << '\n';
        QStringList precisions;
        for (const auto &p : d.value(QStringLiteral("precisions")).toArray())
            precisions << p.toString();
        out << "  precisions: " << precisions.join(QStringLiteral(", ")) << '\n';
        if (d.value(QStringLiteral("type")).toString() == QLatin1String("cpu")) {
            QStringList features;
            for (const auto &f : d.value(QStringLiteral("features")).toArray())
                features << f.toString();
            out << QStringLiteral("  %1 cores, %2 threads, %3 MHz, features: %4\n")
                       .arg(d.value(QStringLiteral("cores")).toInt())
                       .arg(d.value(QStringLiteral("threads")).toInt())
                       .arg(d.value(QStringLiteral("base_mhz")).toDouble(), 0, 'f', 0)
                       .arg(features.join(u' '));
            out << QStringLiteral("  fp32 peak: %1 GFLOP/s\n").arg(d.value(QStringLiteral("peak_gflops_fp32")).toDouble(), 0, 'f', 1);
        } else if (d.value(QStringLiteral("type")).toString() == QLatin1String("vulkan")) {
            const QJsonObject probe = d.value(QStringLiteral("probe")).toObject();
            out << QStringLiteral("  %1 %2, Vulkan %3, %4 (%5), subgroup %6, fp64 %7\n")
                       .arg(d.value(QStringLiteral("vendor")).toString(), d.value(QStringLiteral("device_type")).toString(),
                            d.value(QStringLiteral("api_version")).toString(), d.value(QStringLiteral("driver")).toString(),
                            d.value(QStringLiteral("driver_info")).toString())
                       .arg(d.value(QStringLiteral("subgroup_size")).toInt())
                       .arg(d.value(QStringLiteral("fp64")).toBool() ? QStringLiteral("yes") : QStringLiteral("no"));
            out << (probe.contains(QStringLiteral("error"))
                        ? QStringLiteral("  probe: %1\n").arg(probe.value(QStringLiteral("error")).toString())
                        : QStringLiteral("  probe: fma %1, denormals %2, repro contract %3\n")
                              .arg(probe.value(QStringLiteral("fma_mode")).toString(),
                                   probe.value(QStringLiteral("denormals_preserved")).toBool() ? QStringLiteral("kept") : QStringLiteral("flushed"),
                                   probe.value(QStringLiteral("meets_contract")).toBool() ? QStringLiteral("met") : QStringLiteral("not met")));
        } else {
            out << QStringLiteral("  compute capability %1, %2 SMs, %3 MHz\n")
                       .arg(d.value(QStringLiteral("compute_capability")).toString())
                       .arg(d.value(QStringLiteral("sm_count")).toInt())
                       .arg(d.value(QStringLiteral("clock_mhz")).toDouble(), 0, 'f', 0);
            const QJsonObject nvml = d.value(QStringLiteral("nvml")).toObject();
            if (!nvml.isEmpty())
                out << QStringLiteral("  %1 °C, %2 W limit, %3% busy, %4 processes\n")
                           .arg(nvml.value(QStringLiteral("temperature_c")).toInt())
                           .arg(nvml.value(QStringLiteral("power_limit_w")).toDouble(), 0, 'f', 0)
                           .arg(nvml.value(QStringLiteral("utilization_gpu_percent")).toInt())
                           .arg(nvml.value(QStringLiteral("processes")).toArray().size());
        }
        out << QStringLiteral("  usable for tasks: %1 GiB\n")
                   .arg(node::usableMemoryBytes(d) / (1024.0 * 1024 * 1024), 0, 'f', 1);
    }
    const platform::NvmlSnapshot &nvml = profile.nvml();
    out << "NVML: " << (nvml.available ? QStringLiteral("driver ") + nvml.driverVersion : nvml.error) << '\n';
    out << "driver: " << profile.driver() << "\nfingerprint: " << profile.fingerprint() << '\n';
}

} // namespace

int runDevices(const QStringList &args)
{
    QCommandLineParser parser;
    const Cli cli("devices");
    parser.setApplicationDescription(QStringLiteral("List this machine's compute devices and their facts (no benchmark)."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the facts as JSON on stdout.")});
    if (const int rc = parseArgs(cli, parser, args); rc >= 0)
        return rc;
    if (!parser.positionalArguments().isEmpty()) { // args[0], the subcommand, is not among them
        std::fprintf(stderr, "idleforgectl devices: unexpected argument\n");
        return 2;
    }
    const bool json = parser.isSet(QStringLiteral("json"));

    node::BenchmarkRunner runner;
    QObject::connect(&runner, &node::BenchmarkRunner::finished, [&](const QJsonObject &result) {
        const platform::Nvml nvml;
        const node::HardwareProfile profile = node::HardwareProfile::fromWorker(result, nvml.snapshot());
        json ? printJson(profile.toJson()) : printText(profile);
    });
    return runWorkerJob(runner, cli, false, [&] { runner.startJob(QStringLiteral("devices")); });
}

} // namespace idleforge::ctl
