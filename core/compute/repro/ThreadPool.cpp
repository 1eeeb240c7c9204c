#include "compute/repro/ThreadPool.h"

#include "compute/repro/Runtime.h"

#include <cfenv>
#include <exception>
#include <memory>
#include <utility>

namespace idleforge::repro {

namespace {
thread_local bool t_insideTask = false;

struct TaskScope {
    bool previous = t_insideTask;
    TaskScope() { t_insideTask = true; }
    ~TaskScope() { t_insideTask = previous; }
};

std::mutex g_poolMutex;         // guards g_pool replacement
std::mutex g_callMutex;         // one parallelFor at a time on the shared pool
std::unique_ptr<ThreadPool> g_pool;
} // namespace

ThreadPool::ThreadPool(int threads)
{
    for (int i = 1; i < threads; ++i)
        m_workers.emplace_back([this] { workerLoop(); });
}

ThreadPool::~ThreadPool()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    for (auto &worker : m_workers)
        worker.join();
}

bool ThreadPool::insideTask()
{
    return t_insideTask;
}

void ThreadPool::runItems()
{
    TaskScope scope;
    std::unique_lock lock(m_mutex);
    while (m_next < m_count) {
        const std::size_t index = m_next++;
        lock.unlock();
        try {
            (*m_body)(index);
        } catch (...) {
            lock.lock();
            if (!m_error)
                m_error = std::current_exception();
            lock.unlock();
        }
        lock.lock();
        ++m_finished;
    }
}

void ThreadPool::workerLoop()
{
    // A new thread may inherit its creator's floating-point state; the kernels need the IEEE
    // default (round to nearest, no flush-to-zero), so set it here once.
    std::fesetenv(FE_DFL_ENV);
    std::size_t seen = 0;
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [&] { return m_stop || m_generation != seen; });
        if (m_stop)
            return;
        seen = m_generation;
        ++m_active;
        lock.unlock();
        runItems();
        lock.lock();
        --m_active;
        m_done.notify_all();
    }
}

void ThreadPool::parallelFor(std::size_t count, const std::function<void(std::size_t)> &body)
{
    if (count == 0)
        return;
    {
        std::lock_guard lock(m_mutex);
        m_body = &body;
        m_count = count;
        m_next = 0;
        m_finished = 0;
        m_error = nullptr;
        ++m_generation;
    }
    m_wake.notify_all();
    runItems();
    std::unique_lock lock(m_mutex);
    // Wait for every item and for every worker to have left runItems(), so none touches
    // m_body after we return.
    m_done.wait(lock, [&] { return m_finished == m_count && m_active == 0; });
    m_count = 0;
    m_body = nullptr;
    if (m_error)
        std::rethrow_exception(std::exchange(m_error, nullptr));
}

ThreadPool &kernelPool()
{
    std::lock_guard lock(g_poolMutex);
    if (!g_pool || g_pool->threads() != threadCount())
        g_pool = std::make_unique<ThreadPool>(threadCount());
    return *g_pool;
}

void parallelFor(std::size_t count, const std::function<void(std::size_t)> &body)
{
    if (count == 1 || ThreadPool::insideTask() || threadCount() <= 1) {
        TaskScope scope;
        for (std::size_t i = 0; i < count; ++i)
            body(i);
        return;
    }
    std::lock_guard call(g_callMutex);
    kernelPool().parallelFor(count, body);
}

} // namespace idleforge::repro
