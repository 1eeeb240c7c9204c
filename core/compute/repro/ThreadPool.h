#pragma once

// A small fork-join pool for the repro kernels. Work items are independent (each writes its
// own outputs), so which thread runs which item never changes a result; the pool only decides
// speed. Calls from inside a pool task run serially on the calling thread (no nesting).

#include <condition_variable>
#include <exception>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace idleforge::repro {

class ThreadPool {
public:
    explicit ThreadPool(int threads);
    ~ThreadPool();
    ThreadPool(const ThreadPool &) = delete;
    ThreadPool &operator=(const ThreadPool &) = delete;

    int threads() const { return int(m_workers.size()) + 1; }

    // Runs body(i) for every i in [0, count), spread over the workers and the caller; returns
    // when all are done. The first exception thrown by a body is rethrown here.
    void parallelFor(std::size_t count, const std::function<void(std::size_t)> &body);

    static bool insideTask();

private:
    void workerLoop();
    void runItems();

    std::vector<std::thread> m_workers;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    const std::function<void(std::size_t)> *m_body = nullptr;
    std::size_t m_count = 0;
    std::size_t m_next = 0;
    std::size_t m_finished = 0;
    std::size_t m_generation = 0;
    int m_active = 0;
    bool m_stop = false;
    std::exception_ptr m_error;
};

// The process-wide pool sized by threadCount() (Runtime.h).
ThreadPool &kernelPool();

// parallelFor on the kernel pool, or inline when count is 1, the pool has one thread, or we are
// already inside a pool task.
void parallelFor(std::size_t count, const std::function<void(std::size_t)> &body);

} // namespace idleforge::repro
