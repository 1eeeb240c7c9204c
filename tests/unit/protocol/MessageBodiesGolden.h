#pragma once
// Golden JSON bodies (MessageBodiesGolden.cpp) for TestMessageBodies.
#include <vector>

namespace goldens {

struct GoldenRow {
    const char *name;
    const char *body; // which struct reads it (TestMessageBodies' codecs)
    const char *json;
};
struct RefusalRow {
    const char *name;
    const char *body;
    const char *json;
    const char *named; // what the error message must contain
};

extern const std::vector<GoldenRow> kGolden;
extern const std::vector<RefusalRow> kRefusals;
extern const char *const kLeaseWithResumeAndRe;
extern const char *const kFullVerdict;
extern const char *const kAuditResultTimeout;

} // namespace goldens
