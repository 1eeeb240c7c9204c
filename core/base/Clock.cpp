#include "base/Clock.h"

#include <atomic>

namespace idleforge {

namespace {
const SystemClock g_systemClock;
std::atomic<const Clock *> g_clock{&g_systemClock};
} // namespace

const Clock &Clock::instance() { return *g_clock.load(std::memory_order_acquire); }

void Clock::setInstance(const Clock *clock)
{
    g_clock.store(clock ? clock : &g_systemClock, std::memory_order_release);
}

} // namespace idleforge
