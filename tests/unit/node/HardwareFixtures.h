#pragma once
// Worker "devices"/"bench" results as the worker prints them, for the profile and ledger tests:
// one CPU and one H100 whose UUID NVML also reports.
#include "platform/Nvml.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace idleforge::hwtest {

inline const QString kGpuUuid = QStringLiteral("GPU-00112233-4455-6677-8899-aabbccddeeff");

inline QJsonObject cpuDevice()
{
    return QJsonDocument::fromJson(R"({"id":"cpu","type":"cpu","name":"AMD EPYC","memory_bytes":25769803776,
        "available_memory_bytes":20000000000,"precisions":["fp32"],"vendor":"AuthenticAMD","arch":"x86_64",
        "family":23,"model_id":1,"cores":2,"threads":2,"base_mhz":1996.249,"max_mhz":1996.249,
        "features":["avx","avx2","fma","sse4.2"],"peak_gflops_fp32":63.87})").object();
}

inline QJsonObject gpuDevice()
{
    QJsonObject d = QJsonDocument::fromJson(R"({"id":"cuda:0","type":"cuda","name":"NVIDIA H100 80GB HBM3",
        "memory_bytes":85899345920,"precisions":["fp32","tf32","bf16","fp16"],"compute_capability":"9.0",
        "sm_count":132,"clock_mhz":1980,"memory_bus_bits":5120,"memory_clock_mhz":2619})").object();
    d.insert(QStringLiteral("uuid"), kGpuUuid);
    return d;
}

inline QJsonObject devicesResult(bool withGpu = true)
{
    QJsonArray devices{cpuDevice()};
    if (withGpu)
        devices.append(gpuDevice());
    return QJsonObject{{QStringLiteral("devices"), devices}, {QStringLiteral("torch_version"), QStringLiteral("1.13.0")}};
}

inline QJsonObject figure(const QString &device, const QString &kind, double value, const QString &unit, double peak)
{
    return QJsonObject{{QStringLiteral("device"), device}, {QStringLiteral("kind"), kind}, {QStringLiteral("value"), value},
                       {QStringLiteral("unit"), unit}, {QStringLiteral("peak"), peak},
                       {QStringLiteral("efficiency"), peak > 0 ? value / peak : 0.0}, {QStringLiteral("spread"), 0.01},
                       {QStringLiteral("trials"), 5}, {QStringLiteral("size"), 1024}};
}

inline QJsonObject benchResult(bool withGpu = true)
{
    QJsonObject r = devicesResult(withGpu);
    QJsonArray results{figure(QStringLiteral("cpu"), QStringLiteral("gemm_fp32"), 52.5, QStringLiteral("GFLOP/s"), 63.872),
                       figure(QStringLiteral("cpu"), QStringLiteral("mem_bandwidth"), 9.25, QStringLiteral("GB/s"), 0)};
    if (withGpu) {
        results.append(figure(QStringLiteral("cuda:0"), QStringLiteral("gemm_bf16"), 700000.0, QStringLiteral("GFLOP/s"), 1070530.56));
        results.append(figure(QStringLiteral("cuda:0"), QStringLiteral("mem_bandwidth"), 2900.0, QStringLiteral("GB/s"), 3352.32));
    }
    r.insert(QStringLiteral("results"), results);
    r.insert(QStringLiteral("duration_s"), 9.5);
    r.insert(QStringLiteral("tier"), QStringLiteral("quick"));
    return r;
}

inline platform::NvmlSnapshot nvml(const QString &driver = QStringLiteral("550.54.15"))
{
    platform::NvmlSnapshot s;
    s.available = true;
    s.driverVersion = driver;
    platform::NvmlGpu g;
    g.name = QStringLiteral("NVIDIA H100 80GB HBM3");
    g.uuid = kGpuUuid;
    g.temperatureC = 40;
    g.powerLimitW = 700;
    g.processesKnown = true;
    s.gpus.append(g);
    return s;
}

} // namespace idleforge::hwtest
