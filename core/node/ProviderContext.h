#pragma once
// What the provider's rooms share (owned by ProviderNode, which outlives them): the session, the
// blob transfer, the outbox, the job folders and datasets, the options and the activity line.
#include <functional>

class QString;

namespace idleforge::protocol {
class BlobFetcher;
class BlobUploader;
}

namespace idleforge::node {

class CoordinatorClient;
class DatasetFetch;
class JobFolders;
class MemoryKeeper;
class OutboxSender;
struct ProviderOptions;

struct ProviderContext {
    const ProviderOptions &options;
    CoordinatorClient *client = nullptr;
    protocol::BlobFetcher *fetcher = nullptr;
    protocol::BlobUploader *uploader = nullptr;
    OutboxSender *outbox = nullptr;
    const JobFolders *folders = nullptr;
    DatasetFetch *datasets = nullptr;
    const MemoryKeeper *memory = nullptr;
    std::function<void(const QString &)> say;
};

} // namespace idleforge::node
