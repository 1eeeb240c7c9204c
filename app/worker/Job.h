#pragma once
// What a worker job sees: a way to report progress and to learn that it should stop.
// Jobs poll cancelled() at safe points (between trials, after a checkpoint) and return.
#include "base/Error.h"

#include <QJsonObject>
#include <QString>

namespace idleforge::worker {

class JobContext {
public:
    virtual ~JobContext() = default;
    virtual void progress(double fraction, const QString &message, const QJsonObject &extra = {}) = 0;
    virtual bool cancelled() const = 0;
};

using JobFunction = Result<QJsonObject> (*)(const QJsonObject &params, JobContext &ctx);

} // namespace idleforge::worker
