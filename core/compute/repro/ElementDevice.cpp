#include "compute/repro/ElementDevice.h"

#include "compute/repro/ThreadPool.h"

#include <atomic>
#include <stdexcept>

namespace idleforge::repro {

namespace {
std::atomic<ElementDevice *> g_device{nullptr};
} // namespace

void setElementDevice(ElementDevice *device) { g_device.store(device); }

ElementDevice *elementDevice() { return g_device.load(); }

namespace detail {

ElementDevice *activeElementDevice() { return ThreadPool::insideTask() ? nullptr : g_device.load(); }

void checkDevice(bool ok, const char *what, const std::string &error)
{
    if (!ok)
        throw std::runtime_error(std::string(what) + " on the device failed: " + error);
}

} // namespace detail

} // namespace idleforge::repro
